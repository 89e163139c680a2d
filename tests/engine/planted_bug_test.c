/* Engine test on one planted-bug target: fuzz it from an empty corpus with
 * -seed=1 and a fixed -runs budget; the engine must stop with the expected
 * exit code, write an artifact of the expected kind (crash-/timeout-/leak-),
 * and running the binary on that artifact must fail the same way (same exit
 * code, same sanitizer report kind).
 * KIND "none" checks the opposite: the bug is NOT found within RUNS (exit 0,
 * no failure report, no artifact), for bugs a feature (a flag) is needed for.
 * usage: planted_bug_test BINARY RUNS EXIT_CODE ARTIFACT_PREFIX KIND [engine flags...] */
#define _GNU_SOURCE /* mkdtemp */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "child_process.h"
#include "dir_list.h"
#include "failure_kind.h"

#define OUTPUT_CAP (1u << 20)
#define SAFETY_LIMIT_S 600 /* only so a broken engine cannot hang ctest */

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
  (void)st, (void)flag, (void)ftw;
  return remove(path);
}

static int run(const char *const *argv, ff_exit *e, char **output) {
  char err[256];
  if (ff_run_capture(argv, NULL, SAFETY_LIMIT_S, OUTPUT_CAP, e, output, err, sizeof err) != 0) {
    fprintf(stderr, "FAIL: cannot run %s: %s\n", argv[0], err);
    return -1;
  }
  return 0;
}

/* Checks exit code and failure kind of one run; prints the output on mismatch. */
static int expect(const char *what, const ff_exit *e, const char *output, int code, const char *kind) {
  ff_failure f = {{0}, {0}};
  bool classified = ff_failure_classify(output, &f);
  char how[64];
  ff_exit_describe(e, how, sizeof how);
  if (e->code == code && classified && strcmp(f.kind, kind) == 0) {
    printf("ok: %s: %s, %s: %s\n", what, how, f.tool, f.kind);
    return 0;
  }
  fprintf(stderr, "FAIL: %s: expected exit %d and kind '%s', got %s and '%s'\n--- output ---\n%s\n",
          what, code, kind, how, classified ? f.kind : "(no failure report)", output);
  return 1;
}

/* The run must end normally (exit 0) without any failure report. */
static int expect_not_found(const ff_exit *e, const char *output, const char *runs) {
  ff_failure f = {{0}, {0}};
  bool classified = ff_failure_classify(output, &f);
  char how[64];
  ff_exit_describe(e, how, sizeof how);
  if (e->code == 0 && !classified) {
    printf("ok: fuzzing: %s, not found within %s runs\n", how, runs);
    return 0;
  }
  fprintf(stderr, "FAIL: fuzzing: expected no failure within %s runs, got %s and '%s'\n--- output ---\n%s\n",
          runs, how, classified ? f.kind : "(no failure report)", output);
  return 1;
}

int main(int argc, char **argv) {
  if (argc < 6) {
    fprintf(stderr, "usage: %s BINARY RUNS EXIT_CODE ARTIFACT_PREFIX KIND [engine flags...]\n", argv[0]);
    return 2;
  }
  const char *binary = argv[1], *prefix = argv[4], *kind = argv[5];
  int code = atoi(argv[3]);
  char dir[] = "/tmp/ff-planted-XXXXXX";
  if (!mkdtemp(dir)) {
    perror("mkdtemp");
    return 2;
  }
  char corpus[64], artifacts[64], runs[64], artifact_prefix[80];
  snprintf(corpus, sizeof corpus, "%s/corpus", dir);
  snprintf(artifacts, sizeof artifacts, "%s/artifacts", dir);
  snprintf(runs, sizeof runs, "-runs=%s", argv[2]);
  snprintf(artifact_prefix, sizeof artifact_prefix, "-artifact_prefix=%s/", artifacts);
  mkdir(corpus, 0755);
  mkdir(artifacts, 0755);

  const char *fuzz[64] = {binary, "-seed=1", runs, artifact_prefix};
  int n = 4;
  for (int i = 6; i < argc && n < 62; i++) fuzz[n++] = argv[i];
  fuzz[n++] = corpus;
  fuzz[n] = NULL;

  int failures = 0;
  ff_exit e;
  char *output = NULL;
  if (run(fuzz, &e, &output) != 0) return 1;
  ff_path_list found = {0};
  if (strcmp(kind, "none") == 0) {
    failures += expect_not_found(&e, output, argv[2]);
    free(output);
    ff_list_files(artifacts, &found);
    if (found.count) {
      fprintf(stderr, "FAIL: %zu artifact(s) in %s, expected none\n", found.count, artifacts);
      failures++;
    }
    ff_path_list_free(&found);
    nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    return failures ? 1 : 0;
  }
  failures += expect("fuzzing", &e, output, code, kind);
  free(output);

  ff_list_files(artifacts, &found);
  const char *artifact = NULL;
  for (size_t i = 0; i < found.count; i++) {
    const char *base = strrchr(found.paths[i], '/') + 1;
    if (strncmp(base, prefix, strlen(prefix)) == 0 && strlen(base) == strlen(prefix) + 40)
      artifact = found.paths[i];
  }
  if (!artifact) {
    fprintf(stderr, "FAIL: no %s<sha1> artifact in %s (%zu file(s))\n", prefix, artifacts, found.count);
    failures++;
  } else {
    printf("ok: artifact %s\n", artifact);
    const char *replay[64] = {binary};
    int m = 1;
    for (int i = 6; i < argc && m < 62; i++) replay[m++] = argv[i];
    replay[m++] = artifact;
    replay[m] = NULL;
    if (run(replay, &e, &output) != 0) return 1;
    failures += expect("replay", &e, output, code, kind);
    free(output);
  }
  ff_path_list_free(&found);
  nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
  return failures ? 1 : 0;
}
