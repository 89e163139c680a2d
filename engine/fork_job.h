/* One fork-mode job (see fork.h): its directory under the parent's temporary
 * directory (C/ the corpus it fuzzes into, S/ links to its seed inputs unless
 * it reads them from directories in place, log, its artifacts), the child
 * process that fuzzes there, and its removal. */
#ifndef FF_ENGINE_FORK_JOB_H
#define FF_ENGINE_FORK_JOB_H

#include <stdint.h>
#include <sys/types.h>

#include "fork.h"

typedef struct ff_fork_job {
  pid_t pid;          /* 0: this slot runs no job */
  long id;            /* 1, 2, ... */
  long long runs;     /* the job's -runs (-1: none) */
  char dir[4096];     /* <temp>/J<id> */
  long log_shown;     /* bytes of its log already passed on (whole-corpus jobs, fork.c) */
} ff_fork_job;

/* What a job gets besides the parent's flags. */
typedef struct ff_fork_job_plan {
  char *const *seeds; /* paths of its seed inputs (duplicates allowed), linked into S/ */
  size_t seed_count;
  char *const *seed_dirs; /* or directories it reads its seeds from, in place */
  size_t seed_dir_count;
  long long runs;     /* -runs (-1: none) */
  long long seconds;  /* -max_total_time (0: none) */
  long long seed;     /* -seed */
} ff_fork_job_plan;

/* Makes job->dir (job->id set), links the seeds, and forks the job: a child
 * in a process group of its own, killed when the parent dies, with its output
 * in job->dir/log, which runs job_fn on e with the plan's flags and its own
 * directories as corpus and exits with its result. Returns 0, or -1
 * (reported). */
int ff_fork_job_start(ff_fork_job *job, const ff_fork_job_plan *plan, ff_engine *e,
                      const char *argv0, ff_fork_job_fn job_fn);
/* Kills the job's process group (SIGKILL) and reaps it. */
void ff_fork_job_kill(ff_fork_job *job);
/* Paths inside the job's directory. */
void ff_fork_job_path(const ff_fork_job *job, const char *name, char *out, size_t cap);
/* Removes a directory tree (the job's, or the parent's temporary one). */
void ff_fork_remove_tree(const char *dir);

#endif
