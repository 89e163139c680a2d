/* Progress lines (see progress.h). */
#include "progress.h"

#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#include "child_process.h"

#define NON_TTY_INTERVAL_S 5.0

void ff_progress_init(ff_progress *p) {
  p->tty = isatty(2);
  p->last = 0;
  p->width = 0;
}

void ff_progress_update(ff_progress *p, const char *fmt, ...) {
  double now = ff_now();
  if (now - p->last < (p->tty ? 0.5 : NON_TTY_INTERVAL_S)) return;
  p->last = now;
  char line[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  if (p->tty) {
    fprintf(stderr, "\r%s%*s", line, p->width > n ? p->width - n : 0, "");
    p->width = n;
  } else {
    fprintf(stderr, "%s\n", line);
  }
  fflush(stderr);
}

void ff_progress_done(ff_progress *p) {
  if (p->tty && p->width > 0) fprintf(stderr, "\n");
  p->width = 0;
}
