/* Planted bug: integers the target transforms before comparing. A big-endian
 * 32-bit magic at offset 0 (read byte by byte, so the compare sees the
 * byte-swapped value), then a little-endian 32-bit word at offset 4 that is
 * offset by a constant before its compare, then a big-endian 16-bit field at
 * offset 8 sign-extended to 32 bits. The offset and the sign-extended
 * expectation are volatile, so the compiler cannot fold them into the
 * constants: the compared values are not in the input as they are. abort()
 * when all three match. The offset and the extension are found by the
 * input-to-state stage (-i2s_transforms=1): colorization shows which bytes
 * the operand moves with, and the offset is the difference. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static volatile uint32_t offset = 0x00a1b2c3u;
static volatile int32_t want = -31337;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 10) return 0;
  uint32_t be = (uint32_t)data[0] << 24 | (uint32_t)data[1] << 16 | (uint32_t)data[2] << 8 | data[3];
  if (be != 0xfeedfaceu) return 0;
  uint32_t le;
  memcpy(&le, data + 4, sizeof le);
  if (le + offset != 0x5ca1ab1eu) return 0;
  int32_t s = (int16_t)(uint16_t)((uint16_t)data[8] << 8 | data[9]);
  if (s == want) abort();
  return 0;
}
