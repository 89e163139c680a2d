/* What the engine tells the user: libFuzzer-style status lines on stderr
 * (INITED, NEW, REDUCE, pulse, DONE), the -stats_json file (rewritten
 * atomically) and the -stats_csv file (one row per -stats_interval, appended;
 * counters continue from its last row), and -print_final_stats. Formats are
 * those of docs/CONVENTIONS.md.
 *
 * ff_stats is the reporter's own state (files, schedule, what it carried over
 * and the failures it was told of); what it reports of the engine it reads
 * through an ff_stats_view passed to each call (engine.h makes one). */
#ifndef FF_ENGINE_STATS_H
#define FF_ENGINE_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arith_solver.h"
#include "corpus.h"
#include "counters.h"
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
  /* failures of this process, counted by ff_stats_record_failure */
  uint64_t crashes, timeouts, ooms, leaks;
  /* when the next pulse line and file update are due */
  uint64_t next_pulse;
  uint64_t next_file_ns;
  uint64_t last_file_ns, last_file_execs;
  int write_error; /* errno of the first stats file write that failed; 0: none */
} ff_stats;

/* What the stats read of the engine, read-only. */
typedef struct ff_stats_view {
  const ff_counters *counters;
  const ff_feedback *fb;     /* NULL: reported as 0 edges and features */
  const ff_corpus *corpus;   /* NULL: reported as an empty corpus */
  const ff_mutator *mutator; /* NULL: no per-operator final stats */
  const ff_arith *arith;     /* NULL: the arithmetic solver is off */
  size_t lim;                /* the length limit while fuzzing; 0: none (not shown) */
} ff_stats_view;

/* Sets up the stats of this process; reads the CSV's last row if any.
 * Returns 0, or -1 with a message on stderr when a stats file cannot be used. */
int ff_stats_init(ff_stats *s, const char *fuzzer, const char *json_path, const char *csv_path,
                  long long interval_s, int print_final);
/* "#<execs>\t<event> cov: .. ft: .. corp: n/bytes lim: .. exec/s: .. rss: ..Mb<suffix>" */
void ff_stats_line(const ff_stats *s, const ff_stats_view *v, const char *event,
                   const char *suffix);
/* After each execution (execs so far, ending at now_ns): whether a pulse line
 * (at powers of two) or the stats files are due; ff_stats_after_exec writes
 * what is. The check is inline so the view is made only when needed. */
static inline bool ff_stats_due(const ff_stats *s, uint64_t execs, uint64_t now_ns);
void ff_stats_after_exec(ff_stats *s, const ff_stats_view *v, uint64_t now_ns);
void ff_stats_pulse(ff_stats *s, const ff_stats_view *v);
void ff_stats_write_files(ff_stats *s, const ff_stats_view *v, uint64_t now_ns);
void ff_stats_print_final(const ff_stats *s, const ff_stats_view *v);
/* Counts a failure the fatal path caught: kind "crash", "timeout", "oom" or
 * "leak" (anything else, e.g. "interrupt", counts nothing). */
void ff_stats_record_failure(ff_stats *s, const char *kind);
/* Parses the last data row of a stats CSV text: elapsed_s, execs, crashes,
 * timeouts. Returns 0 when a row was found, -1 otherwise. */
int ff_stats_csv_last_row(const char *text, double *elapsed, uint64_t *execs, uint64_t *crashes,
                          uint64_t *timeouts);
/* Formats the JSON object (no newline) into out; returns its length. */
size_t ff_stats_format_json(const ff_stats *s, const ff_stats_view *v, char *out, size_t cap,
                            uint64_t now_ns, long long unix_now);

static inline bool ff_stats_due(const ff_stats *s, uint64_t execs, uint64_t now_ns) {
  return __builtin_expect(execs >= s->next_pulse || now_ns >= s->next_file_ns, 0);
}

#endif
