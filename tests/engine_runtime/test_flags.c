/* Unit test of the engine's command line: defaults as libFuzzer's, values
 * parsed, positional inputs kept in order, unknown flags and malformed or
 * out-of-range values rejected with a message naming the flag, and the
 * -help=1 text (one line per flag, in flags.def order, with its default). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ff_check.h"
#include "flags.h"

static int parse(ff_flags *f, char **argv, int argc, char *err, size_t cap) {
  ff_flags_defaults(f);
  return ff_flags_parse(f, argc, argv, err, cap);
}

/* The help text: header, then "  -<name padded to 20> <default padded to 8> <help>". */
static void check_help(void) {
  char *text = NULL;
  size_t len = 0;
  FILE *out = open_memstream(&text, &len);
  REQUIRE(out != NULL, "open_memstream failed");
  ff_flags_print_help(out, "fuzzer");
  fclose(out);
  static const char header[] =
      "Usage: fuzzer [-flag=value ...] [corpus_dir ... | input_file ...]\n"
      "  Directories are corpora (new inputs go into the first); files are run once each.\n"
      "Flags:\n";
  CHECK(strncmp(text, header, strlen(header)) == 0);
  const char *flags = text + strlen(header);
  static const char first[] =
      "  -runs                 -1       number of executions, then stop (-1: unlimited; 0 with "
      "corpus dirs: run each input once)\n";
  CHECK(strncmp(flags, first, strlen(first)) == 0);
  CHECK(strstr(flags, "\n  -dict                          dictionary file (AFL/libFuzzer "
                      "format)\n") != NULL);
  CHECK(strstr(flags, "\n  -merge_control_file            -merge=1 keeps its state here "
                      "(libFuzzer's format: per-input STARTED/FT/COV lines) and resumes from "
                      "it\n") != NULL);
  size_t lines = 0;
  const char *line = flags;
  while (*line) {
    CHECK_MSG(strncmp(line, "  -", 3) == 0 && ff_flags_known(line + 3, strcspn(line + 3, " ")),
              "help line %zu names no flag", lines);
    lines++;
    const char *eol = strchr(line, '\n');
    line = eol ? eol + 1 : line + strlen(line);
  }
  CHECK(lines == 36);
  CHECK(strstr(flags, "\n  -arith_solve          1        ") != NULL);
  CHECK(strstr(flags, "\n  -slow_paths           0        ") != NULL);
  const char *last = strstr(flags, "  -ignore_ooms ");
  CHECK(last != NULL && strcmp(last, "  -ignore_ooms          0        -fork: 1: go on after a child "
                                     "runs out of memory\n") == 0);
  free(text);
}

int main(void) {
  ff_flags f;
  char err[256];
  ff_flags_defaults(&f);
  CHECK(f.runs == -1 && f.timeout == 1200 && f.rss_limit_mb == 2048);
  CHECK(f.error_exitcode == 77 && f.timeout_exitcode == 70 && f.detect_leaks == 1);
  CHECK(f.stats_interval == 1 && f.max_len == 0);

  char *good[] = {"fuzzer", "-runs=1000", "corpus", "-max_len=64", "-seed=1",
                  "-artifact_prefix=out/", "-dict=x.dict", "seeds", "--timeout=5",
                  "-stats_json=s.json", "-use_value_profile=1"};
  CHECK(parse(&f, good, 11, err, sizeof err) == 0);
  CHECK(f.runs == 1000 && f.max_len == 64 && f.seed == 1 && f.timeout == 5);
  CHECK(strcmp(f.artifact_prefix, "out/") == 0 && strcmp(f.dict, "x.dict") == 0);
  CHECK(strcmp(f.stats_json, "s.json") == 0);
  CHECK(f.input_count == 2);
  CHECK(strcmp(f.inputs[0], "corpus") == 0 && strcmp(f.inputs[1], "seeds") == 0);
  ff_flags_free(&f);

  char *unknown[] = {"fuzzer", "-frobnicate=1"};
  CHECK(parse(&f, unknown, 2, err, sizeof err) == -1);
  CHECK(strstr(err, "-frobnicate") != NULL);
  ff_flags_free(&f);

  char *not_int[] = {"fuzzer", "-runs=12x"};
  CHECK(parse(&f, not_int, 2, err, sizeof err) == -1);
  CHECK(strstr(err, "-runs") != NULL);
  ff_flags_free(&f);

  char *out_of_range[] = {"fuzzer", "-close_fd_mask=4"};
  CHECK(parse(&f, out_of_range, 2, err, sizeof err) == -1);
  CHECK(strcmp(err, "flag -close_fd_mask: 4 is outside 0..3") == 0);
  ff_flags_free(&f);

  char *unbounded[] = {"fuzzer", "-runs=4611686018427387904", "-seed=4611686018427387905"};
  CHECK(parse(&f, unbounded, 2, err, sizeof err) == 0 && f.runs == FF_FLAG_MAX);
  ff_flags_free(&f);
  CHECK(parse(&f, unbounded, 3, err, sizeof err) == -1);
  CHECK(strcmp(err, "flag -seed: 4611686018427387905 is outside 0..4611686018427387904") == 0);
  ff_flags_free(&f);

  char *no_value[] = {"fuzzer", "-runs"};
  CHECK(parse(&f, no_value, 2, err, sizeof err) == -1);
  CHECK(strstr(err, "-runs") != NULL);
  ff_flags_free(&f);

  char *empty_value[] = {"fuzzer", "-seed="};
  CHECK(parse(&f, empty_value, 2, err, sizeof err) == -1);
  ff_flags_free(&f);

  CHECK(ff_flags_known("merge", 5) && ff_flags_known("minimize_crash", 14));
  CHECK(!ff_flags_known("bogus", 5));
  check_help();
  return check_summary("engine_runtime_flags");
}
