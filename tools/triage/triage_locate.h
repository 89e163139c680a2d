/* Which binary reproduces a fuzzer's inputs: a path given directly, or the
 * fuzzer's binary in a preset build (fuzzer_binary.h). Without an explicit
 * engine the first already-built one of replay, builtin, libfuzzer is used
 * (replay: symbols + sanitizers, no fuzzing loop in the stack); when none is
 * built, the builtin preset is built. */
#ifndef FF_TOOLS_TRIAGE_LOCATE_H
#define FF_TOOLS_TRIAGE_LOCATE_H

#include <stddef.h>

/* target: a fuzzer name or a path to an executable. engine may be NULL.
 * Returns 0 with the binary path, or -1 with err. */
int triage_locate_binary(const char *target, const char *engine, char *path, size_t cap, char *err,
                         size_t err_cap);

#endif
