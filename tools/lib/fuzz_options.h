/* The options `formfuzz run` and `formfuzz campaign` share (--engine, --time,
 * --runs, --jobs, --seed, --out, --no-build): their values, and the checks and
 * defaults both commands apply after parsing. Each command keeps its own
 * option table, pointing into this struct, so --help speaks its words. */
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

/* Checks --engine (builtin, libfuzzer or afl) and --jobs (at least 1), sets
 * o->preset, and gives --time default_time_s when neither --time nor --runs was
 * given. Returns FF_PARSE_OK, or FF_PARSE_ERROR after a usage message. */
int ff_fuzz_options_check(const ff_command_spec *spec, ff_fuzz_options *o, double default_time_s);

#endif
