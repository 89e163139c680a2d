/* The mutation engine's interface, between the runtime (engine/fuzz_loop etc.)
 * and the mutators (engine/mutators/mut_*.c, engine/dict.c).
 *
 * One ff_mutator per fuzzing process. The runtime calls ff_mutate() (a havoc
 * stack of several operators) or ff_crossover(), executes the result, then
 * ff_mutator_feedback() says whether it found new coverage, so operator weights
 * adapt. LLVMFuzzerMutate (exported for custom mutators) runs ff_mutate on the
 * current mutator. */
#ifndef FF_ENGINE_MUTATE_H
#define FF_ENGINE_MUTATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cmplog.h"
#include "rng.h"

#define FF_DICT_MAX_ENTRY 128

typedef struct ff_dict_entry {
  uint8_t len;
  uint8_t data[FF_DICT_MAX_ENTRY];
  uint32_t uses_found_new; /* times an insertion of this entry found coverage */
} ff_dict_entry;

typedef struct ff_dict {
  ff_dict_entry *e;
  size_t n, cap;
} ff_dict;

void ff_dict_init(ff_dict *d);
void ff_dict_free(ff_dict *d);
/* Adds an entry unless already present; returns 1 added, 0 present/too long, -1 no memory. */
int ff_dict_add(ff_dict *d, const uint8_t *data, size_t len);
/* Loads an AFL/libFuzzer dictionary file (name="value" or "value" lines, # comments,
 * \xNN \\ \" escapes, optional @level suffix). Returns entries loaded, or -1 with
 * "path:line: reason" in err. */
int ff_dict_load(ff_dict *d, const char *path, char *err, size_t err_cap);
/* Parses one dictionary line into out; returns length, 0 for blank/comment, -1 malformed. */
int ff_dict_parse_line(const char *line, uint8_t *out, size_t cap);

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

#endif
