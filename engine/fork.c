/* Fork mode, the parent (see fork.h): keeps the jobs running, merges what
 * each found, counts runs and failures, decides when to stop. */
#define _GNU_SOURCE /* mkdtemp */
#include "fork.h"

#include <errno.h>
#include <inttypes.h>
#include <libgen.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "artifact.h"
#include "corpus_files.h"
#include "coverage.h"
#include "executor.h"
#include "fileio.h"
#include "fork_failure.h"
#include "fork_job.h"
#include "globals.h"
#include "log.h"
#include "merge.h"
#include "value_profile.h"

#define FORK_MERGE_MAX_LEN (1u << 20) /* as -merge=1 without -max_len */
#define FORK_JOB_MAX_SECONDS 300      /* libFuzzer's: job n fuzzes min(300, n) seconds */
#define FORK_LOG_MAX (64u << 20)
#define FORK_POLL_NS 20000000L
#define FORK_STATUS_POLLS 50 /* whole-corpus jobs' status lines: passed on every second */

/* Set by SIGINT/SIGTERM; the loop kills the jobs and exits. */
static volatile sig_atomic_t interrupted;

static void on_interrupt(int sig) {
  (void)sig;
  interrupted = 1;
}

typedef struct fork_state {
  ff_engine *e;
  const ff_flags *f;
  const char *argv0;
  ff_fork_job_fn job_fn;
  char temp[4096];     /* made by the engine, removed at exit */
  const char *corpus;  /* where merged finds go: the first corpus dir, or temp/C */
  char temp_corpus[4200];
  char **files;        /* inputs jobs draw seeds from, in the order they were kept */
  size_t file_count, file_cap, corpus_bytes;
  ff_merge_cover cover;
  ff_rng rng;
  ff_fork_signatures sigs;
  ff_fork_job *jobs;
  long next_id;
  uint64_t runs_done;     /* the ended jobs' executions */
  long long runs_pending; /* -runs given to the running jobs */
  uint64_t ooms, timeouts, crashes;
  uint64_t deadline_ns;   /* -max_total_time, or UINT64_MAX */
  ff_stats stats;
  ff_counters counters;   /* for the stats files: the runs, the inputs merged in */
} fork_state;

static void add_file(fork_state *s, const char *path, size_t size) {
  if (s->file_count == s->file_cap) {
    size_t cap = s->file_cap ? s->file_cap * 2 : 64;
    char **grown = realloc(s->files, cap * sizeof *grown);
    if (!grown) return;
    s->files = grown;
    s->file_cap = cap;
  }
  char *copy = strdup(path);
  if (!copy) return;
  s->files[s->file_count++] = copy;
  s->corpus_bytes += size;
}

static size_t file_size(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 ? (size_t)st.st_size : 0;
}

/* ff_merge_select's keep for the first merge: the seed is used where it is. */
static int keep_seed(const char *path, void *ctx) {
  add_file(ctx, path, file_size(path));
  return 0;
}

/* ff_merge_select's keep for a job's find: copied into the corpus. */
static int keep_find(const char *path, void *ctx) {
  fork_state *s = ctx;
  uint8_t *data;
  size_t len;
  char err[256], name[FF_SHA1_HEX_LEN + 1], kept[4200];
  if (ff_read_file(path, s->e->max_len, &data, &len, err, sizeof err) != 0) {
    ff_logf("skipping %s: %s\n", path, err);
    return 1;
  }
  int rc = ff_write_content_addressed(s->corpus, "", data, len, name, sizeof name);
  free(data);
  if (rc < 0) {
    ff_logf("ERROR: -fork: cannot write into %s: %s\n", s->corpus, strerror(errno));
    return -1;
  }
  snprintf(kept, sizeof kept, "%s/%s", s->corpus, name);
  add_file(s, kept, len);
  s->counters.new_units++;
  s->counters.last_new_ns = ff_now_ns();
  return 0;
}

