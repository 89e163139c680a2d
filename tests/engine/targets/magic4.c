/* Planted bug: a 4-byte magic value behind one 32-bit compare; abort() when
 * the input starts with it. Found through trace-cmp / input-to-state. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 4) return 0;
  uint32_t v;
  memcpy(&v, data, sizeof v);
  if (v == 0x4d41474bu) abort(); /* "KGAM" little-endian */
  return 0;
}
