/* Paths of a fuzzer's output directory (see fuzzer_out.h). */
#include "fuzzer_out.h"

#include <stdio.h>

#include "formfuzz/fileio.h"

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
  return 0;
}

int ff_fuzzer_out_create(const ff_fuzzer_out *p) {
  if (ff_mkdirs(p->corpus) != 0) return -1;
  return ff_mkdirs(p->artifacts);
}
