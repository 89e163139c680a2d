/* Planted bug: a table header whose byte size is computed in 32 bits. The
 * input is count (u32 LE), record size (u16 LE), then the records; the table
 * must fill the rest of the input exactly (count * size == bytes left). The
 * product is a uint32_t, so a count of 1024 or more (the path for large
 * tables) passes the check only when count * size wraps around 2^32 to the
 * bytes present; the copy loop then writes count records into a buffer of
 * the wrapped size: heap-buffer-overflow. Found by solving count * size ==
 * bytes left modulo 2^32 from the comparison operands. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define HEADER 6

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < HEADER) return 0;
  uint32_t count = (uint32_t)data[0] | (uint32_t)data[1] << 8 | (uint32_t)data[2] << 16 |
                   (uint32_t)data[3] << 24;
  uint32_t record = (uint32_t)data[4] | (uint32_t)data[5] << 8;
  uint32_t avail = (uint32_t)(size - HEADER);
  if (record < 12 || count < 1024 || avail < record) return 0;
  uint32_t bytes = count * record; /* the bug: wraps in 32 bits */
  if (bytes != avail) return 0;
  uint8_t *table = malloc(bytes);
  if (!table) return 0;
  for (uint32_t i = 0; i < count; i++) memcpy(table + (size_t)i * record, data + HEADER, record);
  free(table);
  return 0;
}
