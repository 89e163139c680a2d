/* `formfuzz campaign`: every fuzzer of the manifests (or --fuzzers a,b) under
 * one budget, shared by one of two schedules:
 * - bandit (the default): the budget is cut into slices (seconds, or
 *   executions with --runs); each round the --jobs workers' slices go to the
 *   fuzzers the bandit of campaign_schedule.h picks from their risk and their
 *   recent growth and crashes. Workers given to the same fuzzer in a round run
 *   as one engine session with that many jobs on its one corpus (the engine's
 *   -jobs sharing the corpus directory, AFL++'s -M/-S sync layout).
 * - equal: each fuzzer gets an equal share (time: budget * jobs / fuzzers
 *   worker-seconds; or --runs executions), --jobs workers at once, in manifest
 *   order; when fewer fuzzers are left than idle workers the last ones get
 *   several workers each (their share in fewer wall seconds), so the campaign
 *   ends within its budget.
 * A crash ends that fuzzer's process; the campaign records the artifact and
 * restarts it from its corpus until its share (or slice) is used (not when the
 * same input crashes again: no new artifact). Corpora and stats.csv under
 * <out>/<fuzzer>/ are kept, so a second campaign resumes. Ends with a summary
 * table and <out>/campaign.json; SIGINT/SIGTERM/SIGHUP stop the children and
 * still write both. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "campaign_result.h"
#include "campaign_schedule.h"
#include "command.h"
#include "corpus_set.h"
#include "engine_session.h"
#include "fuzz_options.h"
#include "fuzzer_binary.h"
#include "manifest.h"
#include "monitor_export.h"
#include "options.h"
#include "out_lock.h"
#include "out_root.h"
#include "progress.h"
#include "regression.h"
#include "stop_signal.h"

#define MIN_RESTART_S 1.0
#define SLICES_PER_FUZZER 4 /* the default slice: the budget over fuzzers x this */
#define SLICE_MIN_S 5.0 /* a start reloads the whole corpus: shorter slices would mostly reload */
#define AFL_SLICE_MIN_S 30.0 /* afl-fuzz calibrates its queue for seconds at every start */
#define SLICE_MAX_S 60.0

typedef enum { PENDING, RUNNING, DONE } slot_state;

typedef struct campaign_fuzzer {
  const ff_fuzzer_info *info;
  char binary[4400];
  ff_fuzzer_out paths;
  ff_session session;
  slot_state state;
  uint64_t execs_at_start; /* cumulative execs before this campaign */
  double used_s;
  uint64_t used_runs;
  double allow_s;    /* it may run until used_s reaches this (0: no time limit) */
  uint64_t allow_runs; /* ... and used_runs this (0: no execution limit) */
  unsigned workers;  /* engine jobs of its session (bandit: the workers given this round) */
  long seed;         /* passed to its engine */
  uint64_t round_features, round_crashes; /* bandit: its numbers when the round began */
  ff_campaign_fuzzer *result;
} campaign_fuzzer;

typedef struct campaign {
  const char *engine;
  bool bandit;       /* --schedule bandit (else equal) */
  double t0;         /* ff_now() at the start */
  long jobs, seed, log_max_mb;
  char *const *extra;
  int extra_count;
  campaign_fuzzer *fuzzers;
  size_t count, running, done;
} campaign;

static int start(campaign *c, campaign_fuzzer *f) {
  ff_session_config cfg = {
      .engine = c->engine, .binary = f->binary, .fuzzer = f->info, .out = &f->paths,
      .time_s = f->allow_s > 0 ? f->allow_s - f->used_s : 0,
      /* per engine job: the jobs of one session together run what is left */
      .runs = f->allow_runs > 0 ? (long)((f->allow_runs - f->used_runs + f->workers - 1) / f->workers) : 0,
      .jobs = f->workers, .seed = f->seed, .extra = c->extra, .extra_count = c->extra_count,
      .log_max_mb = c->log_max_mb, .who = "formfuzz campaign"};
  char err[512];
  if (ff_session_start(&f->session, &cfg, err, sizeof err) != 0) {
    snprintf(f->result->problem, sizeof f->result->problem, "%.200s", err);
    f->state = DONE;
    c->done++;
    return -1;
  }
  f->state = RUNNING;
  c->running++;
  return 0;
}

static bool share_left(const campaign_fuzzer *f) {
  if (f->allow_s > 0 && f->allow_s - f->used_s < MIN_RESTART_S) return false;
  if (f->allow_runs > 0 && f->used_runs >= f->allow_runs) return false;
  return true;
}

