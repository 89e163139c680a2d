/* What `formfuzz status` and the metrics exporter know about an output
 * directory (a campaign's or a run's out/, or one fuzzer's out/<f>/): each
 * fuzzer's latest stats.json, whether its process is still running, the
 * seconds since it last found new coverage (from stats.csv, where edges or
 * features passed their running maximum, and the builtin engine's last_new_s),
 * the stalled flag, and the campaign.json scalars. A corrupt stats file is
 * recorded as the fuzzer's problem and its numbers skipped, never fatal. */
#ifndef FF_TOOLS_MONITOR_SNAPSHOT_H
#define FF_TOOLS_MONITOR_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "monitor_growth.h"
#include "stats_file.h"

#define FF_MONITOR_STALL_DEFAULT_S 600.0

typedef struct ff_monitor_fuzzer {
  char name[128];
  bool has_stats;     /* stats.json read */
  char problem[256];  /* why not ("" when read) */
  ff_stats stats;
  bool running;       /* its engine process is alive and wrote stats lately */
  double since_new_s; /* seconds since the last new coverage; -1 when unknown */
  bool stalled;       /* since_new_s >= the stall threshold */
} ff_monitor_fuzzer;

typedef struct ff_monitor_snapshot {
  char out_dir[1024];
  bool has_campaign;        /* campaign.json read */
  char campaign_problem[256];
  char engine[32];
  int64_t start_time, end_time;
  double budget_s;
  long runs_per_fuzzer;
  bool interrupted;
  long writer_pid;          /* formfuzz run/campaign holding the directory's lock; 0: none */
  int64_t updated;          /* newest stats.json "updated" of any fuzzer */
  ff_monitor_fuzzer *fuzzers;
  size_t count;
} ff_monitor_snapshot;

/* Reads out_dir at unix time now. only/nonly: the fuzzers to show (NULL: every
 * fuzzer directory found). cache: what earlier scans read of the stats.csv
 * files (NULL: read them whole). Returns 0, or -1 with err when out_dir is missing
 * or is not a formfuzz output directory (no campaign.json and no fuzzer
 * directory with stats.json or stats.csv, and no stats.json of its own). */
int ff_monitor_scan(const char *out_dir, const char *const *only, size_t nonly, double stall_s,
                    int64_t now, ff_growth_cache *cache, ff_monitor_snapshot *s, char *err,
                    size_t err_cap);
void ff_monitor_snapshot_free(ff_monitor_snapshot *s);

#endif
