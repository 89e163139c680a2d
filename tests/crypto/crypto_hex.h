/* Hex decoding and comparison for the crypto tests' known-answer vectors. */
#ifndef TESTS_CRYPTO_HEX_H
#define TESTS_CRYPTO_HEX_H

#include <stdint.h>
#include <string.h>

static inline int hex_nibble(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Decodes exactly n bytes from hex; returns 0 or -1. */
static inline int unhex(const char *hex, uint8_t *out, size_t n) {
  if (strlen(hex) != 2 * n) return -1;
  for (size_t i = 0; i < n; i++) {
    int hi = hex_nibble(hex[2 * i]), lo = hex_nibble(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return -1;
    out[i] = (uint8_t)(hi << 4 | lo);
  }
  return 0;
}

static inline int equals_hex(const uint8_t *bytes, size_t n, const char *hex) {
  uint8_t want[256];
  if (n > sizeof want || unhex(hex, want, n) != 0) return 0;
  return memcmp(bytes, want, n) == 0;
}

#endif
