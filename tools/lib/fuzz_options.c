/* Checks and defaults of the options run and campaign share (see fuzz_options.h). */
#include "fuzz_options.h"

#include <string.h>

#include "fuzzer_binary.h"

int ff_fuzz_options_check(const ff_command_spec *spec, ff_fuzz_options *o, double default_time_s) {
  o->preset = ff_engine_preset(o->engine);
  if (!o->preset || strcmp(o->engine, "replay") == 0)
    return ff_usage_error(spec, "unknown engine '%s' (builtin, libfuzzer or afl)", o->engine);
  if (o->jobs < 1) return ff_usage_error(spec, "--jobs must be at least 1");
  if (o->time_s == 0 && o->runs == 0) o->time_s = default_time_s;
  return FF_PARSE_OK;
}
