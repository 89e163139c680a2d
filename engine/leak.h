/* Memory-use checks tied to runs: the sanitizer malloc/free hooks count
 * allocations of the run in progress (for leak detection) and stop a single
 * malloc larger than -malloc_limit_mb (oom-); the leak check re-runs an input
 * that allocated more than it freed and asks LeakSanitizer (libFuzzer's method). */
#ifndef FF_ENGINE_LEAK_H
#define FF_ENGINE_LEAK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* detect_leaks: count mallocs/frees; malloc_limit_mb 0: no limit. */
void ff_malloc_hooks_install(bool detect_leaks, long long malloc_limit_mb);
/* Call right after a run, once its coverage has been collected: when the run
 * allocated more than it freed, re-runs it and asks LeakSanitizer; a leak
 * writes leak-<sha1> and exits. The re-run leaves the coverage counters zero. */
void ff_leak_check(const uint8_t *data, size_t size, bool initial_corpus);

#endif
