/* Forked single runs (see child.h). */
#include "child.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "artifact.h"
#include "executor.h"
#include "fatal.h"
#include "watchdog.h"

void ff_child_prepare(long long timeout_s, int quiet) {
  ff_artifact_configure(NULL, NULL, false);
  ff_fatal_hook = NULL;
  if (quiet) {
    int null_fd = open("/dev/null", O_WRONLY);
    if (null_fd >= 0) {
      dup2(null_fd, 1);
      dup2(null_fd, 2);
      close(null_fd);
    }
  }
  /* interval timers are not inherited across fork */
  ff_watchdog_start(timeout_s, 0);
}

int ff_child_run(const uint8_t *data, size_t size, long long timeout_s) {
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    ff_child_prepare(timeout_s, 1);
    uint64_t ns;
    ff_execute_checked(data, size, &ns, true);
    _exit(0);
  }
  int status;
  while (waitpid(pid, &status, 0) < 0) {
  }
  return status;
}

int ff_child_failed(int status) {
  return !(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}
