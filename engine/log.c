/* The engine's message stream (see log.h): formatted, unbuffered writes to a
 * private duplicate of stderr. */
#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

static int log_fd = 2;

void ff_log_init(int close_fd_mask) {
  if (close_fd_mask & 2) {
    int dup_fd = fcntl(2, F_DUPFD_CLOEXEC, 3);
    if (dup_fd >= 0) log_fd = dup_fd;
  }
  if (close_fd_mask & 3) {
    int null_fd = open("/dev/null", O_WRONLY);
    if (null_fd >= 0) {
      if (close_fd_mask & 1) dup2(null_fd, 1);
      if (close_fd_mask & 2) dup2(null_fd, 2);
      close(null_fd);
    }
  }
}

int ff_log_fd(void) { return log_fd; }

void ff_log_set_fd(int fd) { log_fd = fd; }

void ff_logf(const char *fmt, ...) {
  char buf[4096];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  size_t len = (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1;
  const char *p = buf;
  while (len > 0) {
    ssize_t w = write(log_fd, p, len);
    if (w < 0) {
      if (errno == EINTR) continue;
      return;
    }
    p += w;
    len -= (size_t)w;
  }
}
