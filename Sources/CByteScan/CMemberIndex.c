// The root member index of LogHuntNormalize's RecordView (`memberIndex`, `findIndexed`) and
// the one- or two-key root lookup of `Event.node(at:)`, in C: the same words and the same
// answers as the Swift definitions beside them, which stay for the cases handled here by
// returning LH_MEMBER_UNHANDLED (keys with escapes, indexes without a table).
#include "CByteScan.h"

#include <string.h>

static inline uint8_t lower(uint8_t c) { return (c >= 0x41 && c <= 0x5A) ? (uint8_t)(c | 0x20) : c; }

/// `lower` as a table: one load per byte where the index folds two bytes of every member.
#define LW(c) ((uint8_t)(((c) >= 0x41 && (c) <= 0x5A) ? ((c) | 0x20) : (c)))
#define L4(x) LW(x), LW(x + 1), LW(x + 2), LW(x + 3)
#define L16(x) L4(x), L4(x + 4), L4(x + 8), L4(x + 12)
#define L64(x) L16(x), L16(x + 16), L16(x + 32), L16(x + 48)
static const uint8_t lower_table[256] = {L64(0), L64(64), L64(128), L64(192)};

enum { K_ARRAY = 5, K_OBJECT = 6 };

int64_t lh_member_index(const void *nodes_, const uint8_t *bytes, int64_t node, int64_t count, int64_t bits,
                        uint64_t *out) {
  const lh_json_node *nodes = (const lh_json_node *)nodes_;
  const int64_t table_words = bits == 0 ? 0 : ((int64_t)1 << bits) / 4;
  int any_long = 0;
  int64_t j = node + 1;
  for (int64_t i = 0; i < count; i++) {
    const lh_json_node kn = nodes[j];
    const int64_t length = (int64_t)kn.end - (int64_t)kn.start;
    const int64_t v = j + 1;
    if (kn.escaped || length >= 0xFF) {
      any_long = 1;
      out[i] = (uint64_t)0xFF << 56 | (uint64_t)v;
    } else {
      // A key's closing quote and at least `:`, a value and `}` follow it: reading its first
      // two bytes stays inside the record even for shorter keys, whose extra bytes are zeroed.
      const uint64_t b0 = lower_table[bytes[kn.start]] & (length > 0 ? 0xFF : 0);
      const uint64_t b1 = lower_table[bytes[kn.start + 1]] & (length > 1 ? 0xFF : 0);
      out[i] = (uint64_t)length << 56 | b0 << 48 | b1 << 40 | (uint64_t)v;
    }
    j = nodes[v].next;
  }
  memset(out + count, 0, (size_t)table_words * sizeof(uint64_t));
  if (bits > 0 && !any_long) {
    uint16_t *slots = (uint16_t *)(out + count);
    const uint64_t mask = ((uint64_t)1 << bits) - 1;
    for (int64_t position = 0; position < count; position++) {
      uint64_t h = ((out[position] >> 40) * 0x9E3779B97F4A7C15ull) >> (64 - bits);
      while (slots[h] != 0) h = (h + 1) & mask;
      slots[h] = (uint16_t)(position + 1);
    }
  }
  out[count + table_words] = (uint64_t)count | (uint64_t)bits << 32 | (uint64_t)any_long << 40;
  return count + table_words + 1;
}

/// Whether `a[0..<n)` equals `b[0..<n)`: keys up to 16 bytes with two overlapping loads per
/// side (never reading outside either), longer ones with memcmp.
static inline int same_bytes(const uint8_t *a, const uint8_t *b, int64_t n) {
  if (n >= 8) {
    if (n > 16) return memcmp(a, b, (size_t)n) == 0;
    uint64_t a0, a1, b0, b1;
    memcpy(&a0, a, 8), memcpy(&b0, b, 8), memcpy(&a1, a + n - 8, 8), memcpy(&b1, b + n - 8, 8);
    return ((a0 ^ b0) | (a1 ^ b1)) == 0;
  }
  if (n >= 4) {
    uint32_t a0, a1, b0, b1;
    memcpy(&a0, a, 4), memcpy(&b0, b, 4), memcpy(&a1, a + n - 4, 4), memcpy(&b1, b + n - 4, 4);
    return ((a0 ^ b0) | (a1 ^ b1)) == 0;
  }
  for (int64_t i = 0; i < n; i++)
    if (a[i] != b[i]) return 0;
  return 1;
}

int32_t lh_bytes_equal(const uint8_t *a, const uint8_t *b, int64_t n) { return same_bytes(a, b, n); }

