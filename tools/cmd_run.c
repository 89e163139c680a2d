/* `formfuzz run <fuzzer>`: one fuzzer under one engine (builtin, libfuzzer, afl or
 * honggfuzz) with its corpus, artifacts, stats and log under <out>/<fuzzer>/; ends
 * with a short result. Exit: 0 nothing found, 1 artifacts written, 2 usage,
 * 3 could not build or start. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "afl_command.h"
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
#include "stop_signal.h"

static void print_result(const ff_fuzzer_info *f, const ff_session *s, const ff_exit *e,
                         const ff_path_list *found) {
  const ff_stats *n = &s->now;
  char how[64];
  ff_exit_describe(e, how, sizeof how);
  printf("%s (%s): %s\n", f->name, s->cfg.engine, how);
  printf("  execs      %llu (%.0f/s)\n", (unsigned long long)n->execs, n->exec_per_sec);
  printf("  edges      %llu   features %llu\n", (unsigned long long)n->edges,
         (unsigned long long)n->features);
  printf("  corpus     %llu inputs in %s\n", (unsigned long long)n->corpus_size, s->cfg.out->corpus);
  printf("  crashes    %zu new this run\n", found->count);
  for (size_t i = 0; i < found->count; i++) printf("    %s\n", found->paths[i]);
  printf("  stats      %s\n  log        %s\n", s->cfg.out->stats_json, s->cfg.out->log);
}

static int fuzz(const ff_session_config *cfg) {
  ff_session s;
  char err[512];
  if (ff_session_start(&s, cfg, err, sizeof err) != 0) {
    fprintf(stderr, "formfuzz run: %s\n", err);
    return 3;
  }
  ff_progress p;
  ff_progress_init(&p);
  ff_exit e = {0};
  while (ff_session_poll(&s, &e) == 0) {
    if (ff_stop_requested()) {
      ff_session_stop(&s, &e);
      break;
    }
    ff_progress_update(&p, "run %s: %.0fs execs %llu (%.0f/s) edges %llu corpus %llu crashes %llu",
                       cfg->fuzzer->name, ff_now() - s.started, (unsigned long long)s.now.execs,
                       s.now.exec_per_sec, (unsigned long long)s.now.edges,
                       (unsigned long long)s.now.corpus_size, (unsigned long long)s.now.crashes);
    ff_session *one = &s;
    ff_sessions_wait(&one, 1, 100);
  }
  ff_progress_done(&p);
  ff_path_list found = {0};
  ff_session_finish(&s, &found);
  print_result(cfg->fuzzer, &s, &e, &found);
  int rc = found.count ? 1 : 0;
  if (!found.count && !e.timed_out && !ff_stop_requested() && (e.code != 0 || e.signal)) {
    char how[64];
    ff_exit_describe(&e, how, sizeof how);
    ff_session_print_errors(&s);
    fprintf(stderr, "formfuzz run: the engine failed (%s) without writing an artifact; see %s\n",
            how, cfg->out->log);
    rc = 3;
  }
  ff_path_list_free(&found);
  return rc;
}

static int cmd_run(int argc, char **argv) {
  ff_fuzz_options o = FF_FUZZ_OPTIONS_INIT(1);
  const ff_fuzz_option_help help = {
      .time = "fuzz for S seconds (default 60 unless --runs; 0: no time limit)",
      .runs = "stop after N executions (deterministic runs, tests)",
      .jobs = "parallel workers sharing the corpus (afl: one -M and N-1 -S instances)",
      .seed = "random seed passed to the engine (default: engine's)",
      .out = "output root (default out/): DIR/<fuzzer>/...",
      .no_build = "fail instead of building a missing binary",
  };
  ff_option options[FF_FUZZ_OPTION_ROWS + FF_MONITOR_OPTION_ROWS];
  ff_fuzz_option_rows(&o, &help, options);
  ff_monitor_options mon = FF_MONITOR_OPTIONS_INIT; /* --metrics, --metrics-file */
  ff_monitor_option_rows(&mon, options + FF_FUZZ_OPTION_ROWS);
  const ff_command_spec spec = {
      .command = "run",
      .usage = "run <fuzzer> [options] [-- engine flags]",
      .description =
          "Fuzzes one fuzzer. Corpus, artifacts (crash-/timeout-/oom-/leak-<sha1>), stats.json,\n"
          "stats.csv and fuzzer.log go to DIR/<fuzzer>/. The binary is build/<preset>/fuzzers/<fuzzer>\n"
          "and is built first when missing. Flags after '--' go to the engine unchanged.\n"
          "--metrics serves its numbers to Prometheus while it runs (docs/monitoring.md).\n"
          "Exit status: 0 nothing found, 1 artifacts written, 2 bad usage, 3 build/engine failure.",
      .options = options,
      .option_count = sizeof options / sizeof *options,
      .min_positional = 1,
      .max_positional = 1,
      .allow_extra = true,
  };
  ff_args args;
  int rc = ff_parse_options(&spec, argc, argv, &args);
  if (rc == FF_PARSE_OK) rc = ff_fuzz_options_check(&spec, &o, 60, true);
  if (rc == FF_PARSE_OK) rc = ff_monitor_options_check(&spec, &mon);
  if (rc != FF_PARSE_OK) return rc == FF_PARSE_HELP ? 0 : 2;
  if (o.jobs > FF_AFL_MAX_INSTANCES && strcmp(o.engine, "afl") == 0)
    return ff_usage_error(&spec, "--jobs is at most %d with the afl engine", FF_AFL_MAX_INSTANCES);

  ff_manifest m;
  if (ff_manifest_load_default(&m) != 0) return 3;
  rc = 3;
  const ff_fuzzer_info *f = ff_manifest_require(&m, args.positional[0], "run");
  char binary[4400], root_out[4096], err[1024];
  ff_fuzzer_out paths;
  if (!f) {
    rc = 2;
  } else if (ff_fuzzer_binary(m.root, o.preset, f->name, !o.no_build, binary, sizeof binary, err,
                              sizeof err) != 0) {
    fprintf(stderr, "formfuzz run: %s\n", err);
  } else if (ff_out_root(o.out, "run", root_out, sizeof root_out) == 0 &&
             ff_out_lock(root_out, "run") == 0 &&
             ff_fuzzer_out_paths(root_out, f->name, &paths) == 0) {
    ff_session_config cfg = {.engine = o.engine, .binary = binary, .fuzzer = f, .out = &paths,
                             .time_s = o.time_s, .runs = o.runs, .jobs = o.jobs, .seed = o.seed,
                             .extra = args.extra, .extra_count = args.extra_count,
                             .log_max_mb = o.log_max_mb, .who = "formfuzz run"};
    ff_stop_signal_install();
    fprintf(stderr, "formfuzz run: %s with %s, %s%s -> %s\n", f->name, o.engine,
            o.runs ? "runs limit" : "time limit", "", paths.dir);
    ff_monitor *metrics = NULL;
    const char *metric_names[] = {f->name};
    rc = ff_monitor_start(&metrics, &mon, "formfuzz run", root_out, metric_names, 1);
    if (rc == 0) rc = fuzz(&cfg);
    ff_monitor_stop(metrics);
  }
  ff_manifest_free(&m);
  return rc;
}

FF_COMMAND("run", "fuzz one fuzzer (builtin, libfuzzer, afl or honggfuzz engine)", cmd_run)
