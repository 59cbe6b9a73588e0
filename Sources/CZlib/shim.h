#ifndef LOGHUNT_CZLIB_SHIM_H
#define LOGHUNT_CZLIB_SHIM_H
#include <zlib.h>
#endif
