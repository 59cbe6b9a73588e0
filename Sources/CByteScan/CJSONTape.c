// The JSON tape parser's fast path (JSONParser.parse tries it first): the grammar and the tape
// of the Swift parser in LogHuntIngest/JSON/JSONParser.swift, node for node, with strings
// found through masks of 64-byte blocks (SSE2, or AVX2 where the CPU has it). It reports failure
// without a reason; the Swift parser then parses the record again and says what is wrong and
// where, so errors keep one definition.
#include "CByteScan.h"
#include "CByteScanInternal.h"

#include <stdlib.h>
#include <pthread.h>
#include <string.h>

#if defined(__x86_64__) && defined(__SSE2__)
#include <emmintrin.h>
#define LH_TAPE_SSE2 1
#endif

enum { K_NULL = 0, K_FALSE = 1, K_TRUE = 2, K_NUMBER = 3, K_STRING = 4, K_ARRAY = 5, K_OBJECT = 6 };

#define FAIL_INVALID (-1)
#define FAIL_CAPACITY (-2)

static inline int is_space(uint8_t c) { return c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09; }

/// The end of the run of ASCII digits starting at `p` (16 bytes at a time where SSE2 is).
static inline int64_t skip_digits(const uint8_t *b, int64_t n, int64_t p) {
#ifdef LH_TAPE_SSE2
  const __m128i zero = _mm_set1_epi8(0x30 - 128), nine = _mm_set1_epi8(0x39 - 128), flip = _mm_set1_epi8(-128);
  while (p + 16 <= n) {
    __m128i v = _mm_xor_si128(_mm_loadu_si128((const __m128i *)(b + p)), flip);
    __m128i out = _mm_or_si128(_mm_cmplt_epi8(v, zero), _mm_cmpgt_epi8(v, nine));
    int mask = _mm_movemask_epi8(out);
    if (mask != 0) return p + __builtin_ctz((unsigned)mask);
    p += 16;
  }
#endif
  while (p < n && b[p] >= 0x30 && b[p] <= 0x39) p++;
  return p;
}

static inline int is_hex(uint8_t h) {
  return (h >= 0x30 && h <= 0x39) || (h >= 0x41 && h <= 0x46) || (h >= 0x61 && h <= 0x66);
}

// Strings are found through masks of 64-byte blocks, made in order as the parse reaches them:
// bit k of a mask is byte k of the block. A string's closing quote is the first unescaped quote
// after its opening one; whether it holds escapes or raw control bytes is whether any backslash
// or control bit lies between. The parse examines every byte outside strings itself and fails
// at a backslash there, so the byte before an opening quote is never a backslash: the masks'
// escape state at a string's start is the one a byte-by-byte scan from that quote would have.
typedef struct {
  const uint8_t *b;
  int64_t n;
  /// The block whose masks are held (-1 before the first).
  int64_t block;
  /// Its unescaped quotes, backslashes and bytes below 0x20.
  uint64_t quote, backslash, control;
  /// 1 when the first byte of the next block is escaped (this block ends in an unescaped backslash).
  uint64_t carry;
  /// Whether to classify with AVX2 (`lh_have_avx2`).
  int avx2;
} blocks;

