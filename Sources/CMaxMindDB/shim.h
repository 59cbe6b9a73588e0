#ifndef LOGHUNT_CMAXMINDDB_SHIM_H
#define LOGHUNT_CMAXMINDDB_SHIM_H
#include <maxminddb.h>
#endif
