/* Property runner for a dns fuzzer under ctest: feeds its harness a fixed
 * number of pseudo-random inputs from a fixed seed (xorshift64), plus the
 * empty input. Any violated invariant aborts the test with its id. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CASES 3000
#define MAX_LEN 1024

int main(int argc, char **argv) {
  unsigned long cases = argc > 1 ? strtoul(argv[1], NULL, 10) : CASES;
  uint64_t x = 0x9e3779b97f4a7c15ull;
  uint8_t buf[MAX_LEN] = {0};
  LLVMFuzzerTestOneInput(buf, 0);
  for (unsigned long c = 0; c < cases; c++) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    size_t len = (size_t)(x % MAX_LEN);
    for (size_t i = 0; i < len; i++) {
      x ^= x << 13, x ^= x >> 7, x ^= x << 17;
      buf[i] = (uint8_t)x;
    }
    LLVMFuzzerTestOneInput(buf, len);
  }
  printf("%lu cases passed\n", cases);
  return 0;
}