/// Bit k set where byte k of the 64 bytes at `p` is a quote, a backslash or below 0x20.
static inline void classify(const uint8_t *p, uint64_t *quote, uint64_t *backslash, uint64_t *control) {
#ifdef LH_TAPE_SSE2
  const __m128i q = _mm_set1_epi8(0x22), bs = _mm_set1_epi8(0x5C), ctrl = _mm_set1_epi8(0x1F);
  __m128i v0 = _mm_loadu_si128((const __m128i *)p), v1 = _mm_loadu_si128((const __m128i *)(p + 16));
  __m128i v2 = _mm_loadu_si128((const __m128i *)(p + 32)), v3 = _mm_loadu_si128((const __m128i *)(p + 48));
  *quote = (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v0, q)) |
           (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v1, q)) << 16 |
           (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v2, q)) << 32 |
           (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v3, q)) << 48;
  // Backslashes and control bytes are rare: one test for both says whether to tell them apart.
  __m128i odd = _mm_or_si128(
      _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v0, bs), _mm_cmpeq_epi8(_mm_max_epu8(v0, ctrl), ctrl)),
                   _mm_or_si128(_mm_cmpeq_epi8(v1, bs), _mm_cmpeq_epi8(_mm_max_epu8(v1, ctrl), ctrl))),
      _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v2, bs), _mm_cmpeq_epi8(_mm_max_epu8(v2, ctrl), ctrl)),
                   _mm_or_si128(_mm_cmpeq_epi8(v3, bs), _mm_cmpeq_epi8(_mm_max_epu8(v3, ctrl), ctrl))));
  if (_mm_movemask_epi8(odd) == 0) {
    *backslash = 0;
    *control = 0;
    return;
  }
  *backslash = (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v0, bs)) |
               (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v1, bs)) << 16 |
               (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v2, bs)) << 32 |
               (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v3, bs)) << 48;
  *control = (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_max_epu8(v0, ctrl), ctrl)) |
             (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_max_epu8(v1, ctrl), ctrl)) << 16 |
             (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_max_epu8(v2, ctrl), ctrl)) << 32 |
             (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_max_epu8(v3, ctrl), ctrl)) << 48;
#else
  uint64_t mq = 0, mb = 0, mc = 0;
  for (int i = 0; i < 64; i++) {
    mq |= (uint64_t)(p[i] == 0x22) << i;
    mb |= (uint64_t)(p[i] == 0x5C) << i;
    mc |= (uint64_t)(p[i] < 0x20) << i;
  }
  *quote = mq;
  *backslash = mb;
  *control = mc;
#endif
}

#ifdef LH_TAPE_SSE2
#include <immintrin.h>
#define LH_TAPE_AVX2 __attribute__((target("avx2")))

/// `classify` with AVX2 (the same masks).
LH_TAPE_AVX2 static void classify_avx2(const uint8_t *p, uint64_t *quote, uint64_t *backslash, uint64_t *control) {
  const __m256i q = _mm256_set1_epi8(0x22), bs = _mm256_set1_epi8(0x5C), ctrl = _mm256_set1_epi8(0x1F);
  __m256i lo = _mm256_loadu_si256((const __m256i *)p), hi = _mm256_loadu_si256((const __m256i *)(p + 32));
  *quote = (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(lo, q)) |
           (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(hi, q)) << 32;
  __m256i blo = _mm256_cmpeq_epi8(lo, bs), bhi = _mm256_cmpeq_epi8(hi, bs);
  __m256i clo = _mm256_cmpeq_epi8(_mm256_max_epu8(lo, ctrl), ctrl), chi = _mm256_cmpeq_epi8(_mm256_max_epu8(hi, ctrl), ctrl);
  __m256i odd = _mm256_or_si256(_mm256_or_si256(blo, bhi), _mm256_or_si256(clo, chi));
  if (_mm256_testz_si256(odd, odd)) {
    *backslash = 0;
    *control = 0;
    return;
  }
  *backslash = (uint64_t)(uint32_t)_mm256_movemask_epi8(blo) | (uint64_t)(uint32_t)_mm256_movemask_epi8(bhi) << 32;
  *control = (uint64_t)(uint32_t)_mm256_movemask_epi8(clo) | (uint64_t)(uint32_t)_mm256_movemask_epi8(chi) << 32;
}
#endif

