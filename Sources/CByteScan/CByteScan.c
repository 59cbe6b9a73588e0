#include "CByteScan.h"
#include "CByteScanInternal.h"

#include <stdlib.h>
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
#include <immintrin.h>

/// What the container scan needs to know of a 64-byte block: bit k of each mask is byte k.
typedef struct {
  uint64_t backslash, quote, open, close, newline;
} lh_block_masks;

/// Bit k set where byte k of the 64-byte block equals `c`.
static inline uint64_t eq_mask(__m128i v0, __m128i v1, __m128i v2, __m128i v3, uint8_t c) {
  const __m128i k = _mm_set1_epi8((char)c);
  uint64_t m0 = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v0, k));
  uint64_t m1 = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v1, k));
  uint64_t m2 = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v2, k));
  uint64_t m3 = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v3, k));
  return m0 | (m1 << 16) | (m2 << 32) | (m3 << 48);
}

/// The block's masks with SSE2. `{` (0x7B) and `[` (0x5B) are the only bytes that become
/// 0x7B with bit 5 set, `}` (0x7D) and `]` (0x5D) the only ones that become 0x7D: one
/// comparison each for openers and closers.
static inline lh_block_masks classify_sse2(const uint8_t *b) {
  const __m128i *p = (const __m128i *)b;
  __m128i v0 = _mm_loadu_si128(p), v1 = _mm_loadu_si128(p + 1);
  __m128i v2 = _mm_loadu_si128(p + 2), v3 = _mm_loadu_si128(p + 3);
  const __m128i bit5 = _mm_set1_epi8(0x20);
  __m128i f0 = _mm_or_si128(v0, bit5), f1 = _mm_or_si128(v1, bit5);
  __m128i f2 = _mm_or_si128(v2, bit5), f3 = _mm_or_si128(v3, bit5);
  lh_block_masks m;
  m.backslash = eq_mask(v0, v1, v2, v3, 0x5C);
  m.quote = eq_mask(v0, v1, v2, v3, 0x22);
  m.open = eq_mask(f0, f1, f2, f3, 0x7B);
  m.close = eq_mask(f0, f1, f2, f3, 0x7D);
  m.newline = eq_mask(v0, v1, v2, v3, 0x0A);
  return m;
}

#define LH_AVX2 __attribute__((target("avx2,popcnt,bmi")))

/// Bit k set where byte k of the 64 bytes in (lo, hi) equals `c`, with AVX2.
LH_AVX2 static inline uint64_t eq_mask_avx2(__m256i lo, __m256i hi, uint8_t c) {
  const __m256i k = _mm256_set1_epi8((char)c);
  uint64_t m0 = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(lo, k));
  uint64_t m1 = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(hi, k));
  return m0 | (m1 << 32);
}

