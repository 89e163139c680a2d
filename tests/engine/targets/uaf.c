/* Planted bug: a use-after-free read on inputs starting with "UAF". */
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size >= 3 && data[0] == 'U' && data[1] == 'A' && data[2] == 'F') {
    volatile uint8_t *p = malloc(16);
    if (!p) return 0;
    p[0] = data[0];
    free((void *)p);
    return p[0]; /* the bug */
  }
  return 0;
}
