/* honggfuzz workspace reading (see honggfuzz_output.h). */
#include "honggfuzz_output.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dir_copy.h"

#define HFUZZ_MAX_INPUT (16u << 20)

void ff_honggfuzz_paths_of(const char *workspace, ff_honggfuzz_paths *p) {
  snprintf(p->corpus, sizeof p->corpus, "%s/corpus", workspace);
  snprintf(p->crashes, sizeof p->crashes, "%s/crashes", workspace);
  snprintf(p->stats, sizeof p->stats, "%s/stats", workspace);
}

/* The number after "key" in line, when present. */
static bool field(const char *line, const char *key, unsigned long long *out) {
  const char *p = strstr(line, key);
  if (!p) return false;
  p += strlen(key);
  char *end;
  unsigned long long v = strtoull(p, &end, 10);
  if (end == p) return false;
  *out = v;
  return true;
}

bool ff_honggfuzz_summary_line(const char *line, ff_stats *s) {
  const char *p = strstr(line, "Summary iterations:");
  unsigned long long execs, v;
  if (!p || !field(p, "iterations:", &execs)) return false;
  s->execs = execs;
  if (field(p, " speed:", &v)) s->exec_per_sec = (double)v;
  if (field(p, " peak_rss_mb:", &v)) s->rss_mb = v;
  return true;
}

/* The last well-formed row of the stats file (comment lines start with '#'). */
static int last_row(const char *path, unsigned long long row[10]) {
  FILE *fp = fopen(path, "r");
  if (!fp) return -1;
  char line[512];
  int found = -1;
  while (fgets(line, sizeof line, fp)) {
    unsigned long long r[10];
    if (line[0] == '#') continue;
    if (sscanf(line, "%llu, %llu, %llu, %llu, %llu, %llu, %llu, %llu, %llu, %llu", &r[0], &r[1],
               &r[2], &r[3], &r[4], &r[5], &r[6], &r[7], &r[8], &r[9]) != 10)
      continue;
    memcpy(row, r, sizeof r);
    found = 0;
  }
  fclose(fp);
  return found;
}

enum { ROW_TIME, ROW_LAST_COV, ROW_EXECS, ROW_EXEC_PER_SEC, ROW_CRASHES, ROW_UNIQUE_CRASHES,
       ROW_HANGS, ROW_EDGES, ROW_BLOCKS, ROW_CORPUS };

int ff_honggfuzz_stats(const char *stats_path, const ff_stats *summary, ff_stats *out) {
  *out = *summary;
  unsigned long long row[10];
  if (last_row(stats_path, row) != 0) return -1;
  if (row[ROW_EXECS] > out->execs) {
    out->execs = row[ROW_EXECS];
    out->exec_per_sec = (double)row[ROW_EXEC_PER_SEC];
  }
  out->edges = out->features = row[ROW_EDGES];
  out->corpus_size = row[ROW_CORPUS];
  out->crashes = row[ROW_UNIQUE_CRASHES];
  out->timeouts = row[ROW_HANGS];
  out->updated = (int64_t)row[ROW_TIME];
  return 0;
}

/* honggfuzz -T kills an input that runs too long with SIGVTALRM and saves it
 * as a crash named after that signal: formfuzz calls it a timeout. */
static const char *crash_prefix(const char *name, const void *ctx) {
  (void)ctx;
  return strncmp(name, "SIGVTALRM.", 10) == 0 ? "timeout-" : "crash-";
}

static const char *no_prefix(const char *name, const void *ctx) {
  (void)name;
  (void)ctx;
  return "";
}

int ff_honggfuzz_collect_crashes(const char *crash_dir, const char *artifacts_dir,
                                 ff_path_list *added) {
  return ff_copy_content_addressed(crash_dir, artifacts_dir, crash_prefix, NULL, HFUZZ_MAX_INPUT,
                                   added);
}

int ff_honggfuzz_collect_corpus(const char *hf_corpus, const char *corpus_dir) {
  return ff_copy_content_addressed(hf_corpus, corpus_dir, no_prefix, NULL, HFUZZ_MAX_INPUT, NULL);
}
