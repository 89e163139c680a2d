/* -jobs=N: runs N fuzzing jobs as child processes (this program again,
 * without -jobs/-workers), at most -workers at once (default min(N, cores/2)),
 * each logging to fuzz-<n>.log as libFuzzer does. They share the first corpus
 * directory: each re-reads it every few seconds for the others' finds. With
 * -seed=S, job n gets -seed=S+n. */
#ifndef FF_ENGINE_JOBS_H
#define FF_ENGINE_JOBS_H

#include "flags.h"

int ff_jobs_run(const ff_flags *flags, int argc, char **argv);

#endif
