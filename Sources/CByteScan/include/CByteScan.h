// Byte scans of the ingest hot path, 64 bytes at a time (SSE2 on x86-64, a portable loop
// elsewhere): where a JSON array element ends (RecordFramer), newline counts (gzip line
// estimates) and the ASCII prefix (UTF-8 validation); the JSON tape parser's fast path; the
// normaliser's root member index. No allocation and no global state but two: whether the CPU
// runs AVX2 (asked once) and each thread's tape scratch (`lh_json_tape_scratch`).
#ifndef LOGHUNT_CBYTESCAN_H
#define LOGHUNT_CBYTESCAN_H

#include <stddef.h>
#include <stdint.h>

/// The scanner's state between calls (a container may span many input chunks).
typedef struct {
  /// Open `{`/`[` not yet closed (outside strings).
  int64_t depth;
  /// Inside a string.
  int32_t in_string;
  /// Inside a string, just after a backslash.
  int32_t escaped;
} lh_container_scan;

/// Scans `bytes[0..<count)` from `state`: quotes open and close strings, a backslash in a
/// string escapes the next byte, `{`/`[` outside strings open and `}`/`]` close. Stops after
/// the byte that brings the depth to zero or below.
/// @return the number of bytes consumed up to and including that byte, or -1 when the
///   bytes ran out first (then `state` holds where the scan is). `*newlines` grows by the
///   number of 0x0A bytes consumed.
/// Same result as the byte-by-byte definition on every input (valid JSON or not).
int64_t lh_scan_container(const uint8_t *bytes, int64_t count, lh_container_scan *state,
                          int64_t *newlines);

/// The byte-by-byte definition of `lh_scan_container` (tests compare the two).
int64_t lh_scan_container_scalar(const uint8_t *bytes, int64_t count, lh_container_scan *state,
                                 int64_t *newlines);

/// `lh_scan_container` with SSE2 only, whatever the CPU runs (tests compare it too; the
/// byte-by-byte definition where there is no SSE2).
int64_t lh_scan_container_sse2(const uint8_t *bytes, int64_t count, lh_container_scan *state,
                               int64_t *newlines);

/// `lh_count_byte` and `lh_ascii_prefix` with SSE2 only, whatever the CPU runs (the others
/// use AVX2 where the CPU has it, checked once, unless the environment variable
/// `LOGHUNT_NO_AVX2` is set; tests compare the two).
int64_t lh_count_byte_sse2(const uint8_t *bytes, int64_t count, uint8_t byte);
int64_t lh_ascii_prefix_sse2(const uint8_t *bytes, int64_t count);

/// The number of bytes equal to `byte` in `bytes[0..<count)`.
int64_t lh_count_byte(const uint8_t *bytes, int64_t count, uint8_t byte);

/// The length of the longest prefix of `bytes[0..<count)` with no byte at or above 0x80.
int64_t lh_ascii_prefix(const uint8_t *bytes, int64_t count);

/// Whether `a[0..<count)` equals `b[0..<count)` (at most two overlapping loads per side for keys
/// up to 16 bytes, memcmp beyond).
int32_t lh_bytes_equal(const uint8_t *a, const uint8_t *b, int64_t count);

/// Copies `src[0..<count)` to `dst` with ASCII upper-case letters lowered; 1 when every byte is
/// ASCII, 0 when one is not (`dst` then holds an unspecified part of the copy).
int32_t lh_fold_ascii_copy(uint8_t *dst, const uint8_t *src, int64_t count);

/// A 64-bit hash of `b[0..<count)` read eight bytes at a time (for tables of rule literals,
/// built from rules: not hardened against chosen keys). With `fold`, the hash of the bytes with
/// A-Z lowered, and `*ascii` 0 (hash 0) when a byte is at or above 0x80; without, `*ascii` 1.
/// `lh_key_hash(x, n, 1, &a)` equals `lh_key_hash(lower(x), n, 0, &a)` for ASCII `x`.
uint64_t lh_key_hash(const uint8_t *b, int64_t count, int32_t fold, int32_t *ascii);

/// Whether `subject[0..<count)` with A-Z lowered equals `folded[0..<count)`.
int32_t lh_equal_folding(const uint8_t *folded, const uint8_t *subject, int64_t count);

