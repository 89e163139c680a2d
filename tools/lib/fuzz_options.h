/* The options `formfuzz run` and `formfuzz campaign` share (--engine, --time,
 * --runs, --jobs, --seed, --out, --no-build): their values, their rows of the
 * option table (each command says in its --help what they mean for it), and
 * the checks and defaults both commands apply after parsing. */
#ifndef FF_TOOLS_FUZZ_OPTIONS_H
#define FF_TOOLS_FUZZ_OPTIONS_H

#include <stdbool.h>

#include "options.h"

typedef struct ff_fuzz_options {
  const char *engine; /* builtin, libfuzzer, afl or honggfuzz */
  const char *out;    /* output root */
  double time_s;      /* FF_TIME_NOT_GIVEN, 0 (no time limit) or seconds */
  long runs, jobs, seed;
  long log_max_mb;    /* fuzzer.log rotates at this size (engine_session.h) */
  bool no_build;
  const char *preset; /* set by ff_fuzz_options_check: the engine's build preset */
} ff_fuzz_options;

/* What the shared options mean for one command, shown by --help (--engine's
 * text is the same for both). */
typedef struct ff_fuzz_option_help {
  const char *time, *runs, *jobs, *seed, *out, *no_build;
} ff_fuzz_option_help;

#define FF_TIME_NOT_GIVEN (-1.0)
#define FF_TIME_MAX_S (366.0 * 24 * 3600) /* a year: more is a typo, not a plan */
#define FF_LOG_MAX_MB_DEFAULT 64
/* Initial values: engine builtin, out/, --time not given, log cap 64 MB. */
#define FF_FUZZ_OPTIONS_INIT(jobs_default)                                                         \
  {.engine = "builtin", .out = "out", .time_s = FF_TIME_NOT_GIVEN, .jobs = (jobs_default),        \
   .log_max_mb = FF_LOG_MAX_MB_DEFAULT}

#define FF_FUZZ_OPTION_ROWS 8
/* Writes the rows of --engine, --time, --runs, --jobs, --seed, --out,
 * --no-build and --log-max, in that order and pointing into o, to rows[0..7].
 * --jobs is bounded by 4 x the cores of this machine. */
void ff_fuzz_option_rows(ff_fuzz_options *o, const ff_fuzz_option_help *help,
                         ff_option rows[FF_FUZZ_OPTION_ROWS]);

/* Checks --engine (builtin, libfuzzer, afl or honggfuzz), sets o->preset, and gives
 * --time default_time_s when neither --time nor --runs was given. --time 0
 * means no time limit where zero_time_unlimited (run, as libFuzzer's
 * -max_total_time=0); elsewhere (campaign: its budget is shared out) it is
 * refused unless --runs gives the budget. Returns FF_PARSE_OK, or
 * FF_PARSE_ERROR after a usage message. */
int ff_fuzz_options_check(const ff_command_spec *spec, ff_fuzz_options *o, double default_time_s,
                          bool zero_time_unlimited);

#endif
