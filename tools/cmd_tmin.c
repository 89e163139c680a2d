/* `formfuzz tmin`: minimize a crashing input while it keeps the same crash
 * signature (kind + top three frames), each attempt in a child process. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "command.h"
#include "fileio.h"
#include "options.h"
#include "triage_locate.h"
#include "triage_tmin.h"

#define TMIN_MAX_INPUT (16u << 20)

static int cmd_tmin(int argc, char **argv) {
  const char *out_path = NULL, *engine = NULL;
  long budget = 2000;
  double timeout = 10;
  const ff_option options[] = {
      FF_STRING_OPTION("o", &out_path, "FILE", "where to write the result (default: <crash-file>.min)"),
      FF_STRING_OPTION("engine", &engine, "E", "preset whose binary runs the input (default: the first built of replay, builtin, libfuzzer)"),
      {"budget", FF_OPT_INT, &budget, "N", "at most N target runs (default 2000)", 1, 1e9},
      {"timeout", FF_OPT_DOUBLE, &timeout, "S", "per-run limit in seconds (default 10)", 0.01, 86400},
  };
  const ff_command_spec spec = {
      .command = "tmin",
      .usage = "tmin <fuzzer|binary> <crash-file> [-o FILE] [--budget N]",
      .description = "Reproduces the crash, then removes chunks and zeroes bytes as long as the\n"
                     "target still crashes with the same signature. Prints the sizes and the\n"
                     "signature; exits 1 when the input does not crash.",
      .options = options,
      .option_count = (int)(sizeof options / sizeof *options),
      .min_positional = 2,
      .max_positional = 2,
  };
  ff_args args;
  int rc = ff_parse_options(&spec, argc, argv, &args);
  if (rc != FF_PARSE_OK) return rc == FF_PARSE_HELP ? 0 : 2;
  const char *target = args.positional[0], *crash_file = args.positional[1];

  char binary[4096], err[512];
  if (triage_locate_binary(target, engine, binary, sizeof binary, err, sizeof err) != 0) {
    fprintf(stderr, "formfuzz tmin: %s\n", err);
    return 1;
  }
  uint8_t *data;
  size_t len;
  if (ff_read_file(crash_file, TMIN_MAX_INPUT, &data, &len, err, sizeof err) != 0) {
    fprintf(stderr, "formfuzz tmin: %s: %s\n", crash_file, err);
    return 1;
  }
  triage_target t = {.binary = binary, .timeout_s = timeout};
  triage_crash first;
  int crashed = triage_run_once(&t, crash_file, &first, err, sizeof err);
  if (crashed <= 0) {
    fprintf(stderr, "formfuzz tmin: %s\n", crashed < 0 ? err : "the input does not crash the target");
    free(data);
    return 1;
  }
  printf("tmin: signature: %s\n", first.signature);
  uint8_t *small;
  size_t small_len;
  triage_tmin_stats st;
  rc = triage_minimize(&t, data, len, first.signature, (long)budget, &small, &small_len, &st, err,
                       sizeof err);
  free(data);
  triage_crash_free(&first);
  if (rc != 0) {
    fprintf(stderr, "formfuzz tmin: %s\n", err);
    return 1;
  }
  char default_out[4200];
  if (!out_path) {
    snprintf(default_out, sizeof default_out, "%s.min", crash_file);
    out_path = default_out;
  }
  if (ff_write_atomic(out_path, small, small_len) != 0) {
    fprintf(stderr, "formfuzz tmin: cannot write %s\n", out_path);
    free(small);
    return 1;
  }
  free(small);
  printf("tmin: %zu -> %zu bytes in %ld runs%s: %s\n", st.from, st.to, st.attempts,
         st.attempts >= budget ? " (budget spent)" : "", out_path);
  return 0;
}

FF_COMMAND("tmin", "minimize a crashing input, keeping its crash signature", cmd_tmin)
