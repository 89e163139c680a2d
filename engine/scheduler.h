/* Which corpus entry to mutate next. Choice (documented in docs/engine.md):
 * an entropic-like rarity weighting. An entry's weight is the sum over the
 * features it reached of 1/hits(feature) (hits = runs that reached it so far),
 * so entries holding rarely reached features get most of the time, as in
 * libFuzzer's entropic schedule; it is scaled up for entries smaller and
 * faster than the corpus average (AFL's favouring of small, fast inputs, at
 * most x4 each) and down for entries already chosen often, so a rare feature
 * that resists progress does not monopolise the fuzzer. Weights are rebuilt
 * every FF_SCHED_REBUILD_EXECS executions; in between, an added entry is
 * weighed alone and appended, and a retired one stays in the table, where
 * ff_scheduler_pick skips it (a full rebuild reads every entry's features:
 * one for each change of the corpus made the cost grow with its square, a
 * fifth of the time on pcre2 at 10,000 entries and more on expat, whose
 * entries are replaced by smaller ones all the time); picking is a binary
 * search over cumulative weights. */
#ifndef FF_ENGINE_SCHEDULER_H
#define FF_ENGINE_SCHEDULER_H

#include <stddef.h>
#include <stdint.h>

#include "corpus.h"
#include "feedback.h"
#include "rng.h"

#define FF_SCHED_REBUILD_EXECS 4096

typedef struct ff_scheduler {
  double *cumulative;
  uint32_t *ids;
  size_t n, cap;
  size_t built_entries;        /* corpus entries the table has looked at */
  double avg_size, avg_ns;     /* the corpus averages of the last full rebuild */
  uint64_t built_at_exec;
  int built;
} ff_scheduler;

void ff_scheduler_init(ff_scheduler *s);
void ff_scheduler_free(ff_scheduler *s);
/* Weight of one entry given the corpus averages (exported for tests). */
double ff_scheduler_weight(const ff_entry *e, const uint32_t *hits, double avg_size,
                           double avg_exec_ns);
/* Rebuilds the weights when stale. Returns 0, or -1 when out of memory. */
int ff_scheduler_update(ff_scheduler *s, const ff_corpus *c, const ff_feedback *fb,
                        uint64_t execs);
/* An active entry id; the corpus must have one (call ff_scheduler_update first). */
uint32_t ff_scheduler_pick(ff_scheduler *s, ff_corpus *c, ff_rng *rng);

#endif
