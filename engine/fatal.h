/* The common end of every failure the engine catches (deadly signal,
 * sanitizer report, timeout, oom, leak): save the input of the run in
 * progress as an artifact, let the stats record the failure, print the final
 * stats, exit with libFuzzer's code. Runs at most once per process. */
#ifndef FF_ENGINE_FATAL_H
#define FF_ENGINE_FATAL_H

typedef struct ff_exit_codes {
  int error;   /* crash caught by the engine, leak: -error_exitcode (77) */
  int timeout; /* -timeout_exitcode (70) */
  int oom;     /* 71, as libFuzzer (not configurable there either) */
  int interrupt; /* SIGINT/SIGTERM: 72 */
} ff_exit_codes;

extern ff_exit_codes ff_exit_code;

/* Called once with the failure kind ("crash", "timeout", "oom", "leak") or
 * "interrupt", before exiting; set by the stats module. */
extern void (*ff_fatal_hook)(const char *kind);

/* Writes the current input as <kind>-<sha1> and runs the hook; returns. */
void ff_fatal_record(const char *kind);
/* ff_fatal_record, then _Exit(code). */
_Noreturn void ff_fatal_exit(const char *kind, int code);

#endif
