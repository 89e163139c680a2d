/* Finding the source root and the preset build directories (see source_root.h). */
#include "source_root.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Where an installation keeps the archives, relative to its prefix
 * (cmake/install.cmake installs them there). */
#define FF_INSTALL_LIBDIR "lib/formfuzz"

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
  char lib[PATH_MAX];
  if (ff_installed_libdir(lib, sizeof lib)) {
    /* an installed copy never falls back on the tree it was built from */
    snprintf(err, err_cap,
             "this formfuzz is installed (archives in %s) and no source tree is in reach: this "
             "command reads the components' manifests, so run it inside a formfuzz checkout or "
             "set FORMFUZZ_ROOT (formfuzz cc works without one)",
             lib);
    return -1;
  }
  if (is_dir(FF_SOURCE_DIR)) return copy_out(FF_SOURCE_DIR, out, cap);
  snprintf(err, err_cap,
           "cannot find the formfuzz source tree: run inside it or set FORMFUZZ_ROOT");
  return -1;
}

bool ff_installed_libdir(char *out, size_t cap) {
  char exe[PATH_MAX], probe[PATH_MAX + 64], abs[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0) return false;
  exe[n] = '\0';
  char *slash = strrchr(exe, '/');
  if (!slash) return false;
  *slash = '\0'; /* the directory holding the executable: <prefix>/bin */
  snprintf(probe, sizeof probe, "%s/../" FF_INSTALL_LIBDIR "/libformfuzz_engine.a", exe);
  if (access(probe, R_OK) != 0) return false;
  snprintf(probe, sizeof probe, "%s/../" FF_INSTALL_LIBDIR, exe);
  if (!realpath(probe, abs) || strlen(abs) >= cap) return false;
  strcpy(out, abs);
  return true;
}

int ff_preset_build_dir(const char *root, const char *preset, char *out, size_t cap,
                        bool *overridden) {
  const char *env = getenv("FORMFUZZ_BUILD_DIR");
  *overridden = env && env[0];
  int n = *overridden ? snprintf(out, cap, "%s", env)
                      : snprintf(out, cap, "%s/build/%s", root, preset);
  return n < 0 || (size_t)n >= cap ? -1 : 0;
}
