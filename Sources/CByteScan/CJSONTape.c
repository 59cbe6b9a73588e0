// The JSON tape parser's fast path (JSONParser.parse tries it first): the grammar and the tape
// of the Swift parser in LogHuntIngest/JSON/JSONParser.swift, node for node, with strings
// scanned 16 bytes at a time. It reports failure without a reason; the Swift parser then
// parses the record again and says what is wrong and where, so errors keep one definition.
#include "CByteScan.h"

#include <stdlib.h>
#include <pthread.h>
#include <string.h>

#if defined(__x86_64__) && defined(__SSE2__)
#include <emmintrin.h>
#define LH_TAPE_SSE2 1
#endif

enum { K_NULL = 0, K_FALSE = 1, K_TRUE = 2, K_NUMBER = 3, K_STRING = 4, K_ARRAY = 5, K_OBJECT = 6 };

typedef struct {
  lh_json_node *nodes;
  int64_t count;
  int64_t cap;
} tape;

#define FAIL_INVALID (-1)
#define FAIL_CAPACITY (-2)

static inline int is_space(uint8_t c) { return c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09; }

static inline int64_t skip_space(const uint8_t *b, int64_t n, int64_t p) {
  // Minified records have no whitespace between tokens: one comparison says so.
  while (p < n && b[p] <= 0x20 && is_space(b[p])) p++;
  return p;
}

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

static inline int push_node(tape *t, uint8_t kind, uint8_t escaped, int64_t start, int64_t end,
                            int64_t next) {
  if (t->count == t->cap) return 0;
  lh_json_node *node = &t->nodes[t->count++];
  node->kind = kind;
  node->escaped = escaped;
  node->start = (uint32_t)start;
  node->end = (uint32_t)end;
  node->next = (uint32_t)next;
  node->count = 0;
  return 1;
}

static inline int is_hex(uint8_t h) {
  return (h >= 0x30 && h <= 0x39) || (h >= 0x41 && h <= 0x46) || (h >= 0x61 && h <= 0x66);
}

/// Parses the string whose opening quote is at `*pp`; 0 or a FAIL_ code.
static inline int parse_string(const uint8_t *b, int64_t n, int64_t *pp, tape *t, int32_t *raw_control) {
  int64_t p = *pp + 1;
  const int64_t s = p;
  uint8_t escaped = 0;
  while (p < n) {
#ifdef LH_TAPE_SSE2
    const __m128i quote = _mm_set1_epi8(0x22), backslash = _mm_set1_epi8(0x5C), ctrl = _mm_set1_epi8(0x1F);
    while (p + 16 <= n) {
      __m128i v = _mm_loadu_si128((const __m128i *)(b + p));
      __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                                 _mm_cmpeq_epi8(_mm_max_epu8(v, ctrl), ctrl));
      int mask = _mm_movemask_epi8(hit);
      if (mask != 0) {
        p += __builtin_ctz((unsigned)mask);
        break;
      }
      p += 16;
    }
    if (p >= n) break;
#endif
    uint8_t c = b[p];
    if (c == 0x22) {
      if (!push_node(t, K_STRING, escaped, s, p, t->count + 1)) return FAIL_CAPACITY;
      *pp = p + 1;
      return 0;
    }
    if (c == 0x5C) {
      escaped = 1;
      p++;
      if (p >= n) break;
      uint8_t e = b[p];
      switch (e) {
      case 0x22: case 0x5C: case 0x2F: case 0x62: case 0x66: case 0x6E: case 0x72: case 0x74:
        p++;
        break;
      case 0x75:
        if (!(p + 4 < n)) return FAIL_INVALID;
        for (int k = 1; k <= 4; k++)
          if (!is_hex(b[p + k])) return FAIL_INVALID;
        p += 5;
        break;
      default:
        return FAIL_INVALID;
      }
      continue;
    }
    if (c < 0x20) *raw_control = 1;
    p++;
  }
  return FAIL_INVALID;
}

/// A member's key and its colon, from where the key's opening quote must be (`*pp`, spaces
/// already skipped): 0, FAIL_INVALID or FAIL_CAPACITY; `*pp` ends after the colon.
static inline int parse_key(const uint8_t *b, int64_t n, int64_t *pp, tape *t, int32_t *raw_control) {
  int64_t p = *pp;
  if (p >= n || b[p] != 0x22) return FAIL_INVALID;
  int r = parse_string(b, n, &p, t, raw_control);
  if (r) return r;
  p = skip_space(b, n, p);
  if (p >= n || b[p] != 0x3A) return FAIL_INVALID;
  *pp = p + 1;
  return 0;
}