/// Moves to the next block: its masks, quotes escaped by a backslash (one not itself escaped)
/// removed. Bytes past the text read as spaces.
__attribute__((noinline)) static void next_block(blocks *bl) {
  bl->block += 1;
  const int64_t base = bl->block * 64;
  uint64_t q, bs, ct;
  uint8_t pad[64];
  const uint8_t *at = bl->b + base;
  if (base + 64 > bl->n) {
    memset(pad, 0x20, sizeof pad);
    if (base < bl->n) memcpy(pad, at, (size_t)(bl->n - base));
    at = pad;
  }
#ifdef LH_TAPE_SSE2
  if (bl->avx2) classify_avx2(at, &q, &bs, &ct);
  else classify(at, &q, &bs, &ct);
#else
  classify(at, &q, &bs, &ct);
#endif
  if ((bs | bl->carry) != 0) {
    // Backslashes are rare in logs: one step per backslash, in order, each escaping the next
    // byte unless escaped itself.
    uint64_t escaped = bl->carry, rest = bs, carry = 0;
    while (rest) {
      int k = __builtin_ctzll(rest);
      rest &= rest - 1;
      if ((escaped >> k) & 1) continue;
      if (k == 63) carry = 1;
      else escaped |= 1ull << (k + 1);
    }
    q &= ~escaped;
    bl->carry = carry;
  }
  bl->quote = q;
  bl->backslash = bs;
  bl->control = ct;
}

/// Checks the escapes of the string bytes `b[s..<e)` (which hold a backslash) as the
/// byte-by-byte grammar does: 0 or FAIL_INVALID.
static int check_escapes(const uint8_t *b, int64_t s, int64_t e) {
  for (int64_t p = s; p < e; p++) {
    if (b[p] != 0x5C) continue;
    p++;
    if (p >= e) return FAIL_INVALID;
    switch (b[p]) {
    case 0x22: case 0x5C: case 0x2F: case 0x62: case 0x66: case 0x6E: case 0x72: case 0x74:
      break;
    case 0x75:
      if (!(p + 4 < e)) return FAIL_INVALID;
      for (int k = 1; k <= 4; k++)
        if (!is_hex(b[p + k])) return FAIL_INVALID;
      p += 4;
      break;
    default:
      return FAIL_INVALID;
    }
  }
  return 0;
}

/// The string whose opening quote is at `o`: the index of its closing quote (`*escaped` set when
/// it holds a backslash), or FAIL_INVALID.
static inline __attribute__((always_inline)) int64_t string_end(blocks *bl, int64_t o, uint8_t *escaped,
                                                                int32_t *raw_control) {
  const int64_t s = o + 1;
  const int64_t k = s >> 6;
  while (bl->block < k) next_block(bl);
  uint64_t live = ~0ull << (s & 63), backslash = 0, control = 0, q;
  for (;;) {
    q = bl->quote & live;
    if (q) break;
    backslash |= bl->backslash & live;
    control |= bl->control & live;
    if ((bl->block + 1) * 64 >= bl->n) return FAIL_INVALID;
    next_block(bl);
    live = ~0ull;
  }
  const uint64_t before = live & ((q & (0 - q)) - 1);
  backslash |= bl->backslash & before;
  control |= bl->control & before;
  const int64_t e = bl->block * 64 + __builtin_ctzll(q);
  if (backslash && check_escapes(bl->b, s, e)) return FAIL_INVALID;
  if (control) *raw_control = 1;
  *escaped = backslash != 0;
  return e;
}

// Appends a node (`next` the node after it) or leaves with FAIL_CAPACITY.
#define PUSH(kind_, escaped_, start_, end_)      \
  do {                                           \
    if (count == capacity) {                     \
      result = FAIL_CAPACITY;                    \
      goto done;                                 \
    }                                            \
    lh_json_node *node_ = &nodes[count++];       \
    node_->kind = (kind_);                       \
    node_->escaped = (escaped_);                 \
    node_->start = (uint32_t)(start_);           \
    node_->end = (uint32_t)(end_);               \
    node_->next = (uint32_t)count;               \
    node_->count = 0;                            \
  } while (0)

// Skips spaces: minified records have none between tokens, and one comparison says so.
#define SKIP_SPACE() \
  while (p < n && b[p] <= 0x20 && is_space(b[p])) p++

