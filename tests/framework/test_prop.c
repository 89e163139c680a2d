/* Tests of the property runner (core/prop/): shrinking to the exact minimal
 * counterexample, determinism, saving and replaying, and shrinking crashes
 * through forked runs. Failing properties run through ff_prop_check, so the
 * test passes by asserting on their shrunk results. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fileio.h"
#include "formfuzz/prop.h"

#include "ff_check.h"

FF_PROPERTY(u32_below_1000) {
  uint32_t x = ff_u32(in);
  FF_PROP_ASSERT(x < 1000, "x = %u", x);
}

FF_PROPERTY(lists_shorter_than_3) {
  size_t n = 0;
  while (ff_more(in)) {
    ff_u8(in);
    n++;
  }
  FF_PROP_ASSERT(n < 3, "list of %zu elements", n);
}

FF_PROPERTY(list_sum_below_10) {
  unsigned sum = 0;
  while (ff_more(in)) sum += ff_u8(in);
  FF_INVARIANT(sum < 10, "test.sum", "sum %u", sum);
}

FF_PROPERTY(always_holds) {
  uint64_t a = ff_u64(in);
  FF_PROP_ASSERT(a == a, "never");
}

FF_PROPERTY(aborts_from_300) {
  if (ff_u16(in) >= 300) abort();
}

FF_PROPERTY(overflows_from_40) {
  uint8_t n = ff_u8(in);
  volatile char *b = malloc(16);
  if (!b) return;
  if (n >= 40) b[16] = 1; /* heap-buffer-overflow under ASan */
  free((void *)b);
}

/* Records a hash of every input it sees (in-process runs only). */
static uint64_t seen_hash;
static unsigned seen_count;
FF_PROPERTY(records_inputs) {
  size_t len;
  const uint8_t *p = ff_rest(in, &len);
  for (size_t i = 0; i < len; i++) seen_hash = (seen_hash ^ p[i]) * 0x100000001b3ULL;
  seen_hash = (seen_hash ^ len) * 0x100000001b3ULL;
  seen_count++;
}

static ff_prop_config quiet_config(uint64_t seed) {
  ff_prop_config cfg;
  ff_prop_config_default(&cfg);
  cfg.seed = seed;
  cfg.cases = 1000;
  cfg.report = NULL;
  return cfg;
}

static bool bytes_are(const ff_prop_result *r, const uint8_t *want, size_t n) {
  return r->counterexample_len == n && memcmp(r->counterexample, want, n) == 0;
}

static void hex(const ff_prop_result *r, char *out, size_t cap) {
  out[0] = '\0';
  for (size_t i = 0; i < r->counterexample_len && (i + 1) * 2 < cap; i++)
    sprintf(out + 2 * i, "%02x", r->counterexample[i]);
}

static void test_u32_shrinks_to_1000(void) {
  ff_prop_config cfg = quiet_config(1);
  ff_prop_result r;
  ff_prop_check(ff_prop_find("u32_below_1000"), &cfg, &r);
  static const uint8_t want[] = {0x00, 0x00, 0x03, 0xe8};
  char h[256];
  hex(&r, h, sizeof h);
  CHECK_MSG(r.status == FF_PROP_FAILED, "status %d", r.status);
  CHECK_MSG(bytes_are(&r, want, sizeof want), "got %s", h);
  CHECK_MSG(strncmp(r.failure, "invariant prop.line", 19) == 0, "failure '%s'", r.failure);
  CHECK_MSG(strstr(r.message, "x = 1000") != NULL, "message '%s'", r.message);
  ff_prop_result_free(&r);
}

static void test_lists_shrink_to_minimal(void) {
  ff_prop_config cfg = quiet_config(7);
  ff_prop_result r;
  char h[256];
  ff_prop_check(ff_prop_find("lists_shorter_than_3"), &cfg, &r);
  static const uint8_t three[] = {1, 0, 1, 0, 1, 0, 0}; /* [0, 0, 0] then "no more" */
  hex(&r, h, sizeof h);
  CHECK_MSG(r.status == FF_PROP_FAILED && bytes_are(&r, three, sizeof three), "got %s", h);
  ff_prop_result_free(&r);

  ff_prop_check(ff_prop_find("list_sum_below_10"), &cfg, &r);
  static const uint8_t ten[] = {1, 10, 0}; /* [10] */
  hex(&r, h, sizeof h);
  CHECK_MSG(r.status == FF_PROP_FAILED && bytes_are(&r, ten, sizeof ten), "got %s", h);
  CHECK_MSG(strcmp(r.failure, "invariant test.sum") == 0, "failure '%s'", r.failure);
  ff_prop_result_free(&r);
}

