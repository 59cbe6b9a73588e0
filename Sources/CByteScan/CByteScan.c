#include "CByteScan.h"

#include <string.h>

#if defined(__x86_64__) && defined(__SSE2__)
#include <emmintrin.h>
#define LH_HAVE_SSE2 1
#endif

int64_t lh_scan_container_scalar(const uint8_t *b, int64_t n, lh_container_scan *st,
                                 int64_t *newlines) {
  int64_t depth = st->depth;
  int in_string = st->in_string, escaped = st->escaped;
  int64_t nl = 0;
  for (int64_t i = 0; i < n; i++) {
    uint8_t c = b[i];
    if (c == 0x0A) nl++;
    if (in_string) {
      if (escaped) escaped = 0;
      else if (c == 0x22) in_string = 0;
      else if (c == 0x5C) escaped = 1;
      continue;
    }
    if (c == 0x22) {
      in_string = 1;
    } else if (c == 0x7B || c == 0x5B) {
      depth++;
    } else if (c == 0x7D || c == 0x5D) {
      depth--;
      if (depth <= 0) {
        st->depth = depth;
        st->in_string = 0;
        st->escaped = 0;
        *newlines += nl;
        return i + 1;
      }
    }
  }
  st->depth = depth;
  st->in_string = in_string;
  st->escaped = escaped;
  *newlines += nl;
  return -1;
}

#ifdef LH_HAVE_SSE2
/// Bit k set where byte k of the 64-byte block equals `c`.
static inline uint64_t eq_mask(__m128i v0, __m128i v1, __m128i v2, __m128i v3, uint8_t c) {
  const __m128i k = _mm_set1_epi8((char)c);
  uint64_t m0 = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v0, k));
  uint64_t m1 = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v1, k));
  uint64_t m2 = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v2, k));
  uint64_t m3 = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v3, k));
  return m0 | (m1 << 16) | (m2 << 32) | (m3 << 48);
}

/// Bit k set when an odd number of the bits 0...k of `x` are set.
static inline uint64_t prefix_xor(uint64_t x) {
  x ^= x << 1;
  x ^= x << 2;
  x ^= x << 4;
  x ^= x << 8;
  x ^= x << 16;
  x ^= x << 32;
  return x;
}
#endif

int64_t lh_scan_container(const uint8_t *b, int64_t n, lh_container_scan *st, int64_t *newlines) {
#ifdef LH_HAVE_SSE2
  int64_t i = 0;
  int64_t depth = st->depth;
  int in_string = st->in_string;
  while (i + 64 <= n) {
    const __m128i *p = (const __m128i *)(b + i);
    __m128i v0 = _mm_loadu_si128(p), v1 = _mm_loadu_si128(p + 1);
    __m128i v2 = _mm_loadu_si128(p + 2), v3 = _mm_loadu_si128(p + 3);
    // Escapes go byte by byte (rare in logs; it keeps the block path exactly the byte-by-byte
    // definition): the escaped byte alone when the block before ended on a backslash, the
    // whole block when it holds one.
    int64_t bytewise = st->escaped ? 1 : (eq_mask(v0, v1, v2, v3, 0x5C) != 0 ? 64 : 0);
    if (bytewise) {
      st->depth = depth;
      st->in_string = in_string;
      int64_t r = lh_scan_container_scalar(b + i, bytewise, st, newlines);
      if (r >= 0) return i + r;
      depth = st->depth;
      in_string = st->in_string;
      i += bytewise;
      continue;
    }
    uint64_t quotes = eq_mask(v0, v1, v2, v3, 0x22);
    // Bit k set when byte k is inside a string (an opening quote counts as inside, a
    // closing one as outside; neither is a bracket, so that convention does not matter).
    uint64_t inside = prefix_xor(quotes) ^ (in_string ? ~(uint64_t)0 : 0);
    uint64_t opens = (eq_mask(v0, v1, v2, v3, 0x7B) | eq_mask(v0, v1, v2, v3, 0x5B)) & ~inside;
    uint64_t closes = (eq_mask(v0, v1, v2, v3, 0x7D) | eq_mask(v0, v1, v2, v3, 0x5D)) & ~inside;
    uint64_t lines = eq_mask(v0, v1, v2, v3, 0x0A);
    if (depth - (int64_t)__builtin_popcountll(closes) > 0) {
      // The depth cannot reach zero in this block.
      depth += (int64_t)__builtin_popcountll(opens) - (int64_t)__builtin_popcountll(closes);
    } else {
      uint64_t brackets = opens | closes;
      while (brackets) {
        int k = __builtin_ctzll(brackets);
        uint64_t bit = (uint64_t)1 << k;
        if (opens & bit) {
          depth++;
        } else if (--depth <= 0) {
          uint64_t upto = k == 63 ? ~(uint64_t)0 : ((bit << 1) - 1);
          *newlines += __builtin_popcountll(lines & upto);
          st->depth = depth;
          st->in_string = 0;
          st->escaped = 0;
          return i + k + 1;
        }
        brackets &= brackets - 1;
      }
    }
    *newlines += __builtin_popcountll(lines);
    in_string = (int)(inside >> 63);
    i += 64;
  }
  st->depth = depth;
  st->in_string = in_string;
  int64_t r = lh_scan_container_scalar(b + i, n - i, st, newlines);
  return r >= 0 ? i + r : -1;
#else
  return lh_scan_container_scalar(b, n, st, newlines);
#endif
}

int64_t lh_count_byte(const uint8_t *b, int64_t n, uint8_t byte) {
  int64_t i = 0, count = 0;
#ifdef LH_HAVE_SSE2
  for (; i + 64 <= n; i += 64) {
    const __m128i *p = (const __m128i *)(b + i);
    count += __builtin_popcountll(eq_mask(_mm_loadu_si128(p), _mm_loadu_si128(p + 1), _mm_loadu_si128(p + 2),
                                          _mm_loadu_si128(p + 3), byte));
  }
#endif
  for (; i < n; i++) count += b[i] == byte;
  return count;
}

int64_t lh_ascii_prefix(const uint8_t *b, int64_t n) {
  int64_t i = 0;
#ifdef LH_HAVE_SSE2
  for (; i + 64 <= n; i += 64) {
    const __m128i *p = (const __m128i *)(b + i);
    __m128i any = _mm_or_si128(_mm_or_si128(_mm_loadu_si128(p), _mm_loadu_si128(p + 1)),
                               _mm_or_si128(_mm_loadu_si128(p + 2), _mm_loadu_si128(p + 3)));
    if (_mm_movemask_epi8(any) != 0) break;
  }
#endif
  while (i < n && b[i] < 0x80) i++;
  return i;
}
