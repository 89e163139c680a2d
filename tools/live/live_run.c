/* Stop conditions of a live command (live_run.h). */
#include "live_run.h"

#include <unistd.h>

#include "live_pace.h"
#include "stop_signal.h"

void live_run_start(live_run *r, const char *stop_file, double max_time) {
  ff_stop_signal_install();
  r->stop_file = stop_file && *stop_file ? stop_file : NULL;
  r->deadline = max_time > 0 ? live_now() + max_time : 0;
  r->why = NULL;
}

bool live_run_stopped(live_run *r) {
  if (r->why) return true;
  if (ff_stop_requested())
    r->why = "signal";
  else if (r->stop_file && access(r->stop_file, F_OK) == 0)
    r->why = "stop file";
  else if (r->deadline && live_now() >= r->deadline)
    r->why = "time limit";
  return r->why != NULL;
}
