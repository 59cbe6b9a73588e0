// Structural scanning of JSON text, 64 bytes at a time (SSE2 on x86-64, a portable loop
// elsewhere). Used by LogHuntIngest's RecordFramer to find where an array element ends
// without looking at every byte from Swift. No allocation, no global state.
#ifndef LOGHUNT_CJSONSCAN_H
#define LOGHUNT_CJSONSCAN_H

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

#endif
