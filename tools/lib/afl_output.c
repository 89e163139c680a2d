/* AFL++ output directory reading (see afl_output.h). */
#include "afl_output.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formfuzz/fileio.h"

#define AFL_MAX_INPUT (16u << 20)

int ff_afl_read_stats(const char *afl_dir, ff_stats *s) {
  char path[4400];
  snprintf(path, sizeof path, "%s/default/fuzzer_stats", afl_dir);
  FILE *fp = fopen(path, "r");
  if (!fp) return -1;
  char line[512];
  while (fgets(line, sizeof line, fp)) {
    char key[64];
    double v;
    if (sscanf(line, "%63s : %lf", key, &v) != 2) continue;
    if (strcmp(key, "execs_done") == 0) s->execs = (uint64_t)v;
    else if (strcmp(key, "execs_per_sec") == 0) s->exec_per_sec = v;
    else if (strcmp(key, "edges_found") == 0) s->edges = s->features = (uint64_t)v;
    else if (strcmp(key, "corpus_count") == 0) s->corpus_size = (uint64_t)v;
    else if (strcmp(key, "saved_crashes") == 0 || strcmp(key, "unique_crashes") == 0)
      s->crashes = (uint64_t)v;
    else if (strcmp(key, "saved_hangs") == 0 || strcmp(key, "unique_hangs") == 0)
      s->timeouts = (uint64_t)v;
    else if (strcmp(key, "peak_rss_mb") == 0) s->rss_mb = (uint64_t)v;
    else if (strcmp(key, "start_time") == 0) s->start_time = (int64_t)v;
    else if (strcmp(key, "last_update") == 0) s->updated = (int64_t)v;
    else if (strcmp(key, "run_time") == 0) s->elapsed_s = v;
  }
  fclose(fp);
  return 0;
}

/* Copies every file of src (skipping AFL's README.txt) into dst, content-addressed. */
static int copy_dir(const char *src, const char *dst, const char *prefix, ff_path_list *added) {
  ff_path_list files = {0};
  if (ff_list_files(src, &files) < 0) return -1;
  int copied = 0;
  for (size_t i = 0; i < files.count; i++) {
    const char *base = strrchr(files.paths[i], '/');
    if (base && strcmp(base + 1, "README.txt") == 0) continue;
    uint8_t *data;
    size_t len;
    char err[256], name[128];
    if (ff_read_file(files.paths[i], AFL_MAX_INPUT, &data, &len, err, sizeof err) != 0) continue;
    int r = ff_write_content_addressed(dst, prefix, data, len, name, sizeof name);
    free(data);
    if (r == 1) {
      copied++;
      if (added) {
        char path[4400];
        snprintf(path, sizeof path, "%s/%s", dst, name);
        ff_path_list_add(added, path);
      }
    }
  }
  ff_path_list_free(&files);
  return copied;
}

int ff_afl_collect_artifacts(const char *afl_dir, const char *artifacts_dir, ff_path_list *added) {
  char src[4400];
  snprintf(src, sizeof src, "%s/default/crashes", afl_dir);
  int a = copy_dir(src, artifacts_dir, "crash-", added);
  snprintf(src, sizeof src, "%s/default/hangs", afl_dir);
  int b = copy_dir(src, artifacts_dir, "timeout-", added);
  return a < 0 || b < 0 ? -1 : a + b;
}

int ff_afl_collect_queue(const char *afl_dir, const char *corpus_dir) {
  char src[4400];
  snprintf(src, sizeof src, "%s/default/queue", afl_dir);
  return copy_dir(src, corpus_dir, NULL, NULL);
}
