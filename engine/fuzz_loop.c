/* The fuzzing mode (see fuzz_loop.h). Each pick of the scheduler runs the
 * entry once with comparison capture on (so the mutators see the operands its
 * compares used: cmplog costs one run in FF_ENERGY + 1), then FF_ENERGY
 * mutants of it; a mutant is a crossover with another entry once in
 * FF_CROSSOVER_ONE_IN, else a havoc stack from ff_mutate (or the harness's
 * custom mutator). */
#include "fuzz_loop.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cmplog.h"
#include "corpus_files.h"
#include "coverage.h"
#include "custom_mutator.h"
#include "executor.h"
#include "globals.h"
#include "i2s_stage.h"
#include "log.h"
#include "stats.h"
#include "watchdog.h"

#define FF_ENERGY 16
#define FF_CROSSOVER_ONE_IN 8
#define FF_SYNC_EVERY_NS (5ull * 1000000000ull)
#define FF_LEN_CONTROL 100
#define FF_DEFAULT_MAX_LEN 4096
#define FF_SANE_MAX_LEN (1u << 20)
#define FF_MS_MAX 256

static const char *found_by_name[FF_FOUND_KINDS] = {"seed",   "mutate",           "crossover",
                                                    "custom", "custom-crossover", "sync"};

static size_t log2_floor(size_t x) {
  size_t l = 0;
  while (x >>= 1) l++;
  return l;
}

/* A status line (stats.h) about e. */
static void status_line(const ff_engine *e, const char *event, const char *suffix) {
  ff_stats_view v = ff_engine_stats_view(e);
  ff_stats_line(&e->stats, &v, event, suffix);
}

/* After each run: a pulse line at powers of two, the stats files when due. */
static void after_exec(ff_engine *e) {
  if (!ff_stats_due(&e->stats, e->counters.execs, e->now_ns)) return;
  ff_stats_view v = ff_engine_stats_view(e);
  ff_stats_after_exec(&e->stats, &v, e->now_ns);
}

/* ms: what made the input, libFuzzer's "MS:" field (the operator list of a mutant). */
static void report(const ff_engine *e, int outcome, size_t size, const char *ms) {
  char suffix[FF_MS_MAX + 48];
  snprintf(suffix, sizeof suffix, " L: %zu/%zu MS: %s", size, e->max_len, ms);
  status_line(e, outcome == FF_RUN_NEW ? "NEW" : "REDUCE", suffix);
}

/* Runs the files of list; returns how many could be read. */
static size_t run_files(ff_engine *e, const ff_corpus_file_list *list, int found_by, bool initial) {
  size_t loaded = 0;
  for (size_t i = 0; i < list->n; i++) {
    uint8_t *data;
    size_t len;
    char err[256];
    if (ff_read_file(list->v[i].path, e->max_len, &data, &len, err, sizeof err) != 0) {
      ff_logf("skipping %s: %s\n", list->v[i].path, err);
      continue;
    }
    loaded++;
    int outcome = ff_engine_run(e, data, len, found_by, true, initial);
    if (outcome != FF_RUN_NOTHING && !initial) report(e, outcome, len, found_by_name[found_by]);
    free(data);
  }
  return loaded;
}

/* The last run's input, kept although it added nothing (it reached no counter,
 * or the harness rejected it) because the corpus has no other entry and the
 * loop needs one to mutate. It owns no feature, so it is never retired. */
static void keep_as_only_entry(ff_engine *e, const uint8_t *data, size_t size) {
  long id = ff_corpus_add(&e->corpus, data, size, e->run.idx, e->run.n, e->last_run_ns,
                          FF_FOUND_SEED, false);
  if (id >= 0) e->corpus.entries[id]->owned = 1;
}

size_t ff_load_corpus(ff_engine *e, char **dirs, size_t ndirs) {
  ff_corpus_file_list list = {0};
  size_t cap = e->flags.max_len > 0 ? (size_t)e->flags.max_len : FF_SANE_MAX_LEN;
  for (size_t i = 0; i < ndirs; i++)
    ff_corpus_files_scan(dirs[i], cap, &list, i == 0 ? e->known : NULL);
  ff_corpus_files_sort(&list);
  size_t largest = list.n ? list.v[list.n - 1].size : 0;
  size_t max_len = e->flags.max_len > 0 ? (size_t)e->flags.max_len
                   : largest > FF_DEFAULT_MAX_LEN ? largest
                                                  : FF_DEFAULT_MAX_LEN;
  if (ff_engine_set_max_len(e, max_len) != 0) {
    ff_logf("ERROR: out of memory\n");
    exit(1);
  }
  if (e->flags.max_len <= 0)
    ff_logf("INFO: -max_len is not provided; libFuzzer will not generate inputs larger than %zu "
            "bytes\n",
            max_len);
  size_t total = 0;
  for (size_t i = 0; i < list.n; i++) total += list.v[i].size;
  if (list.n)
    ff_logf("INFO: seed corpus: files: %zu min: %zub max: %zub total: %zub rss: %zuMb\n", list.n,
            list.v[0].size, largest, total, ff_rss_mb());
  else
    ff_logf("INFO: A corpus is not provided, starting from an empty corpus\n");
  /* as libFuzzer: the empty input runs once before anything else (a target
   * that fails only on it is found); it is not kept, and its coverage is
   * cleared with the rest below */
  uint64_t empty_ns;
  static const uint8_t nothing = 0;
  ff_execute_checked(&nothing, 0, &empty_ns, true);
  e->counters.execs++;
  ff_cov_clear_counters();
  size_t loaded = run_files(e, &list, FF_FOUND_SEED, true);
  ff_corpus_files_free(&list);
  if (e->corpus.active == 0) {
    /* libFuzzer starts an empty corpus from a single newline, run as a seed */
    static const uint8_t newline = '\n';
    ff_engine_run(e, &newline, 1, FF_FOUND_SEED, false, true);
    if (e->corpus.active == 0) keep_as_only_entry(e, &newline, 1);
  }
  return loaded;
}

