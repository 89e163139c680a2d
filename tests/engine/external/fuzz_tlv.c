/* libFuzzer-ABI harness of the external TLV reader (compiled by `formfuzz cc`). */
#include <stddef.h>
#include <stdint.h>

#include "tlv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  tlv_read_all(data, size);
  return 0;
}
