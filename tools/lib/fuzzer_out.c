/* Paths of a fuzzer's output directory (see fuzzer_out.h). */
#include "fuzzer_out.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "fileio.h"

static int join(char *out, const char *dir, const char *name) {
  int n = snprintf(out, FF_OUT_PATH_MAX, "%s/%s", dir, name);
  return n < 0 || n >= FF_OUT_PATH_MAX ? -1 : 0;
}

int ff_fuzzer_out_paths(const char *out_root, const char *fuzzer, ff_fuzzer_out *p) {
  if (snprintf(p->dir, sizeof p->dir, "%s/%s", out_root, fuzzer) >= (int)sizeof p->dir - 32)
    return -1;
  join(p->corpus, p->dir, "corpus");
  join(p->artifacts, p->dir, "artifacts");
  join(p->artifact_prefix, p->dir, "artifacts/");
  join(p->stats_json, p->dir, "stats.json");
  join(p->stats_csv, p->dir, "stats.csv");
  join(p->log, p->dir, "fuzzer.log");
  join(p->afl, p->dir, "afl");
  join(p->honggfuzz, p->dir, "honggfuzz");
  return 0;
}

int ff_fuzzer_out_create(const ff_fuzzer_out *p, char *err, size_t err_cap) {
  const char *dirs[] = {p->corpus, p->artifacts};
  for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++)
    if (ff_mkdirs(dirs[i]) != 0) {
      snprintf(err, err_cap, "cannot create the directory %s: %s", dirs[i], strerror(errno));
      return -1;
    }
  return 0;
}
