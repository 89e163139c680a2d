/* Option rows, checks and defaults of the options run and campaign share (see
 * fuzz_options.h). */
#include "fuzz_options.h"

#include <string.h>

#include "fuzzer_binary.h"

void ff_fuzz_option_rows(ff_fuzz_options *o, const ff_fuzz_option_help *help,
                         ff_option rows[FF_FUZZ_OPTION_ROWS]) {
  const ff_option shared[FF_FUZZ_OPTION_ROWS] = {
      {"engine", FF_OPT_STRING, &o->engine, "E", "builtin (default), libfuzzer or afl"},
      {"time", FF_OPT_DOUBLE, &o->time_s, "S", help->time},
      {"runs", FF_OPT_INT, &o->runs, "N", help->runs},
      {"jobs", FF_OPT_INT, &o->jobs, "N", help->jobs},
      {"seed", FF_OPT_INT, &o->seed, "N", help->seed},
      {"out", FF_OPT_STRING, &o->out, "DIR", help->out},
      {"no-build", FF_OPT_FLAG, &o->no_build, NULL, help->no_build},
  };
  memcpy(rows, shared, sizeof shared);
}

int ff_fuzz_options_check(const ff_command_spec *spec, ff_fuzz_options *o, double default_time_s) {
  o->preset = ff_engine_preset(o->engine);
  if (!o->preset || strcmp(o->engine, "replay") == 0)
    return ff_usage_error(spec, "unknown engine '%s' (builtin, libfuzzer or afl)", o->engine);
  if (o->jobs < 1) return ff_usage_error(spec, "--jobs must be at least 1");
  if (o->time_s == 0 && o->runs == 0) o->time_s = default_time_s;
  return FF_PARSE_OK;
}
