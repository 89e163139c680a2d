/* Planted bug: four 16-bit fields tied by two arithmetic relations; abort()
 * when both hold. After the tag "A4" come a, b, c, d (little-endian). Their
 * sum must be 0x1d3a7 (more than one field can hold, so no single field is
 * the compared value and input-to-state has nothing to copy), and then
 * a * c must be 0x4ba71a8f, whose only split into two 16-bit factors is
 * 40503 x 31337, while the sum still holds. Found by solving the relations
 * from the comparison operands (engine/arith_solver.c), not by copying them. */
#include <stdint.h>
#include <stdlib.h>

static uint32_t le16(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 10 || data[0] != 'A' || data[1] != '4') return 0;
  uint32_t a = le16(data + 2), b = le16(data + 4), c = le16(data + 6), d = le16(data + 8);
  if (a + b + c + d != 0x1d3a7u) return 0;
  if (a * c != 0x4ba71a8fu) return 0;
  abort();
}