static void sync_shared_dir(ff_engine *e) {
  if (!e->corpus.dir) return;
  ff_corpus_file_list list = {0};
  ff_corpus_files_scan(e->corpus.dir, e->max_len, &list, e->known);
  ff_corpus_files_sort(&list);
  run_files(e, &list, FF_FOUND_SYNC, false);
  ff_corpus_files_free(&list);
}

/* errno of a corpus or stats write that failed (a full disk), or 0. */
static int write_error(const ff_engine *e) {
  return e->corpus.write_error ? e->corpus.write_error : e->stats.write_error;
}

static int limits_reached(const ff_engine *e) {
  if (write_error(e)) return 1; /* fuzzing on would find inputs it cannot keep */
  if (e->flags.runs >= 0 && e->counters.execs >= (uint64_t)e->flags.runs) return 1;
  return e->now_ns >= e->deadline_ns;
}

bool ff_fuzz_stop(const ff_engine *e) { return limits_reached(e) != 0; }

int ff_fuzz_exec(ff_engine *e, const uint8_t *data, size_t size, const char *ms) {
  int outcome = ff_engine_run(e, data, size, FF_FOUND_MUTATE, false, false);
  if (outcome != FF_RUN_NOTHING) report(e, outcome, size, ms);
  after_exec(e);
  return outcome;
}

static size_t make_mutant(ff_engine *e, size_t base_size, size_t max_size, int *found_by) {
  unsigned int seed = (unsigned int)ff_rng_next(&e->rng);
  bool custom_mut = ff_custom_has_mutator(), custom_cross = ff_custom_has_crossover();
  bool cross = e->corpus.active > 1 && ff_rng_below(&e->rng, FF_CROSSOVER_ONE_IN) == 0 &&
               (custom_cross || !custom_mut);
  const ff_entry *other = NULL;
  if (cross) {
    /* the scheduler's table is rebuilt between picks, not between mutants: an
     * entry retired by this pick's mutants may still be drawn; never use it */
    other = e->corpus.entries[ff_scheduler_pick(&e->sched, &e->corpus, &e->rng)];
    cross = !other->retired;
  }
  if (cross) {
    if (custom_cross) {
      *found_by = FF_FOUND_CUSTOM_CROSSOVER;
      size_t n = ff_custom_crossover(e->base_buf, base_size, other->data, other->size, e->mut_buf,
                                     max_size, seed);
      ff_cov_clear_counters(); /* the user's code is instrumented: its edges are not the mutant's */
      return n;
    }
    *found_by = FF_FOUND_CROSSOVER;
    return ff_crossover(e->mut, e->base_buf, base_size, other->data, other->size, e->mut_buf,
                        max_size);
  }
  memcpy(e->mut_buf, e->base_buf, base_size);
  if (custom_mut) {
    *found_by = FF_FOUND_CUSTOM;
    size_t n = ff_custom_mutate(e->mut_buf, base_size, max_size, seed);
    /* without this the mutator's edges counted as the mutant's: dns_wire kept
     * entries that replayed to 488 of its 857 edges (docs/measurements.md) */
    ff_cov_clear_counters();
    return n;
  }
  *found_by = FF_FOUND_MUTATE;
  return ff_mutate(e->mut, e->mut_buf, base_size, max_size);
}

static int fuzz_until_done(ff_engine *e);

static void control_length(ff_engine *e) {
  if (e->lim >= e->max_len) return;
  if (e->counters.execs - e->last_new_exec <= FF_LEN_CONTROL * log2_floor(e->lim)) return;
  size_t step = log2_floor(e->lim);
  e->lim += step ? step : 1;
  if (e->lim > e->max_len) e->lim = e->max_len;
  e->last_new_exec = e->counters.execs;
}

/* One run of the arithmetic solver stage (arith_solver.h). */
static int arith_run(ff_engine *e, const uint8_t *data, size_t size) {
  if (limits_reached(e)) return -1;
  int outcome = ff_engine_run(e, data, size, FF_FOUND_MUTATE, false, false);
  if (outcome != FF_RUN_NOTHING) report(e, outcome, size, "arith");
  after_exec(e);
  return outcome;
}

