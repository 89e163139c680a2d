/* Forked single runs (see child.h). */
#include "child.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "artifact.h"
#include "executor.h"
#include "fatal.h"
#include "log.h"
#include "watchdog.h"

void ff_child_prepare(long long timeout_s, long long rss_limit_mb, int quiet) {
  prctl(PR_SET_PDEATHSIG, SIGKILL); /* a throwaway run never outlives the engine */
  if (getppid() == 1) _exit(1);      /* the engine died before prctl */
  ff_artifact_configure(NULL, NULL, false);
  ff_fatal_set_hook(NULL, NULL);
  if (quiet) {
    int null_fd = open("/dev/null", O_WRONLY);
    if (null_fd >= 0) {
      dup2(null_fd, 1);
      dup2(null_fd, 2);
      close(null_fd);
    }
  }
  /* interval timers are not inherited across fork */
  ff_watchdog_start(timeout_s, rss_limit_mb);
}

int ff_child_run(const uint8_t *data, size_t size, long long timeout_s) {
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    ff_child_prepare(timeout_s, 0, 1);
    uint64_t ns;
    ff_execute_checked(data, size, &ns, true);
    _exit(0);
  }
  int status;
  while (waitpid(pid, &status, 0) < 0) {
  }
  return status;
}

int ff_child_run_report(const uint8_t *data, size_t size, long long timeout_s, char *report,
                        size_t cap) {
  int fds[2];
  if (cap) report[0] = '\0';
  if (pipe(fds) != 0) return -1;
  pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return -1;
  }
  if (pid == 0) {
    close(fds[0]);
    ff_child_prepare(timeout_s, 0, 1);
    dup2(fds[1], 2);
    close(fds[1]);
    ff_log_set_fd(2);
    uint64_t ns;
    ff_execute_checked(data, size, &ns, true);
    _exit(0);
  }
  close(fds[1]);
  size_t used = 0;
  char chunk[4096];
  for (;;) {
    ssize_t n = read(fds[0], chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    size_t keep = cap > used + 1 ? cap - used - 1 : 0;
    if (keep > (size_t)n) keep = (size_t)n;
    memcpy(report + used, chunk, keep);
    used += keep;
  }
  if (cap) report[used] = '\0';
  close(fds[0]);
  int status;
  while (waitpid(pid, &status, 0) < 0) {
  }
  return status;
}

int ff_child_failed(int status) {
  return !(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}
