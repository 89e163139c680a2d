/* Running a fuzzer binary on one input and classifying what happened (see
 * triage_repro.h). */
#include "triage_repro.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "child_process.h"

#define REPRO_OUTPUT_MAX (512u << 10)

static const char *const SANITIZER_ENV[] = {
    "ASAN_OPTIONS=symbolize=1:detect_leaks=1:handle_abort=1:abort_on_error=0:"
    "allocator_may_return_null=0",
    "UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:symbolize=1",
    "LSAN_OPTIONS=symbolize=1", NULL};

int triage_run_once(const triage_target *t, const char *input_path, triage_crash *c, char *err,
                    size_t err_cap) {
  char timeout_flag[64];
  long engine_timeout = t->timeout_s > 0 ? (long)(t->timeout_s + 0.999) : 10;
  snprintf(timeout_flag, sizeof timeout_flag, "-timeout=%ld", engine_timeout);
  const char *argv[] = {t->binary, timeout_flag, input_path, NULL};
  ff_exit ex;
  char *output = NULL;
  /* the engine reports its own timeout first; our limit catches builds without one */
  if (ff_run_capture(argv, SANITIZER_ENV, (double)engine_timeout * 2 + 5, REPRO_OUTPUT_MAX, &ex,
                     &output, err, err_cap) != 0)
    return -1;
  if (ex.code == 127 && output && strstr(output, t->binary) && !strstr(output, "Running")) {
    snprintf(err, err_cap, "cannot run %s", t->binary);
    free(output);
    return -1;
  }
  bool crashed = triage_classify(output, ex.timed_out, ex.signal, c);
  free(output);
  return crashed ? 1 : 0;
}

int triage_reproduce(const triage_target *t, const char *input_path, int attempts, triage_repro *r) {
  memset(r, 0, sizeof *r);
  for (int i = 0; i < attempts; i++) {
    triage_crash c;
    int rc = triage_run_once(t, input_path, &c, r->error, sizeof r->error);
    if (rc < 0) return -1;
    r->attempts++;
    if (rc == 0) continue;
    r->crashed++;
    if (!r->crash.crashed) {
      r->crash = c;
      r->same++;
      continue;
    }
    if (strcmp(c.signature, r->crash.signature) == 0) r->same++;
    triage_crash_free(&c);
  }
  return 0;
}

void triage_repro_free(triage_repro *r) { triage_crash_free(&r->crash); }

void triage_repro_command(const triage_target *t, const char *input_path, char *out, size_t cap) {
  long engine_timeout = t->timeout_s > 0 ? (long)(t->timeout_s + 0.999) : 10;
  snprintf(out, cap, "%s -timeout=%ld %s", t->binary, engine_timeout, input_path);
}
