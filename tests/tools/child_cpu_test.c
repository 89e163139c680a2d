/* tools/lib/child_process.c: an ended child's CPU seconds (ff_exit.cpu_s,
 * from wait4) count what it computed itself and what the children it waited
 * for computed, whether it ended by itself or was stopped; a child that only
 * slept reports almost none. The busy children run a fixed number of loop
 * iterations, so the assertions hold on a slow or a busy machine alike. */
#define _GNU_SOURCE
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "child_process.h"
#include "ff_check.h"

#define LOOP "i=0; while [ $i -lt 400000 ]; do i=$((i+1)); done"

static double run_sh(const char *script) {
  const char *argv[] = {"sh", "-c", script, NULL};
  ff_spawn_opts quiet = {.quiet = true};
  ff_exit e = {0};
  char err[256];
  REQUIRE(ff_run(argv, &quiet, 0, &e, err, sizeof err) == 0, "cannot run sh: %s", err);
  CHECK_MSG(e.code == 0, "sh exited %d", e.code);
  return e.cpu_s;
}

/* CPU seconds the running process has used so far (-1: gone). */
static double cpu_of(pid_t pid) {
  clockid_t clock;
  struct timespec ts;
  if (clock_getcpuclockid(pid, &clock) != 0 || clock_gettime(clock, &ts) != 0) return -1;
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(void) {
  double own = run_sh(LOOP);
  CHECK_MSG(own > 0.05, "a busy child reported %.3f CPU s", own);

  double waited = run_sh("(" LOOP "); :");
  CHECK_MSG(waited > 0.05, "a child whose own child was busy reported %.3f CPU s", waited);

  double idle = run_sh("sleep 0.2");
  CHECK_MSG(idle < own / 2, "a sleeping child reported %.3f CPU s (the busy one %.3f)", idle, own);

  /* stopped while busy: what it used until then is still counted */
  const char *argv[] = {"sh", "-c", "while :; do :; done", NULL};
  ff_spawn_opts quiet = {.quiet = true};
  char err[256];
  pid_t pid = ff_spawn(argv, &quiet, err, sizeof err);
  REQUIRE(pid > 0, "cannot start sh: %s", err);
  double used;
  while ((used = cpu_of(pid)) >= 0 && used < 0.2) {
    struct timespec pause = {0, 10 * 1000000L};
    nanosleep(&pause, NULL);
  }
  ff_exit stopped = {0};
  ff_child_stop(pid, 2.0, &stopped);
  CHECK_MSG(stopped.signal != 0, "the busy child was not stopped by a signal");
  CHECK_MSG(stopped.cpu_s >= 0.15, "a child stopped after 0.2 CPU s reported %.3f", stopped.cpu_s);
  return check_summary("child_cpu");
}