/// `lh_json_tape`, classifying blocks with AVX2 when `avx2` is set.
static inline __attribute__((always_inline)) int64_t json_tape(const uint8_t *b, int64_t n, lh_json_node *nodes,
                                                               int64_t capacity, int64_t max_depth,
                                                               int32_t *raw_control, int avx2) {
  if (n < 0 || n >= (int64_t)UINT32_MAX) return FAIL_INVALID;
  blocks bl = {b, n, -1, 0, 0, 0, 0, avx2};
  int64_t count = 0;
  // Open containers: index for arrays, -(index + 1) for objects, and the values counted in
  // each; the innermost one's are kept in `cur` and `cur_count` instead.
  typedef struct {
    int64_t entry, count;
  } open_container;
  open_container local[256];
  open_container *stack = local;
  int64_t depth = 0, stack_cap = 256;
  int64_t cur = 0, cur_count = 0;
  int64_t result = FAIL_INVALID;
  int64_t p = 0;
  SKIP_SPACE();
  if (p == n) goto done;

value:
  // A value at `p` (after spaces).
  SKIP_SPACE();
  if (p >= n) goto done;
  switch (b[p]) {
  case 0x22: {
    uint8_t escaped = 0;
    int64_t e = string_end(&bl, p, &escaped, raw_control);
    if (e < 0) goto done;
    PUSH(K_STRING, escaped, p + 1, e);
    p = e + 1;
    goto after_value;
  }
  case 0x7B:
  case 0x5B: {
    const uint8_t c = b[p];
    if (depth >= max_depth) goto done;
    int64_t idx = count;
    PUSH(c == 0x7B ? K_OBJECT : K_ARRAY, 0, p, 0);
    if (depth == stack_cap) {
      int64_t bigger = stack_cap * 2;
      open_container *grown = malloc((size_t)bigger * sizeof(open_container));
      if (!grown) goto done;
      memcpy(grown, stack, (size_t)depth * sizeof(open_container));
      if (stack != local) free(stack);
      stack = grown;
      stack_cap = bigger;
    }
    if (depth > 0) stack[depth - 1] = (open_container){cur, cur_count};
    depth++;
    p++;
    SKIP_SPACE();
    if (p >= n) goto done;
    if (b[p] == c + 2) {  // `}` is `{` + 2, `]` is `[` + 2
      p++;
      nodes[idx].end = (uint32_t)p;
      nodes[idx].next = (uint32_t)count;
      depth--;
      if (depth > 0) cur = stack[depth - 1].entry, cur_count = stack[depth - 1].count;
      goto after_value;
    }
    cur = c == 0x7B ? -(idx + 1) : idx;
    cur_count = 0;
    if (c == 0x7B) goto key;
    goto value;
  }
  // One case per literal: memcmp of a constant length compiles to one comparison, where a
  // shared case's variable length calls memcmp (+7 M instructions on the 16 MiB GitHub slice).
  case 0x74:
    if (!(p + 4 <= n && memcmp(b + p, "true", 4) == 0)) goto done;
    PUSH(K_TRUE, 0, p, p + 4);
    p += 4;
    goto after_value;
  case 0x66:
    if (!(p + 5 <= n && memcmp(b + p, "false", 5) == 0)) goto done;
    PUSH(K_FALSE, 0, p, p + 5);
    p += 5;
    goto after_value;
  case 0x6E:
    if (!(p + 4 <= n && memcmp(b + p, "null", 4) == 0)) goto done;
    PUSH(K_NULL, 0, p, p + 4);
    p += 4;
    goto after_value;
  default: {
    const uint8_t c = b[p];
    if (!(c == 0x2D || (c >= 0x30 && c <= 0x39))) goto done;
    int64_t s = p;
    if (c == 0x2D) p++;
    int64_t q = skip_digits(b, n, p);
    int64_t digits = q - p;
    p = q;
    if (p < n && b[p] == 0x2E) {
      q = skip_digits(b, n, p + 1);
      digits += q - (p + 1);
      p = q;
    }
    if (p < n && (b[p] == 0x65 || b[p] == 0x45)) {
      p++;
      if (p < n && (b[p] == 0x2B || b[p] == 0x2D)) p++;
      q = skip_digits(b, n, p);
      if (q == p) goto done;
      p = q;
    }
    if (digits == 0) goto done;
    PUSH(K_NUMBER, 0, s, p);
    goto after_value;
  }
  }

key: {
  // A member's key and its colon, from where the key's opening quote must be (spaces skipped).
  if (p >= n || b[p] != 0x22) goto done;
  uint8_t escaped = 0;
  int64_t e = string_end(&bl, p, &escaped, raw_control);
  if (e < 0) goto done;
  PUSH(K_STRING, escaped, p + 1, e);
  p = e + 1;
  SKIP_SPACE();
  if (p >= n || b[p] != 0x3A) goto done;
  p++;
  goto value;
}

after_value:
  // After a value: close containers or continue with the next element or member.
  for (;;) {
    if (depth == 0) {
      SKIP_SPACE();
      if (p == n) result = count;
      goto done;
    }
    cur_count += 1;
    SKIP_SPACE();
    if (p >= n) goto done;
    const uint8_t d = b[p++];
    if (d == 0x2C) {
      SKIP_SPACE();
      if (cur < 0) goto key;
      goto value;
    }
    if (d != (cur < 0 ? 0x7D : 0x5D)) goto done;
    lh_json_node *closed = &nodes[cur < 0 ? -cur - 1 : cur];
    closed->end = (uint32_t)p;
    closed->next = (uint32_t)count;
    closed->count = (uint32_t)cur_count;
    depth--;
    if (depth > 0) cur = stack[depth - 1].entry, cur_count = stack[depth - 1].count;
  }
done:
  if (stack != local) free(stack);
  return result;
}

