/* The campaign's bandit (tools/lib/campaign_schedule.c) on synthetic
 * statistics: fixed seeds and round counts, no processes and no clock. Each
 * simulated fuzzer yields a fixed number of new features per worker-slice
 * (or a crash in a chosen round); the checks are on how the slices were shared. */
#include <stdio.h>
#include <string.h>

#include "campaign_schedule.h"
#include "ff_check.h"

#define MAX_ARMS 8

typedef struct sim {
  ff_sched_arm arms[MAX_ARMS];
  size_t n;
  ff_sched_params p;
  uint64_t features[MAX_ARMS]; /* new features per worker-slice each arm yields */
  uint64_t round;
  unsigned history[400][MAX_ARMS];
} sim;

static void sim_init(sim *s, size_t n, const int *risk, const uint64_t *features, uint64_t seed) {
  memset(s, 0, sizeof *s);
  s->n = n;
  s->p = (ff_sched_params)FF_SCHED_PARAMS_DEFAULT;
  s->p.seed = seed;
  for (size_t i = 0; i < n; i++) {
    s->arms[i] = (ff_sched_arm){.risk = risk[i], .active = true};
    s->features[i] = features[i];
  }
}

/* One round: decide, then observe what the synthetic fuzzers yield
 * (crash_arm: the arm that finds a crash this round, or -1). */
static void sim_round(sim *s, unsigned workers, int crash_arm) {
  unsigned out[MAX_ARMS];
  unsigned given = ff_sched_decide(s->arms, s->n, &s->p, s->round, workers, out);
  CHECK_MSG(given == workers, "round %llu: %u of %u worker-slices given",
            (unsigned long long)s->round, given, workers);
  ff_sched_outcome o[MAX_ARMS] = {{0}};
  for (size_t i = 0; i < s->n; i++) {
    o[i].workers = out[i];
    o[i].new_features = s->features[i] * out[i];
    o[i].new_crashes = (int)i == crash_arm && out[i] ? 1 : 0;
    if (s->round < 400) s->history[s->round][i] = out[i];
  }
  ff_sched_observe(s->arms, s->n, &s->p, o);
  s->round++;
}

static void sim_rounds(sim *s, unsigned rounds, unsigned workers) {
  for (unsigned r = 0; r < rounds; r++) sim_round(s, workers, -1);
}

/* Same growth, risk 5 against risk 1: the risky fuzzer gets clearly more. */
static void risk_gets_more(void) {
  sim s;
  sim_init(&s, 2, (int[]){5, 1}, (uint64_t[]){3, 3}, 1);
  sim_rounds(&s, 200, 1);
  CHECK_MSG(s.arms[0].slices >= 2 * s.arms[1].slices, "risk 5: %llu slices, risk 1: %llu",
            (unsigned long long)s.arms[0].slices, (unsigned long long)s.arms[1].slices);
  CHECK(s.arms[1].slices > 0);
}

/* Same risk: a stalled fuzzer (no new features) gets less than growing ones,
 * but never nothing: at least its floor, and a slice in every window. */
static void stalled_gets_less_never_zero(void) {
  sim s;
  sim_init(&s, 3, (int[]){4, 4, 4}, (uint64_t[]){0, 6, 6}, 7);
  sim_rounds(&s, 300, 1);
  unsigned long long stalled = s.arms[0].slices, growing = s.arms[1].slices;
  CHECK_MSG(stalled * 2 < growing, "stalled %llu slices, growing %llu", stalled, growing);
  double floor = s.p.floor * 300.0 / 3.0;
  CHECK_MSG((double)stalled >= floor - 1, "stalled %llu slices, below its floor %.1f", stalled, floor);
  unsigned longest_gap = 0, gap = 0;
  for (unsigned r = 0; r < 300; r++) {
    gap = s.history[r][0] ? 0 : gap + 1;
    if (gap > longest_gap) longest_gap = gap;
  }
  CHECK_MSG(longest_gap <= 40, "stalled fuzzer waited %u rounds in a row", longest_gap);
}

/* Growth outweighs risk: a growing risk-1 fuzzer gets more than a stalled risk-5 one. */
static void growth_beats_risk(void) {
  sim s;
  sim_init(&s, 2, (int[]){1, 5}, (uint64_t[]){10, 0}, 2);
  sim_rounds(&s, 300, 1);
  CHECK_MSG(s.arms[0].slices > 2 * s.arms[1].slices, "growing risk 1: %llu, stalled risk 5: %llu",
            (unsigned long long)s.arms[0].slices, (unsigned long long)s.arms[1].slices);
}

/* Equal risk, equal growth: about equal shares. */
static void equals_share_equally(void) {
  sim s;
  sim_init(&s, 4, (int[]){3, 3, 3, 3}, (uint64_t[]){5, 5, 5, 5}, 3);
  sim_rounds(&s, 200, 2);
  for (size_t i = 0; i < 4; i++)
    CHECK_MSG(s.arms[i].slices >= 80 && s.arms[i].slices <= 120, "arm %zu: %llu of 400 slices", i,
              (unsigned long long)s.arms[i].slices);
}

/* Two stalled fuzzers with the same history; one finds a crash: it gets the
 * next slices, and a second crash round is worth less than the first. */