/// One node of a JSON tape, laid out as LogHuntCore's `JSONNode` (kind, escaped, start, end,
/// next, count; 20 bytes): `JSONParser` checks the layout before it hands this parser a buffer.
typedef struct {
  uint8_t kind;
  uint8_t escaped;
  uint32_t start;
  uint32_t end;
  uint32_t next;
  uint32_t count;
} lh_json_node;

/// Parses one JSON value from `bytes[0..<count)` into `nodes` (room for `capacity`), exactly as
/// `JSONParser.parse` would (same grammar, same tape; at most `max_depth` open containers).
/// `*raw_control` is set to 1 when a string holds a raw control character.
/// @return the number of nodes; -1 when the text is not accepted (the Swift parser then tells
///   why), -2 when `capacity` nodes were not enough.
int64_t lh_json_tape(const uint8_t *bytes, int64_t count, lh_json_node *nodes, int64_t capacity,
                     int64_t max_depth, int32_t *raw_control);

/// `lh_json_tape` with SSE2 only, whatever the CPU runs (tests compare the two).
int64_t lh_json_tape_sse2(const uint8_t *bytes, int64_t count, lh_json_node *nodes, int64_t capacity,
                          int64_t max_depth, int32_t *raw_control);

/// The most nodes `lh_json_tape_scratch` keeps per thread (65,536: 1.3 MB).
enum { LH_TAPE_SCRATCH_MAX = 65536 };

/// The calling thread's scratch tape with room for `capacity` nodes (kept from call to call,
/// freed when the thread exits), or NULL when `capacity` is above LH_TAPE_SCRATCH_MAX, the thread
/// key could not be made or memory ran out: the tape is parsed into it and copied out at its
/// exact size, one allocation per record through the specialised array initialiser.
lh_json_node *lh_json_tape_scratch(int64_t capacity);

/// `lh_member_find` and `lh_root_path` answers besides a value node (>= 0): none; only the
/// path's walk can tell (an array at the first of two keys fans out); not answered here (an
/// index without a table, a key with escapes), so the Swift definition decides.
enum { LH_MEMBER_NONE = -1, LH_MEMBER_WALK = -2, LH_MEMBER_UNHANDLED = -3 };

/// LogHuntNormalize's `RecordView.memberIndex` of object `node` (`count` members, a table of
/// `1 << bits` 16-bit slots, `bits` 0 for none) into `out`, which has room for
/// `count + (1 << bits) / 4 + 1` words; `nodes` is laid out as `lh_json_node`.
/// @return the number of words written.
int64_t lh_member_index(const void *nodes, const uint8_t *bytes, int64_t node, int64_t count, int64_t bits,
                        uint64_t *out);

/// `RecordView.findIndexed` through an index with a table (`words` words at `members`): the value
/// node of the first member whose key is `wanted[0..<n)`, else with `ci` the first equal to it
/// ignoring ASCII case; LH_MEMBER_NONE, or LH_MEMBER_UNHANDLED when the index has no table.
int64_t lh_member_find(const void *nodes, const uint8_t *bytes, const uint64_t *members, int64_t words,
                       const uint8_t *wanted, int64_t n, int32_t ci);

/// The head `lh_member_find_head` probes with for the key `wanted[0..<n)` (its length and first
/// two ASCII-folded bytes), LH_MEMBER_NO_HEAD for keys of 255 bytes or more.
uint64_t lh_member_head(const uint8_t *wanted, int64_t n);
#define LH_MEMBER_NO_HEAD 0xFFFFFFFFFFFFFFFFull

/// `lh_member_find` with the key's head (`lh_member_head`) worked out by the caller.
int64_t lh_member_find_head(const void *nodes, const uint8_t *bytes, const uint64_t *members, int64_t words,
                            const uint8_t *wanted, int64_t n, uint64_t head, int32_t ci);

/// `Event.node(at:)` with exact keys: `path[0..<n)` as one root key (`head` its
/// `lh_member_head`), else (`split` >= 0, the first key's length) the key after the dot in the
/// object at the first key (`split_head` the first key's head). A value node, LH_MEMBER_NONE,
/// LH_MEMBER_WALK (an array at the first key) or LH_MEMBER_UNHANDLED.
int64_t lh_root_path(const void *nodes, const uint8_t *bytes, const uint64_t *members, int64_t words,
                     const uint8_t *path, int64_t n, int64_t split, uint64_t head, uint64_t split_head);

#endif
