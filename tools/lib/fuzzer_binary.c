/* Locating and building fuzzer binaries per preset (see fuzzer_binary.h). */
#include "fuzzer_binary.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "child_process.h"
#include "dir_list.h"
#include "source_root.h"

const char *ff_engine_preset(const char *engine) {
  static const char *const known[] = {"builtin", "libfuzzer", "afl", "honggfuzz", "replay"};
  for (size_t i = 0; i < sizeof known / sizeof *known; i++)
    if (strcmp(engine, known[i]) == 0) return known[i];
  return NULL;
}

static void show(const char *const *argv) {
  fprintf(stderr, "formfuzz: running:");
  for (const char *const *a = argv; *a; a++) fprintf(stderr, " %s", *a);
  fprintf(stderr, "\n");
}

static int step(const char *const *argv, const char *root, const char *what, char *err,
                size_t err_cap) {
  show(argv);
  ff_spawn_opts opts = {.cwd = root};
  ff_exit e;
  char why[256];
  if (ff_run(argv, &opts, 0, &e, why, sizeof why) != 0) {
    snprintf(err, err_cap, "%s: %s", what, why);
    return -1;
  }
  if (e.code != 0) {
    ff_exit_describe(&e, why, sizeof why);
    snprintf(err, err_cap, "%s failed (%s); see the output above", what, why);
    return -1;
  }
  return 0;
}

int ff_build_target(const char *root, const char *preset, const char *target, char *err,
                    size_t err_cap) {
  char dir[4096], cache[4200];
  bool overridden;
  if (ff_preset_build_dir(root, preset, dir, sizeof dir, &overridden) != 0) {
    snprintf(err, err_cap, "build directory path too long");
    return -1;
  }
  snprintf(cache, sizeof cache, "%s/CMakeCache.txt", dir);
  if (overridden) {
    /* FORMFUZZ_BUILD_DIR: an existing build tree of the caller's choosing */
    if (!ff_is_file(cache)) {
      snprintf(err, err_cap, "FORMFUZZ_BUILD_DIR=%s is not a configured build directory", dir);
      return -1;
    }
    const char *build[] = {"cmake", "--build", dir, "--target", target, NULL};
    return step(build, root, "cmake --build", err, err_cap);
  }
  if (!ff_is_file(cache)) {
    const char *configure[] = {"cmake", "--preset", preset, NULL};
    if (step(configure, root, "cmake --preset", err, err_cap) != 0) return -1;
  }
  const char *build[] = {"cmake", "--build", "--preset", preset, "--target", target, NULL};
  return step(build, root, "cmake --build", err, err_cap);
}

int ff_preset_artifact(const char *root, const char *preset, const char *relative,
                       const char *target, bool build, char *path, size_t cap, char *err,
                       size_t err_cap) {
  char dir[4096];
  bool overridden;
  if (ff_preset_build_dir(root, preset, dir, sizeof dir, &overridden) != 0 ||
      snprintf(path, cap, "%s/%s", dir, relative) >= (int)cap) {
    snprintf(err, err_cap, "path too long");
    return -1;
  }
  if (ff_is_file(path)) return 0;
  if (!build) {
    snprintf(err, err_cap, "%s is not built (cmake --build --preset %s --target %s)", path, preset,
             target);
    return -1;
  }
  fprintf(stderr, "formfuzz: %s is missing; building it (preset %s)\n", path, preset);
  if (ff_build_target(root, preset, target, err, err_cap) != 0) return -1;
  if (!ff_is_file(path)) {
    snprintf(err, err_cap, "the build succeeded but %s does not exist", path);
    return -1;
  }
  return 0;
}

int ff_fuzzer_binary(const char *root, const char *preset, const char *name, bool build,
                     char *path, size_t cap, char *err, size_t err_cap) {
  char relative[256];
  snprintf(relative, sizeof relative, "fuzzers/%s", name);
  return ff_preset_artifact(root, preset, relative, name, build, path, cap, err, err_cap);
}
