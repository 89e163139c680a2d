/* The bandit that shares a campaign's budget (`formfuzz campaign`, the default
 * `--schedule bandit`): the budget is cut into time slices (or execution
 * slices with --runs) and every round the workers' slices go to the fuzzers
 * with the highest index
 *
 *   index = (risk + 5)/10 x (mean reward + explore x sqrt(ln(1 + all pulls) / pulls))
 *
 * over discounted statistics (discounted UCB: older slices count less, so a
 * fuzzer that stalled regains a chance and one that woke up is noticed). A
 * slice's reward is 1 - 2^(-g / half_gain) for g new features per
 * worker-slice (growth per CPU-second, as every slice is the same CPU); a
 * slice that found a new crash earns at least 1 / (1 + earlier rounds of that
 * fuzzer with crashes): 1 the first time, less when it keeps crashing (most
 * likely on the same bug). A floor keeps every fuzzer at or above `floor` x its equal
 * share of the slices given so far, so none starves; a fuzzer never given a
 * slice goes first (highest risk first). Ties are broken by a hash of the seed,
 * the round and the fuzzer. Everything here is pure: numbers in, decision out,
 * no clock, no I/O (docs/tools.md, "formfuzz campaign", gives the rule). */
#ifndef FF_TOOLS_CAMPAIGN_SCHEDULE_H
#define FF_TOOLS_CAMPAIGN_SCHEDULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What the scheduler knows about one fuzzer. */
typedef struct ff_sched_arm {
  int risk;        /* the manifest's weight, 1..5 */
  bool active;     /* false: retired (its engine failed); never chosen */
  uint64_t slices; /* worker-slices given so far (not discounted) */
  double pulls;    /* discounted worker-slices observed */
  double gain;     /* discounted sum of their rewards (each in [0, 1]) */
  uint64_t crash_rounds; /* rounds in which it found a new crash */
} ff_sched_arm;

typedef struct ff_sched_params {
  double explore;   /* weight of the confidence bonus */
  double floor;     /* minimum fraction of an equal share of the slices */
  double discount;  /* weight left to the history after one pass (every fuzzer one slice) */
  double half_gain; /* new features per worker-slice that earn a reward of 0.5 */
  uint64_t seed;    /* tie-breaking */
} ff_sched_params;

#define FF_SCHED_PARAMS_DEFAULT                                                                    \
  { .explore = 0.5, .floor = 0.25, .discount = 0.7, .half_gain = 4.0, .seed = 0 }

/* What one fuzzer did with the slices of one round. */
typedef struct ff_sched_outcome {
  unsigned workers;      /* worker-slices it was given this round (0: not run) */
  uint64_t new_features; /* features (edges when the engine counts no features) gained */
  uint64_t new_crashes;  /* new crash artifacts */
} ff_sched_outcome;

/* The decision: shares `workers` worker-slices of round `round` among the n
 * arms; out[i] = how many go to arm i (more than one: those workers fuzz the
 * same corpus together). Returns how many were given (0 when no arm is
 * active). Depends only on its arguments. */
unsigned ff_sched_decide(const ff_sched_arm *arms, size_t n, const ff_sched_params *p,
                         uint64_t round, unsigned workers, unsigned *out);

/* The reward in [0, 1] of one fuzzer's slices in a round (arm: its numbers
 * before the round). */
double ff_sched_reward(const ff_sched_params *p, const ff_sched_arm *arm,
                       const ff_sched_outcome *o);

/* Folds a round into the arms: every active arm's history is discounted by
 * discount^(worker-slices of the round / active arms), then each arm that ran
 * adds its worker-slices and workers x reward (and counts a crash round). */
void ff_sched_observe(ff_sched_arm *arms, size_t n, const ff_sched_params *p,
                      const ff_sched_outcome *outcomes);

/* --schedule equal: the workers the next fuzzer to start gets, when `left`
 * fuzzers (this one included) have not started and `free_workers` workers are
 * idle. One while there are at least as many fuzzers as idle workers; after
 * that the idle workers are spread over the last fuzzers (the first of them
 * gets the remainder), each fuzzing its share of worker-seconds in fewer wall
 * seconds, so the campaign ends within its budget and no worker idles. */
unsigned ff_equal_workers(size_t left, unsigned free_workers);

#endif
