/* The server live fuzz runs: started from --cmd (through /bin/sh, in a process
 * group of its own that ends when formfuzz ends: tools/lib/child_process),
 * ready when its port accepts a connection (TCP) or when it has run for a
 * moment (UDP), watched for its end (a crash: exit status or signal), and
 * restarted after one. */
#ifndef FF_TOOLS_LIVE_TARGET_H
#define FF_TOOLS_LIVE_TARGET_H

#include <stdbool.h>
#include <sys/types.h>

#include "child_process.h"
#include "live_addr.h"

typedef struct live_target {
  const char *cmd, *log_path;
  const char *const *env; /* extra "NAME=value" entries, NULL-terminated; may be NULL */
  live_addr addr;
  bool tcp;
  pid_t pid;
  long starts;
} live_target;

/* Starts the server and waits (up to wait_s) until it is ready. 0, or -1 with the reason. */
int live_target_start(live_target *t, double wait_s, char *err, size_t err_cap);
/* Has it ended? Waits up to grace_s for an end already under way; fills how. */
bool live_target_ended(live_target *t, double grace_s, ff_exit *how);
void live_target_stop(live_target *t);

#endif