/* Executions of every fuzzer during this campaign (running ones: their latest numbers). */
static uint64_t campaign_execs(const campaign *c) {
  uint64_t execs = 0;
  for (size_t i = 0; i < c->count; i++) {
    const campaign_fuzzer *f = &c->fuzzers[i];
    uint64_t total = f->state == RUNNING ? f->session.now.execs : f->result->stats.execs;
    execs += total > f->execs_at_start ? total - f->execs_at_start : 0;
  }
  return execs;
}

/* A process ended: account for it, then restart or retire the fuzzer. */
static void ended(campaign *c, campaign_fuzzer *f, const ff_exit *e, bool stopping) {
  ff_campaign_fuzzer *r = f->result;
  ff_path_list found = {0};
  ff_session_finish(&f->session, &found);
  double took = ff_now() - f->session.started;
  uint64_t before = f->session.base.execs, now = f->session.now.execs;
  f->used_s += took;
  f->used_runs += now > before ? now - before : 0;
  r->time_s += took;
  r->cpu_s += ff_session_cpu_s(&f->session);
  r->stats = f->session.now;
  r->execs_campaign = now > f->execs_at_start ? now - f->execs_at_start : 0;
  for (size_t i = 0; i < found.count; i++) ff_path_list_add(&r->artifacts, found.paths[i]);
  r->crashes += found.count;
  c->running--;
  bool crashed = found.count > 0;
  if (crashed && !r->crashed) { /* when, in this campaign, its first crash was recorded */
    r->crashed = true;
    r->first_crash_s = ff_now() - c->t0;
    r->first_crash_execs = campaign_execs(c);
  }
  bool same_crash_again = !crashed && f->session.artifacts_rewritten > 0;
  if (!crashed && !same_crash_again && !e->timed_out && !stopping && (e->code != 0 || e->signal)) {
    char how[64];
    ff_exit_describe(e, how, sizeof how);
    ff_session_print_errors(&f->session);
    snprintf(r->problem, sizeof r->problem, "engine failed (%s); see %.150s", how, f->paths.log);
    fprintf(stderr, "formfuzz campaign: %s: %s\n", f->info->name, r->problem);
  }
  if (crashed && !stopping && share_left(f)) {
    ff_path_list_free(&found);
    r->restarts++;
    start(c, f);
    return;
  }
  ff_path_list_free(&found);
  if (c->bandit && !r->problem[0]) { /* idle until the bandit gives it another slice */
    f->state = PENDING;
    return;
  }
  f->state = DONE;
  c->done++;
}

static void stop_all(campaign *c) {
  for (size_t i = 0; i < c->count; i++) {
    campaign_fuzzer *f = &c->fuzzers[i];
    if (f->state != RUNNING) continue;
    ff_exit e;
    ff_session_stop(&f->session, &e);
    ended(c, f, &e, true);
  }
}

/* One pass over the running processes: account for those that ended, show
 * the progress line, wait up to 100 ms for output. */
static void poll_running(campaign *c, ff_progress *p, const char *what) {
  uint64_t crashes = 0;
  for (size_t i = 0; i < c->count; i++) {
    campaign_fuzzer *f = &c->fuzzers[i];
    if (f->state == RUNNING) {
      ff_exit e;
      if (ff_session_poll(&f->session, &e)) ended(c, f, &e, false);
    }
    crashes += f->result->crashes;
  }
  ff_progress_update(p, "campaign: %s, %zu running, %llu execs, %llu crashes, %.0fs", what,
                     c->running, (unsigned long long)campaign_execs(c),
                     (unsigned long long)crashes, ff_now() - c->t0);
  ff_session *running[64];
  size_t n = 0;
  for (size_t i = 0; i < c->count && n < sizeof running / sizeof *running; i++)
    if (c->fuzzers[i].state == RUNNING) running[n++] = &c->fuzzers[i].session;
  ff_sessions_wait(running, n, 100);
}

/* Workers of the fuzzers running now. */
static unsigned busy_workers(const campaign *c) {
  unsigned busy = 0;
  for (size_t i = 0; i < c->count; i++)
    if (c->fuzzers[i].state == RUNNING) busy += c->fuzzers[i].workers;
  return busy;
}

/* --schedule equal: every fuzzer fuzzes share_ws worker-seconds (or
 * share_runs executions), in order, --jobs workers at once; the last ones
 * share the idle workers (ff_equal_workers), and no share runs longer than
 * the budget budget_s. */