/// `classify_sse2` with AVX2 (same masks).
LH_AVX2 static inline lh_block_masks classify_avx2(const uint8_t *b) {
  __m256i lo = _mm256_loadu_si256((const __m256i *)b), hi = _mm256_loadu_si256((const __m256i *)(b + 32));
  const __m256i bit5 = _mm256_set1_epi8(0x20);
  __m256i flo = _mm256_or_si256(lo, bit5), fhi = _mm256_or_si256(hi, bit5);
  lh_block_masks m;
  m.backslash = eq_mask_avx2(lo, hi, 0x5C);
  m.quote = eq_mask_avx2(lo, hi, 0x22);
  m.open = eq_mask_avx2(flo, fhi, 0x7B);
  m.close = eq_mask_avx2(flo, fhi, 0x7D);
  m.newline = eq_mask_avx2(lo, hi, 0x0A);
  return m;
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

// The block loop of `lh_scan_container`, with CLASSIFY giving each block's masks. Escapes go
// byte by byte (rare in logs; it keeps the block path exactly the byte-by-byte definition):
// the escaped byte alone when the block before ended on a backslash, the whole block when it
// holds one.
#define LH_SCAN_BLOCKS(CLASSIFY)                                                                 \
  int64_t i = 0;                                                                                 \
  int64_t depth = st->depth;                                                                     \
  int in_string = st->in_string;                                                                 \
  while (i + 64 <= n) {                                                                          \
    lh_block_masks m = CLASSIFY(b + i);                                                          \
    int64_t bytewise = st->escaped ? 1 : (m.backslash != 0 ? 64 : 0);                            \
    if (bytewise) {                                                                              \
      st->depth = depth;                                                                         \
      st->in_string = in_string;                                                                 \
      int64_t r = lh_scan_container_scalar(b + i, bytewise, st, newlines);                       \
      if (r >= 0) return i + r;                                                                  \
      depth = st->depth;                                                                         \
      in_string = st->in_string;                                                                 \
      i += bytewise;                                                                             \
      continue;                                                                                  \
    }                                                                                            \
    /* Bit k set when byte k is inside a string (an opening quote counts as inside, a         \
       closing one as outside; neither is a bracket, so that convention does not matter). */   \
    uint64_t inside = prefix_xor(m.quote) ^ (in_string ? ~(uint64_t)0 : 0);                      \
    uint64_t opens = m.open & ~inside;                                                           \
    uint64_t closes = m.close & ~inside;                                                         \
    if (depth - (int64_t)__builtin_popcountll(closes) > 0) {                                     \
      /* The depth cannot reach zero in this block. */                                          \
      depth += (int64_t)__builtin_popcountll(opens) - (int64_t)__builtin_popcountll(closes);     \
    } else {                                                                                     \
      uint64_t brackets = opens | closes;                                                        \
      while (brackets) {                                                                         \
        int k = __builtin_ctzll(brackets);                                                       \
        uint64_t bit = (uint64_t)1 << k;                                                         \
        if (opens & bit) {                                                                       \
          depth++;                                                                               \
        } else if (--depth <= 0) {                                                               \
          uint64_t upto = k == 63 ? ~(uint64_t)0 : ((bit << 1) - 1);                             \
          *newlines += __builtin_popcountll(m.newline & upto);                                   \
          st->depth = depth;                                                                     \
          st->in_string = 0;                                                                     \
          st->escaped = 0;                                                                       \
          return i + k + 1;                                                                      \
        }                                                                                        \
        brackets &= brackets - 1;                                                                \
      }                                                                                          \
    }                                                                                            \
    *newlines += __builtin_popcountll(m.newline);                                                \
    in_string = (int)(inside >> 63);                                                             \
    i += 64;                                                                                     \
  }                                                                                              \
  st->depth = depth;                                                                             \
  st->in_string = in_string;                                                                     \
  int64_t r = lh_scan_container_scalar(b + i, n - i, st, newlines);                              \
  return r >= 0 ? i + r : -1;

static int64_t scan_container_sse2(const uint8_t *b, int64_t n, lh_container_scan *st, int64_t *newlines) {
  LH_SCAN_BLOCKS(classify_sse2)
}

LH_AVX2 static int64_t scan_container_avx2(const uint8_t *b, int64_t n, lh_container_scan *st, int64_t *newlines) {
  LH_SCAN_BLOCKS(classify_avx2)
}

/// 1 when the CPU runs AVX2 (and POPCNT, BMI1), 0 when not; -1 before the first question.
static int lh_avx2 = -1;

static inline int have_avx2(void) {
  int known = __atomic_load_n(&lh_avx2, __ATOMIC_RELAXED);
  if (known < 0) {
    __builtin_cpu_init();
    known = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt") && __builtin_cpu_supports("bmi");
    if (getenv("LOGHUNT_NO_AVX2")) known = 0;
    __atomic_store_n(&lh_avx2, known, __ATOMIC_RELAXED);
  }
  return known;
}

LH_AVX2 static int64_t count_byte_avx2(const uint8_t *b, int64_t n, uint8_t byte) {
  int64_t i = 0, count = 0;
  const __m256i k = _mm256_set1_epi8((char)byte);
  for (; i + 64 <= n; i += 64) {
    __m256i lo = _mm256_loadu_si256((const __m256i *)(b + i));
    __m256i hi = _mm256_loadu_si256((const __m256i *)(b + i + 32));
    uint64_t m = (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(lo, k)) |
                 (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(hi, k)) << 32;
    count += __builtin_popcountll(m);
  }
  for (; i < n; i++) count += b[i] == byte;
  return count;
}
#endif

int64_t lh_scan_container_sse2(const uint8_t *b, int64_t n, lh_container_scan *st, int64_t *newlines) {
#ifdef LH_HAVE_SSE2
  return scan_container_sse2(b, n, st, newlines);
#else
  return lh_scan_container_scalar(b, n, st, newlines);
#endif
}

int64_t lh_scan_container(const uint8_t *b, int64_t n, lh_container_scan *st, int64_t *newlines) {
#ifdef LH_HAVE_SSE2
  return have_avx2() ? scan_container_avx2(b, n, st, newlines) : scan_container_sse2(b, n, st, newlines);
#else
  return lh_scan_container_scalar(b, n, st, newlines);
#endif
}

int64_t lh_count_byte_sse2(const uint8_t *b, int64_t n, uint8_t byte) {
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

int64_t lh_count_byte(const uint8_t *b, int64_t n, uint8_t byte) {
#ifdef LH_HAVE_SSE2
  if (have_avx2()) return count_byte_avx2(b, n, byte);
#endif
  return lh_count_byte_sse2(b, n, byte);
}

#ifdef LH_HAVE_SSE2
LH_AVX2 static int64_t ascii_prefix_avx2(const uint8_t *b, int64_t n) {
  int64_t i = 0;
  for (; i + 64 <= n; i += 64) {
    __m256i any = _mm256_or_si256(_mm256_loadu_si256((const __m256i *)(b + i)),
                                  _mm256_loadu_si256((const __m256i *)(b + i + 32)));
    if (_mm256_movemask_epi8(any) != 0) break;
  }
  while (i < n && b[i] < 0x80) i++;
  return i;
}
#endif

int64_t lh_ascii_prefix_sse2(const uint8_t *b, int64_t n) {
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

int64_t lh_ascii_prefix(const uint8_t *b, int64_t n) {
#ifdef LH_HAVE_SSE2
  if (have_avx2()) return ascii_prefix_avx2(b, n);
#endif
  return lh_ascii_prefix_sse2(b, n);
}

/// Eight ASCII bytes (as a little-endian word) with A-Z lowered: a byte's bit 7 after adding
/// 0x3F is set from 'A' up, after adding 0x25 from '[' up (no carries: every byte < 0x80).
static inline uint64_t fold8(uint64_t x) {
  const uint64_t upper = (x + 0x3F3F3F3F3F3F3F3Full) & ~(x + 0x2525252525252525ull) & 0x8080808080808080ull;
  return x | upper >> 2;
}

int32_t lh_fold_ascii_copy(uint8_t *dst, const uint8_t *src, int64_t n) {
  if (n >= 16) {
#ifdef LH_HAVE_SSE2
    const __m128i a1 = _mm_set1_epi8((char)('A' - 1)), z1 = _mm_set1_epi8((char)('Z' + 1));
    const __m128i bit = _mm_set1_epi8(0x20);
    int64_t i = 0;
    for (;;) {
      const __m128i v = _mm_loadu_si128((const __m128i *)(src + i));
      if (_mm_movemask_epi8(v) != 0) return 0;
      // Signed compares: bytes at or above 0x80 are negative, so never in A..Z.
      const __m128i upper = _mm_and_si128(_mm_cmpgt_epi8(v, a1), _mm_cmplt_epi8(v, z1));
      _mm_storeu_si128((__m128i *)(dst + i), _mm_or_si128(v, _mm_and_si128(upper, bit)));
      if (i + 16 == n) return 1;
      // The last block overlaps the one before (it reads the source, so folding twice is fine).
      i = i + 32 <= n ? i + 16 : n - 16;
    }
#else
    for (int64_t i = 0; i < n; i += 8) {
      const int64_t at = i + 8 <= n ? i : n - 8;
      uint64_t x;
      memcpy(&x, src + at, 8);
      if (x & 0x8080808080808080ull) return 0;
      x = fold8(x);
      memcpy(dst + at, &x, 8);
    }
    return 1;
#endif
  }
  if (n >= 8) {
    // Two overlapping words.
    uint64_t a, b;
    memcpy(&a, src, 8), memcpy(&b, src + n - 8, 8);
    if ((a | b) & 0x8080808080808080ull) return 0;
    a = fold8(a), b = fold8(b);
    memcpy(dst, &a, 8), memcpy(dst + n - 8, &b, 8);
    return 1;
  }
  for (int64_t i = 0; i < n; i++) {
    const uint8_t c = src[i];
    if (c >= 0x80) return 0;
    dst[i] = (c >= 0x41 && c <= 0x5A) ? (uint8_t)(c | 0x20) : c;
  }
  return 1;
}

/// Up to eight bytes of `b[0..<n)` as one little-endian word: the word at `at`, or for keys
/// under eight bytes all of them (two overlapping 4-byte loads, or three single bytes).
static inline uint64_t key_word(const uint8_t *b, int64_t n, int64_t at) {
  uint64_t w;
  if (n >= 8) {
    memcpy(&w, b + at, 8);
    return w;
  }
  if (n >= 4) {
    uint32_t lo, hi;
    memcpy(&lo, b, 4), memcpy(&hi, b + n - 4, 4);
    return (uint64_t)lo | (uint64_t)hi << 32;
  }
  if (n == 0) return 0;
  return (uint64_t)b[0] | (uint64_t)b[n / 2] << 8 | (uint64_t)b[n - 1] << 16;
}

uint64_t lh_key_hash(const uint8_t *b, int64_t n, int32_t fold, int32_t *ascii) {
  uint64_t h = 0x243F6A8885A308D3ull ^ ((uint64_t)n * 0x9E3779B97F4A7C15ull);
  *ascii = 1;
  // Words at 0, 8, ... and a last one ending at n (overlapping the one before): every byte
  // is read, and the words depend only on the bytes and their number.
  int64_t at = 0;
  do {
    if (n >= 8 && at + 8 > n) at = n - 8;
    uint64_t w = key_word(b, n, at);
    if (fold) {
      if (w & 0x8080808080808080ull) {
        *ascii = 0;
        return 0;
      }
      w = fold8(w);
    }
    h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
    h ^= h >> 31;
    at += 8;
  } while (at < n);
  h *= 0x94D049BB133111EBull;
  return h ^ (h >> 29);
}

int32_t lh_equal_folding(const uint8_t *folded, const uint8_t *subject, int64_t n) {
  if (n < 8) {
    for (int64_t i = 0; i < n; i++) {
      const uint8_t c = subject[i];
      if (((c >= 0x41 && c <= 0x5A) ? (uint8_t)(c | 0x20) : c) != folded[i]) return 0;
    }
    return 1;
  }
  for (int64_t at = 0;; at += 8) {
    if (at + 8 > n) at = n - 8;
    uint64_t f, w;
    memcpy(&f, folded + at, 8), memcpy(&w, subject + at, 8);
    // A byte at or above 0x80 in the subject: fold8 would be wrong, compare it as is (the
    // folded side holds lower-case ASCII or UTF-8, never an upper-case ASCII letter).
    if (w & 0x8080808080808080ull) {
      for (int64_t i = at; i < at + 8; i++) {
        const uint8_t c = subject[i];
        if (((c >= 0x41 && c <= 0x5A) ? (uint8_t)(c | 0x20) : c) != folded[i]) return 0;
      }
    } else if (fold8(w) != f) {
      return 0;
    }
    if (at + 8 == n) return 1;
  }
}

int lh_have_avx2(void) {
#ifdef LH_HAVE_SSE2
  return have_avx2();
#else
  return 0;
#endif
}
