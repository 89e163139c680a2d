/* One execution and its judgement, shared by every mode (see engine.h). */
#include "engine.h"

#include <stdlib.h>
#include <string.h>

#include "coverage.h"
#include "executor.h"
#include "globals.h"
#include "leak.h"
#include "slow_paths.h"
#include "value_profile.h"

int ff_engine_init(ff_engine *e, const char *corpus_dir) {
  ff_corpus_init(&e->corpus, corpus_dir);
  ff_scheduler_init(&e->sched);
  /* extra features after the edges': the value profile's, then the slow paths' */
  size_t vp = ff_vp_on ? FF_VP_BITS : 0, extra = vp + (ff_slow_on ? FF_SLOW_BITS : 0);
  if (ff_feedback_init(&e->fb, ff_cov.total_counters, extra) != 0) return -1;
  if (ff_slow_on) e->fb.first_slow = (uint32_t)(ff_cov.total_counters * FF_BUCKETS + vp);
  if (ff_feature_list_init(&e->run, ff_cov.total_counters + extra) != 0) return -1;
  e->known = ff_name_set_new();
  if (!e->known) return -1;
  e->deadline_ns = UINT64_MAX;
  e->parent = -1;
  return 0;
}

void ff_engine_free(ff_engine *e) {
  ff_corpus_free(&e->corpus);
  ff_feedback_free(&e->fb);
  ff_scheduler_free(&e->sched);
  ff_feature_list_free(&e->run);
  ff_name_set_free(e->known);
  ff_arith_free(e->arith);
  e->arith = NULL;
  free(e->base_buf);
  free(e->mut_buf);
  e->known = NULL;
  e->base_buf = e->mut_buf = NULL;
}

/* Input reduction as libFuzzer does it: a mutant with no new feature is kept
 * only when it is smaller than its parent entry and reaches every feature the
 * parent still owns; it then takes them over and the parent retires. Keeping
 * any input that was smaller for some single feature made 5x more REDUCE
 * entries than libFuzzer on simnet, each a file written and one removed, and
 * held back the length limit, for no coverage (measured: docs/measurements.md). */
static bool replaces_parent(const ff_engine *e, size_t size) {
  if (e->parent < 0) return false;
  const ff_entry *p = e->corpus.entries[e->parent];
  if (p->retired || size >= p->size) return false;
  uint32_t covered = 0;
  for (size_t i = 0; i < e->run.n; i++)
    if (e->fb.owner[e->run.idx[i]] == (uint32_t)e->parent) covered++;
  return covered == p->owned;
}

int ff_engine_run(ff_engine *e, const uint8_t *data, size_t size, int found_by, bool from_disk,
                  bool initial) {
  uint64_t ns;
  int ret = ff_execute(data, size, &ns);
  e->now_ns = ff_exec.start_ns + ns;
  e->last_run_ns = ns;
  e->counters.execs++;
  if (ns > e->counters.slowest_ns) e->counters.slowest_ns = ns;
  ff_features_collect(&e->run);
  if (ff_vp_on) ff_vp_collect(&e->run, (uint32_t)(ff_cov.total_counters * FF_BUCKETS));
  if (ff_slow_on) ff_slow_collect(&e->run, e->fb.first_slow);
  ff_leak_check(data, size, initial); /* after collecting: its re-run is not counted */
  if (ret == -1) return FF_RUN_NOTHING; /* the harness rejects this input */
  ff_verdict v = ff_feedback_judge(&e->fb, &e->run, size);
  if (v.new_features == 0 && (v.smaller == 0 || !replaces_parent(e, size))) return FF_RUN_NOTHING;
  long id = ff_corpus_add(&e->corpus, data, size, e->run.idx, e->run.n, ns, found_by, from_disk);
  if (id < 0) return FF_RUN_NOTHING;
  ff_entry *entry = e->corpus.entries[id];
  if (e->known && entry->written) ff_name_set_add(e->known, entry->name);
  ff_feedback_commit(&e->fb, &e->run, size, (uint32_t)id, &e->corpus);
  /* new units are fuzzing's finds: not read from disk, not the empty corpus's seed */
  if (!from_disk && found_by != FF_FOUND_SEED) e->counters.new_units++;
  e->counters.last_new_ns = e->now_ns;
  /* slow-path features do not hold back the length limit: a longer loop in an
   * input no longer than before is no sign that longer inputs are not needed */
  if (v.new_features > v.new_slow) e->last_new_exec = e->counters.execs;
  if (v.new_slow) e->counters.slow_finds++;
  return v.new_features ? FF_RUN_NEW : FF_RUN_REDUCE;
}

int ff_engine_set_max_len(ff_engine *e, size_t max_len) {
  e->max_len = max_len;
  free(e->base_buf);
  free(e->mut_buf);
  e->base_buf = malloc(max_len ? max_len : 1);
  e->mut_buf = malloc(max_len ? max_len : 1);
  if (!e->base_buf || !e->mut_buf) return -1;
  return ff_executor_init(max_len);
}
