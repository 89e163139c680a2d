/* `formfuzz replay <fuzzer> [files|dirs]`: runs inputs (by default the
 * fuzzer's regressions and its artifacts under the output root) one process
 * each through the replay build (or an engine build) and prints OK/CRASH per
 * input with the failure kind, then a summary. Exit 1 when any input fails. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "child_process.h"
#include "command.h"
#include "dir_list.h"
#include "failure_kind.h"
#include "fuzzer_binary.h"
#include "fuzzer_out.h"
#include "manifest.h"
#include "options.h"

#define OUTPUT_CAP (256u << 10)

/* --engine auto: the replay build when present, else the builtin build (built if needed). */
static int pick_binary(const char *root, const char *engine, const char *name, bool build,
                       char *path, size_t cap) {
  char err[1024];
  if (strcmp(engine, "auto") == 0) {
    if (ff_fuzzer_binary(root, "replay", name, false, path, cap, err, sizeof err) == 0) return 0;
    engine = "builtin";
  }
  const char *preset = ff_engine_preset(engine);
  if (!preset) {
    fprintf(stderr, "formfuzz replay: unknown engine '%s' (auto, replay, builtin, libfuzzer, afl, honggfuzz)\n", engine);
    return 2;
  }
  if (ff_fuzzer_binary(root, preset, name, build, path, cap, err, sizeof err) != 0) {
    fprintf(stderr, "formfuzz replay: %s\n", err);
    return 3;
  }
  return 0;
}

static int collect_inputs(const ff_fuzzer_info *f, const ff_args *args, const char *out,
                          ff_path_list *inputs) {
  if (args->positional_count > 1) {
    for (int i = 1; i < args->positional_count; i++) {
      const char *p = args->positional[i];
      if (ff_is_dir(p)) {
        ff_list_files(p, inputs);
      } else if (ff_is_file(p)) {
        ff_path_list_add(inputs, p);
      } else {
        fprintf(stderr, "formfuzz replay: no such file or directory: %s\n", p);
        return 2;
      }
    }
    return 0;
  }
  ff_fuzzer_out paths;
  ff_list_files(f->regressions_dir, inputs);
  if (ff_fuzzer_out_paths(out, f->name, &paths) == 0) ff_list_files(paths.artifacts, inputs);
  return 0;
}

/* Runs one input; returns true when it passed. */
static bool replay_one(const char *binary, const char *input, double timeout_s, bool show) {
  char timeout_flag[32];
  snprintf(timeout_flag, sizeof timeout_flag, "-timeout=%ld", (long)(timeout_s + 0.5));
  const char *argv[] = {binary, "-runs=1", timeout_flag, input, NULL};
  ff_exit e;
  char *output = NULL, err[256];
  if (ff_run_capture(argv, NULL, timeout_s + 30, OUTPUT_CAP, &e, &output, err, sizeof err) != 0) {
    printf("ERROR  %s  (%s)\n", input, err);
    return false;
  }
  bool ok = !e.timed_out && e.code == 0;
  if (ok) {
    printf("OK     %s\n", input);
  } else {
    ff_failure fk;
    char how[64];
    ff_exit_describe(&e, how, sizeof how);
    if (e.timed_out)
      printf("CRASH  %s  timeout (%s)\n", input, how);
    else if (ff_failure_classify(output, &fk))
      printf("CRASH  %s  %s %s (%s)\n", input, fk.tool, fk.kind, how);
    else
      printf("CRASH  %s  (%s)\n", input, how);
    if (show) printf("%s\n", output);
  }
  fflush(stdout);
  free(output);
  return ok;
}

static int cmd_replay(int argc, char **argv) {
  const char *engine = "auto", *out = "out";
  double timeout_s = 10;
  bool show = false, no_build = false;
  const ff_option options[] = {
      FF_STRING_OPTION("engine", &engine, "E",
       "auto (default: replay build if built, else builtin), replay, builtin, libfuzzer, afl, honggfuzz"),
      FF_STRING_OPTION("out", &out, "DIR", "output root whose DIR/<fuzzer>/artifacts are replayed by default"),
      {"timeout", FF_OPT_DOUBLE, &timeout_s, "S", "per-input time limit (default 10)", 0.01, 86400},
      FF_FLAG_OPTION("show-output", &show, "print the output of failing inputs"),
      FF_FLAG_OPTION("no-build", &no_build, "fail instead of building a missing binary"),
  };
  const ff_command_spec spec = {
      .command = "replay",
      .usage = "replay <fuzzer> [files|dirs...] [options]",
      .description = "Runs each input once, in its own process, and prints OK or CRASH (with the\n"
                     "sanitizer/oracle report kind) per input. Without inputs: the fuzzer's\n"
                     "regressions/ and DIR/<fuzzer>/artifacts/. Exit 1 when any input fails.",
      .options = options,
      .option_count = sizeof options / sizeof *options,
      .min_positional = 1,
      .max_positional = -1,
  };
  ff_args args;
  int rc = ff_parse_options(&spec, argc, argv, &args);
  if (rc != FF_PARSE_OK) return rc == FF_PARSE_HELP ? 0 : 2;
  if (timeout_s < 1) return ff_usage_error(&spec, "--timeout must be at least 1 second");
  ff_manifest m;
  if (ff_manifest_load_default(&m) != 0) return 3;
  const ff_fuzzer_info *f = ff_manifest_require(&m, args.positional[0], "replay");
  ff_path_list inputs = {0};
  char binary[4400];
  rc = !f ? 2 : collect_inputs(f, &args, out, &inputs);
  if (rc == 0 && inputs.count == 0) {
    printf("formfuzz replay: %s: nothing to replay (no regressions, no artifacts)\n", f->name);
  } else if (rc == 0 && (rc = pick_binary(m.root, engine, f->name, !no_build, binary, sizeof binary)) == 0) {
    size_t failed = 0;
    for (size_t i = 0; i < inputs.count; i++)
      if (!replay_one(binary, inputs.paths[i], timeout_s, show)) failed++;
    printf("replayed %zu input(s) with %s: %zu OK, %zu failed\n", inputs.count, binary,
           inputs.count - failed, failed);
    rc = failed ? 1 : 0;
  }
  ff_path_list_free(&inputs);
  ff_manifest_free(&m);
  return rc;
}

FF_COMMAND("replay", "run inputs (default: regressions + artifacts) and report OK/CRASH", cmd_replay)