int64_t lh_json_tape(const uint8_t *b, int64_t n, lh_json_node *nodes, int64_t capacity, int64_t max_depth,
                     int32_t *raw_control) {
  return json_tape(b, n, nodes, capacity, max_depth, raw_control, lh_have_avx2());
}

int64_t lh_json_tape_sse2(const uint8_t *b, int64_t n, lh_json_node *nodes, int64_t capacity, int64_t max_depth,
                          int32_t *raw_control) {
  return json_tape(b, n, nodes, capacity, max_depth, raw_control, 0);
}

// The calling thread's tape scratch: grown on demand up to LH_TAPE_SCRATCH_MAX nodes, freed when
// the thread exits (a pthread key's destructor).
typedef struct {
  lh_json_node *nodes;
  int64_t capacity;
} scratch_t;

static pthread_key_t scratch_key;
static pthread_once_t scratch_once = PTHREAD_ONCE_INIT;

static void scratch_free(void *p) {
  scratch_t *s = (scratch_t *)p;
  free(s->nodes);
  free(s);
}

/// Whether the key exists: without it every caller parses into its own array instead.
static int scratch_ready = 0;

static void scratch_init(void) { scratch_ready = pthread_key_create(&scratch_key, scratch_free) == 0; }

lh_json_node *lh_json_tape_scratch(int64_t capacity) {
  if (capacity <= 0 || capacity > LH_TAPE_SCRATCH_MAX) return NULL;
  pthread_once(&scratch_once, scratch_init);
  if (!scratch_ready) return NULL;
  scratch_t *s = (scratch_t *)pthread_getspecific(scratch_key);
  if (s == NULL) {
    s = (scratch_t *)calloc(1, sizeof(scratch_t));
    if (s == NULL) return NULL;
    if (pthread_setspecific(scratch_key, s) != 0) {
      free(s);
      return NULL;
    }
  }
  if (s->capacity < capacity) {
    // Grown in powers of two from 1024 nodes, so a thread reallocates a few times at most.
    int64_t want = s->capacity > 0 ? s->capacity : 1024;
    while (want < capacity) want *= 2;
    if (want > LH_TAPE_SCRATCH_MAX) want = LH_TAPE_SCRATCH_MAX;
    lh_json_node *grown = (lh_json_node *)malloc((size_t)want * sizeof(lh_json_node));
    if (grown == NULL) return NULL;
    free(s->nodes);
    s->nodes = grown;
    s->capacity = want;
  }
  return s->nodes;
}
