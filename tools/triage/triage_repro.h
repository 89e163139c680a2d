/* Reproducing one input against a fuzzer binary (any preset's binary accepts a
 * file argument and runs it once), with symbolized sanitizer stacks, a few
 * times to tell stable crashes from flaky ones. tmin and triage use it. */
#ifndef FF_TOOLS_TRIAGE_REPRO_H
#define FF_TOOLS_TRIAGE_REPRO_H

#include <stdbool.h>

#include "triage_classify.h"

typedef struct triage_target {
  const char *binary;
  double timeout_s;   /* per-input limit given to the engine (-timeout); the process gets more */
} triage_target;

typedef struct triage_repro {
  int attempts, crashed, same; /* runs, runs that crashed, runs with the first crash's signature */
  triage_crash crash;          /* the first crash seen (crash.crashed false: none) */
  char error[256];             /* set when the binary could not be run at all */
} triage_repro;

/* Runs input_path attempts times. Returns 0, or -1 when the binary could not
 * be started (r->error says why). */
int triage_reproduce(const triage_target *t, const char *input_path, int attempts, triage_repro *r);
void triage_repro_free(triage_repro *r);
/* One run; true and c filled when it crashed. -1 when it could not start. */
int triage_run_once(const triage_target *t, const char *input_path, triage_crash *c, char *err,
                    size_t err_cap);
/* "<binary> -timeout=N <input>": the command a person runs to reproduce. */
void triage_repro_command(const triage_target *t, const char *input_path, char *out, size_t cap);

#endif
