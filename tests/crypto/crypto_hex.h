/* Known-answer vectors as hex, for the crypto tests: exact-length decoding
 * (core's ff_hex_decode) and comparison. */
#ifndef TESTS_CRYPTO_HEX_H
#define TESTS_CRYPTO_HEX_H

#include <stdint.h>
#include <string.h>

#include "formfuzz/hex.h"

/* Decodes exactly n bytes from hex; returns 0 or -1. */
static inline int unhex(const char *hex, uint8_t *out, size_t n) {
  return ff_hex_decode(hex, strlen(hex), out, n) == (long)n ? 0 : -1;
}

static inline int equals_hex(const uint8_t *bytes, size_t n, const char *hex) {
  uint8_t want[256];
  if (n > sizeof want || unhex(hex, want, n) != 0) return 0;
  return memcmp(bytes, want, n) == 0;
}

#endif
