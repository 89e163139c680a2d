/* Unit test of the engine's command line: defaults as libFuzzer's, values
 * parsed, positional inputs kept in order, unknown flags and malformed or
 * out-of-range values rejected with a message naming the flag. */
#include <string.h>

#include "ff_check.h"
#include "flags.h"

static int parse(ff_flags *f, char **argv, int argc, char *err, size_t cap) {
  ff_flags_defaults(f);
  return ff_flags_parse(f, argc, argv, err, cap);
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
  CHECK(strstr(err, "-close_fd_mask") != NULL);
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
  return check_summary("engine_runtime_flags");
}
