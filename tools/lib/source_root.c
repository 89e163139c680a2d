/* Finding the source root and the preset build directories (see source_root.h). */
#include "source_root.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef FF_SOURCE_DIR
#define FF_SOURCE_DIR "."
#endif

static bool is_dir(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool looks_like_root(const char *dir) {
  char p[PATH_MAX + 32];
  snprintf(p, sizeof p, "%s/CMakePresets.json", dir);
  if (access(p, R_OK) != 0) return false;
  snprintf(p, sizeof p, "%s/components", dir);
  return is_dir(p);
}

static int copy_out(const char *s, char *out, size_t cap) {
  char abs[PATH_MAX];
  if (realpath(s, abs)) s = abs; /* children run in other directories */
  if (strlen(s) >= cap) return -1;
  strcpy(out, s);
  return 0;
}

int ff_source_root(char *out, size_t cap, char *err, size_t err_cap) {
  const char *env = getenv("FORMFUZZ_ROOT");
  if (env && env[0]) {
    if (!is_dir(env)) {
      snprintf(err, err_cap, "FORMFUZZ_ROOT=%s is not a directory", env);
      return -1;
    }
    return copy_out(env, out, cap);
  }
  char dir[PATH_MAX];
  if (getcwd(dir, sizeof dir)) {
    for (;;) {
      if (looks_like_root(dir)) return copy_out(dir, out, cap);
      char *slash = strrchr(dir, '/');
      if (!slash || slash == dir) break;
      *slash = '\0';
    }
  }
  if (is_dir(FF_SOURCE_DIR)) return copy_out(FF_SOURCE_DIR, out, cap);
  snprintf(err, err_cap,
           "cannot find the formfuzz source tree: run inside it or set FORMFUZZ_ROOT");
  return -1;
}

int ff_preset_build_dir(const char *root, const char *preset, char *out, size_t cap,
                        bool *overridden) {
  const char *env = getenv("FORMFUZZ_BUILD_DIR");
  *overridden = env && env[0];
  int n = *overridden ? snprintf(out, cap, "%s", env)
                      : snprintf(out, cap, "%s/build/%s", root, preset);
  return n < 0 || (size_t)n >= cap ? -1 : 0;
}
