/* `formfuzz precommit`: the check before a commit (or in a pull request):
 * replays the regressions, then gives the fuzzers the change touches
 * (ci/affected.h) a short campaign, triages what crashed and fails on a new
 * crash bucket that known-crashes.tsv does not list. Runs the formfuzz
 * binary itself for replay, campaign and triage. Exit 0 clean, 1 a regression
 * crashed or a new bucket appeared, 2 bad usage, 3 could not run a step. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "affected.h"
#include "child_process.h"
#include "command.h"
#include "corpus_features.h"
#include "dir_list.h"
#include "fuzzer_out.h"
#include "known_crashes.h"
#include "manifest.h"
#include "options.h"
#include "triage_buckets.h"

typedef struct precommit_opts {
  const char *fuzzers, *base, *engine, *out, *known;
  double time_s;
  long runs, seed;
  bool no_replay;
} precommit_opts;

static char self[PATH_MAX];

/* Runs `formfuzz <args...>` with the output on the terminal; returns its exit code, 3 when it could not run. */
static int run_self(const char *const *args) {
  const char *argv[32] = {self};
  size_t n = 1;
  for (size_t i = 0; args[i] && n < 31; i++) argv[n++] = args[i];
  argv[n] = NULL;
  fflush(stdout);
  ff_exit e;
  char err[256];
  if (ff_run(argv, NULL, 0, &e, err, sizeof err) != 0) {
    fprintf(stderr, "formfuzz precommit: cannot run %s: %s\n", self, err);
    return 3;
  }
  return e.code >= 0 ? e.code : 3;
}

/* Which fuzzers: --fuzzers, else the ones the change touches. */
static int select_fuzzers(const precommit_opts *o, const ff_manifest *m, bool *selected) {
  memset(selected, 0, m->count * sizeof *selected);
  if (o->fuzzers) {
    char *copy = strdup(o->fuzzers);
    if (!copy) return 3;
    int rc = 0;
    for (char *name = strtok(copy, ","); name && rc == 0; name = strtok(NULL, ",")) {
      const ff_fuzzer_info *f = ff_manifest_require(m, name, "precommit");
      if (f) selected[f - m->fuzzers] = true;
      else rc = 2;
    }
    free(copy);
    return rc;
  }
  ff_path_list changed = {0};
  char err[512];
  if (ff_changed_paths(m->root, o->base, &changed, err, sizeof err) != 0) {
    fprintf(stderr, "formfuzz precommit: %s\n", err);
    return 3;
  }
  size_t n = ff_affected_select(m, m->root, (const char *const *)changed.paths, changed.count, selected);
  printf("precommit: %zu changed file(s), %zu fuzzer(s) affected\n", changed.count, n);
  ff_path_list_free(&changed);
  return 0;
}

/* Replays the regressions of every fuzzer (of --fuzzers when given). Returns how many fuzzers failed, -1 on error. */
static int replay_regressions(const precommit_opts *o, const ff_manifest *m, const bool *selected) {
  int failed = 0;
  size_t replayed = 0;
  for (size_t i = 0; i < m->count; i++) {
    const ff_fuzzer_info *f = &m->fuzzers[i];
    if ((o->fuzzers && !selected[i]) || ff_count_files(f->regressions_dir) == 0) continue;
    const char *args[] = {"replay", f->name, f->regressions_dir, NULL};
    int rc = run_self(args);
    if (rc == 1) failed++;
    else if (rc != 0) return -1;
    replayed++;
  }
  printf("precommit: regressions of %zu fuzzer(s) replayed, %d failing\n", replayed, failed);
  return failed;
}

static size_t count_artifacts(const char *out, const ff_manifest *m, const bool *selected) {
  size_t n = 0;
  for (size_t i = 0; i < m->count; i++) {
    ff_fuzzer_out p;
    if (selected[i] && ff_fuzzer_out_paths(out, m->fuzzers[i].name, &p) == 0) n += ff_count_files(p.artifacts);
  }
  return n;
}

/* The smoke campaign, triage when it crashed, and the new unfiled buckets.
 * Returns 0 clean, 1 new bucket, 3 a step failed. */
static int smoke(const precommit_opts *o, const ff_manifest *m, const bool *selected,
                 const ff_known_crashes *known, const char *out) {
  char list[8192] = "", time_s[32], runs[32], seed[32];
  for (size_t i = 0; i < m->count; i++)
    if (selected[i] && strlen(list) + strlen(m->fuzzers[i].name) + 2 < sizeof list)
      snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", list[0] ? "," : "", m->fuzzers[i].name);
  snprintf(time_s, sizeof time_s, "%g", o->time_s);
  snprintf(runs, sizeof runs, "%ld", o->runs);
  snprintf(seed, sizeof seed, "%ld", o->seed);
  const char *campaign[] = {"campaign", "--fuzzers", list,  "--time", time_s, "--runs", runs,
                            "--seed",   seed,        "--engine", o->engine, "--out", out, NULL};
  int rc = run_self(campaign);
  if (rc != 0) {
    fprintf(stderr, "formfuzz precommit: the smoke campaign failed (exit %d)\n", rc);
    return 3;
  }
  size_t artifacts = count_artifacts(out, m, selected);
  if (artifacts == 0) {
    printf("precommit: smoke run of %s: no crash\n", list);
    return 0;
  }
  /* one attempt, no minimization: enough for the bucket ids (the signature);
   * `formfuzz triage --out DIR` on the kept directory gives the full reports */
  const char *triage[] = {"triage", "--out", out, "--attempts", "1", "--tmin-budget", "0", NULL};
  if (run_self(triage) != 0) {
    fprintf(stderr, "formfuzz precommit: %zu crash artifact(s) in %s and triage failed\n", artifacts, out);
    return 3;
  }
  ff_ci_buckets b;
  char err[4400];
  if (ff_ci_buckets_load(out, known, &b, err, sizeof err) != 0) {
    fprintf(stderr, "formfuzz precommit: %s\n", err);
    return 3;
  }
  for (size_t i = 0; i < b.count; i++)
    if (b.items[i].is_new)
      printf("precommit: %s bucket %s %s: %s\n", b.items[i].link ? "known" : "NEW", b.items[i].id,
             b.items[i].fuzzer, b.items[i].link ? b.items[i].link : b.items[i].title);
  rc = b.new_unfiled ? 1 : 0;
  printf("precommit: %zu new crash bucket(s) not in the known crashes (triage: %s/triage)\n", b.new_unfiled, out);
  ff_ci_buckets_free(&b);
  return rc;
}

