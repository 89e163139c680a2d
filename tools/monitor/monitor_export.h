/* The metrics of `formfuzz run` and `formfuzz campaign`: --metrics HOST:PORT
 * serves the Prometheus text of the fuzzers being fuzzed at /metrics (loopback
 * addresses only unless --metrics-allow-remote), --metrics-file PATH writes the
 * same text atomically every second and once at the end (for node_exporter's
 * textfile collector). Both are read from the fuzzers' stats.json and
 * stats.csv under the output root, in a thread of their own, so the fuzzing
 * loop needs no hook: start before it, stop after it. */
#ifndef FF_TOOLS_MONITOR_EXPORT_H
#define FF_TOOLS_MONITOR_EXPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "monitor_snapshot.h"
#include "options.h"

typedef struct ff_monitor_options {
  const char *metrics;      /* HOST:PORT, or NULL */
  const char *metrics_file; /* PATH, or NULL */
  bool allow_remote;
  double stall_s;           /* the stalled flag's threshold */
} ff_monitor_options;

#define FF_MONITOR_OPTIONS_INIT {.stall_s = FF_MONITOR_STALL_DEFAULT_S}
#define FF_MONITOR_OPTION_ROWS 4
/* Rows for --metrics, --metrics-file, --metrics-allow-remote and --stall. */
void ff_monitor_option_rows(ff_monitor_options *o, ff_option rows[FF_MONITOR_OPTION_ROWS]);
/* Checks the address (usage error naming it). Returns FF_PARSE_OK or FF_PARSE_ERROR. */
int ff_monitor_options_check(const ff_command_spec *spec, const ff_monitor_options *o);

typedef struct ff_monitor ff_monitor;

/* Starts the endpoint and/or the file writer for the named fuzzers under
 * out_root, announcing the URL on stderr as "<who>: metrics at http://...".
 * *m is NULL when nothing was asked for. Returns 0, or 3 after a message
 * (the address is in use, the file's directory is missing...). */
int ff_monitor_start(ff_monitor **m, const ff_monitor_options *o, const char *who,
                     const char *out_root, const char *const *names, size_t count);
/* Writes the file a last time and stops both. NULL is fine. */
void ff_monitor_stop(ff_monitor *m);

#endif
