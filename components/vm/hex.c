/* Hex as Formation's `hex` crate reads and writes it: decode accepts upper and
 * lower case, needs an even length and no 0x prefix; encode is lowercase. */
#include "vm.h"

static int nibble(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

long vm_hex_decode(const char *hex, size_t hex_len, uint8_t *out, size_t cap) {
  if (hex_len % 2 != 0 || hex_len / 2 > cap) return -1;
  for (size_t i = 0; i < hex_len / 2; i++) {
    int hi = nibble(hex[2 * i]), lo = nibble(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return -1;
    out[i] = (uint8_t)(hi << 4 | lo);
  }
  return (long)(hex_len / 2);
}

void vm_hex_encode(const uint8_t *bytes, size_t n, char *out) {
  static const char digits[] = "0123456789abcdef";
  for (size_t i = 0; i < n; i++) {
    out[2 * i] = digits[bytes[i] >> 4];
    out[2 * i + 1] = digits[bytes[i] & 15];
  }
  out[2 * n] = '\0';
}
