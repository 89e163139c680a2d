/* Guarded buffers for the mutator unit tests: a buffer of capacity cap is
 * followed by GUARD_LEN bytes of GUARD_BYTE, which a mutator writing past
 * max_size would change. */
#ifndef FF_TEST_MUTATORS_GUARD_H
#define FF_TEST_MUTATORS_GUARD_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define GUARD_LEN 64
#define GUARD_BYTE 0xa5

static inline void guard_set(uint8_t *buf, size_t cap) { memset(buf + cap, GUARD_BYTE, GUARD_LEN); }

static inline int guard_intact(const uint8_t *buf, size_t cap) {
  for (size_t i = 0; i < GUARD_LEN; i++)
    if (buf[cap + i] != GUARD_BYTE) return 0;
  return 1;
}

#endif
