#ifndef LOGHUNT_CISAL_SHIM_H
#define LOGHUNT_CISAL_SHIM_H
#include <isa-l/igzip_lib.h>

/* The decoded bytes isal_inflate still holds when it stops at damage: those it decoded
 * before the bad code but had no room to copy out. Swift cannot import the large
 * tmp_out_buffer array of struct inflate_state, so this reads it. */
static inline const uint8_t *loghunt_isal_held_output(const struct inflate_state *state, uint32_t *count)
{
    int32_t held = state->tmp_out_valid - state->tmp_out_processed;
    *count = held > 0 ? (uint32_t)held : 0;
    return held > 0 ? state->tmp_out_buffer + state->tmp_out_processed : state->tmp_out_buffer;
}
#endif
