/* A harness that calls exit() in the middle of an input (see exit_guard.h). */
#include "exit_guard.h"

#include <stdlib.h>
#include <unistd.h>

#include "executor.h"
#include "fatal.h"
#include "globals.h"
#include "log.h"

void __sanitizer_print_stack_trace(void);

/* Runs at exit(): only an exit from inside LLVMFuzzerTestOneInput is a
 * finding; the engine's own exits pass through. */
static void on_exit_during_input(void) {
  if (!ff_exec.running) return;
  ff_logf("==%ld== ERROR: libFuzzer: fuzz target exited\n", (long)getpid());
  __sanitizer_print_stack_trace();
  ff_logf("SUMMARY: libFuzzer: fuzz target exited\n");
  ff_fatal_exit("crash", ff_exit_code.error);
}

void ff_exit_guard_install(void) { atexit(on_exit_during_input); }
