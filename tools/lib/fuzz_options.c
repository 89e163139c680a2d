/* Option rows, checks and defaults of the options run and campaign share (see
 * fuzz_options.h). */
#include "fuzz_options.h"

#include <string.h>
#include <unistd.h>

#include "fuzzer_binary.h"

void ff_fuzz_option_rows(ff_fuzz_options *o, const ff_fuzz_option_help *help,
                         ff_option rows[FF_FUZZ_OPTION_ROWS]) {
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  double max_jobs = 4.0 * (double)(cores > 0 ? cores : 1);
  const ff_option shared[FF_FUZZ_OPTION_ROWS] = {
      FF_STRING_OPTION("engine", &o->engine, "E", "builtin (default), libfuzzer, afl or honggfuzz"),
      {"time", FF_OPT_DOUBLE, &o->time_s, "S", help->time, 0, FF_TIME_MAX_S},
      {"runs", FF_OPT_INT, &o->runs, "N", help->runs, 0, 1e15},
      {"jobs", FF_OPT_INT, &o->jobs, "N", help->jobs, 1, max_jobs},
      {"seed", FF_OPT_INT, &o->seed, "N", help->seed, 0, 4294967295.0},
      FF_STRING_OPTION("out", &o->out, "DIR", help->out),
      FF_FLAG_OPTION("no-build", &o->no_build, help->no_build),
      {"log-max", FF_OPT_INT, &o->log_max_mb, "MB",
       "fuzzer.log rotates at MB megabytes, one old part kept (default 64)", 1, 1048576},
  };
  memcpy(rows, shared, sizeof shared);
}

int ff_fuzz_options_check(const ff_command_spec *spec, ff_fuzz_options *o, double default_time_s,
                          bool zero_time_unlimited) {
  o->preset = ff_engine_preset(o->engine);
  if (!o->preset || strcmp(o->engine, "replay") == 0)
    return ff_usage_error(spec, "unknown engine '%s' (builtin, libfuzzer, afl or honggfuzz)", o->engine);
  if (o->time_s == 0 && o->runs == 0 && !zero_time_unlimited)
    return ff_usage_error(spec, "--time 0 leaves no time budget to share: give --time S > 0 or --runs N");
  if (o->time_s == FF_TIME_NOT_GIVEN) o->time_s = o->runs ? 0 : default_time_s;
  return FF_PARSE_OK;
}
