/* A snapshot as Prometheus text exposition format (version 0.0.4): one family
 * per number (HELP and TYPE lines, then one sample per fuzzer labelled
 * fuzzer="<name>"): formfuzz_execs_total, formfuzz_exec_per_second,
 * formfuzz_edges, formfuzz_features, formfuzz_corpus_inputs,
 * formfuzz_corpus_bytes, formfuzz_crashes_total, formfuzz_timeouts_total,
 * formfuzz_rss_bytes, formfuzz_stall_seconds, formfuzz_stalled,
 * formfuzz_running, formfuzz_stats_updated_timestamp_seconds, plus
 * formfuzz_stats_unreadable (fuzzers whose stats.json could not be read). */
#ifndef FF_TOOLS_MONITOR_PROM_H
#define FF_TOOLS_MONITOR_PROM_H

#include <stddef.h>

#include "monitor_snapshot.h"

#define FF_PROM_CONTENT_TYPE "text/plain; version=0.0.4; charset=utf-8"

/* The text, malloc'd and NUL-terminated (*len without the NUL); NULL when out of memory. */
char *ff_monitor_prometheus(const ff_monitor_snapshot *s, size_t *len);

#endif