static void run_equal(campaign *c, double share_ws, double budget_s, long share_runs) {
  ff_progress p;
  ff_progress_init(&p);
  for (size_t i = 0; i < c->count; i++) {
    c->fuzzers[i].allow_runs = share_runs > 0 ? (uint64_t)share_runs : 0;
    c->fuzzers[i].seed = c->seed;
  }
  size_t next = 0;
  while (c->done < c->count) {
    if (ff_stop_requested()) {
      stop_all(c);
      break;
    }
    unsigned busy;
    while ((busy = busy_workers(c)) < (unsigned)c->jobs && next < c->count) {
      campaign_fuzzer *f = &c->fuzzers[next];
      f->workers = ff_equal_workers(c->count - next, (unsigned)c->jobs - busy);
      next++;
      if (share_ws > 0) {
        double wall = share_ws / f->workers;
        f->allow_s = wall < budget_s ? wall : budget_s;
      }
      if (f->state == PENDING) start(c, f);
    }
    char what[64];
    snprintf(what, sizeof what, "%zu/%zu fuzzers done", c->done, c->count);
    poll_running(c, &p, what);
  }
  ff_progress_done(&p);
}

/* The bandit's budget: wall seconds (budget_s > 0) and/or executions of all
 * fuzzers together (budget_runs > 0), cut into slices of slice_s seconds or
 * slice_runs executions per worker. */
typedef struct bandit_budget {
  double budget_s, slice_s;
  uint64_t budget_runs, slice_runs, charged_runs;
} bandit_budget;

/* The engine seed of a fuzzer's slice: a different one every round (a stalled
 * corpus would otherwise repeat its last slice), fixed by --seed; 0 (the
 * engine picks) when no --seed was given. */
static long slice_seed(long seed, uint64_t round, size_t fuzzer) {
  if (seed <= 0) return 0;
  uint64_t x = (uint64_t)seed * 1000003u + round * 7919u + fuzzer;
  return (long)(x % 2147483000u) + 1;
}

/* A fuzzer's features (edges for engines that count no features). */
static uint64_t growth_measure(const ff_stats *s) { return s->features ? s->features : s->edges; }

/* Starts the round's sessions: the workers decide[i] gave each fuzzer. */
static void start_round(campaign *c, bandit_budget *b, const unsigned *given, uint64_t round) {
  double left_s = b->budget_s > 0 ? b->budget_s - (ff_now() - c->t0) : 0;
  double slice_s = b->budget_s > 0 ? (b->slice_s < left_s ? b->slice_s : left_s) : 0;
  uint64_t left_runs = b->budget_runs > b->charged_runs ? b->budget_runs - b->charged_runs : 0;
  unsigned workers = 0;
  for (size_t i = 0; i < c->count; i++) workers += given[i];
  for (size_t i = 0; i < c->count; i++) {
    campaign_fuzzer *f = &c->fuzzers[i];
    if (!given[i] || f->state != PENDING) continue;
    f->workers = given[i];
    f->seed = slice_seed(c->seed, round, i);
    f->allow_s = slice_s > 0 ? f->used_s + slice_s : 0;
    f->allow_runs = 0;
    if (b->budget_runs > 0) {
      /* the last round shares what is left in proportion */
      uint64_t runs = b->slice_runs * f->workers;
      uint64_t fair = left_runs * f->workers / workers;
      if (fair < runs) runs = fair > 0 ? fair : 1;
      f->allow_runs = f->used_runs + runs;
      b->charged_runs += runs;
    }
    f->round_features = growth_measure(&f->result->stats);
    f->round_crashes = f->result->crashes;
    start(c, f);
  }
}

static bool budget_left(const campaign *c, const bandit_budget *b) {
  if (b->budget_s > 0 && b->budget_s - (ff_now() - c->t0) < MIN_RESTART_S) return false;
  if (b->budget_runs > 0 && b->charged_runs >= b->budget_runs) return false;
  return true;
}

