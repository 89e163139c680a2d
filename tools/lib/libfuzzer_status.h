/* Reading libFuzzer's status lines ("#4096 pulse cov: 12 ft: 15 corp: 3/10b
 * lim: 4 exec/s: 2048 rss: 30Mb") and final stats ("stat::number_of_executed_units:")
 * into an ff_stats, so the tools can write stats.json/csv for libFuzzer runs. */
#ifndef FF_TOOLS_LIBFUZZER_STATUS_H
#define FF_TOOLS_LIBFUZZER_STATUS_H

#include <stdbool.h>

#include "stats_file.h"

/* Applies one output line to s (execs, edges, features, corpus_size,
 * corpus_bytes, exec_per_sec, rss_mb). Returns true when the line was a status
 * line and changed something. */
bool ff_libfuzzer_status_line(const char *line, ff_stats *s);

#endif