static void test_same_seed_same_cases(void) {
  ff_prop_config cfg = quiet_config(42);
  cfg.use_fork = false;
  cfg.cases = 300;
  ff_prop_result r;
  uint64_t hashes[3];
  for (int k = 0; k < 3; k++) {
    seen_hash = 0xcbf29ce484222325ULL;
    seen_count = 0;
    cfg.seed = k < 2 ? 42 : 43;
    ff_prop_check(ff_prop_find("records_inputs"), &cfg, &r);
    CHECK_MSG(r.status == FF_PROP_PASSED && r.cases_run == 300 && seen_count == 300, "status %d cases %u",
          r.status, r.cases_run);
    hashes[k] = seen_hash;
  }
  CHECK_MSG(hashes[0] == hashes[1], "same seed gave different cases");
  CHECK_MSG(hashes[0] != hashes[2], "different seeds gave the same cases");

  ff_prop_result a, b;
  cfg = quiet_config(9);
  ff_prop_check(ff_prop_find("list_sum_below_10"), &cfg, &a);
  ff_prop_check(ff_prop_find("list_sum_below_10"), &cfg, &b);
  CHECK_MSG(a.failing_case == b.failing_case && a.shrink_runs == b.shrink_runs &&
            a.original_len == b.original_len,
        "two runs with seed 9 differ: case %u/%u runs %u/%u", a.failing_case, b.failing_case,
        a.shrink_runs, b.shrink_runs);
  ff_prop_result_free(&a);
  ff_prop_result_free(&b);

  cfg = quiet_config(5);
  ff_prop_check(ff_prop_find("always_holds"), &cfg, &r);
  CHECK_MSG(r.status == FF_PROP_PASSED && r.cases_run == 1000, "status %d", r.status);
}

static void test_saved_file_replays(void) {
  char dir[] = "/tmp/ff-prop-test-XXXXXX";
  CHECK_MSG(mkdtemp(dir) != NULL, "mkdtemp");
  ff_prop_config cfg = quiet_config(3);
  cfg.save_dir = dir;
  ff_prop_result r;
  const ff_property *prop = ff_prop_find("u32_below_1000");
  ff_prop_check(prop, &cfg, &r);
  CHECK_MSG(r.saved_path[0] != '\0', "not saved");
  uint8_t *data = NULL;
  size_t len = 0;
  char err[256];
  CHECK_MSG(ff_read_file(r.saved_path, 1024, &data, &len, err, sizeof err) == 0, "%s", err);
  CHECK_MSG(data && len == r.counterexample_len && memcmp(data, r.counterexample, len) == 0, "content differs");
  char failure[192];
  CHECK_MSG(data && ff_prop_run_once(prop, data, len, failure, sizeof failure, NULL, 0, NULL) &&
            strcmp(failure, r.failure) == 0,
        "the saved file does not fail the same way: '%s'", failure);
  char subdir[512];
  snprintf(subdir, sizeof subdir, "%s/u32_below_1000", dir);
  FILE *devnull = fopen("/dev/null", "w");
  CHECK_MSG(ff_prop_replay_dir(prop, subdir, devnull) == 1, "replay of the saved dir");
  CHECK_MSG(ff_prop_replay_dir(ff_prop_find("always_holds"), subdir, devnull) == 0, "holds on it");
  fclose(devnull);
  free(data);
  unlink(r.saved_path);
  rmdir(subdir);
  rmdir(dir);
  ff_prop_result_free(&r);
}

static void test_crashes_shrink_in_children(void) {
  ff_prop_config cfg = quiet_config(11);
  ff_prop_result r;
  char h[256];
  ff_prop_check(ff_prop_find("aborts_from_300"), &cfg, &r);
  static const uint8_t want[] = {0x01, 0x2c};
  hex(&r, h, sizeof h);
  CHECK_MSG(r.status == FF_PROP_FAILED && bytes_are(&r, want, sizeof want), "got %s (%s)", h, r.failure);
  CHECK_MSG(strstr(r.failure, "crash") == r.failure && strstr(r.failure, "signal 6"), "failure '%s'", r.failure);
  ff_prop_result_free(&r);

  ff_prop_check(ff_prop_find("overflows_from_40"), &cfg, &r);
  static const uint8_t forty[] = {40};
  hex(&r, h, sizeof h);
  CHECK_MSG(r.status == FF_PROP_FAILED && bytes_are(&r, forty, sizeof forty), "got %s (%s)", h, r.failure);
  /* clang: the ASan summary; gcc: UBSan's object-size report comes first */
  CHECK_MSG(strstr(r.failure, "heap-buffer-overflow") || strstr(r.failure, "runtime error"), "failure '%s'", r.failure);
  ff_prop_result_free(&r);
}

int main(void) {
  test_u32_shrinks_to_1000();
  test_lists_shrink_to_minimal();
  test_same_seed_same_cases();
  test_saved_file_replays();
  test_crashes_shrink_in_children();
  return check_summary("test_prop");
}
