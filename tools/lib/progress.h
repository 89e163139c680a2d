/* The progress line of long work on stderr: rewritten in place on a terminal,
 * otherwise printed as a new line at most every few seconds. */
#ifndef FF_TOOLS_PROGRESS_H
#define FF_TOOLS_PROGRESS_H

#include <stdbool.h>

typedef struct ff_progress {
  bool tty;
  double last;
  int width; /* length of the last line written in place */
} ff_progress;

void ff_progress_init(ff_progress *p);
/* Shows the line (printf format) when it is time to. */
void ff_progress_update(ff_progress *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Ends the in-place line so normal output can follow. */
void ff_progress_done(ff_progress *p);

#endif
