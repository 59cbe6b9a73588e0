// What the scans share among themselves but do not export to Swift.
#ifndef LOGHUNT_CBYTESCAN_INTERNAL_H
#define LOGHUNT_CBYTESCAN_INTERNAL_H

/// 1 when the scans use AVX2: the CPU runs it (with POPCNT and BMI1), asked once, and the
/// environment variable `LOGHUNT_NO_AVX2` is not set; else 0.
int lh_have_avx2(void);

#endif
