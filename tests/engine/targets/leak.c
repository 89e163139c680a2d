/* Planted bug: a memory leak on inputs starting with "LK" (LeakSanitizer). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void *volatile sink;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size >= 2 && data[0] == 'L' && data[1] == 'K') {
    char *lost = malloc(64);
    if (lost) memcpy(lost, data, size < 64 ? size : 64);
    sink = lost;
    sink = NULL; /* the only pointer is dropped: a leak */
  }
  return 0;
}
