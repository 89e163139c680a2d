/* Timeout alarm and RSS watcher thread (see watchdog.h). */
#include "watchdog.h"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "executor.h"
#include "fatal.h"
#include "globals.h"
#include "log.h"

void __sanitizer_print_memory_profile(size_t top_percent, size_t max_number_of_contexts);

static long long timeout_seconds;
static long long rss_limit;
static size_t peak_rss;

size_t ff_rss_mb(void) {
  int fd = open("/proc/self/statm", O_RDONLY);
  if (fd < 0) return 0;
  char buf[128];
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n <= 0) return 0;
  buf[n] = '\0';
  unsigned long long pages_total = 0, pages_rss = 0;
  if (sscanf(buf, "%llu %llu", &pages_total, &pages_rss) != 2) return 0;
  size_t mb = (size_t)(pages_rss * (unsigned long long)sysconf(_SC_PAGESIZE) >> 20);
  if (mb > peak_rss) peak_rss = mb;
  return mb;
}

size_t ff_peak_rss_mb(void) {
  ff_rss_mb();
  return peak_rss;
}

static void ff_on_alarm(int sig) {
  (void)sig;
  if (!ff_exec.running || ff_exec.failing) return;
  uint64_t ran_s = (ff_now_ns() - ff_exec.start_ns) / 1000000000ull;
  if ((long long)ran_s < timeout_seconds) return;
  ff_logf("ALARM: working on the last Unit for %llu seconds\n"
          "       and the timeout value is %lld (use -timeout=N to change)\n",
          (unsigned long long)ran_s, timeout_seconds);
  ff_fatal_record("timeout");
  ff_logf("==%d== ERROR: libFuzzer: timeout after %llu seconds\n\nSUMMARY: libFuzzer: timeout\n",
          (int)getpid(), (unsigned long long)ran_s);
  _Exit(ff_exit_code.timeout);
}

static void *rss_thread(void *arg) {
  (void)arg;
  for (;;) {
    sleep(1);
    size_t mb = ff_rss_mb();
    if (rss_limit > 0 && (long long)mb > rss_limit) {
      ff_logf("==%d== ERROR: libFuzzer: out-of-memory (used: %zuMb; limit: %lldMb)\n"
              "   To change the out-of-memory limit use -rss_limit_mb=<N>\n\n",
              (int)getpid(), mb, rss_limit);
      __sanitizer_print_memory_profile(95, 8);
      ff_fatal_record("oom");
      ff_logf("SUMMARY: libFuzzer: out-of-memory\n");
      _Exit(ff_exit_code.oom);
    }
  }
  return NULL;
}

int ff_watchdog_start(long long timeout_s, long long rss_limit_mb) {
  timeout_seconds = timeout_s;
  rss_limit = rss_limit_mb;
  if (timeout_s > 0) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = ff_on_alarm;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    if (sigaction(SIGALRM, &sa, NULL) != 0) return -1;
    struct itimerval it;
    memset(&it, 0, sizeof it);
    it.it_interval.tv_sec = timeout_s / 2 + 1;
    it.it_value = it.it_interval;
    if (setitimer(ITIMER_REAL, &it, NULL) != 0) return -1;
  }
  if (rss_limit <= 0) return 0;
  pthread_t th;
  if (pthread_create(&th, NULL, rss_thread, NULL) != 0) return -1;
  pthread_detach(th);
  return 0;
}