static int cmd_precommit(int argc, char **argv) {
  precommit_opts o = {.engine = "builtin", .time_s = 30};
  const ff_option options[] = {
      {"time", FF_OPT_DOUBLE, &o.time_s, "S", "seconds of the smoke campaign, shared by the fuzzers (default 30, 0: none)", 0, 86400},
      {"runs", FF_OPT_INT, &o.runs, "N", "executions of the smoke campaign instead (0: by time)", 0, 1e12},
      {"seed", FF_OPT_INT, &o.seed, "N", "seed of the smoke campaign (default 0: random)", 0, 4294967295.0},
      FF_STRING_OPTION("fuzzers", &o.fuzzers, "a,b,...", "these fuzzers (replay and smoke) instead of the affected ones"),
      FF_STRING_OPTION("base", &o.base, "REV", "the change is everything since the merge base of REV and HEAD"),
      FF_STRING_OPTION("engine", &o.engine, "E", "engine of the smoke campaign: builtin (default), libfuzzer, afl, honggfuzz"),
      FF_STRING_OPTION("out", &o.out, "DIR", "campaign directory of the smoke run (default: a new temp dir)"),
      FF_STRING_OPTION("known", &o.known, "FILE", "filed crash buckets (default: <source root>/known-crashes.tsv)"),
      FF_FLAG_OPTION("no-replay", &o.no_replay, "skip the regressions"),
  };
  const ff_command_spec spec = {
      .command = "precommit",
      .usage = "precommit [--time S | --runs N] [--fuzzers a,b | --base REV] [--out DIR] [--known FILE]",
      .description = "1. replays every fuzzer's regressions/ (only --fuzzers' when given);\n"
                     "2. a campaign of --time seconds over the fuzzers the change touches (the\n"
                     "   rule of `formfuzz affected`; the working tree against HEAD, or since\n"
                     "   the merge base with --base), triaged when it crashed (one attempt per\n"
                     "   artifact, no minimization: bucket ids only).\n"
                     "Exit 1 when a regression crashes or a new crash bucket is not in the known\n"
                     "crashes (docs/ci.md); 0 when clean or nothing is affected.",
      .options = options,
      .option_count = (int)(sizeof options / sizeof *options),
      .min_positional = 0,
      .max_positional = 0,
  };
  ff_args args;
  int rc = ff_parse_options(&spec, argc, argv, &args);
  if (rc != FF_PARSE_OK) return rc == FF_PARSE_HELP ? 0 : 2;
  if (o.fuzzers && o.base) return ff_usage_error(&spec, "give --fuzzers or --base, not both");
  ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
  if (len <= 0) {
    fprintf(stderr, "formfuzz precommit: cannot find its own binary (/proc/self/exe)\n");
    return 3;
  }
  self[len] = '\0';
  ff_known_crashes known;
  if (ff_known_crashes_load_default(o.known, "precommit", &known) != 0) return 3;
  ff_manifest m;
  if (ff_manifest_load_default(&m) != 0) {
    ff_known_crashes_free(&known);
    return 3;
  }
  bool *selected = calloc(m.count + 1, sizeof *selected);
  rc = selected ? select_fuzzers(&o, &m, selected) : 3;
  int status = rc;
  if (rc == 0 && !o.no_replay) {
    int failed = replay_regressions(&o, &m, selected);
    status = failed < 0 ? 3 : failed > 0 ? 1 : 0;
  }
  size_t nselected = 0;
  for (size_t i = 0; selected && i < m.count; i++) nselected += selected[i];
  if (rc == 0 && status != 3) {
    if (nselected == 0 || (o.time_s <= 0 && o.runs == 0)) {
      printf("precommit: no smoke run (%s)\n", nselected ? "no budget" : "no fuzzer affected");
    } else {
      char tmp[] = "/tmp/formfuzz-precommit.XXXXXX";
      const char *out = o.out ? o.out : mkdtemp(tmp);
      int s = out ? smoke(&o, &m, selected, &known, out) : 3;
      if (!out) fprintf(stderr, "formfuzz precommit: cannot create a temp directory\n");
      if (s > status) status = s;
      if (out && !o.out && s == 0) corpus_remove_tree(out); /* kept when something crashed */
    }
  }
  printf("precommit: %s\n", status == 0 ? "passed" : status == 1 ? "FAILED" : "could not finish");
  free(selected);
  ff_manifest_free(&m);
  ff_known_crashes_free(&known);
  return status;
}

FF_COMMAND("precommit", "replay regressions and smoke-fuzz the fuzzers a change touches", cmd_precommit)
