/* -jobs=N: runs N fuzzing jobs as child processes (this program again,
 * without -jobs/-workers), at most -workers at once (default min(N, cores/2)),
 * each logging to fuzz-<n>.log as libFuzzer does. They share the first corpus
 * directory: each re-reads it every few seconds for the others' finds. With
 * -seed=S, job n gets -seed=S+n. With -stats_json=F, job n writes F.job<n>
 * (its own numbers: `formfuzz run --jobs` adds them up into F); -stats_csv is
 * not passed to the jobs (N writers would interleave their rows). A job gets
 * SIGTERM when this process dies. */
#ifndef FF_ENGINE_JOBS_H
#define FF_ENGINE_JOBS_H

#include "flags.h"

int ff_jobs_run(const ff_flags *flags, int argc, char **argv);

#endif
