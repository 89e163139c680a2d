/* Planted bug: an endless loop on inputs starting with "HNG". Found as a
 * timeout with a small -timeout. */
#include <stdint.h>
#include <stddef.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size >= 3 && data[0] == 'H' && data[1] == 'N' && data[2] == 'G') {
    volatile int spin = 1;
    while (spin) {
    }
  }
  return 0;
}