static void crash_gets_a_boost(void) {
  sim s;
  sim_init(&s, 3, (int[]){3, 3, 3}, (uint64_t[]){0, 0, 0}, 5);
  sim_rounds(&s, 30, 3); /* every round: each one slice (the floor and equal indices) */
  CHECK(s.arms[0].slices == 30 && s.arms[1].slices == 30 && s.arms[2].slices == 30);
  sim_round(&s, 3, 1);
  unsigned before = s.arms[1].slices;
  sim_rounds(&s, 10, 1);
  unsigned got = (unsigned)(s.arms[1].slices - before);
  CHECK_MSG(got >= 5, "the fuzzer that crashed got %u of the next 10 slices", got);
  ff_sched_outcome crash = {.workers = 1, .new_features = 0, .new_crashes = 1};
  ff_sched_arm fresh = {.risk = 3, .active = true}, again = {.risk = 3, .active = true, .crash_rounds = 3};
  CHECK(ff_sched_reward(&s.p, &fresh, &crash) == 1.0);
  CHECK(ff_sched_reward(&s.p, &again, &crash) < 0.5);
  ff_sched_outcome growth = {.workers = 2, .new_features = 8};
  double r = ff_sched_reward(&s.p, &fresh, &growth); /* 4 per worker = half_gain */
  CHECK_MSG(r > 0.49 && r < 0.51, "reward of half_gain features per worker: %f", r);
}

/* A fuzzer that was stalled and starts growing again is noticed (discounting). */
static void revival_is_noticed(void) {
  sim s;
  sim_init(&s, 2, (int[]){3, 3}, (uint64_t[]){0, 6}, 11);
  sim_rounds(&s, 100, 1);
  s.features[0] = 20;
  s.features[1] = 0;
  unsigned long long before = s.arms[0].slices;
  sim_rounds(&s, 40, 1);
  CHECK_MSG(s.arms[0].slices - before >= 25, "revived fuzzer: %llu of the next 40 slices",
            s.arms[0].slices - before);
}

/* Every fuzzer first gets one slice, the riskiest first; retired ones never
 * get any; several workers can go to one fuzzer (sharing its corpus). */
static void first_pass_retired_and_sharing(void) {
  ff_sched_params p = FF_SCHED_PARAMS_DEFAULT;
  ff_sched_arm arms[4] = {{.risk = 2, .active = true}, {.risk = 5, .active = true},
                          {.risk = 5, .active = false}, {.risk = 3, .active = true}};
  unsigned out[4];
  CHECK(ff_sched_decide(arms, 4, &p, 0, 1, out) == 1 && out[1] == 1);
  CHECK(ff_sched_decide(arms, 4, &p, 0, 3, out) == 3 && out[0] == 1 && out[1] == 1 &&
        out[2] == 0 && out[3] == 1);
  ff_sched_arm off[2] = {{.risk = 5, .active = false}, {.risk = 1, .active = false}};
  CHECK(ff_sched_decide(off, 2, &p, 0, 2, out) == 0 && out[0] == 0 && out[1] == 0);
  /* one fuzzer growing fast, one stalled for long: with 4 workers, the grower gets several */
  ff_sched_arm two[2] = {{.risk = 5, .active = true, .slices = 60, .pulls = 3, .gain = 2.9},
                         {.risk = 5, .active = true, .slices = 60, .pulls = 3, .gain = 0}};
  CHECK(ff_sched_decide(two, 2, &p, 9, 4, out) == 4 && out[0] >= 3 && out[0] + out[1] == 4);
}

/* The same seed and statistics give the same decisions; the seed only breaks ties. */
static void deterministic_for_equal_seeds(void) {
  static sim a, b;
  const int risk[5] = {3, 3, 3, 5, 1};
  const uint64_t features[5] = {2, 0, 9, 1, 4};
  sim_init(&a, 5, risk, features, 42);
  sim_init(&b, 5, risk, features, 42);
  for (unsigned r = 0; r < 150; r++) {
    sim_round(&a, 2, r == 60 ? 1 : -1);
    sim_round(&b, 2, r == 60 ? 1 : -1);
  }
  CHECK(memcmp(a.history, b.history, sizeof a.history) == 0);
  CHECK(memcmp(a.arms, b.arms, sizeof a.arms) == 0);
  /* equal risks and no history: the order of the first pass depends on the seed */
  int orders_differ = 0, first_of_seed1 = -1;
  for (uint64_t seed = 1; seed <= 8; seed++) {
    ff_sched_params p = FF_SCHED_PARAMS_DEFAULT;
    p.seed = seed;
    ff_sched_arm arms[4] = {{.risk = 3, .active = true}, {.risk = 3, .active = true},
                            {.risk = 3, .active = true}, {.risk = 3, .active = true}};
    unsigned out[4];
    ff_sched_decide(arms, 4, &p, 0, 1, out);
    int first = out[0] ? 0 : out[1] ? 1 : out[2] ? 2 : 3;
    if (first_of_seed1 < 0) first_of_seed1 = first;
    else if (first != first_of_seed1) orders_differ = 1;
  }
  CHECK_MSG(orders_differ, "eight seeds all start with fuzzer %d", first_of_seed1);
}

/* --schedule equal: one worker each while fuzzers outnumber idle workers, then
 * the idle workers spread over the last ones, every worker used. */
static void equal_spreads_the_last_workers(void) {
  CHECK(ff_equal_workers(5, 2) == 1);
  CHECK(ff_equal_workers(2, 2) == 1);
  CHECK(ff_equal_workers(1, 2) == 2); /* the fifth of five with --jobs 2 */
  CHECK(ff_equal_workers(1, 1) == 1);
  CHECK(ff_equal_workers(2, 5) == 3); /* then ff_equal_workers(1, 2) == 2: all five */
  CHECK(ff_equal_workers(3, 4) == 2);
  CHECK(ff_equal_workers(0, 4) == 1);
}

int main(void) {
  equal_spreads_the_last_workers();
  risk_gets_more();
  stalled_gets_less_never_zero();
  growth_beats_risk();
  equals_share_equally();
  crash_gets_a_boost();
  revival_is_noticed();
  first_pass_retired_and_sharing();
  deterministic_for_equal_seeds();
  return check_summary("tools_schedule");
}
