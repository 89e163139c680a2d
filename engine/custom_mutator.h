/* The libFuzzer custom-mutator ABI: LLVMFuzzerCustomMutator and
 * LLVMFuzzerCustomCrossOver, used when the harness defines them (detected as
 * weak symbols; the custom mutator replaces the built-in one, as in libFuzzer),
 * and LLVMFuzzerMutate, exported for them, which runs the built-in mutator. */
#ifndef FF_ENGINE_CUSTOM_MUTATOR_H
#define FF_ENGINE_CUSTOM_MUTATOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mutator.h"

void ff_custom_set_mutator(ff_mutator *m);
bool ff_custom_has_mutator(void);
bool ff_custom_has_crossover(void);
size_t ff_custom_mutate(uint8_t *data, size_t size, size_t max_size, unsigned int seed);
size_t ff_custom_crossover(const uint8_t *a, size_t asize, const uint8_t *b, size_t bsize,
                           uint8_t *out, size_t max_size, unsigned int seed);

size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);

#endif
