/* Planted bug: a 64-bit magic compared after a transformation, abort() when
 * it matches. The input's first 8 bytes are rotated by 13 bits and XORed with
 * a mask before the compare, so the compared value never appears in the input
 * (input-to-state cannot copy it, not even byte-swapped or offset) and no
 * edge changes until all 64 bits match: only a comparison-distance feedback
 * (value profile: fewer differing bits at this compare) can guide the engine.
 * The mask is volatile: with constants only, the compiler folds the rotation
 * and XOR into the constant side and compares the input itself. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static volatile uint64_t mask = 0x5a17c3e99b0d4f26ull;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 8) return 0;
  uint64_t x;
  memcpy(&x, data, sizeof x);
  uint64_t v = ((x << 13) | (x >> 51)) ^ mask;
  if (v == 0x0123456789abcdefull) abort();
  return 0;
}