/* Merges the files under dirs into the kept inputs (skipping unusable ones,
 * reported) with the control file at control. Returns 0 or -1 (reported). */
static int merge_dirs(fork_state *s, char *const *dirs, size_t ndirs, const char *control,
                      int (*keep)(const char *, void *)) {
  ff_corpus_file_list list = {0};
  for (size_t i = 0; i < ndirs; i++) ff_corpus_files_scan(dirs[i], s->e->max_len, &list, NULL);
  ff_corpus_files_sort(&list);
  int rc = 0;
  if (list.n) {
    char **paths = malloc(list.n * sizeof *paths);
    ff_merge_control c;
    rc = -1;
    if (paths) {
      for (size_t i = 0; i < list.n; i++) paths[i] = list.v[i].path;
      int verbose = s->f->verbosity >= 2;
      if (ff_merge_run(s->e, paths, list.n, 0, control, verbose, &c) == 0) {
        ff_merge_added added;
        rc = ff_merge_select(&c, &s->cover, keep, s, &added);
        ff_merge_control_free(&c);
      }
      free(paths);
    }
    unlink(control);
  }
  ff_corpus_files_free(&list);
  return rc;
}

static uint64_t seconds_since_start(const fork_state *s) {
  return (ff_now_ns() - s->stats.start_ns) / 1000000000ull;
}

/* libFuzzer's skew: later (newer) inputs are drawn more often. */
static size_t skew_towards_last(ff_rng *rng, size_t n) {
  size_t k = (size_t)ff_rng_below(rng, n);
  return n - 1 - (size_t)ff_rng_below(rng, k + 1);
}

/* The -runs of the next job, or 0 when the -runs budget allows none. */
static long long next_job_runs(const fork_state *s, long long running) {
  long long per_job = s->f->fork_job_runs > 0 ? s->f->fork_job_runs : -1;
  if (s->f->runs < 0) return per_job;
  long long left = s->f->runs - (long long)s->runs_done - s->runs_pending;
  if (left <= 0) return 0;
  if (per_job < 0) { /* time-bound jobs share what is left */
    long long slots = s->f->fork - running;
    per_job = (left + slots - 1) / slots;
  }
  return per_job < left ? per_job : left;
}

/* One job at a time (-fork=1) has no sibling to share its finds with, so the
 * short jobs from small corpus subsets of libFuzzer's policy (there so that
 * parallel jobs merge often) only cost: each job re-runs its seeds and
 * re-finds what the corpus already has. Such a job starts from the whole
 * corpus and fuzzes until the parent's time is up or it fails (a crash, a
 * timeout, an OOM); the next one starts from the corpus with its finds.
 * Measured on libxml2: docs/measurements.md, "Fork mode with one job". */
static bool whole_corpus_jobs(const fork_state *s) {
  return s->f->fork == 1 && s->f->fork_job_runs <= 0;
}

/* The -max_total_time of job id: 0 (none) or at least 1; -1 when the
 * parent's time is up. */
static long long next_job_seconds(const fork_state *s, long id) {
  long long secs = 0;
  if (s->f->fork_job_runs <= 0 && !whole_corpus_jobs(s))
    secs = id < FORK_JOB_MAX_SECONDS ? id : FORK_JOB_MAX_SECONDS;
  if (s->deadline_ns == UINT64_MAX) return secs;
  uint64_t now = ff_now_ns();
  if (now + 1000000000ull > s->deadline_ns) return -1;
  long long left = (long long)((s->deadline_ns - now) / 1000000000ull);
  return secs == 0 || left < secs ? left : secs;
}

