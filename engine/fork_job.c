/* Starting, killing and removing one fork-mode job (see fork_job.h). */
#define _GNU_SOURCE /* nftw's FTW_PHYS, realpath */
#include "fork_job.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log.h"

void ff_fork_job_path(const ff_fork_job *job, const char *name, char *out, size_t cap) {
  snprintf(out, cap, "%s/%s", job->dir, name);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
  (void)st, (void)flag, (void)ftw;
  remove(path);
  return 0;
}

void ff_fork_remove_tree(const char *dir) { nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS); }

/* S/<i> -> the absolute path of seed i (a seed is never copied). */
static int link_seeds(const char *seed_dir, const ff_fork_job_plan *plan) {
  for (size_t i = 0; i < plan->seed_count; i++) {
    char target[PATH_MAX], link_path[4200];
    if (!realpath(plan->seeds[i], target)) continue; /* removed meanwhile: one seed less */
    snprintf(link_path, sizeof link_path, "%s/%zu", seed_dir, i);
    if (symlink(target, link_path) != 0) return -1;
  }
  return 0;
}

/* The job child: its own process group, dies with the parent, output into
 * its log, then the fuzzing mode with the job's flags. Never returns. */
static _Noreturn void run_child(ff_fork_job *job, const ff_fork_job_plan *plan, ff_engine *e,
                                const char *argv0, ff_fork_job_fn job_fn, pid_t parent) {
  setpgid(0, 0);
  prctl(PR_SET_PDEATHSIG, SIGKILL); /* a job never outlives the parent */
  if (getppid() != parent) _exit(1);
  signal(SIGINT, SIG_DFL); /* the parent's handlers only set its flag */
  signal(SIGTERM, SIG_DFL);
  char path[4200];
  ff_fork_job_path(job, "log", path, sizeof path);
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) _exit(1);
  /* -close_fd_mask left the target's stdout/stderr on /dev/null: keep them there */
  int mask = (int)e->flags.close_fd_mask;
  if (!(mask & 1)) dup2(fd, 1);
  if (!(mask & 2)) dup2(fd, 2);
  ff_log_set_fd(fd);
  static char corpus[4200], seeds[4200], prefix[4200];
  ff_fork_job_path(job, "C", corpus, sizeof corpus);
  ff_fork_job_path(job, "S", seeds, sizeof seeds);
  ff_fork_job_path(job, "", prefix, sizeof prefix);
  size_t ninputs = 1 + (plan->seed_dir_count ? plan->seed_dir_count : plan->seed_count ? 1 : 0);
  char **inputs = calloc(ninputs, sizeof *inputs);
  if (!inputs) _exit(1);
  inputs[0] = corpus;
  for (size_t i = 0; i < plan->seed_dir_count; i++) inputs[1 + i] = plan->seed_dirs[i];
  if (!plan->seed_dir_count && plan->seed_count) inputs[1] = seeds;
  ff_flags *f = &e->flags;
  f->fork = 0;
  f->jobs = 0;
  f->runs = plan->runs;
  f->max_total_time = plan->seconds;
  f->seed = plan->seed;
  f->artifact_prefix = prefix;
  f->exact_artifact_path = NULL;
  f->print_final_stats = 1; /* the parent reads stat::number_of_executed_units */
  f->stats_json = f->stats_csv = NULL;
  f->inputs = inputs;
  f->input_count = ninputs;
  _exit(job_fn(e, argv0));
}

int ff_fork_job_start(ff_fork_job *job, const ff_fork_job_plan *plan, ff_engine *e,
                      const char *argv0, ff_fork_job_fn job_fn) {
  char corpus[4200], seeds[4200];
  ff_fork_job_path(job, "C", corpus, sizeof corpus);
  ff_fork_job_path(job, "S", seeds, sizeof seeds);
  if (mkdir(job->dir, 0700) != 0 || mkdir(corpus, 0700) != 0 ||
      (plan->seed_count && !plan->seed_dir_count &&
       (mkdir(seeds, 0700) != 0 || link_seeds(seeds, plan) != 0))) {
    ff_logf("ERROR: -fork: cannot prepare %s: %s\n", job->dir, strerror(errno));
    return -1;
  }
  job->runs = plan->runs;
  job->log_shown = 0;
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) {
    ff_logf("ERROR: -fork: fork: %s\n", strerror(errno));
    return -1;
  }
  if (pid == 0) run_child(job, plan, e, argv0, job_fn, parent);
  setpgid(pid, pid); /* also here: the group exists before the parent may kill it */
  job->pid = pid;
  return 0;
}

void ff_fork_job_kill(ff_fork_job *job) {
  if (job->pid <= 0) return;
  kill(-job->pid, SIGKILL);
  kill(job->pid, SIGKILL);
  int status;
  while (waitpid(job->pid, &status, 0) < 0 && errno == EINTR) {
  }
  job->pid = 0;
}
