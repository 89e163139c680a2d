/* Test harness for the custom mutator ABI: inputs are a body followed by an
 * 8-byte FNV-1a hash of it. The harness ignores inputs whose trailer does not
 * match, tested as (hash ^ trailer) != 0 so the comparison log shows no
 * operand worth copying: random mutation practically never gets past it.
 * LLVMFuzzerCustomMutator mutates the body with LLVMFuzzerMutate and rewrites
 * the trailer, so the crash behind "BUG" in the body is reachable only through
 * the custom mutator. It announces its first call on stderr. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);

static uint64_t fnv1a(const uint8_t *p, size_t n) {
  uint64_t h = 14695981039346656037ull;
  for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 1099511628211ull;
  return h;
}

static void seal(uint8_t *data, size_t body) {
  uint64_t h = fnv1a(data, body);
  memcpy(data + body, &h, 8);
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed) {
  static int announced;
  (void)seed;
  if (!announced) {
    announced = 1;
    fprintf(stderr, "custom mutator called\n");
  }
  if (max_size < 9) return size;
  size_t body = size >= 8 ? size - 8 : 0;
  if (body == 0) {
    data[0] = 'x';
    body = 1;
  }
  body = LLVMFuzzerMutate(data, body, max_size - 8);
  seal(data, body);
  return body + 8;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 9) return 0;
  uint64_t trailer;
  memcpy(&trailer, data + size - 8, 8);
  volatile uint64_t diff = fnv1a(data, size - 8) ^ trailer; /* opaque to the compare log */
  if (diff != 0) return 0;
  if (data[0] == 'B' && size - 8 >= 3 && data[1] == 'U' && data[2] == 'G') abort();
  return 0;
}
