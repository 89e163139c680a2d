/* Planted bug: a length-prefixed record ("LF", length byte, payload) whose
 * length field is trusted: a heap-buffer-overflow read when it exceeds the
 * payload actually present. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 3 || data[0] != 'L' || data[1] != 'F') return 0;
  size_t declared = data[2], present = size - 3;
  uint8_t *payload = malloc(present ? present : 1);
  if (!payload) return 0;
  memcpy(payload, data + 3, present);
  volatile unsigned sum = 0;
  for (size_t i = 0; i < declared; i++) sum += payload[i]; /* the bug: declared, not present */
  (void)sum;
  free(payload);
  return 0;
}