/* One scheduler pick: capture the entry's comparisons, then FF_ENERGY mutants. */
static void fuzz_one(ff_engine *e) {
  uint32_t id = ff_scheduler_pick(&e->sched, &e->corpus, &e->rng);
  const ff_entry *entry = e->corpus.entries[id];
  size_t base_size = entry->size;
  memcpy(e->base_buf, entry->data, base_size); /* the entry may be retired meanwhile */
  e->parent = -1; /* the re-run of the entry itself replaces nothing */
  {
    /* also with a custom mutator: its LLVMFuzzerMutate calls use the log too */
    ff_cmplog_reset(&ff_engine_cmplog);
    ff_cmplog_capture = true;
    int outcome = ff_engine_run(e, e->base_buf, base_size, FF_FOUND_MUTATE, false, false);
    ff_cmplog_capture = false;
    if (outcome != FF_RUN_NOTHING) report(e, outcome, base_size, "rerun");
    after_exec(e);
    e->parent = id;
    if (e->i2s && !limits_reached(e)) ff_i2s_stage_run(e->i2s, e, id, e->base_buf, base_size);
    ff_mutator_set_cmplog(e->mut, &ff_engine_cmplog);
  }
  /* at an entry's first picks, if it reaches an unsolved compare */
  if (e->arith)
    ff_arith_stage(e->arith, e, id, e->base_buf, base_size, e->counters.execs, arith_run);
  e->parent = id;
  size_t max_size = base_size > e->lim ? base_size : e->lim;
  if (max_size > e->max_len) max_size = e->max_len;
  for (int k = 0; k < FF_ENERGY && !limits_reached(e); k++) {
    int found_by;
    size_t size = make_mutant(e, base_size, max_size, &found_by);
    if (size > max_size) size = max_size;
    bool repaired = e->i2s && ff_i2s_stage_repair(e->i2s, e, e->mut_buf, size);
    size_t features_before = e->fb.features;
    int outcome = ff_engine_run(e, e->mut_buf, size, found_by, false, false);
    if (repaired)
      ff_i2s_stage_count(e->i2s, FF_STAGE_CHECKSUM, outcome, e->fb.features - features_before);
    bool ours = found_by == FF_FOUND_MUTATE || found_by == FF_FOUND_CROSSOVER;
    if (outcome != FF_RUN_NOTHING) {
      char ms[FF_MS_MAX];
      if (ours)
        ff_mutator_describe_last(e->mut, ms, sizeof ms);
      else
        snprintf(ms, sizeof ms, "%s", found_by_name[found_by]);
      report(e, outcome, size, ms);
    }
    if (ours) ff_mutator_feedback(e->mut, outcome != FF_RUN_NOTHING);
    after_exec(e);
  }
  e->parent = -1;
}

int ff_fuzz(ff_engine *e) {
  ff_i2s_stage stage;
  e->i2s = NULL;
  if (e->flags.i2s_transforms || e->flags.checksums) {
    if (ff_i2s_stage_init(&stage, e->max_len, e->flags.i2s_transforms, e->flags.checksums) != 0) {
      ff_logf("ERROR: out of memory\n");
      return 1;
    }
    e->i2s = &stage;
  }
  int rc = fuzz_until_done(e);
  if (e->i2s) ff_i2s_stage_free(e->i2s);
  e->i2s = NULL;
  return rc;
}

/* The loop of ff_fuzz, and its final lines. */
static int fuzz_until_done(ff_engine *e) {
  e->lim = e->corpus.max_size > 4 ? e->corpus.max_size : 4;
  if (e->lim > e->max_len) e->lim = e->max_len;
  status_line(e, "INITED", NULL);
  e->now_ns = ff_now_ns();
  if (e->flags.max_total_time > 0)
    e->deadline_ns = e->stats.start_ns + (uint64_t)e->flags.max_total_time * 1000000000ull;
  uint64_t next_sync = e->now_ns + FF_SYNC_EVERY_NS;
  if (e->flags.runs != 0) {
    while (!limits_reached(e)) {
      if (ff_scheduler_update(&e->sched, &e->corpus, &e->fb, e->counters.execs) != 0) {
        ff_logf("ERROR: out of memory\n");
        return 1;
      }
      fuzz_one(e);
      control_length(e);
      if (e->now_ns >= next_sync) {
        sync_shared_dir(e);
        next_sync = e->now_ns + FF_SYNC_EVERY_NS;
      }
    }
  }
  status_line(e, "DONE", NULL);
  uint64_t secs = (ff_now_ns() - e->stats.start_ns) / 1000000000ull;
  ff_logf("Done %" PRIu64 " runs in %" PRIu64 " second(s)\n", e->counters.execs, secs);
  ff_stats_view v = ff_engine_stats_view(e);
  ff_stats_write_files(&e->stats, &v, ff_now_ns());
  ff_stats_print_final(&e->stats, &v);
  if (e->stats.print_final && e->i2s) ff_i2s_stage_print(e->i2s);
  if (write_error(e)) {
    ff_logf("ERROR: fuzzing stopped: a file could not be written (%s); every input kept so far is "
            "on disk, nothing was deleted without its replacement\n",
            strerror(write_error(e)));
    return 1;
  }
  return 0;
}
