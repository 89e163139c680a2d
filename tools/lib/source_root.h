/* Where the formfuzz source tree is (components/, CMakePresets.json) and where
 * its preset builds live. Root: $FORMFUZZ_ROOT, else the nearest directory at or
 * above the working directory holding CMakePresets.json and components/, else
 * the tree this binary was built from, unless this binary is an installed copy
 * (then no source tree is an error). Build directory of a preset:
 * $FORMFUZZ_BUILD_DIR when set (one directory for every engine; used by tests),
 * else <root>/build/<preset>. */
#ifndef FF_TOOLS_SOURCE_ROOT_H
#define FF_TOOLS_SOURCE_ROOT_H

#include <stdbool.h>
#include <stddef.h>

/* Returns 0 and the root in out, or -1 with a message in err. */
int ff_source_root(char *out, size_t cap, char *err, size_t err_cap);
/* The build directory for preset; *overridden says it came from FORMFUZZ_BUILD_DIR. */
int ff_preset_build_dir(const char *root, const char *preset, char *out, size_t cap,
                        bool *overridden);

/* True when this executable is an installed copy: <its directory>/../lib/formfuzz
 * holds libformfuzz_engine.a. out gets that directory (absolute). */
bool ff_installed_libdir(char *out, size_t cap);

#endif
