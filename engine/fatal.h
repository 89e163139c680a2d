/* The common end of every failure the engine catches (deadly signal,
 * sanitizer report, timeout, oom, leak): save the input of the run in
 * progress as an artifact, run the hook (main.c's: let the stats record the
 * failure and print the final stats), exit with libFuzzer's code. Runs at
 * most once per process. */
#ifndef FF_ENGINE_FATAL_H
#define FF_ENGINE_FATAL_H

typedef struct ff_exit_codes {
  int error;   /* crash caught by the engine, leak: -error_exitcode (77) */
  int timeout; /* -timeout_exitcode (70) */
  int oom;     /* 71, as libFuzzer (not configurable there either) */
  int interrupt; /* SIGINT/SIGTERM: 72 */
} ff_exit_codes;

/* The process's codes are ff_exit_code (globals.h). */

/* Sets the function the fatal path calls once, with the failure kind
 * ("crash", "timeout", "oom", "leak") or "interrupt" and ctx, before exiting.
 * NULL: none (a forked child's). */
void ff_fatal_set_hook(void (*hook)(const char *kind, void *ctx), void *ctx);

/* Writes the current input as <kind>-<sha1> and runs the hook; returns. */
void ff_fatal_record(const char *kind);
/* ff_fatal_record, then _Exit(code). */
_Noreturn void ff_fatal_exit(const char *kind, int code);

#endif
