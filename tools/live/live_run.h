/* When a live command must stop: SIGINT/SIGTERM/SIGHUP (tools/lib/stop_signal),
 * a stop file appearing (--stop-file), or its time limit (--max-time). Checked
 * between every two sends, so a stop takes effect at once. */
#ifndef FF_TOOLS_LIVE_RUN_H
#define FF_TOOLS_LIVE_RUN_H

#include <stdbool.h>

typedef struct live_run {
  const char *stop_file; /* NULL: none */
  double deadline;       /* monotonic; 0: none */
  const char *why;       /* set once stopped: "signal", "stop file", "time limit" */
} live_run;

void live_run_start(live_run *r, const char *stop_file, double max_time);
/* True once any stop condition holds (and stays true). */
bool live_run_stopped(live_run *r);

#endif
