/* Running other programs (fuzzer binaries, cmake, clang, afl-fuzz): spawn in
 * a process group of its own with stdout+stderr appended to a log file (or
 * captured into memory), wait with a time limit, stop cleanly (SIGTERM to the
 * group, then SIGKILL after a grace period). */
#ifndef FF_TOOLS_CHILD_PROCESS_H
#define FF_TOOLS_CHILD_PROCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

typedef struct ff_exit {
  int code;       /* exit status when it exited normally, else -1 */
  int signal;     /* terminating signal, else 0 */
  bool timed_out; /* we stopped it because the time limit passed */
  double cpu_s;   /* user + system CPU seconds of the child and the children it
                     waited for (wait4's rusage); 0 until it has ended */
} ff_exit;

typedef struct ff_spawn_opts {
  const char *log_path;      /* stdout+stderr appended here; NULL: inherit */
  const char *const *env;    /* extra "NAME=value" entries, NULL-terminated; may be NULL */
  const char *cwd;           /* NULL: current directory */
  bool quiet;                /* with no log_path: send output to /dev/null */
} ff_spawn_opts;

/* Starts argv[0] (searched in PATH) in a process group of its own, ended by
 * SIGTERM when formfuzz dies. Returns the pid, or -1 with err set. */
pid_t ff_spawn(const char *const *argv, const ff_spawn_opts *opts, char *err, size_t err_cap);
/* ff_spawn with the child's stdout and stderr on out_fd (-1: inherited);
 * opts->log_path and opts->quiet are not used. */
pid_t ff_spawn_to_fd(const char *const *argv, const ff_spawn_opts *opts, int out_fd, char *err,
                     size_t err_cap);
/* Non-blocking: 1 and *out when the child has ended, 0 while it runs, -1 on error. */
int ff_child_poll(pid_t pid, ff_exit *out);
/* Waits up to timeout_s (0: no limit). On timeout stops the child's group
 * (SIGTERM, then SIGKILL after grace_s) and sets timed_out. Returns 0 or -1. */
int ff_child_wait(pid_t pid, double timeout_s, double grace_s, ff_exit *out);
/* SIGTERM to the child's group, SIGKILL after grace_s if still there; reaps it. */
void ff_child_stop(pid_t pid, double grace_s, ff_exit *out);
/* spawn + wait. Returns 0 when it ran (whatever its status), -1 when it could not start. */
int ff_run(const char *const *argv, const ff_spawn_opts *opts, double timeout_s, ff_exit *out,
           char *err, size_t err_cap);
/* Runs and captures stdout+stderr (at most max_output bytes kept: the first
 * ones) into a malloc'd NUL-terminated *output. Returns 0 or -1. */
int ff_run_capture(const char *const *argv, const char *const *env, double timeout_s,
                   size_t max_output, ff_exit *out, char **output, char *err, size_t err_cap);
/* "exit 77", "killed by signal 9 (SIGKILL)", "timed out" */
void ff_exit_describe(const ff_exit *e, char *out, size_t cap);
/* Seconds from a monotonic clock (durations, progress; never in test assertions). */
double ff_now(void);

#endif