/* --schedule bandit: rounds of slices until the budget is used. */
static void run_bandit(campaign *c, bandit_budget *b) {
  ff_progress p;
  ff_progress_init(&p);
  ff_sched_params params = FF_SCHED_PARAMS_DEFAULT;
  params.seed = (uint64_t)c->seed;
  ff_sched_arm *arms = calloc(c->count, sizeof *arms);
  unsigned *given = calloc(c->count, sizeof *given);
  ff_sched_outcome *outcomes = calloc(c->count, sizeof *outcomes);
  if (!arms || !given || !outcomes) {
    fprintf(stderr, "formfuzz campaign: out of memory\n");
    free(arms), free(given), free(outcomes);
    return;
  }
  for (size_t i = 0; i < c->count; i++) arms[i].risk = c->fuzzers[i].info->risk;
  for (uint64_t round = 0; budget_left(c, b) && !ff_stop_requested(); round++) {
    for (size_t i = 0; i < c->count; i++) arms[i].active = c->fuzzers[i].state == PENDING;
    if (ff_sched_decide(arms, c->count, &params, round, (unsigned)c->jobs, given) == 0) break;
    start_round(c, b, given, round);
    char what[64];
    snprintf(what, sizeof what, "round %llu", (unsigned long long)round + 1);
    while (c->running > 0) {
      if (ff_stop_requested()) {
        stop_all(c);
        break;
      }
      poll_running(c, &p, what);
    }
    for (size_t i = 0; i < c->count; i++) {
      campaign_fuzzer *f = &c->fuzzers[i];
      uint64_t features = growth_measure(&f->result->stats);
      outcomes[i] = (ff_sched_outcome){0};
      if (!given[i]) continue;
      outcomes[i].workers = given[i];
      outcomes[i].new_features = features > f->round_features ? features - f->round_features : 0;
      outcomes[i].new_crashes = f->result->crashes - f->round_crashes;
      f->result->slices += given[i];
    }
    ff_sched_observe(arms, c->count, &params, outcomes);
  }
  for (size_t i = 0; i < c->count; i++) /* retire the idle ones: the campaign is over */
    if (c->fuzzers[i].state == PENDING) c->fuzzers[i].state = DONE, c->done++;
  ff_progress_done(&p);
  free(arms), free(given), free(outcomes);
}

