/* What the engine tells the user: libFuzzer-style status lines on stderr
 * (INITED, NEW, REDUCE, pulse, DONE), the -stats_json file (rewritten
 * atomically) and the -stats_csv file (one row per -stats_interval, appended;
 * counters continue from its last row), and -print_final_stats. Formats are
 * those of docs/CONVENTIONS.md. */
#ifndef FF_ENGINE_STATS_H
#define FF_ENGINE_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "corpus.h"
#include "feedback.h"
#include "mutator.h"

typedef struct ff_stats {
  const char *fuzzer;
  const char *json_path;
  const char *csv_path;
  uint64_t interval_ns;
  int print_final;
  long long start_time; /* unix seconds */
  uint64_t start_ns;
  /* carried over from an existing CSV */
  double base_elapsed;
  uint64_t base_execs, base_crashes, base_timeouts;
  /* this process */
  uint64_t execs;
  uint64_t crashes, timeouts, ooms, leaks;
  uint64_t new_units;
  uint64_t slowest_ns;
  uint64_t last_new_ns;
  uint64_t next_pulse;
  uint64_t next_file_ns;
  uint64_t last_file_ns, last_file_execs;
  size_t lim;
  const ff_feedback *fb;
  const ff_corpus *corpus;
  const ff_mutator *mutator;
} ff_stats;

extern ff_stats ff_st;

/* Sets up the stats of this process; reads the CSV's last row if any.
 * Returns 0, or -1 with a message on stderr when a stats file cannot be used. */
int ff_stats_init(const char *fuzzer, const char *json_path, const char *csv_path,
                  long long interval_s, int print_final);
/* "#<execs>\t<event> cov: .. ft: .. corp: n/bytes lim: .. exec/s: .. rss: ..Mb<suffix>" */
void ff_stats_line(const char *event, const char *suffix);
/* Called after each execution: pulse lines at powers of two, files when due. */
static inline void ff_stats_after_exec(uint64_t now_ns);
void ff_stats_pulse(void);
void ff_stats_write_files(uint64_t now_ns);
void ff_stats_print_final(void);
/* Parses the last data row of a stats CSV text: elapsed_s, execs, crashes,
 * timeouts. Returns 0 when a row was found, -1 otherwise. */
int ff_stats_csv_last_row(const char *text, double *elapsed, uint64_t *execs, uint64_t *crashes,
                          uint64_t *timeouts);
/* Formats the JSON object (no newline) into out; returns its length. */
size_t ff_stats_format_json(char *out, size_t cap, uint64_t now_ns, long long unix_now);

static inline void ff_stats_after_exec(uint64_t now_ns) {
  if (__builtin_expect(ff_st.execs >= ff_st.next_pulse, 0)) ff_stats_pulse();
  if (__builtin_expect(now_ns >= ff_st.next_file_ns, 0)) ff_stats_write_files(now_ns);
}

#endif
