/* The engine's havoc mutator, ff_mutator (engine/mutator.c): the interface
 * between the runtime (engine/fuzz_loop.c etc.) and the mutation operators
 * (engine/mutators/mut_*.c).
 *
 * One ff_mutator per fuzzing process. The runtime calls ff_mutate() (a havoc
 * stack of several operators) or ff_crossover(), executes the result, then
 * ff_mutator_feedback() says whether it found new coverage, so operator weights
 * adapt. LLVMFuzzerMutate (exported for custom mutators) runs ff_mutate on the
 * current mutator. */
#ifndef FF_ENGINE_MUTATOR_H
#define FF_ENGINE_MUTATOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cmplog.h"
#include "dict.h"
#include "rng.h"

typedef struct ff_mutator ff_mutator;

ff_mutator *ff_mutator_new(uint64_t seed);
void ff_mutator_free(ff_mutator *m);
ff_rng *ff_mutator_rng(ff_mutator *m);
/* The user dictionary (-dict=) and the automatic one (from the comparison log). */
ff_dict *ff_mutator_user_dict(ff_mutator *m);
ff_dict *ff_mutator_auto_dict(ff_mutator *m);
/* The comparison log of the last execution of the input being mutated. */
void ff_mutator_set_cmplog(ff_mutator *m, const ff_cmplog *log);

/* Mutates data[0..size) in place (capacity max_size); returns the new size (>= 1
 * unless max_size is 0). Applies a stack of 1..N operators chosen by adaptive weights. */
size_t ff_mutate(ff_mutator *m, uint8_t *data, size_t size, size_t max_size);
/* Combines a and b into out (capacity max_size); returns the size. */
size_t ff_crossover(ff_mutator *m, const uint8_t *a, size_t asize, const uint8_t *b, size_t bsize,
                    uint8_t *out, size_t max_size);
/* Tells the mutator whether its last ff_mutate/ff_crossover output found new
 * features; operators used for it are rewarded. */
void ff_mutator_feedback(ff_mutator *m, bool found_new);
/* The operators the last ff_mutate/ff_crossover applied, as libFuzzer's "MS:"
 * field: "<count> <op>-<op>-..." (e.g. "2 flip_bit-dict_auto-"), written into
 * out (always terminated when cap > 0). Valid until the next ff_mutate,
 * ff_crossover or ff_mutator_feedback. Returns the number of operators. */
size_t ff_mutator_describe_last(const ff_mutator *m, char *out, size_t cap);
/* Per-operator statistics for -print_final_stats: name, uses, finds. */
size_t ff_mutator_op_count(const ff_mutator *m);
void ff_mutator_op_stats(const ff_mutator *m, size_t i, const char **name, uint64_t *uses,
                         uint64_t *finds);
/* Applies operator `op` (0 .. ff_mutator_op_count()-1, the havoc operators; the
 * crossover entry is not one) once; returns false when it does not apply. For
 * the unit tests of single operators (tests/mutators/). */
bool ff_mutator_apply_op(ff_mutator *m, size_t op, uint8_t *data, size_t *size, size_t max_size);

#endif