/* Starts a job in slot; returns 1 started, 0 when the limits allow none, -1 error. */
static int start_job(fork_state *s, ff_fork_job *slot, long long running) {
  long long runs = next_job_runs(s, running);
  long id = s->next_id;
  long long secs = next_job_seconds(s, id);
  if (runs == 0 || secs < 0) return 0;
  bool whole = whole_corpus_jobs(s);
  size_t subset = whole ? 0 : (size_t)sqrt((double)s->file_count + 2);
  if (subset > s->file_count) subset = s->file_count;
  char **seeds = calloc(subset ? subset : 1, sizeof *seeds);
  if (!seeds) return -1;
  for (size_t i = 0; i < subset; i++) seeds[i] = s->files[skew_towards_last(&s->rng, s->file_count)];
  ff_fork_job_plan plan = {.seeds = seeds,
                           .seed_count = subset,
                           .runs = runs,
                           .seconds = secs,
                           .seed = (long long)(ff_rng_next(&s->rng) & 0x7fffffff) + 1};
  /* a whole-corpus job reads the kept inputs where they are: the corpus
   * (finds) and the input directories (seeds are kept in place); a link per
   * input cost a crash-prone target more system time than fuzzing */
  char *corpus_only[1] = {(char *)s->corpus};
  if (whole) {
    plan.seed_dirs = s->f->input_count ? s->f->inputs : corpus_only;
    plan.seed_dir_count = s->f->input_count ? (size_t)s->f->input_count : 1;
  }
  if (s->f->seed) plan.seed = s->f->seed + id;
  slot->id = id;
  snprintf(slot->dir, sizeof slot->dir, "%s/J%ld", s->temp, id);
  int rc = ff_fork_job_start(slot, &plan, s->e, s->argv0, s->job_fn);
  free(seeds);
  if (rc != 0) return -1;
  s->next_id++;
  if (runs > 0) s->runs_pending += runs;
  if (s->f->verbosity >= 2)
    ff_logf("INFO: job %ld started: pid %ld, %zu seed(s), runs %lld, %llds%s\n", id,
            (long)slot->pid, whole ? s->file_count : subset, runs, secs,
            whole ? ", seeds read in place" : "");
  return 1;
}

static uint64_t stat_value(const char *log, const char *name) {
  const char *p = strstr(log, name);
  return p ? strtoull(p + strlen(name), NULL, 10) : 0;
}

/* The parent's numbers through stats.h: the stats files, and with final the
 * -print_final_stats lines too. */
static void report_stats(fork_state *s, bool final) {
  ff_feedback fb = {.edges = s->cover.edge_count, .features = s->cover.feature_count};
  ff_corpus corpus = {.active = s->file_count, .active_bytes = s->corpus_bytes};
  s->counters.execs = s->runs_done;
  ff_stats_view v = {.counters = &s->counters, .fb = &fb, .corpus = &corpus};
  ff_stats_write_files(&s->stats, &v, ff_now_ns());
  if (final) ff_stats_print_final(&s->stats, &v);
}

/* Prints text of any length (ff_logf formats at most a few Kb at once). */
static void print_text(const char *text) {
  for (size_t left = strlen(text); left > 0;) {
    int n = left > 2048 ? 2048 : (int)left;
    ff_logf("%.*s", n, text);
    text += n;
    left -= (size_t)n;
  }
}

/* A whole-corpus job's status line in the parent's stats files (at most every
 * -stats_interval): the job has run the whole corpus, so its edges, features
 * and corpus are the run's; its executions add to the ended jobs'. */
static void report_job_status(fork_state *s, const char *line) {
  unsigned long long runs;
  const char *cov = strstr(line, " cov: "), *ft = strstr(line, " ft: "), *corp = strstr(line, " corp: ");
  if (sscanf(line, "#%llu", &runs) != 1 || !cov || !ft || !corp) return;
  uint64_t now = ff_now_ns();
  if (now < s->stats.next_file_ns) return;
  ff_feedback fb = {.edges = strtoull(cov + 6, NULL, 10), .features = strtoull(ft + 5, NULL, 10)};
  ff_corpus corpus = {.active = strtoull(corp + 7, NULL, 10), .active_bytes = s->corpus_bytes};
  ff_counters counters = s->counters;
  counters.execs = s->runs_done + runs;
  ff_stats_view v = {.counters = &counters, .fb = &fb, .corpus = &corpus};
  ff_stats_write_files(&s->stats, &v, now);
}

