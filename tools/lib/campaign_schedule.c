/* The campaign's bandit: who gets the next round's slices (see campaign_schedule.h). */
#include "campaign_schedule.h"

#include <math.h>
#include <string.h>

#define MIN_PULLS 1e-3 /* a fuzzer whose history was discounted away: a large bonus, not a division by 0 */
#define PRIOR_MEAN 0.5 /* the mean reward of a fuzzer given slices but not yet observed */

/* splitmix64's finaliser: a well-spread hash of one 64-bit word. */
static uint64_t mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

static uint64_t tie_key(const ff_sched_params *p, uint64_t round, size_t arm) {
  return mix(p->seed ^ mix(round ^ mix((uint64_t)arm)));
}

double ff_sched_reward(const ff_sched_params *p, const ff_sched_arm *arm,
                       const ff_sched_outcome *o) {
  if (o->workers == 0) return 0;
  double per_worker = (double)o->new_features / (double)o->workers;
  double growth = 1.0 - exp2(-per_worker / p->half_gain);
  if (o->new_crashes == 0) return growth;
  double crash = 1.0 / (1.0 + (double)arm->crash_rounds);
  return crash > growth ? crash : growth;
}

/* The decision's view of one arm: its numbers plus the slices already given in
 * this round, counted as pulls at the arm's current mean. */
typedef struct view {
  const ff_sched_params *p;
  uint64_t round;
  const ff_sched_arm *arms;
  const unsigned *given;
  size_t n, active;
  double pulls_all;   /* discounted pulls of every active arm, plus the round's given ones */
  uint64_t slices_all; /* slices of every active arm, plus the round's given ones */
} view;

static double mean(const ff_sched_arm *a) {
  return a->pulls > MIN_PULLS ? a->gain / a->pulls : PRIOR_MEAN;
}

static double ucb_index(const view *v, size_t i) {
  const ff_sched_arm *a = &v->arms[i];
  double pulls = a->pulls + v->given[i];
  if (pulls < MIN_PULLS) pulls = MIN_PULLS;
  double bonus = v->p->explore * sqrt(log(1.0 + v->pulls_all) / pulls);
  return ((double)a->risk + 5.0) / 10.0 * (mean(a) + bonus);
}

/* How far below the floor arm i is (> 0: starving). */
static double starving(const view *v, size_t i) {
  double fair = (double)(v->slices_all + 1) / (double)v->active;
  return v->p->floor * fair - (double)(v->arms[i].slices + v->given[i]);
}

/* true when arm a should win over arm b at equal scores: the tie hash decides. */
static bool wins_tie(const view *v, size_t a, size_t b) {
  return tie_key(v->p, v->round, a) > tie_key(v->p, v->round, b);
}

static bool better(const view *v, double score_a, size_t a, double score_b, size_t b) {
  if (score_a > score_b + 1e-12) return true;
  if (score_b > score_a + 1e-12) return false;
  return wins_tie(v, a, b);
}

/* The arm for the next worker-slice: one never given a slice (highest risk
 * first), else the one furthest below the floor, else the highest index. */
static size_t pick(const view *v) {
  size_t best = v->n;
  double best_score = 0;
  for (size_t i = 0; i < v->n; i++) { /* never given a slice */
    const ff_sched_arm *a = &v->arms[i];
    if (!a->active || a->slices + v->given[i] > 0) continue;
    if (best == v->n || better(v, a->risk, i, best_score, best)) best = i, best_score = a->risk;
  }
  if (best < v->n) return best;
  for (size_t i = 0; i < v->n; i++) { /* below the floor */
    double need = v->arms[i].active ? starving(v, i) : 0;
    if (need <= 0) continue;
    if (best == v->n || better(v, need, i, best_score, best)) best = i, best_score = need;
  }
  if (best < v->n) return best;
  for (size_t i = 0; i < v->n; i++) {
    if (!v->arms[i].active) continue;
    double score = ucb_index(v, i);
    if (best == v->n || better(v, score, i, best_score, best)) best = i, best_score = score;
  }
  return best;
}

unsigned ff_sched_decide(const ff_sched_arm *arms, size_t n, const ff_sched_params *p,
                         uint64_t round, unsigned workers, unsigned *out) {
  memset(out, 0, n * sizeof *out);
  view v = {.p = p, .round = round, .arms = arms, .given = out, .n = n};
  for (size_t i = 0; i < n; i++) {
    if (!arms[i].active) continue;
    v.active++;
    v.pulls_all += arms[i].pulls;
    v.slices_all += arms[i].slices;
  }
  if (v.active == 0) return 0;
  for (unsigned w = 0; w < workers; w++) {
    size_t i = pick(&v);
    out[i]++;
    v.pulls_all += 1;
    v.slices_all += 1;
  }
  return workers;
}

void ff_sched_observe(ff_sched_arm *arms, size_t n, const ff_sched_params *p,
                      const ff_sched_outcome *outcomes) {
  size_t active = 0;
  unsigned workers = 0;
  for (size_t i = 0; i < n; i++) {
    active += arms[i].active;
    workers += outcomes[i].workers;
  }
  if (active == 0 || workers == 0) return;
  double keep = pow(p->discount, (double)workers / (double)active);
  for (size_t i = 0; i < n; i++) {
    ff_sched_arm *a = &arms[i];
    if (a->active) {
      a->pulls *= keep;
      a->gain *= keep;
    }
    const ff_sched_outcome *o = &outcomes[i];
    if (o->workers == 0) continue;
    double reward = ff_sched_reward(p, a, o);
    a->pulls += o->workers;
    a->gain += o->workers * reward;
    a->slices += o->workers;
    if (o->new_crashes) a->crash_rounds++;
  }
}

unsigned ff_equal_workers(size_t left, unsigned free_workers) {
  if (left == 0 || free_workers <= left) return 1;
  unsigned n = (unsigned)left;
  return free_workers / n + (free_workers % n ? 1 : 0);
}
