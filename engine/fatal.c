/* The common end of caught failures (see fatal.h). */
#include "fatal.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "artifact.h"
#include "executor.h"
#include "globals.h"

ff_exit_codes ff_exit_code = {77, 70, 71, 72};

static void (*fatal_hook)(const char *kind, void *ctx);
static void *fatal_ctx;
static int fatal_once;

void ff_fatal_set_hook(void (*hook)(const char *kind, void *ctx), void *ctx) {
  fatal_hook = hook;
  fatal_ctx = ctx;
}

void ff_fatal_record(const char *kind) {
  if (__atomic_exchange_n(&fatal_once, 1, __ATOMIC_SEQ_CST)) return;
  if (strcmp(kind, "interrupt") != 0 && ff_exec.data)
    ff_artifact_write(kind, ff_exec.data, ff_exec.size, NULL);
  if (fatal_hook) fatal_hook(kind, fatal_ctx);
}

_Noreturn void ff_fatal_exit(const char *kind, int code) {
  ff_fatal_record(kind);
  _Exit(code);
}