/* A whole-corpus job reports only when it ends: meanwhile its status lines
 * (those starting with '#') are passed on from its log as they come, so a
 * long -fork=1 run shows its progress as an in-process run does, and the
 * latest goes to the stats files. */
static void pass_on_status(fork_state *s, ff_fork_job *job) {
  char path[4200], buf[8192];
  ff_fork_job_path(job, "log", path, sizeof path);
  FILE *in = fopen(path, "r");
  if (!in) return;
  char latest[sizeof buf] = "";
  if (fseek(in, job->log_shown, SEEK_SET) == 0) {
    bool rest_of_long_line = false;
    while (fgets(buf, sizeof buf, in)) {
      size_t n = strlen(buf);
      bool whole_line = buf[n - 1] == '\n';
      if (!whole_line && n < sizeof buf - 1) break; /* a line still being written: next time */
      job->log_shown += (long)n;
      bool skip = rest_of_long_line || !whole_line || buf[0] != '#'; /* status lines are short */
      rest_of_long_line = !whole_line;
      if (skip) continue;
      ff_logf("%s", buf);
      memcpy(latest, buf, n + 1);
    }
  }
  fclose(in);
  if (latest[0]) report_job_status(s, latest);
}

/* Merges what a job found (its corpus dir) into the corpus. */
static void merge_finds(fork_state *s, ff_fork_job *job) {
  char corpus[4200], control[4200];
  char *dirs[1] = {corpus};
  ff_fork_job_path(job, "C", corpus, sizeof corpus);
  ff_fork_job_path(job, "merge.txt", control, sizeof control);
  merge_dirs(s, dirs, 1, control, keep_find);
}

/* Counts an ended job's runs and failure, merges its finds. Returns the
 * exit code to stop with, or -1 to go on. */
static int job_ended(fork_state *s, ff_fork_job *job, int status) {
  int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  char path[4200];
  uint8_t *log = NULL;
  size_t log_len;
  char err[256];
  ff_fork_job_path(job, "log", path, sizeof path);
  if (ff_read_file(path, FORK_LOG_MAX, &log, &log_len, err, sizeof err) != 0) log = NULL;
  const char *text = log ? (const char *)log : "";
  const char *runs_stat = strstr(text, "stat::number_of_executed_units:");
  /* a job killed before its final stats counts its whole -runs */
  s->runs_done += runs_stat ? stat_value(text, "stat::number_of_executed_units:")
                            : (job->runs > 0 ? (uint64_t)job->runs : 0);
  if (job->runs > 0) s->runs_pending -= job->runs;
  if (whole_corpus_jobs(s)) pass_on_status(s, job); /* the lines since the last poll */
  merge_finds(s, job);
  int stop = -1, kind = ff_fork_kind_of(s->f, code);
  if (kind == FF_FORK_INTERRUPT) {
    ff_logf("==%ld== libFuzzer: a child was interrupted; exiting\n", (long)getpid());
    stop = code;
  } else if (kind != FF_FORK_OK) {
    const char *artifact = ff_fork_keep_artifact(&s->sigs, job->id, job->dir, text, status);
    ff_stats_record_failure(&s->stats, artifact);
    bool ignored = (kind == FF_FORK_TIMEOUT && s->f->ignore_timeouts) ||
                   (kind == FF_FORK_OOM && s->f->ignore_ooms) ||
                   (kind == FF_FORK_CRASH && s->f->ignore_crashes);
    if (kind == FF_FORK_TIMEOUT) s->timeouts++;
    if (kind == FF_FORK_OOM) s->ooms++;
    if (kind == FF_FORK_CRASH) s->crashes++;
    if (ignored) {
      ff_fork_print_error_lines(text);
    } else {
      ff_logf("INFO: log from the inner process:\n");
      print_text(text);
      stop = code;
    }
  }
  ff_logf("#%" PRIu64 ": cov: %zu ft: %zu corp: %zu exec/s: %" PRIu64
          " oom/timeout/crash: %" PRIu64 "/%" PRIu64 "/%" PRIu64 " time: %" PRIu64 "s job: %ld\n",
          s->runs_done, s->cover.edge_count, s->cover.feature_count, s->file_count,
          stat_value(text, "stat::average_exec_per_sec:"), s->ooms, s->timeouts, s->crashes,
          seconds_since_start(s), job->id);
  report_stats(s, false);
  free(log);
  ff_fork_remove_tree(job->dir);
  job->pid = 0;
  return stop;
}

