/* Seeded property run of one dns harness under ctest: the empty input, then
 * N inputs from splitmix64 with lengths that favour short inputs (most dns
 * structure sits in the first bytes) but reach 1 KiB. A broken invariant
 * aborts with its id; the same seed gives the same inputs on every run. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint64_t splitmix(uint64_t *s) {
  uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

int main(int argc, char **argv) {
  unsigned long runs = argc > 1 ? strtoul(argv[1], NULL, 10) : 2000;
  uint64_t state = 0x646e73; /* "dns" */
  static uint8_t input[1024];
  LLVMFuzzerTestOneInput(input, 0);
  for (unsigned long r = 0; r < runs; r++) {
    uint64_t pick = splitmix(&state);
    size_t len = (size_t)(pick % 4 == 0 ? pick % sizeof input : pick % 128);
    for (size_t i = 0; i < len; i += 8) {
      uint64_t w = splitmix(&state);
      for (size_t k = 0; k < 8 && i + k < len; k++) input[i + k] = (uint8_t)(w >> (8 * k));
    }
    LLVMFuzzerTestOneInput(input, len);
  }
  printf("%lu seeded inputs passed\n", runs);
  return 0;
}
