/* Parallel fuzzing jobs (see jobs.h). */
#include "jobs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log.h"

static int is_flag_named(const char *arg, const char *name) {
  const char *p = arg + 1;
  if (*p == '-') p++;
  size_t n = strlen(name);
  return strncmp(p, name, n) == 0 && p[n] == '=';
}

static pid_t spawn_job(char **child_argv, int job) {
  char log_path[64];
  snprintf(log_path, sizeof log_path, "fuzz-%d.log", job);
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid != 0) return pid;
  prctl(PR_SET_PDEATHSIG, SIGTERM); /* a job never outlives the process that started it */
  if (getppid() != parent) _exit(1);
  int fd = open(log_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd >= 0) {
    dup2(fd, 1);
    dup2(fd, 2);
    close(fd);
  }
  execv("/proc/self/exe", child_argv);
  fprintf(stderr, "ERROR: cannot run %s: %s\n", child_argv[0], strerror(errno));
  _exit(1);
}

int ff_jobs_run(const ff_flags *flags, int argc, char **argv) {
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  long long workers = flags->workers;
  if (workers <= 0) {
    workers = cores / 2 > 0 ? cores / 2 : 1;
    if (workers > flags->jobs) workers = flags->jobs;
  }
  char **child_argv = calloc((size_t)argc + 2, sizeof *child_argv);
  pid_t *pids = calloc((size_t)flags->jobs, sizeof *pids);
  char seed_arg[48], stats_arg[4200];
  if (!child_argv || !pids) return 1;
  int n = 0, seed_slot = -1, stats_slot = -1;
  for (int i = 0; i < argc; i++) {
    if (i > 0 && (is_flag_named(argv[i], "jobs") || is_flag_named(argv[i], "workers"))) continue;
    if (i > 0 && is_flag_named(argv[i], "stats_csv")) continue; /* one CSV, not N interleaved */
    if (i > 0 && is_flag_named(argv[i], "seed")) seed_slot = n;
    if (i > 0 && is_flag_named(argv[i], "stats_json")) stats_slot = n;
    child_argv[n++] = argv[i];
  }
  int failed = 0;
  long long next = 0, running = 0;
  while (next < flags->jobs || running > 0) {
    while (running < workers && next < flags->jobs) {
      if (seed_slot >= 0) {
        snprintf(seed_arg, sizeof seed_arg, "-seed=%lld", flags->seed + next);
        child_argv[seed_slot] = seed_arg;
      }
      if (stats_slot >= 0) {
        snprintf(stats_arg, sizeof stats_arg, "-stats_json=%s.job%lld", flags->stats_json, next);
        child_argv[stats_slot] = stats_arg;
      }
      pid_t pid = spawn_job(child_argv, (int)next);
      if (pid < 0) {
        ff_logf("ERROR: fork: %s\n", strerror(errno));
        return 1;
      }
      pids[next] = pid;
      ff_logf("Job %lld: %s > fuzz-%lld.log\n", next, argv[0], next);
      next++;
      running++;
    }
    int status;
    pid_t done = wait(&status);
    if (done < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (long long j = 0; j < next; j++) {
      if (pids[j] != done) continue;
      int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      ff_logf("Job %lld exited with exit code %d\n", j, code);
      if (code != 0) failed = 1;
      running--;
    }
  }
  free(child_argv);
  free(pids);
  return failed;
}
