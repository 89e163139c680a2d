/* Deadly-signal handlers and the sanitizer death callback (see signals.h). */
#include "signals.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "fatal.h"
#include "globals.h"
#include "log.h"

void __sanitizer_set_death_callback(void (*callback)(void));
void __sanitizer_print_stack_trace(void);

static void ff_on_sanitizer_death(void) { ff_fatal_record("crash"); }

/* ASan calls this when it starts a report, before symbolizing the stack. */
void __asan_on_error(void) { ff_exec.failing = 1; }

static void ff_on_deadly_signal(int sig) {
  ff_exec.failing = 1;
  ff_logf("==%d== ERROR: libFuzzer: deadly signal\n", (int)getpid());
  (void)sig;
  __sanitizer_print_stack_trace();
  ff_logf("SUMMARY: libFuzzer: deadly signal\n");
  ff_fatal_exit("crash", ff_exit_code.error);
}

static void on_interrupt(int sig) {
  (void)sig;
  ff_logf("==%d== libFuzzer: run interrupted; exiting\n", (int)getpid());
  ff_fatal_exit("interrupt", ff_exit_code.interrupt);
}

/* Installs handler unless a sanitizer already handles sig (as libFuzzer does:
 * ASan's own SEGV report is better than ours). */
static void install(int sig, void (*handler)(int), int keep_existing) {
  struct sigaction old;
  if (sigaction(sig, NULL, &old) == 0 && keep_existing) {
    if ((old.sa_flags & SA_SIGINFO) ? old.sa_sigaction != NULL
                                    : (old.sa_handler != SIG_DFL && old.sa_handler != SIG_IGN))
      return;
  }
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = handler;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART | SA_NODEFER;
  sigaction(sig, &sa, NULL);
}

void ff_signals_install(void) {
  __sanitizer_set_death_callback(ff_on_sanitizer_death);
  install(SIGSEGV, ff_on_deadly_signal, 1);
  install(SIGBUS, ff_on_deadly_signal, 1);
  install(SIGILL, ff_on_deadly_signal, 1);
  install(SIGFPE, ff_on_deadly_signal, 1);
  install(SIGABRT, ff_on_deadly_signal, 1);
  install(SIGINT, on_interrupt, 0);
  install(SIGTERM, on_interrupt, 0);
}
