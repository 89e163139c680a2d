/* Test harness for the engine's end-to-end test: a crash behind four nested
 * byte compares and a 4-byte magic value, reachable only by following
 * coverage and comparison feedback. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 8) return 0;
  if (data[0] != 'F') return 0;
  if (data[1] != 'U') return 0;
  if (data[2] != 'Z') return 0;
  if (data[3] != 'Z') return 0;
  uint32_t magic;
  memcpy(&magic, data + 4, 4);
  if (magic == 0x1badb002u) abort();
  return 0;
}
