/* Mutator tests: the index of an operator by name in ff_mutator_op_stats, or
 * SIZE_MAX when the mutator has no such operator. */
#ifndef FF_TEST_MUTATORS_OP_INDEX_H
#define FF_TEST_MUTATORS_OP_INDEX_H

#include <stdint.h>
#include <string.h>

#include "mutator.h"

static inline size_t op_index(ff_mutator *m, const char *want) {
  for (size_t i = 0; i < ff_mutator_op_count(m); i++) {
    const char *name;
    uint64_t uses, finds;
    ff_mutator_op_stats(m, i, &name, &uses, &finds);
    if (strcmp(name, want) == 0) return i;
  }
  return SIZE_MAX;
}

#endif
