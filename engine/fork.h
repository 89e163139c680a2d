/* -fork=N: libFuzzer's fork mode. The parent process runs no input itself:
 * it merges the corpus directories once (merge.h) to get the inputs that add
 * coverage and their features, then keeps N jobs running. A job is a child
 * process (a fork of this one, in a process group of its own, killed when
 * the parent dies) that fuzzes from about sqrt(n) inputs drawn from the n
 * kept ones (recent ones more often) into an empty corpus directory of its
 * own, for -fork_job_runs executions or else min(300, job number) seconds,
 * never past the parent's -max_total_time. With -fork=1 and no
 * -fork_job_runs a job instead starts from every kept input and fuzzes until
 * the limits are used up or it fails (fork.c, whole_corpus_jobs); its status
 * lines are passed on while it runs. When a job ends, the parent
 * merges the inputs it found that reach features no kept input reaches into
 * the first corpus directory (a temporary one when none is given) and prints
 *   #<runs>: cov: E ft: F corp: N exec/s: X oom/timeout/crash: O/T/C time: Ss job: J
 * A job that failed left its artifact in its own directory: the parent keeps
 * it (as <prefix><kind>-<sha1>, artifact.h) unless a kept one has the same
 * crash signature (crash_signature.h), then either goes on (-ignore_crashes,
 * -ignore_timeouts, -ignore_ooms) or stops the other jobs, prints the job's
 * log and exits with the job's exit code, as libFuzzer does. -runs counts
 * the jobs' executions; after -runs or -max_total_time no job starts, the
 * running ones end by their own limits and the exit code is 0; a failure
 * that is not ignored and SIGINT/SIGTERM (exit 72) kill the running jobs at
 * once, whose finds are then merged. The temporary directory (jobs, logs, seeds) is removed at exit. */
#ifndef FF_ENGINE_FORK_H
#define FF_ENGINE_FORK_H

#include "engine.h"

/* What a job process runs once its flags are set (main.c's fuzzing mode):
 * returns its exit code. */
typedef int (*ff_fork_job_fn)(ff_engine *e, const char *argv0);

/* Runs fork mode with e's flags (the command line's); returns the exit code. */
int ff_fork_fuzz(ff_engine *e, const char *argv0, ff_fork_job_fn job);

#endif
