/* `formfuzz campaign`: every fuzzer of the manifests (or --fuzzers a,b) under
 * one budget. First version of the scheduling: each fuzzer gets an equal share
 * (time: budget * jobs / fuzzers, at most the budget; or --runs executions),
 * up to --jobs fuzzer processes at once, in manifest order. A crash ends that
 * fuzzer's process; the campaign records the artifact and restarts it from its
 * corpus until its share is used (not when the same input crashes again: no new
 * artifact). Corpora and stats.csv under <out>/<fuzzer>/ are kept, so a second
 * campaign resumes. (The manifests' risk weights are not used yet.) Ends with a
 * summary table and <out>/campaign.json; SIGINT/SIGTERM/SIGHUP stop the children and
 * still write both. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "campaign_result.h"
#include "command.h"
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
  ff_campaign_fuzzer *result;
} campaign_fuzzer;

typedef struct campaign {
  const char *engine;
  double share_s; /* 0: no time limit */
  long share_runs;
  long jobs, seed, log_max_mb;
  char *const *extra;
  int extra_count;
  campaign_fuzzer *fuzzers;
  size_t count, running, done;
} campaign;

static int start(campaign *c, campaign_fuzzer *f) {
  ff_session_config cfg = {
      .engine = c->engine, .binary = f->binary, .fuzzer = f->info, .out = &f->paths,
      .time_s = c->share_s > 0 ? c->share_s - f->used_s : 0,
      .runs = c->share_runs > 0 ? c->share_runs - (long)f->used_runs : 0,
      .jobs = 1, .seed = c->seed, .extra = c->extra, .extra_count = c->extra_count,
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

static bool share_left(const campaign *c, const campaign_fuzzer *f) {
  if (c->share_s > 0 && c->share_s - f->used_s < MIN_RESTART_S) return false;
  if (c->share_runs > 0 && (long)f->used_runs >= c->share_runs) return false;
  return true;
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
  r->stats = f->session.now;
  r->execs_campaign = now > f->execs_at_start ? now - f->execs_at_start : 0;
  for (size_t i = 0; i < found.count; i++) ff_path_list_add(&r->artifacts, found.paths[i]);
  r->crashes += found.count;
  c->running--;
  bool crashed = found.count > 0;
  bool same_crash_again = !crashed && f->session.artifacts_rewritten > 0;
  if (!crashed && !same_crash_again && !e->timed_out && !stopping && (e->code != 0 || e->signal)) {
    char how[64];
    ff_exit_describe(e, how, sizeof how);
    ff_session_print_errors(&f->session);
    snprintf(r->problem, sizeof r->problem, "engine failed (%s); see %.150s", how, f->paths.log);
    fprintf(stderr, "formfuzz campaign: %s: %s\n", f->info->name, r->problem);
  }
  if (crashed && !stopping && share_left(c, f)) {
    ff_path_list_free(&found);
    r->restarts++;
    start(c, f);
    return;
  }
  ff_path_list_free(&found);
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

static void run_campaign(campaign *c, double budget_s) {
  ff_progress p;
  ff_progress_init(&p);
  double t0 = ff_now();
  size_t next = 0;
  while (c->done < c->count) {
    if (ff_stop_requested()) {
      stop_all(c);
      break;
    }
    while (c->running < (size_t)c->jobs && next < c->count) {
      campaign_fuzzer *f = &c->fuzzers[next++];
      if (f->state == PENDING) start(c, f);
    }
    uint64_t execs = 0, crashes = 0;
    for (size_t i = 0; i < c->count; i++) {
      campaign_fuzzer *f = &c->fuzzers[i];
      if (f->state == RUNNING) {
        ff_exit e;
        if (ff_session_poll(&f->session, &e)) ended(c, f, &e, false);
      }
      uint64_t total = f->state == RUNNING ? f->session.now.execs : f->result->stats.execs;
      execs += total > f->execs_at_start ? total - f->execs_at_start : 0;
      crashes += f->result->crashes;
    }
    ff_progress_update(&p, "campaign: %zu/%zu fuzzers done, %zu running, %llu execs, %llu crashes, %.0fs%s",
                       c->done, c->count, c->running, (unsigned long long)execs,
                       (unsigned long long)crashes, ff_now() - t0, budget_s > 0 ? "" : "");
    ff_session *running[64];
    size_t n = 0;
    for (size_t i = 0; i < c->count && n < sizeof running / sizeof *running; i++)
      if (c->fuzzers[i].state == RUNNING) running[n++] = &c->fuzzers[i].session;
    ff_sessions_wait(running, n, 100);
  }
  ff_progress_done(&p);
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
  const ff_fuzz_option_help help = {
      .time = "whole campaign budget in seconds (default 120 unless --runs; > 0)",
      .runs = "executions per fuzzer instead of time (deterministic, tests)",
      .jobs = "fuzzer processes at once (default 2)",
      .seed = "random seed passed to every engine process",
      .out = "output root (default out/); corpora there are resumed",
      .no_build = "skip fuzzers whose binary is not built",
  };
  ff_option options[FF_FUZZ_OPTION_ROWS + 1 + FF_MONITOR_OPTION_ROWS];
  ff_fuzz_option_rows(&o, &help, options);
  options[FF_FUZZ_OPTION_ROWS] = FF_STRING_OPTION("fuzzers", &list, "a,b,...",
                                             "only these fuzzers (default: every manifest entry)");
  ff_monitor_options mon = FF_MONITOR_OPTIONS_INIT; /* --metrics, --metrics-file */
  ff_monitor_option_rows(&mon, options + FF_FUZZ_OPTION_ROWS + 1);
  const ff_command_spec spec = {
      .command = "campaign",
      .usage = "campaign [options] [-- engine flags]",
      .description =
          "Fuzzes every fuzzer with an equal share of the budget (budget x jobs / fuzzers), up to\n"
          "--jobs at once. A crash is recorded and the fuzzer restarts from its corpus until its\n"
          "share is used. Corpora under DIR/<fuzzer>/corpus are reused by the next campaign.\n"
          "Prints a summary table and writes DIR/campaign.json.\n"
          "--metrics serves every fuzzer's numbers to Prometheus while it runs (docs/monitoring.md).",
      .options = options,
      .option_count = sizeof options / sizeof *options,
      .max_positional = 0,
      .allow_extra = true,
  };
  ff_args args;
  int rc = ff_parse_options(&spec, argc, argv, &args);
  if (rc == FF_PARSE_OK) rc = ff_fuzz_options_check(&spec, &o, 120, false);
  if (rc == FF_PARSE_OK) rc = ff_monitor_options_check(&spec, &mon);
  if (rc != FF_PARSE_OK) return rc == FF_PARSE_HELP ? 0 : 2;

  ff_manifest m;
  if (ff_manifest_load_default(&m) != 0) return 3;
  campaign c = {.engine = o.engine, .jobs = o.jobs, .seed = o.seed, .share_runs = o.runs,
                .log_max_mb = o.log_max_mb,
                .extra = args.extra, .extra_count = args.extra_count};
  ff_campaign_result r = {.engine = o.engine, .budget_s = o.time_s, .runs_per_fuzzer = o.runs, .jobs = o.jobs};
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
    if (o.time_s > 0) {
      double share = o.time_s * (double)o.jobs / (double)c.count;
      c.share_s = share < o.time_s ? share : o.time_s;
    }
    ff_stop_signal_install();
    prepare(&c, m.root, out_root, o.preset, !o.no_build, &r);
    ff_campaign_commit(m.root, r.commit, sizeof r.commit);
    r.start_time = (int64_t)time(NULL);
    fprintf(stderr, "formfuzz campaign: %zu fuzzer(s), engine %s, %ld at once, each %s -> %s\n",
            c.count, o.engine, o.jobs, o.runs ? "a --runs share" : "an equal time share", out_root);
    run_campaign(&c, o.time_s);
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
