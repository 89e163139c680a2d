/* The output layout of one fuzzer under the output root (docs/CONVENTIONS.md):
 * <out>/<fuzzer>/{corpus,artifacts,stats.json,stats.csv,fuzzer.log,afl,honggfuzz}. */
#ifndef FF_TOOLS_FUZZER_OUT_H
#define FF_TOOLS_FUZZER_OUT_H

#include <stddef.h>

#define FF_OUT_PATH_MAX 4200

typedef struct ff_fuzzer_out {
  char dir[FF_OUT_PATH_MAX];
  char corpus[FF_OUT_PATH_MAX];
  char artifacts[FF_OUT_PATH_MAX];
  char artifact_prefix[FF_OUT_PATH_MAX]; /* artifacts dir + "/" for -artifact_prefix */
  char stats_json[FF_OUT_PATH_MAX];
  char stats_csv[FF_OUT_PATH_MAX];
  char log[FF_OUT_PATH_MAX];
  char afl[FF_OUT_PATH_MAX];       /* afl-fuzz -o */
  char honggfuzz[FF_OUT_PATH_MAX]; /* honggfuzz's workspace (-W) */
} ff_fuzzer_out;

/* Fills the paths (no files touched). Returns 0, -1 when a path is too long. */
int ff_fuzzer_out_paths(const char *out_root, const char *fuzzer, ff_fuzzer_out *p);
/* Creates dir, corpus and artifacts. Returns 0, or -1 with err naming the
 * directory that could not be made and why. */
int ff_fuzzer_out_create(const ff_fuzzer_out *p, char *err, size_t err_cap);

#endif
