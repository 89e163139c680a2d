/* Finding the binary that replays a fuzzer's inputs (see triage_locate.h). */
#include "triage_locate.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fuzzer_binary.h"
#include "source_root.h"

int triage_locate_binary(const char *target, const char *engine, char *path, size_t cap, char *err,
                         size_t err_cap) {
  if (strchr(target, '/')) {
    if (access(target, X_OK) != 0) {
      snprintf(err, err_cap, "%s is not an executable file", target);
      return -1;
    }
    snprintf(path, cap, "%s", target);
    return 0;
  }
  char root[4096];
  if (ff_source_root(root, sizeof root, err, err_cap) != 0) return -1;
  if (engine) {
    const char *preset = ff_engine_preset(engine);
    if (!preset) {
      snprintf(err, err_cap, "unknown engine '%s' (builtin, libfuzzer, afl, honggfuzz, replay)", engine);
      return -1;
    }
    return ff_fuzzer_binary(root, preset, target, true, path, cap, err, err_cap);
  }
  static const char *const order[] = {"replay", "builtin", "libfuzzer"};
  for (size_t i = 0; i < sizeof order / sizeof *order; i++)
    if (ff_fuzzer_binary(root, order[i], target, false, path, cap, err, err_cap) == 0) return 0;
  return ff_fuzzer_binary(root, "builtin", target, true, path, cap, err, err_cap);
}
