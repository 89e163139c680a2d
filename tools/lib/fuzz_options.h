/* The options `formfuzz run` and `formfuzz campaign` share (--engine, --time,
 * --runs, --jobs, --seed, --out, --no-build): their values, their rows of the
 * option table (each command says in its --help what they mean for it), and
 * the checks and defaults both commands apply after parsing. */
#ifndef FF_TOOLS_FUZZ_OPTIONS_H
#define FF_TOOLS_FUZZ_OPTIONS_H

#include <stdbool.h>

#include "options.h"

typedef struct ff_fuzz_options {
  const char *engine; /* builtin, libfuzzer or afl */
  const char *out;    /* output root */
  double time_s;      /* 0: not given */
  long runs, jobs, seed;
  bool no_build;
  const char *preset; /* set by ff_fuzz_options_check: the engine's build preset */
} ff_fuzz_options;

/* What the shared options mean for one command, shown by --help (--engine's
 * text is the same for both). */
typedef struct ff_fuzz_option_help {
  const char *time, *runs, *jobs, *seed, *out, *no_build;
} ff_fuzz_option_help;

#define FF_FUZZ_OPTION_ROWS 7
/* Writes the rows of --engine, --time, --runs, --jobs, --seed, --out and
 * --no-build, in that order and pointing into o, to rows[0..6]. */
void ff_fuzz_option_rows(ff_fuzz_options *o, const ff_fuzz_option_help *help,
                         ff_option rows[FF_FUZZ_OPTION_ROWS]);

/* Checks --engine (builtin, libfuzzer or afl) and --jobs (at least 1), sets
 * o->preset, and gives --time default_time_s when neither --time nor --runs was
 * given. Returns FF_PARSE_OK, or FF_PARSE_ERROR after a usage message. */
int ff_fuzz_options_check(const ff_command_spec *spec, ff_fuzz_options *o, double default_time_s);

#endif
