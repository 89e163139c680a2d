/* Planted bug: a tiny LZSS-like decoder over a ring window of 24 token slots
 * (the input's first 24 bytes; missing ones are literal spaces). A byte below
 * 0x80 is a literal; a byte with the top bit set is a reference back 1 or 2
 * slots (modulo 24), delta-coded against its slot: back = (byte - slot) & 0x7f;
 * other values of back are taken as literals. Each slot is decoded by following
 * references until a literal, with no limit on the hops: a chain of references
 * all the way around the ring (at least 12 of them, each a byte of its own, so
 * repeating one byte does not make it) is a cycle, an endless loop (a
 * timeout). A chain of n references makes about n*n/2 hops in all; the edge
 * hit-count buckets (1, 2, 3, 4-7, 8-15, ..., 32-127, 128+) reward it less
 * and less often as it grows, while the loop iteration counts of -slow_paths=1
 * reward nearly every reference added. */
#include <stdint.h>
#include <string.h>

#define RING 24

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  uint8_t window[RING];
  size_t n = size < RING ? size : RING;
  memset(window, ' ', sizeof window);
  memcpy(window, data, n);
  volatile uint8_t out[RING];
  for (size_t i = 0; i < n; i++) {
    unsigned slot = (unsigned)i;
    while (window[slot] & 0x80) {
      unsigned back = (window[slot] - slot) & 0x7fu;
      if (back == 0 || back > 2) break; /* not a reference: a literal */
      slot = (slot - back) % RING;      /* the bug: no hop limit */
    }
    out[i] = window[slot];
  }
  (void)out;
  return 0;
}