/* Kills the running jobs, merging what they found first: a stopped or
 * interrupted run keeps its finds (a whole-corpus job may have fuzzed for
 * hours). */
static void kill_jobs(fork_state *s) {
  for (long long i = 0; i < s->f->fork; i++) {
    if (!s->jobs[i].pid) continue;
    ff_fork_job_kill(&s->jobs[i]);
    merge_finds(s, &s->jobs[i]);
    ff_fork_remove_tree(s->jobs[i].dir);
  }
}

/* Waits until a job ends or the process is interrupted; returns the slot
 * of the job that ended (its status in *status), or -1 when interrupted. */
static long long wait_job(fork_state *s, int *status) {
  for (unsigned polls = 0;;) {
    if (interrupted) return -1;
    for (long long i = 0; i < s->f->fork; i++) {
      if (!s->jobs[i].pid) continue;
      siginfo_t info;
      memset(&info, 0, sizeof info);
      if (waitid(P_PID, (id_t)s->jobs[i].pid, &info, WEXITED | WNOHANG | WNOWAIT) != 0 ||
          info.si_pid != s->jobs[i].pid)
        continue;
      /* ended but not reaped, so its pid and group are still its own: what it
       * left running (a symbolizer) goes with it */
      kill(-s->jobs[i].pid, SIGKILL);
      while (waitpid(s->jobs[i].pid, status, 0) < 0 && errno == EINTR) {
      }
      return i;
    }
    if (whole_corpus_jobs(s) && ++polls % FORK_STATUS_POLLS == 0)
      for (long long i = 0; i < s->f->fork; i++)
        if (s->jobs[i].pid) pass_on_status(s, &s->jobs[i]);
    struct timespec ts = {0, FORK_POLL_NS};
    nanosleep(&ts, NULL);
  }
}

/* Keeps the jobs going until a limit or a failure that is not ignored;
 * returns the exit code. */
static int run_jobs(fork_state *s) {
  int stop = -1;
  for (;;) {
    long long running = 0;
    for (long long i = 0; i < s->f->fork; i++) running += s->jobs[i].pid != 0;
    /* a free slot gets a job unless a limit says no (the running jobs then
     * end by their own limits; one that ends early may leave -runs for another) */
    for (long long i = 0; i < s->f->fork && stop < 0; i++) {
      if (s->jobs[i].pid) continue;
      int rc = start_job(s, &s->jobs[i], running);
      if (rc < 0) stop = 1;
      if (rc <= 0) break;
      running++;
    }
    if (stop >= 0) {
      kill_jobs(s);
      break;
    }
    if (running == 0) break;
    int status;
    long long slot = wait_job(s, &status);
    if (slot < 0) {
      kill_jobs(s);
      ff_logf("==%ld== libFuzzer: run interrupted; exiting\n", (long)getpid());
      return ff_exit_code.interrupt;
    }
    int rc = job_ended(s, &s->jobs[slot], status);
    if (rc >= 0) {
      stop = rc;
      kill_jobs(s);
      break;
    }
  }
  if (stop < 0) {
    stop = 0;
    if (s->f->runs >= 0)
      ff_logf("INFO: fuzzed for %" PRIu64 " iterations, wrapping up soon\n", s->runs_done);
    else if (s->deadline_ns != UINT64_MAX)
      ff_logf("INFO: fuzzed for %" PRIu64 " seconds, wrapping up soon\n", seconds_since_start(s));
  }
  return stop;
}

