/* Malloc limit, malloc/free counting and leak detection (see leak.h). */
#include "leak.h"

#include <stdlib.h>
#include <unistd.h>

#include "coverage.h"
#include "executor.h"
#include "fatal.h"
#include "globals.h"
#include "log.h"

int __sanitizer_install_malloc_and_free_hooks(void (*malloc_hook)(const volatile void *, size_t),
                                              void (*free_hook)(const volatile void *));
void __sanitizer_print_stack_trace(void);
__attribute__((weak)) void __lsan_enable(void);
__attribute__((weak)) void __lsan_disable(void);
__attribute__((weak)) int __lsan_do_recoverable_leak_check(void);

#define MAX_LEAK_ATTEMPTS 1000

static size_t malloc_limit_bytes;
static int leak_attempts;
static int in_limit_report;

static void ff_malloc_hook(const volatile void *ptr, size_t size) {
  (void)ptr;
  if (!ff_exec.running) return;
  if (ff_exec.track_mallocs) __atomic_fetch_add(&ff_exec.mallocs, 1, __ATOMIC_RELAXED);
  if (malloc_limit_bytes && size > malloc_limit_bytes &&
      !__atomic_exchange_n(&in_limit_report, 1, __ATOMIC_SEQ_CST)) {
    ff_logf("==%d== ERROR: libFuzzer: out-of-memory (malloc(%zu))\n"
            "   To change the out-of-memory limit use -rss_limit_mb=<N>\n\n",
            (int)getpid(), size);
    __sanitizer_print_stack_trace();
    ff_fatal_record("oom");
    ff_logf("SUMMARY: libFuzzer: out-of-memory\n");
    _Exit(ff_exit_code.oom);
  }
}

static void ff_free_hook(const volatile void *ptr) {
  if (!ff_exec.running || !ptr) return;
  if (ff_exec.track_mallocs) __atomic_fetch_add(&ff_exec.frees, 1, __ATOMIC_RELAXED);
}

void ff_malloc_hooks_install(bool detect_leaks, long long malloc_limit_mb) {
  ff_exec.track_mallocs = detect_leaks && __lsan_do_recoverable_leak_check;
  malloc_limit_bytes = malloc_limit_mb > 0 ? (size_t)malloc_limit_mb << 20 : 0;
  if (ff_exec.track_mallocs || malloc_limit_bytes)
    __sanitizer_install_malloc_and_free_hooks(ff_malloc_hook, ff_free_hook);
}

void ff_leak_check(const uint8_t *data, size_t size, bool initial_corpus) {
  if (!ff_exec.track_mallocs || ff_exec.mallocs <= ff_exec.frees) return;
  if (!__lsan_disable || !__lsan_enable) return;
  /* Run again with LeakSanitizer off so a real leak is not reported twice. The
   * caller has collected the first run's coverage; the re-run's is thrown away,
   * or its hit counts would add to the first run's and count the input's edges
   * again in higher buckets (about 1 merge in 50 counted 30 features for 21). */
  uint64_t ns;
  __lsan_disable();
  ff_execute(data, size, &ns);
  __lsan_enable();
  ff_cov_clear_counters();
  if (ff_exec.mallocs <= ff_exec.frees) return;
  if (++leak_attempts > MAX_LEAK_ATTEMPTS) {
    ff_exec.track_mallocs = false;
    ff_logf("INFO: libFuzzer disabled leak detection after every mutation.\n"
            "      Most likely the target function accumulates allocated\n"
            "      memory in a global state w/o actually leaking it.\n");
    return;
  }
  if (__lsan_do_recoverable_leak_check()) {
    if (initial_corpus) ff_logf("\nINFO: a leak has been found in the initial corpus.\n\n");
    ff_logf("INFO: to ignore leaks on libFuzzer side use -detect_leaks=0.\n\n");
    ff_fatal_exit("leak", ff_exit_code.error);
  }
}