// Appends a node or leaves with FAIL_CAPACITY (inside lh_json_tape).
#define PUSH_OR_FAIL(kind, start, end)                        \
  do {                                                        \
    if (!push_node(&t, (kind), 0, (start), (end), t.count + 1)) { \
      result = FAIL_CAPACITY;                                 \
      goto done;                                              \
    }                                                         \
  } while (0)

int64_t lh_json_tape(const uint8_t *b, int64_t n, lh_json_node *nodes, int64_t capacity, int64_t max_depth,
                     int32_t *raw_control) {
  if (n < 0 || n >= (int64_t)UINT32_MAX) return FAIL_INVALID;
  tape t = {nodes, 0, capacity};
  // Open containers: index for arrays, -(index + 1) for objects.
  int64_t local[256];
  int64_t *stack = local;
  int64_t depth = 0, stack_cap = 256;
  int64_t result = FAIL_INVALID;
  int64_t p = skip_space(b, n, 0);
  if (p == n) goto done;
  for (;;) {
    p = skip_space(b, n, p);
    if (p >= n) goto done;
    uint8_t c = b[p];
    switch (c) {
    case 0x7B:
    case 0x5B: {
      if (depth >= max_depth) goto done;
      int64_t idx = t.count;
      if (!push_node(&t, c == 0x7B ? K_OBJECT : K_ARRAY, 0, p, 0, 0)) {
        result = FAIL_CAPACITY;
        goto done;
      }
      if (depth == stack_cap) {
        int64_t bigger = stack_cap * 2;
        int64_t *grown = malloc((size_t)bigger * sizeof(int64_t));
        if (!grown) goto done;
        memcpy(grown, stack, (size_t)depth * sizeof(int64_t));
        if (stack != local) free(stack);
        stack = grown;
        stack_cap = bigger;
      }
      stack[depth++] = c == 0x7B ? -(idx + 1) : idx;
      p = skip_space(b, n, p + 1);
      if (p >= n) goto done;
      if ((c == 0x7B && b[p] == 0x7D) || (c == 0x5B && b[p] == 0x5D)) {
        p++;
        nodes[idx].end = (uint32_t)p;
        nodes[idx].next = (uint32_t)t.count;
        depth--;
        break;  // to the after-value loop
      }
      if (c == 0x7B) {
        int r = parse_key(b, n, &p, &t, raw_control);
        if (r) {
          result = r;
          goto done;
        }
      }
      continue;
    }
    case 0x22: {
      int r = parse_string(b, n, &p, &t, raw_control);
      if (r) {
        result = r;
        goto done;
      }
      break;
    }
    case 0x74:
    case 0x66:
    case 0x6E: {
      const char *word = c == 0x74 ? "true" : c == 0x66 ? "false" : "null";
      const int64_t len = c == 0x66 ? 5 : 4;
      if (!(p + len <= n && memcmp(b + p, word, (size_t)len) == 0)) goto done;
      PUSH_OR_FAIL(c == 0x74 ? K_TRUE : c == 0x66 ? K_FALSE : K_NULL, p, p + len);
      p += len;
      break;
    }
    default: {
      if (!(c == 0x2D || (c >= 0x30 && c <= 0x39))) goto done;
      int64_t s = p;
      if (b[p] == 0x2D) p++;
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
      PUSH_OR_FAIL(K_NUMBER, s, p);
      break;
    }
    }
    // After a value: close containers or continue with the next element or member.
    for (;;) {
      if (depth == 0) {
        p = skip_space(b, n, p);
        if (p == n) result = t.count;
        goto done;
      }
      int64_t entry = stack[depth - 1];
      int is_object = entry < 0;
      int64_t top = is_object ? -entry - 1 : entry;
      nodes[top].count += 1;
      p = skip_space(b, n, p);
      if (p >= n) goto done;
      uint8_t d = b[p];
      if (d == 0x2C) {
        p++;
        if (is_object) {
          p = skip_space(b, n, p);
          int r = parse_key(b, n, &p, &t, raw_control);
          if (r) {
            result = r;
            goto done;
          }
        }
        break;
      } else if ((is_object && d == 0x7D) || (!is_object && d == 0x5D)) {
        p++;
        nodes[top].end = (uint32_t)p;
        nodes[top].next = (uint32_t)t.count;
        depth--;
        continue;
      } else {
        goto done;
      }
    }
  }
done:
  if (stack != local) free(stack);
  return result;
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
