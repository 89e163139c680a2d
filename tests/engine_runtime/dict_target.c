/* Test harness for -dict: the crash needs the 8 bytes "k3Y-t0k!" at the start
 * of the input, checked through a hash so the comparison log offers nothing:
 * only a dictionary holding the token makes it reachable. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint64_t fnv1a(const uint8_t *p, size_t n) {
  uint64_t h = 14695981039346656037ull;
  for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 1099511628211ull;
  return h;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static uint64_t wanted;
  if (!wanted) wanted = fnv1a((const uint8_t *)"k3Y-t0k!", 8);
  if (size < 8) return 0;
  if ((fnv1a(data, 8) ^ wanted) == 0) abort();
  return 0;
}
