/* The arithmetic solver stage (-arith_solve=1, on by default): for a corpus
 * entry whose run reaches an integer compare never yet seen equal at its call
 * site, find which input fields the compare's operands depend on and how, then
 * solve for field values that make the operands equal (or one apart, for the
 * two sides of an inequality) while the compares the entry already satisfies
 * stay satisfied. For relations that tie several fields, which input-to-state
 * cannot copy from one operand: a + b + c + d == K, x * y == K, a - b == K, a
 * 32-bit size product count * size that wraps around to a small value.
 *
 * How: each of the entry's first FF_ARITH_PROBE_BYTES bytes is changed by one
 * and the input re-run with the compare trace on (arith_trace.h); the change of
 * v = a - b at each compare gives the byte's coefficient. Adjacent bytes whose
 * coefficients scale by 256 (little- or big-endian) are one field of 2, 4 or 8
 * bytes. Then a bounded search, modulo 2^(8 * compare width), each candidate
 * run once: one field alone (the modular inverse of its coefficient, when it
 * exists up to a power of two); two fields where a second, satisfied compare
 * must stay equal (a 2x2 system); for a product of two fields (each one's
 * coefficient is the other's value), the factor pairs of the target that fit
 * both fields, or one factor made odd and the other solved by inverse, with a
 * third field re-balancing a satisfied compare the pair disturbs.
 *
 * When: at the first 4 picks of a corpus entry (the search has random
 * choices), then at one more pick per doubling of the total runs past 65536,
 * and only while its run reaches an unsolved compare; the stage takes at most
 * a quarter of all executions. Its
 * candidate runs go through the normal run step, so what they find is kept
 * (MS: arith) and counted (stat::arith_solver). */
#ifndef FF_ENGINE_ARITH_SOLVER_H
#define FF_ENGINE_ARITH_SOLVER_H

#include <stddef.h>
#include <stdint.h>

typedef struct ff_arith ff_arith;
struct ff_engine;

/* Runs one input for the stage and judges it as any run; returns an
 * ff_outcome (engine.h), or -1 when the fuzzing limits are reached. */
typedef int (*ff_arith_run_fn)(struct ff_engine *e, const uint8_t *data, size_t size);

ff_arith *ff_arith_new(uint64_t seed);
void ff_arith_free(ff_arith *a);
/* The stage for corpus entry id (its data given): does nothing when the entry
 * had its turn, or when the stage is over its share of total_execs. */
void ff_arith_stage(ff_arith *a, struct ff_engine *e, uint32_t id, const uint8_t *data,
                    size_t size, uint64_t total_execs, ff_arith_run_fn run);

typedef struct ff_arith_stats {
  uint64_t entries; /* entries that reached an unsolved compare and were probed */
  uint64_t runs;    /* executions of the stage (probes and candidates) */
  uint64_t solved;  /* candidates whose compare came out as aimed */
  uint64_t finds;   /* stage runs kept as new corpus entries */
} ff_arith_stats;
ff_arith_stats ff_arith_get_stats(const ff_arith *a);

#endif
