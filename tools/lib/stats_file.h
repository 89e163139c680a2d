/* A fuzzer's numbers as in out/<fuzzer>/stats.json and stats.csv (formats in
 * docs/CONVENTIONS.md): read what an engine wrote, or write them for engines
 * that do not (libFuzzer, AFL++), keeping stats.csv cumulative across restarts. */
#ifndef FF_TOOLS_STATS_FILE_H
#define FF_TOOLS_STATS_FILE_H

#include <stdbool.h>
#include <stdint.h>

typedef struct ff_stats {
  char fuzzer[64];
  char engine[16];
  long pid;
  int64_t start_time, updated; /* unix seconds */
  double elapsed_s;
  uint64_t execs;
  double exec_per_sec;
  uint64_t edges, features, corpus_size, corpus_bytes;
  uint64_t crashes, timeouts, ooms, leaks;
  uint64_t rss_mb;
  double last_new_s;
} ff_stats;

/* Reads stats.json. Returns 0, or -1 when missing or not a stats object. */
int ff_stats_read_json(const char *path, ff_stats *s);
/* Writes stats.json atomically. Returns 0 or -1. */
int ff_stats_write_json(const char *path, const ff_stats *s);
/* Appends one row (writes the header first when the file is new or empty). */
int ff_stats_append_csv(const char *path, const ff_stats *s);
/* The last row of stats.csv (for resuming cumulative counts). Returns 0 when a
 * row was read; fills unix_time, elapsed_s, execs, exec_per_sec, edges,
 * features, corpus_size, corpus_bytes, crashes, timeouts, rss_mb. */
int ff_stats_read_csv_last(const char *path, ff_stats *s);

#endif
