/* The fuzzed server process (live_target.h). */
#define _GNU_SOURCE /* asprintf */
#include "live_target.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "live_net.h"
#include "live_pace.h"

int live_target_start(live_target *t, double wait_s, char *err, size_t err_cap) {
  char *line = NULL; /* exec: the server itself is the child, so its signal is seen */
  if (asprintf(&line, "exec %s", t->cmd) < 0) {
    snprintf(err, err_cap, "out of memory");
    return -1;
  }
  const char *argv[] = {"/bin/sh", "-c", line, NULL};
  ff_spawn_opts opts = {.log_path = t->log_path, .quiet = t->log_path == NULL, .env = t->env};
  t->pid = ff_spawn(argv, &opts, err, err_cap);
  free(line);
  if (t->pid < 0) return -1;
  t->starts++;
  double end = live_now() + wait_s;
  ff_exit how;
  while (live_now() < end) {
    if (ff_child_poll(t->pid, &how) == 1) {
      char what[128];
      ff_exit_describe(&how, what, sizeof what);
      snprintf(err, err_cap, "--cmd ended before it was ready (%s)", what);
      t->pid = -1;
      return -1;
    }
    if (!t->tcp) {
      live_sleep(0.2); /* UDP: nothing to connect to; give it a moment */
      return 0;
    }
    int fd = live_tcp_connect(&t->addr, 0.2);
    if (fd >= 0) {
      close(fd);
      return 0;
    }
    live_sleep(0.05);
  }
  snprintf(err, err_cap, "--cmd did not accept connections on %s within %.0f s", t->addr.text, wait_s);
  live_target_stop(t);
  return -1;
}

bool live_target_ended(live_target *t, double grace_s, ff_exit *how) {
  if (t->pid <= 0) return true;
  double end = live_now() + grace_s;
  do {
    int r = ff_child_poll(t->pid, how);
    if (r == 1) {
      t->pid = -1;
      return true;
    }
    if (r < 0) return false;
    if (grace_s > 0) live_sleep(0.01);
  } while (live_now() < end);
  return false;
}

void live_target_stop(live_target *t) {
  if (t->pid <= 0) return;
  ff_exit how;
  ff_child_stop(t->pid, 2, &how);
  t->pid = -1;
}
