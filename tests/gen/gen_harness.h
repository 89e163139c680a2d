/* Test harness shared by the generator tests: fixed pseudo-random byte
 * buffers (splitmix64, fixed seeds), and a loop that runs a generator in every
 * mode, asks an independent checker about each output, and checks that the
 * generator's "expected_valid" matches the checker and that the same bytes give
 * the same output. */
#ifndef FORMFUZZ_TESTS_GEN_HARNESS_H
#define FORMFUZZ_TESTS_GEN_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "formfuzz/gen.h"
#include "ff_check.h"

/* Deterministic bytes for one case number. */
void harness_bytes(uint64_t seed, uint8_t *buf, size_t n);
/* Prints text with non-printable bytes as \xNN (at most max bytes). */
void harness_print_text(FILE *f, const char *text, size_t len, size_t max);

/* A generator under test: writes into out, may leave results in ctx; returns
 * expected_valid. */
typedef bool (*harness_gen_fn)(ff_input *in, ff_gen_mode mode, ff_buf *out, void *ctx);
/* The independent verdict on one output (ctx holds what the generator left). */
typedef bool (*harness_check_fn)(const char *text, size_t len, void *ctx);

typedef struct harness_counts {
  unsigned valid, invalid, overflow;
} harness_counts;

/* Runs cases byte buffers (fixed seeds) through gen in each of the four modes;
 * fails the test on any disagreement with check or any nondeterminism. counts
 * is indexed by ff_gen_mode. A case callback, when set, sees every output. */
typedef void (*harness_seen_fn)(ff_gen_mode mode, bool valid, const char *text, size_t len, void *ctx);
void harness_run(const char *family, harness_gen_fn gen, harness_check_fn check, harness_seen_fn seen,
                 void *ctx, unsigned cases, size_t out_cap, harness_counts counts[4]);
/* The usual expectations: valid mode all valid, near-valid all invalid,
 * hostile and any both kinds. */
void harness_expect_usual(const char *family, const harness_counts counts[4]);

#endif
