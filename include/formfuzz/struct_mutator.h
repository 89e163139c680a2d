/* Protocol-aware (structure) mutation, not the built-in engine's havoc
 * mutator: a component describes its structure once (parse, mutate a field,
 * serialize) and gets
 *   - libFuzzer's LLVMFuzzerCustomMutator / LLVMFuzzerCustomCrossOver (also used
 *     by the built-in engine) from FF_LIBFUZZER_MUTATOR(m) in the harness file,
 *   - AFL++'s afl_custom_init / afl_custom_fuzz / afl_custom_deinit from
 *     FF_AFL_MUTATOR(m) in a shared library (ff_add_custom_mutator_so), loaded
 *     with AFL_CUSTOM_MUTATOR_LIBRARY=lib<name>.so.
 * Inputs that do not parse, or whose mutation does not serialize within
 * max_size, fall back to byte mutation: LLVMFuzzerMutate when the engine
 * provides it (libFuzzer, builtin), else a small built-in byte mutator.
 *
 * Mutators make their random choices through an ff_input over seeded random
 * bytes, so they can reuse the generators of core/gen.
 *
 * FORMFUZZ_MUTATOR_STATS=FILE: at exit, write "calls structured fallback
 * crossovers valid" counts there ("valid" = outputs that parse again).
 * FORMFUZZ_STRUCT_MUTATOR=off: every call takes the byte fallback and every
 * crossover splices bytes (the "without" arm of a measurement, same binary). */
#ifndef FORMFUZZ_STRUCT_MUTATOR_H
#define FORMFUZZ_STRUCT_MUTATOR_H

#include <stddef.h>
#include <stdint.h>

#include "formfuzz/input.h"

typedef struct ff_struct_mutator {
  const char *name;
  /* A tree for data, or NULL when it does not parse. */
  void *(*parse)(const uint8_t *data, size_t size);
  /* Change one thing: a field value, a key, the structure. */
  void (*mutate)(void *tree, ff_input *choices);
  /* Graft a part of other into tree (optional; NULL: crossover splices bytes). */
  void (*cross)(void *tree, const void *other, ff_input *choices);
  /* Bytes written, or -1 when they do not fit in cap. */
  long (*serialize)(const void *tree, uint8_t *out, size_t cap);
  void (*release)(void *tree);
  /* Percent of mutations left to byte mutation even when the input parses
   * (0: none), so encodings the serializer never writes are still tried. */
  unsigned byte_share;
} ff_struct_mutator;

typedef size_t (*ff_byte_mutate_fn)(uint8_t *data, size_t size, size_t max_size);

/* One structured mutation of data (capacity max_size); returns the new size. */
size_t ff_struct_mutate(const ff_struct_mutator *m, uint8_t *data, size_t size, size_t max_size,
                        unsigned seed, ff_byte_mutate_fn fallback);
size_t ff_struct_crossover(const ff_struct_mutator *m, const uint8_t *a, size_t asize,
                           const uint8_t *b, size_t bsize, uint8_t *out, size_t max_out,
                           unsigned seed);
/* The fallback when the engine has no LLVMFuzzerMutate: flip, set, insert,
 * erase or duplicate bytes. Returns the new size (<= max_size). */
size_t ff_byte_mutate(uint8_t *data, size_t size, size_t max_size, unsigned seed);

/* AFL++ custom mutator state (behind FF_AFL_MUTATOR). */
typedef struct ff_afl_mutator ff_afl_mutator;
ff_afl_mutator *ff_afl_mutator_new(const ff_struct_mutator *m, unsigned seed);
size_t ff_afl_mutator_fuzz(ff_afl_mutator *s, const uint8_t *buf, size_t buf_size, uint8_t **out_buf,
                           const uint8_t *add_buf, size_t add_buf_size, size_t max_size);
void ff_afl_mutator_free(ff_afl_mutator *s);

#define FF_LIBFUZZER_MUTATOR(m)                                                               \
  __attribute__((weak)) size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size); \
  size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed) { \
    return ff_struct_mutate(&(m), data, size, max_size, seed, LLVMFuzzerMutate);              \
  }                                                                                           \
  size_t LLVMFuzzerCustomCrossOver(const uint8_t *a, size_t asize, const uint8_t *b, size_t bsize, \
                                   uint8_t *out, size_t max_out, unsigned int seed) {         \
    return ff_struct_crossover(&(m), a, asize, b, bsize, out, max_out, seed);                 \
  }

#define FF_AFL_MUTATOR(m)                                                                     \
  void *afl_custom_init(void *afl, unsigned int seed) {                                       \
    (void)afl;                                                                                \
    return ff_afl_mutator_new(&(m), seed);                                                    \
  }                                                                                           \
  size_t afl_custom_fuzz(void *state, uint8_t *buf, size_t buf_size, uint8_t **out_buf,       \
                         uint8_t *add_buf, size_t add_buf_size, size_t max_size) {            \
    return ff_afl_mutator_fuzz(state, buf, buf_size, out_buf, add_buf, add_buf_size, max_size); \
  }                                                                                           \
  void afl_custom_deinit(void *state) { ff_afl_mutator_free(state); }

#endif
