/* The stop request set by SIGINT, SIGTERM and SIGHUP (see stop_signal.h). The flag is the
 * one piece of process-wide mutable state here: a signal handler can only
 * communicate through such a variable. It is a lock-free atomic (safe in a
 * handler), so threads other than the one the signal interrupted read it
 * without a data race. */
#include "stop_signal.h"

#include <signal.h>
#include <stdatomic.h>
#include <string.h>

static atomic_int stop_flag;

static void on_signal(int sig) {
  (void)sig;
  atomic_store(&stop_flag, 1);
}

void ff_stop_signal_install(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGHUP, &sa, NULL); /* a dropped ssh session: stop as cleanly as on Ctrl-C */
}

bool ff_stop_requested(void) { return atomic_load(&stop_flag) != 0; }
