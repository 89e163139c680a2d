/* Where the formfuzz source tree is (components/, CMakePresets.json) and where
 * its preset builds live. Root: $FORMFUZZ_ROOT, else the nearest directory at or
 * above the working directory holding CMakePresets.json and components/, else
 * the tree this binary was built from. Build directory of a preset:
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

#endif
