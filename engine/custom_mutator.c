/* Custom mutator ABI glue (see custom_mutator.h). */
#include "custom_mutator.h"

__attribute__((weak)) size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size,
                                                     unsigned int seed);
__attribute__((weak)) size_t LLVMFuzzerCustomCrossOver(const uint8_t *data1, size_t size1,
                                                       const uint8_t *data2, size_t size2,
                                                       uint8_t *out, size_t max_out_size,
                                                       unsigned int seed);

static ff_mutator *current_mutator;

void ff_custom_set_mutator(ff_mutator *m) { current_mutator = m; }
bool ff_custom_has_mutator(void) { return LLVMFuzzerCustomMutator != NULL; }
bool ff_custom_has_crossover(void) { return LLVMFuzzerCustomCrossOver != NULL; }

size_t ff_custom_mutate(uint8_t *data, size_t size, size_t max_size, unsigned int seed) {
  return LLVMFuzzerCustomMutator(data, size, max_size, seed);
}

size_t ff_custom_crossover(const uint8_t *a, size_t asize, const uint8_t *b, size_t bsize,
                           uint8_t *out, size_t max_size, unsigned int seed) {
  return LLVMFuzzerCustomCrossOver(a, asize, b, bsize, out, max_size, seed);
}

size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size) {
  if (!current_mutator) return size;
  return ff_mutate(current_mutator, data, size, max_size);
}
