/* Planted bug: an 8-byte token behind memcmp; a NULL write when it matches.
 * Found through the memcmp hook / comparison log. */
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size >= 8 && memcmp(data, "FORMFUZZ", 8) == 0) {
    volatile int *null_pointer = NULL;
    *null_pointer = 1;
  }
  return 0;
}