/* Selects the fuzzers (all, or the comma-separated list) into c->fuzzers. */
static int select_fuzzers(const ff_manifest *m, const char *list, campaign *c,
                          ff_campaign_result *r) {
  size_t cap = m->count;
  c->fuzzers = calloc(cap ? cap : 1, sizeof *c->fuzzers);
  r->fuzzers = calloc(cap ? cap : 1, sizeof *r->fuzzers);
  if (!c->fuzzers || !r->fuzzers) return 3;
  if (!list) {
    for (size_t i = 0; i < m->count; i++) c->fuzzers[c->count++].info = &m->fuzzers[i];
    return 0;
  }
  char *copy = strdup(list), *save = NULL;
  if (!copy) return 3;
  for (char *name = strtok_r(copy, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
    const ff_fuzzer_info *f = ff_manifest_require(m, name, "campaign");
    if (!f) {
      free(copy);
      return 2;
    }
    bool dup = false;
    for (size_t i = 0; i < c->count; i++) dup |= c->fuzzers[i].info == f;
    if (!dup && c->count < cap) c->fuzzers[c->count++].info = f;
  }
  free(copy);
  return 0;
}

/* Finds (or builds) every binary and reads the cumulative numbers so far. */
static void prepare(campaign *c, const char *root, const char *out_root, const char *preset,
                    bool build, ff_campaign_result *r) {
  for (size_t i = 0; i < c->count; i++) {
    campaign_fuzzer *f = &c->fuzzers[i];
    f->result = &r->fuzzers[i];
    f->result->name = f->info->name;
    ff_fuzzer_out_paths(out_root, f->info->name, &f->paths);
    if (ff_stats_read_json(f->paths.stats_json, &f->result->stats) == 0)
      f->execs_at_start = f->result->stats.execs;
    char err[1024];
    /* corpus versioning: the set this campaign starts from (corpus_set.h), into campaign.json */
    if (corpus_set_hash_dir(f->paths.corpus, f->result->corpus_sha1, &f->result->corpus_entries, err,
                            sizeof err) != 0)
      fprintf(stderr, "formfuzz campaign: %s: corpus hash: %s\n", f->info->name, err);
    if (ff_fuzzer_binary(root, preset, f->info->name, build, f->binary, sizeof f->binary, err,
                         sizeof err) != 0) {
      fprintf(stderr, "formfuzz campaign: %s: %s\n", f->info->name, err);
      snprintf(f->result->problem, sizeof f->result->problem, "not built");
      f->state = DONE;
      c->done++;
    }
  }
  r->count = c->count;
}

static int cmd_campaign(int argc, char **argv) {
  ff_fuzz_options o = FF_FUZZ_OPTIONS_INIT(2);
  const char *list = NULL;
  const char *schedule = "bandit";
  long slice = 0;
  const ff_fuzz_option_help help = {
      .time = "whole campaign budget in seconds (default 120 unless --runs; > 0)",
      .runs = "executions per fuzzer instead of time (deterministic); fuzzers x N in all",
      .jobs = "workers at once (default 2); workers on one fuzzer share its corpus",
      .seed = "random seed: the bandit's ties and every engine process",
      .out = "output root (default out/); corpora there are resumed",
      .no_build = "skip fuzzers whose binary is not built",
  };
  ff_option options[FF_FUZZ_OPTION_ROWS + 3 + FF_MONITOR_OPTION_ROWS];
  ff_fuzz_option_rows(&o, &help, options);
  options[FF_FUZZ_OPTION_ROWS] = FF_STRING_OPTION("fuzzers", &list, "a,b,...",
                                             "only these fuzzers (default: every manifest entry)");
  options[FF_FUZZ_OPTION_ROWS + 1] = FF_STRING_OPTION(
      "schedule", &schedule, "S", "bandit (default: by risk and recent growth) or equal (shares)");
  options[FF_FUZZ_OPTION_ROWS + 2] = (ff_option){
      "slice", FF_OPT_INT, &slice, "N",
      "bandit: N seconds (or executions with --runs) per slice (default: below)", 1, 1e15};
  ff_monitor_options mon = FF_MONITOR_OPTIONS_INIT; /* --metrics, --metrics-file */
  ff_monitor_option_rows(&mon, options + FF_FUZZ_OPTION_ROWS + 3);
  const ff_command_spec spec = {
      .command = "campaign",
      .usage = "campaign [options] [-- engine flags]",
      .description =
          "Fuzzes every fuzzer under one budget. --schedule bandit (default) cuts it into slices\n"
          "and each round gives the --jobs workers' slices to the fuzzers with the best index\n"
          "(risk + 5)/10 x (discounted mean reward + 0.5 x sqrt(ln(1 + all slices) / its slices)),\n"
          "the reward of a slice being its new features (1 - 2^(-features/4)) or a new crash;\n"
          "every fuzzer first gets one slice and never less than 1/4 of an equal share.\n"
          "--schedule equal gives each an equal share (budget x jobs / fuzzers worker-seconds),\n"
          "--jobs workers at once; the last fuzzers share the idle workers, so it ends within --time.\n"
          "A crash is recorded and the fuzzer restarts from its corpus until its slice or share\n"
          "is used. Corpora under DIR/<fuzzer>/corpus are reused by the next campaign.\n"
          "Default slice: budget x jobs / (fuzzers x 4) seconds within [5, 60] ([30, 60] for afl),\n"
          "or --runs / 4 executions. Prints a summary table and writes DIR/campaign.json.\n"
          "--metrics serves every fuzzer's numbers to Prometheus while it runs (docs/monitoring.md).",
      .options = options,
      .option_count = sizeof options / sizeof *options,
      .max_positional = 0,
      .allow_extra = true,
  };
  ff_args args;
  int rc = ff_parse_options(&spec, argc, argv, &args);
  if (rc == FF_PARSE_OK) rc = ff_fuzz_options_check(&spec, &o, 120, false);
  if (rc == FF_PARSE_OK && strcmp(schedule, "bandit") != 0 && strcmp(schedule, "equal") != 0)
    rc = ff_usage_error(&spec, "unknown schedule '%s' (bandit or equal)", schedule);
  if (rc == FF_PARSE_OK) rc = ff_monitor_options_check(&spec, &mon);
  if (rc != FF_PARSE_OK) return rc == FF_PARSE_HELP ? 0 : 2;

  ff_manifest m;
  if (ff_manifest_load_default(&m) != 0) return 3;
  campaign c = {.engine = o.engine, .bandit = strcmp(schedule, "bandit") == 0, .jobs = o.jobs,
                .seed = o.seed, .log_max_mb = o.log_max_mb,
                .extra = args.extra, .extra_count = args.extra_count};
  ff_campaign_result r = {.engine = o.engine, .budget_s = o.time_s, .runs_per_fuzzer = o.runs, .jobs = o.jobs,
                          .schedule = schedule};
  char out_root[4096];
  rc = select_fuzzers(&m, list, &c, &r);
  if (rc == 0 && c.count == 0) {
    fprintf(stderr, "formfuzz campaign: no fuzzers (none in %s/components/*/fuzzers.tsv)\n", m.root);
    rc = 3;
  }
  if (rc == 0 && ff_out_root(o.out, "campaign", out_root, sizeof out_root) != 0) rc = 3;
  if (rc == 0) rc = ff_out_lock(out_root, "campaign");
  /* monitoring (tools/monitor/): the metrics of the campaign's fuzzers while it runs */
  ff_monitor *metrics = NULL;
  const char **metric_names = rc == 0 ? calloc(c.count, sizeof *metric_names) : NULL;
  for (size_t i = 0; metric_names && i < c.count; i++) metric_names[i] = c.fuzzers[i].info->name;
  if (rc == 0)
    rc = metric_names ? ff_monitor_start(&metrics, &mon, "formfuzz campaign", out_root, metric_names,
                                         c.count)
                      : 3;
  if (rc == 0) {
    /* equal: each fuzzer's worker-seconds */
    double share_ws = o.time_s > 0 ? o.time_s * (double)o.jobs / (double)c.count : 0;
    bandit_budget b = {.budget_s = o.time_s, .slice_s = o.time_s};
    if (o.runs > 0) {
      b.budget_runs = (uint64_t)o.runs * c.count;
      b.slice_runs = slice ? (uint64_t)slice : (uint64_t)(o.runs / SLICES_PER_FUZZER > 0 ? o.runs / SLICES_PER_FUZZER : 1);
      r.slice = (double)b.slice_runs;
    } else {
      double s = o.time_s * (double)o.jobs / ((double)c.count * SLICES_PER_FUZZER);
      double min_s = strcmp(o.engine, "afl") == 0 ? AFL_SLICE_MIN_S : SLICE_MIN_S;
      s = s < min_s ? min_s : s > SLICE_MAX_S ? SLICE_MAX_S : s;
      b.slice_s = slice ? (double)slice : s < o.time_s ? s : o.time_s;
      r.slice = b.slice_s;
    }
    ff_stop_signal_install();
    prepare(&c, m.root, out_root, o.preset, !o.no_build, &r);
    ff_campaign_commit(m.root, r.commit, sizeof r.commit);
    r.start_time = (int64_t)time(NULL);
    if (c.bandit)
      fprintf(stderr, "formfuzz campaign: %zu fuzzer(s), engine %s, %ld worker(s), bandit slices of %.0f %s -> %s\n",
              c.count, o.engine, o.jobs, r.slice, o.runs ? "executions" : "s", out_root);
    else
      fprintf(stderr, "formfuzz campaign: %zu fuzzer(s), engine %s, %ld at once, each %s -> %s\n",
              c.count, o.engine, o.jobs, o.runs ? "a --runs share" : "an equal time share", out_root);
    c.t0 = ff_now();
    if (c.bandit) run_bandit(&c, &b);
    else run_equal(&c, share_ws, o.time_s, o.runs);
    r.end_time = (int64_t)time(NULL);
    r.interrupted = ff_stop_requested();
    ff_campaign_print_table(&r, stdout);
    /* regression detection (tools/monitor/regression.h): the last summary becomes the baseline */
    if (ff_campaign_keep_previous(out_root) != 0)
      fprintf(stderr, "formfuzz campaign: cannot keep the previous campaign.json as %s\n",
              FF_CAMPAIGN_PREVIOUS_JSON);
    if (ff_campaign_write_json(&r, out_root) != 0)
      fprintf(stderr, "formfuzz campaign: cannot write %s/campaign.json\n", out_root);
    else
      printf("campaign summary: %s/campaign.json\n", out_root);
    ff_regressions regressions; /* flagged under the summary table */
    if (ff_regressions_find_in(out_root, NULL, FF_REGRESSION_EPS_DROP_DEFAULT, &regressions) == 0)
      ff_regressions_print(&regressions, stdout);
    ff_regressions_free(&regressions);
    /* findings are results, not failures: they are in the table and the JSON;
     * an engine that failed (no artifact to show for it) is a failure: 3 */
    rc = 0;
    for (size_t i = 0; i < r.count; i++)
      if (strncmp(r.fuzzers[i].problem, "engine failed", 13) == 0) rc = 3;
  }
  ff_monitor_stop(metrics);
  free(metric_names);
  for (size_t i = 0; i < r.count; i++) ff_path_list_free(&r.fuzzers[i].artifacts);
  free(r.fuzzers);
  free(c.fuzzers);
  ff_manifest_free(&m);
  return rc;
}

FF_COMMAND("campaign", "fuzz every fuzzer under one budget, resumable, with a summary", cmd_campaign)