/// Whether `k[0..<n)` equals `w[0..<n)` ignoring ASCII case: out of line, so that the exact
/// lookups' path keeps few registers.
__attribute__((noinline, cold)) static int folded_bytes(const uint8_t *k, const uint8_t *w, int64_t n) {
  int64_t i = 0;
  while (i < n && lower(k[i]) == lower(w[i])) i++;
  return i == n;
}

/// 1: exact, 2: equal ignoring ASCII case (with `ci`), 0: neither. The key is not escaped.
static inline int key_match(const lh_json_node *kn, const uint8_t *bytes, const uint8_t *w, int64_t n, int ci) {
  if ((int64_t)kn->end - (int64_t)kn->start != n) return 0;
  const uint8_t *k = bytes + kn->start;
  if (same_bytes(k, w, n)) return 1;
  if (!ci) return 0;
  return folded_bytes(k, w, n) ? 2 : 0;
}

uint64_t lh_member_head(const uint8_t *wanted, int64_t n) {
  if (n >= 0xFF) return LH_MEMBER_NO_HEAD;
  const uint64_t b0 = n > 0 ? lower_table[wanted[0]] : 0;
  const uint64_t b1 = n > 1 ? lower_table[wanted[1]] : 0;
  return (uint64_t)n << 56 | b0 << 48 | b1 << 40;
}

int64_t lh_member_find_head(const void *nodes_, const uint8_t *bytes, const uint64_t *members, int64_t words,
                            const uint8_t *wanted, int64_t n, uint64_t probe, int32_t ci) {
  const lh_json_node *nodes = (const lh_json_node *)nodes_;
  if (words == 0) return LH_MEMBER_UNHANDLED;
  const uint64_t header = members[words - 1];
  const int bits = (int)(header >> 32 & 0xFF);
  if (bits == 0 || (header >> 40 & 1) != 0) return LH_MEMBER_UNHANDLED;
  // Keys of 255 bytes or more are never in a table's index (they make it scan): none.
  if (probe == LH_MEMBER_NO_HEAD) return LH_MEMBER_NONE;
  const int64_t count = (int64_t)(header & 0xFFFFFFFFu);
  const uint64_t mask = 0xFFFFFF0000000000ull;
  const uint16_t *slots = (const uint16_t *)(members + count);
  const uint64_t slot_mask = ((uint64_t)1 << bits) - 1;
  int64_t folded = LH_MEMBER_NONE;
  uint64_t h = ((probe >> 40) * 0x9E3779B97F4A7C15ull) >> (64 - bits);
  for (;;) {
    const uint16_t entry = slots[h];
    if (entry == 0) break;
    const uint64_t packed = members[entry - 1];
    if ((packed & mask) == probe) {
      const int64_t v = (int64_t)(packed & 0xFFFFFFFFFFull);
      const int m = key_match(&nodes[v - 1], bytes, wanted, n, ci);
      if (m == 1) return v;
      if (m == 2 && folded < 0) folded = v;
    }
    h = (h + 1) & slot_mask;
  }
  return folded;
}

int64_t lh_member_find(const void *nodes, const uint8_t *bytes, const uint64_t *members, int64_t words,
                       const uint8_t *wanted, int64_t n, int32_t ci) {
  return lh_member_find_head(nodes, bytes, members, words, wanted, n, lh_member_head(wanted, n), ci);
}

int64_t lh_root_path(const void *nodes_, const uint8_t *bytes, const uint64_t *members, int64_t words,
                     const uint8_t *path, int64_t n, int64_t split, uint64_t head, uint64_t split_head) {
  const lh_json_node *nodes = (const lh_json_node *)nodes_;
  const int64_t hit = lh_member_find_head(nodes, bytes, members, words, path, n, head, 0);
  if (hit != LH_MEMBER_NONE || split < 0) return hit;
  const int64_t outer = lh_member_find_head(nodes, bytes, members, words, path, split, split_head, 0);
  if (outer < 0) return outer;
  const lh_json_node object = nodes[outer];
  if (object.kind == K_ARRAY) return LH_MEMBER_WALK;
  if (object.kind != K_OBJECT) return LH_MEMBER_NONE;
  const uint8_t *w = path + split + 1;
  const int64_t wn = n - split - 1;
  int64_t j = outer + 1;
  for (uint32_t i = 0; i < object.count; i++) {
    const lh_json_node *kn = &nodes[j];
    if (kn->escaped) return LH_MEMBER_UNHANDLED;
    if (key_match(kn, bytes, w, wn, 0) == 1) return j + 1;
    j = nodes[j + 1].next;
  }
  return LH_MEMBER_NONE;
}
