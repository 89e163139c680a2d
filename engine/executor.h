/* The in-process executor: runs the harness on one input and keeps what the
 * failure handlers need to know about the run in progress (which input, since
 * when, how many mallocs and frees). The input is copied to the end of a
 * buffer of -max_len bytes, so reading past its end hits AddressSanitizer's
 * redzone as with libFuzzer's exact-size copy, without an allocation per run. */
#ifndef FF_ENGINE_EXECUTOR_H
#define FF_ENGINE_EXECUTOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ff_exec_state {
  const uint8_t *volatile data; /* the input of the run in progress (or last run) */
  volatile size_t size;
  volatile int running;         /* inside LLVMFuzzerTestOneInput */
  volatile int failing;         /* a failure report is being written (it can take seconds
                                 * to symbolize): the timeout alarm stays out of it */
  volatile uint64_t start_ns;
  uint64_t mallocs, frees;      /* during the current run, updated atomically */
  bool track_mallocs;           /* count mallocs/frees (leak detection) */
} ff_exec_state;

/* The process's one is ff_exec (globals.h). */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

uint64_t ff_now_ns(void);
/* Allocates the run buffer for inputs up to max_len bytes. */
int ff_executor_init(size_t max_len);
/* Runs the harness once; returns its result; *ns gets the run's duration. */
int ff_execute(const uint8_t *data, size_t size, uint64_t *ns);
/* Runs the harness and, if it allocated more than it freed, checks for a
 * leak as libFuzzer does (re-run with LeakSanitizer disabled, then a
 * recoverable leak check); a leak writes leak-<sha1> and exits. For runs whose
 * coverage is not read (replay, children); the others call ff_execute, collect
 * the features, then ff_leak_check (leak.h). */
int ff_execute_checked(const uint8_t *data, size_t size, uint64_t *ns, bool initial_corpus);

#endif
