/* Hex as Formation's `hex` crate writes it: lowercase. Decoding (upper and
 * lower case, even length, no 0x prefix) is core's ff_hex_decode. */
#include "vm.h"

void vm_hex_encode(const uint8_t *bytes, size_t n, char *out) {
  static const char digits[] = "0123456789abcdef";
  for (size_t i = 0; i < n; i++) {
    out[2 * i] = digits[bytes[i] >> 4];
    out[2 * i + 1] = digits[bytes[i] & 15];
  }
  out[2 * n] = '\0';
}
