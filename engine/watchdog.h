/* Resource limits watched outside the run: the -timeout alarm (SIGALRM every
 * timeout/2+1 s checks how long the current input has run) and the
 * -rss_limit_mb thread (reads /proc/self/statm once a second). Each writes
 * its artifact (timeout-, oom-) and exits with libFuzzer's code. */
#ifndef FF_ENGINE_WATCHDOG_H
#define FF_ENGINE_WATCHDOG_H

#include <stddef.h>

/* timeout_s 0: no timeout; rss_limit_mb 0: no limit and no thread (the peak
 * RSS is also sampled whenever ff_rss_mb or ff_peak_rss_mb is called). A
 * process that forks children must not start the thread: see child.h. */
int ff_watchdog_start(long long timeout_s, long long rss_limit_mb);
/* Resident set size now, and the peak seen, in Mb. */
size_t ff_rss_mb(void);
size_t ff_peak_rss_mb(void);

#endif
