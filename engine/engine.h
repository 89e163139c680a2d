/* The state of one fuzzing process and the step every mode shares: run one
 * input, observe its features, judge them, keep the input if it is
 * interesting. Modes (engine/fuzz_loop.c, merge.c, ...) build on it. What
 * must stay outside this object is listed in globals.h. */
#ifndef FF_ENGINE_ENGINE_H
#define FF_ENGINE_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arith_solver.h"
#include "corpus.h"
#include "counters.h"
#include "edge_features.h"
#include "feedback.h"
#include "flags.h"
#include "mutator.h"
#include "name_set.h"
#include "rng.h"
#include "scheduler.h"
#include "stats.h"

typedef struct ff_engine {
  ff_flags flags;
  size_t max_len;   /* effective -max_len */
  size_t lim;       /* current limit on generated input length (grows, as libFuzzer's len_control) */
  ff_corpus corpus;
  ff_feedback fb;
  ff_scheduler sched;
  ff_mutator *mut;
  ff_arith *arith;  /* the arithmetic solver stage; NULL: off (-arith_solve=0) */
  ff_rng rng;
  ff_feature_list run;
  uint8_t *base_buf; /* copy of the entry being mutated */
  uint8_t *mut_buf;  /* the mutant */
  uint64_t last_new_exec; /* counters.execs when a new feature was last found or the
                           * length limit last grew (fuzz_loop.c's length control) */
  uint64_t deadline_ns;  /* -max_total_time, or UINT64_MAX */
  uint64_t now_ns;       /* end of the last run */
  uint64_t last_run_ns;  /* duration of the last run */
  ff_name_set *known;    /* names seen in the first corpus directory */
  long parent;           /* corpus id of the entry being mutated, or -1 */
  ff_counters counters;  /* executions and finds of this process */
  ff_stats stats;        /* status lines and stats files */
  struct ff_i2s_stage *i2s; /* the input-to-state stage while fuzzing (i2s_stage.h), or NULL */
} ff_engine;

/* What the stats read of e (stats.h): a const view, made for each call. */
static inline ff_stats_view ff_engine_stats_view(const ff_engine *e) {
  return (ff_stats_view){.counters = &e->counters,
                         .fb = &e->fb,
                         .corpus = &e->corpus,
                         .mutator = e->mut,
                         .arith = e->arith,
                         .lim = e->lim};
}

enum ff_outcome { FF_RUN_NOTHING = 0, FF_RUN_NEW, FF_RUN_REDUCE };

/* Sets up corpus, feedback and scheduler for the registered coverage;
 * corpus_dir is where new inputs go (NULL: memory only). Returns 0 or -1. */
int ff_engine_init(ff_engine *e, const char *corpus_dir);
void ff_engine_free(ff_engine *e);
/* Runs data once and keeps it when interesting (a new feature, or smaller
 * than e->parent with every feature e->parent owns: it replaces the parent);
 * returns an ff_outcome. */
int ff_engine_run(ff_engine *e, const uint8_t *data, size_t size, int found_by, bool from_disk,
                  bool initial);
/* Fixes -max_len for this run and allocates the buffers that depend on it. */
int ff_engine_set_max_len(ff_engine *e, size_t max_len);

#endif
