/* AFL++ output directory reading (see afl_output.h). */
#include "afl_output.h"

#include <dirent.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "afl_command.h"
#include "dir_copy.h"
#include "fileio.h"

#define AFL_MAX_INPUT (16u << 20)

/* One instance's fuzzer_stats. Returns 0 when read. */
static int read_instance(const char *path, ff_stats *s) {
  FILE *fp = fopen(path, "r");
  if (!fp) return -1;
  char line[512];
  while (fgets(line, sizeof line, fp)) {
    char key[64];
    double v;
    if (sscanf(line, "%63s : %lf", key, &v) != 2 || !isfinite(v)) continue;
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

#define MAX_OF(a, b) ((a) > (b) ? (a) : (b))

int ff_afl_read_stats(const char *afl_dir, long jobs, ff_stats *s) {
  if (jobs < 1) jobs = 1;
  int read = 0;
  for (int i = 0; i < jobs; i++) {
    char name[32], path[4400];
    ff_afl_instance_name(jobs, i, name, sizeof name);
    snprintf(path, sizeof path, "%s/%s/fuzzer_stats", afl_dir, name);
    ff_stats one = {0};
    if (read_instance(path, &one) != 0) continue;
    if (read++ == 0) {
      s->execs = s->crashes = s->timeouts = 0;
      s->exec_per_sec = 0;
      s->start_time = one.start_time;
    }
    s->execs += one.execs;
    s->exec_per_sec += one.exec_per_sec;
    s->crashes += one.crashes;
    s->timeouts += one.timeouts;
    s->edges = s->features = MAX_OF(s->edges, one.edges);
    s->corpus_size = MAX_OF(s->corpus_size, one.corpus_size);
    s->rss_mb = MAX_OF(s->rss_mb, one.rss_mb);
    s->elapsed_s = MAX_OF(s->elapsed_s, one.elapsed_s);
    s->updated = MAX_OF(s->updated, one.updated);
    if (one.start_time && one.start_time < s->start_time) s->start_time = one.start_time;
  }
  return read ? 0 : -1;
}

/* AFL++'s README.txt of a crashes/ or hangs/ directory is not a finding. */
static const char *afl_prefix(const char *name, const void *prefix) {
  return strcmp(name, "README.txt") == 0 ? NULL : prefix;
}

/* Copies <afl_dir>/<instance>/<sub> of every instance into dst. */
static int copy_from_instances(const char *afl_dir, const char *sub, const char *dst,
                               const char *prefix, ff_path_list *added) {
  DIR *d = opendir(afl_dir);
  if (!d) return 0;
  int total = 0;
  bool failed = false;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') continue;
    char src[4400];
    snprintf(src, sizeof src, "%s/%s/%s", afl_dir, e->d_name, sub);
    if (!ff_is_dir(src)) continue;
    int n = ff_copy_content_addressed(src, dst, afl_prefix, prefix ? prefix : "", AFL_MAX_INPUT, added);
    if (n < 0) failed = true;
    else total += n;
  }
  closedir(d);
  return failed ? -1 : total;
}

int ff_afl_collect_artifacts(const char *afl_dir, const char *artifacts_dir, ff_path_list *added) {
  int a = copy_from_instances(afl_dir, "crashes", artifacts_dir, "crash-", added);
  int b = copy_from_instances(afl_dir, "hangs", artifacts_dir, "timeout-", added);
  return a < 0 || b < 0 ? -1 : a + b;
}

int ff_afl_collect_queue(const char *afl_dir, const char *corpus_dir) {
  return copy_from_instances(afl_dir, "queue", corpus_dir, NULL, NULL);
}
