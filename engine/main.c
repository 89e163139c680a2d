/* The engine's main(): linked whole-archive into a libFuzzer-ABI harness.
 * Parses the libFuzzer-style command line, sets up the failure handlers, and
 * runs one mode: -jobs (parallel children), -minimize_crash, replay of files,
 * -merge, -fork (fork.h), or fuzzing of corpus directories. */
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "artifact.h"
#include "binary_tokens.h"
#include "coverage.h"
#include "custom_mutator.h"
#include "engine.h"
#include "executor.h"
#include "exit_guard.h"
#include "fatal.h"
#include "fork.h"
#include "fuzz_loop.h"
#include "globals.h"
#include "jobs.h"
#include "leak.h"
#include "log.h"
#include "merge.h"
#include "minimize.h"
#include "replay.h"
#include "signals.h"
#include "slow_paths.h"
#include "stats.h"
#include "value_profile.h"
#include "watchdog.h"

__attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv);

/* The process's engine (globals.h): static so LeakSanitizer sees the corpus
 * as reachable at exit; the fatal path's hook gets a pointer to it. */
static ff_engine engine;

/* The fatal path's hook (fatal.h): count the failure, write the stats files
 * and print the final stats of the engine ctx points to. */
static void on_failure(const char *kind, void *ctx) {
  ff_engine *e = ctx;
  ff_stats_view v = ff_engine_stats_view(e);
  ff_stats_record_failure(&e->stats, kind);
  ff_stats_write_files(&e->stats, &v, ff_now_ns());
  ff_stats_print_final(&e->stats, &v);
}

static int is_dir(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int is_file(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static int all_inputs_are_files(const ff_flags *f) {
  if (f->input_count == 0) return 0;
  for (size_t i = 0; i < f->input_count; i++)
    if (!is_file(f->inputs[i])) return 0;
  return 1;
}

static int setup(ff_engine *e, const char *argv0, int replaying) {
  ff_flags *f = &e->flags;
  ff_exit_code.error = (int)f->error_exitcode;
  ff_exit_code.timeout = (int)f->timeout_exitcode;
  ff_artifact_configure(f->artifact_prefix, f->exact_artifact_path, !replaying);
  uint64_t seed = f->seed ? (uint64_t)f->seed
                          : ((uint64_t)time(NULL) * 1000003u) ^ ((uint64_t)getpid() << 16);
  seed &= 0xffffffffu;
  ff_logf("INFO: Seed: %llu\n", (unsigned long long)seed);
  ff_logf("INFO: Loaded %zu modules   (%zu inline 8-bit counters)\n", ff_cov.module_count,
          ff_cov.total_counters);
  ff_logf("INFO: Loaded %zu PC tables\n", ff_cov.pc_table_count);
  char *name_copy = strdup(argv0);
  const char *fuzzer = name_copy ? basename(name_copy) : argv0;
  if (ff_stats_init(&e->stats, fuzzer, f->stats_json, f->stats_csv, f->stats_interval,
                    (int)f->print_final_stats))
    return -1;
  ff_fatal_set_hook(on_failure, e);
  ff_signals_install();
  ff_exit_guard_install();
  /* the modes that fork run their inputs in children, which watch their own RSS;
   * the parent must stay single-threaded (child.h) */
  int forks_children = f->merge || f->minimize_crash;
  if (ff_watchdog_start(f->timeout, forks_children ? 0 : f->rss_limit_mb) != 0) {
    ff_logf("ERROR: cannot start the timeout/rss watchdog\n");
    return -1;
  }
  long long malloc_limit = f->malloc_limit_mb ? f->malloc_limit_mb : f->rss_limit_mb;
  ff_malloc_hooks_install(f->detect_leaks != 0, malloc_limit);
  const char *corpus_dir = (!replaying && f->input_count > 0) ? f->inputs[0] : NULL;
  /* value profile features in the fuzzing mode only: a merge's control file
   * and a replay report edges and their buckets */
  ff_vp_on = f->use_value_profile && !replaying && !f->merge;
  ff_slow_on = f->slow_paths && !replaying && !f->merge;
  if (ff_engine_init(e, corpus_dir) != 0) {
    ff_logf("ERROR: out of memory\n");
    return -1;
  }
  ff_rng_seed(&e->rng, seed ^ 0x5eed5eed5eedULL);
  e->mut = ff_mutator_new(seed);
  if (!e->mut) {
    ff_logf("ERROR: out of memory\n");
    return -1;
  }
  ff_custom_set_mutator(e->mut);
  if (f->arith_solve && !replaying && !f->merge) {
    e->arith = ff_arith_new(seed);
    if (!e->arith) {
      ff_logf("ERROR: out of memory\n");
      return -1;
    }
  }
  if (f->binary_tokens && !replaying && !f->merge) {
    /* into the user dictionary (dict_user), beside the -dict= entries: a
     * separate operator would change every seeded run's draws, flag or not */
    ff_dict *d = ff_mutator_user_dict(e->mut);
    size_t before = d->n;
    size_t n = ff_binary_tokens_collect(d, before + FF_BINARY_TOKENS_CAP);
    ff_logf("INFO: %zu tokens from the program's string tables\n", n);
    for (size_t i = before; f->verbosity >= 2 && i < d->n; i++)
      ff_logf("INFO: token \"%.*s\"\n", (int)d->e[i].len, (const char *)d->e[i].data);
  }
  if (f->dict) {
    char err[512];
    int n = ff_dict_load(ff_mutator_user_dict(e->mut), f->dict, err, sizeof err);
    if (n < 0) {
      ff_logf("ERROR: -dict=%s: %s\n", f->dict, err);
      return -1;
    }
    ff_logf("Dictionary: %d entries\n", n);
  }
  return 0;
}

/* The fuzzing mode: also what each -fork job runs, with the job's flags. */
static int fuzz(ff_engine *e, const char *argv0) {
  if (setup(e, argv0, 0) != 0) return 1;
  ff_load_corpus(e, e->flags.inputs, e->flags.input_count);
  return ff_fuzz(e);
}

int main(int argc, char **argv) {
  if (LLVMFuzzerInitialize) LLVMFuzzerInitialize(&argc, &argv);
  ff_engine *e = &engine;
  ff_flags *f = &e->flags;
  ff_flags_defaults(f);
  char err[512];
  if (ff_flags_parse(f, argc, argv, err, sizeof err) != 0) {
    fprintf(stderr, "ERROR: %s\n", err);
    return 1;
  }
  if (f->help) {
    ff_flags_print_help(stdout, argv[0]);
    return 0;
  }
  if (f->jobs > 0 && !f->merge && !f->minimize_crash) return ff_jobs_run(f, argc, argv);
  ff_log_init((int)f->close_fd_mask);
  int replaying = f->minimize_crash || (!f->merge && all_inputs_are_files(f));
  if (!replaying) {
    for (size_t i = 0; i < f->input_count; i++) {
      if (!is_dir(f->inputs[i])) {
        ff_logf("ERROR: The required directory \"%s\" does not exist\n", f->inputs[i]);
        return 1;
      }
    }
  }
  if (f->fork > 0 && !replaying && !f->merge) exit(ff_fork_fuzz(e, argv[0], fuzz));
  if (!replaying && !f->merge) exit(fuzz(e, argv[0]));
  if (setup(e, argv[0], replaying && !f->minimize_crash) != 0) return 1;
  int rc;
  if (f->minimize_crash)
    rc = ff_minimize_crash(e);
  else if (replaying)
    rc = ff_replay(e);
  else
    rc = ff_merge(e);
  exit(rc);
}
