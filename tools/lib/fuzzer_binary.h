/* Finding the binary of a fuzzer (or any target) built for an engine preset:
 * <build dir of the preset>/fuzzers/<name> (source_root.h says where build
 * dirs are). When missing it configures and builds the target, printing the
 * commands it runs:  cmake --preset <p>  and  cmake --build --preset <p> --target <name>. */
#ifndef FF_TOOLS_FUZZER_BINARY_H
#define FF_TOOLS_FUZZER_BINARY_H

#include <stdbool.h>
#include <stddef.h>

/* The preset that builds fuzzers for an engine name ("builtin", "libfuzzer",
 * "afl", "honggfuzz", "replay"); NULL for an unknown engine. */
const char *ff_engine_preset(const char *engine);

/* Configures (when needed) and builds one target of a preset. Returns 0 or -1
 * (the build's output went to the terminal; err says which step failed). */
int ff_build_target(const char *root, const char *preset, const char *target, char *err,
                    size_t err_cap);

/* Path of the fuzzer binary for preset; builds it when missing and build is
 * true. Returns 0 with the path, or -1 with err. */
int ff_fuzzer_binary(const char *root, const char *preset, const char *name, bool build,
                     char *path, size_t cap, char *err, size_t err_cap);

/* A file produced by a preset build at <build dir>/<relative> (e.g.
 * "engine/libformfuzz_engine.a"); builds target when missing and build is true. */
int ff_preset_artifact(const char *root, const char *preset, const char *relative,
                       const char *target, bool build, char *path, size_t cap, char *err,
                       size_t err_cap);

#endif