/* The parent's state, the temporary directory and the first merge. Returns 0 or -1. */
static int prepare(fork_state *s) {
  const ff_flags *f = s->f;
  const char *tmp = getenv("TMPDIR");
  snprintf(s->temp, sizeof s->temp, "%s/formfuzz-fork-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp(s->temp)) {
    ff_logf("ERROR: -fork: cannot make a temporary directory %s: %s\n", s->temp, strerror(errno));
    s->temp[0] = '\0';
    return -1;
  }
  s->corpus = f->input_count ? f->inputs[0] : s->temp_corpus;
  snprintf(s->temp_corpus, sizeof s->temp_corpus, "%s/C", s->temp);
  if (!f->input_count && mkdir(s->temp_corpus, 0700) != 0) return -1;
  size_t cap = f->max_len > 0 ? (size_t)f->max_len : FORK_MERGE_MAX_LEN;
  size_t counters = ff_cov.total_counters;
  ff_vp_on = false; /* the parent merges: edges and their buckets only */
  if (ff_feature_list_init(&s->e->run, counters ? counters : 1) != 0 ||
      ff_engine_set_max_len(s->e, cap) != 0 ||
      ff_merge_cover_init(&s->cover, counters * FF_BUCKETS, counters) != 0 ||
      !(s->jobs = calloc((size_t)f->fork, sizeof *s->jobs))) {
    ff_logf("ERROR: out of memory\n");
    return -1;
  }
  char control[4200];
  snprintf(control, sizeof control, "%s/merge.txt", s->temp);
  if (f->input_count && merge_dirs(s, f->inputs, f->input_count, control, keep_seed) != 0) return -1;
  ff_logf("INFO: -fork=%lld: %zu seed inputs, starting to fuzz in %s\n", f->fork, s->file_count,
          s->temp);
  return 0;
}

static void install_interrupt_handlers(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_interrupt;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
}

int ff_fork_fuzz(ff_engine *e, const char *argv0, ff_fork_job_fn job_fn) {
  static fork_state state; /* static: LeakSanitizer sees it as reachable */
  fork_state *s = &state;
  const ff_flags *f = &e->flags;
  s->e = e;
  s->f = f;
  s->argv0 = argv0;
  s->job_fn = job_fn;
  s->next_id = 1;
  ff_logf("INFO: -fork=%lld: fuzzing in separate process(s)\n", f->fork);
  uint64_t seed = f->seed ? (uint64_t)f->seed
                          : ((uint64_t)time(NULL) * 1000003u) ^ ((uint64_t)getpid() << 16);
  ff_logf("INFO: Seed: %llu\n", (unsigned long long)(seed & 0xffffffffu));
  ff_rng_seed(&s->rng, seed ^ 0xf0f0f0f0f0ULL);
  ff_exit_code.error = (int)f->error_exitcode;
  ff_exit_code.timeout = (int)f->timeout_exitcode;
  ff_artifact_configure(f->artifact_prefix, f->exact_artifact_path, true);
  install_interrupt_handlers();
  char *name_copy = strdup(argv0);
  if (ff_stats_init(&s->stats, name_copy ? basename(name_copy) : argv0, f->stats_json,
                    f->stats_csv, f->stats_interval, (int)f->print_final_stats) != 0)
    return 1;
  s->deadline_ns = f->max_total_time > 0
                       ? s->stats.start_ns + (uint64_t)f->max_total_time * 1000000000ull
                       : UINT64_MAX;
  int rc = 1;
  if (prepare(s) == 0) rc = interrupted ? ff_exit_code.interrupt : run_jobs(s);
  report_stats(s, true);
  ff_logf("INFO: exiting: %d time: %" PRIu64 "s\n", rc, seconds_since_start(s));
  if (s->temp[0]) ff_fork_remove_tree(s->temp);
  return rc;
}
