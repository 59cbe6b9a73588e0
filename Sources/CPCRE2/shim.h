#ifndef LOGHUNT_CPCRE2_SHIM_H
#define LOGHUNT_CPCRE2_SHIM_H
// The code-unit width must be fixed before the header is read; Swift then calls the
// width-suffixed functions (pcre2_compile_8, pcre2_match_8, ...).
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#endif
