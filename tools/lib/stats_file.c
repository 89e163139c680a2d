/* stats.json and stats.csv reading and writing (see stats_file.h). */
#include "stats_file.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fileio.h"
#include "json_reader.h"
#include "json_writer.h"

#define STATS_CSV_HEADER                                                                          \
  "unix_time,elapsed_s,execs,exec_per_sec,edges,features,corpus_size,corpus_bytes,crashes,"      \
  "timeouts,rss_mb\n"

int ff_stats_read_json(const char *path, ff_stats *s) {
  uint8_t *data;
  size_t len;
  char err[256];
  memset(s, 0, sizeof *s);
  if (ff_read_file(path, 1 << 20, &data, &len, err, sizeof err) != 0) return -1;
  const char *t = (const char *)data;
  double v;
  bool ok = ff_json_get_number(t, "execs", &v);
  if (ok) {
    s->execs = (uint64_t)v;
#define NUM(field, cast)                                                                          \
  if (ff_json_get_number(t, #field, &v)) s->field = (cast)v
    NUM(pid, long);
    NUM(start_time, int64_t);
    NUM(updated, int64_t);
    NUM(elapsed_s, double);
    NUM(exec_per_sec, double);
    NUM(edges, uint64_t);
    NUM(features, uint64_t);
    NUM(corpus_size, uint64_t);
    NUM(corpus_bytes, uint64_t);
    NUM(crashes, uint64_t);
    NUM(timeouts, uint64_t);
    NUM(ooms, uint64_t);
    NUM(leaks, uint64_t);
    NUM(rss_mb, uint64_t);
    NUM(last_new_s, double);
#undef NUM
    ff_json_get_string(t, "fuzzer", s->fuzzer, sizeof s->fuzzer);
    ff_json_get_string(t, "engine", s->engine, sizeof s->engine);
  }
  free(data);
  return ok ? 0 : -1;
}

int ff_stats_write_json(const char *path, const ff_stats *s) {
  ff_json j;
  ff_json_init(&j, false);
  ff_json_begin_object(&j);
  ff_json_kv_string(&j, "fuzzer", s->fuzzer);
  ff_json_kv_string(&j, "engine", s->engine);
  ff_json_kv_int(&j, "pid", s->pid);
  ff_json_kv_int(&j, "start_time", s->start_time);
  ff_json_kv_int(&j, "updated", s->updated);
  ff_json_kv_double(&j, "elapsed_s", s->elapsed_s);
  ff_json_kv_int(&j, "execs", (int64_t)s->execs);
  ff_json_kv_double(&j, "exec_per_sec", s->exec_per_sec);
  ff_json_kv_int(&j, "edges", (int64_t)s->edges);
  ff_json_kv_int(&j, "features", (int64_t)s->features);
  ff_json_kv_int(&j, "corpus_size", (int64_t)s->corpus_size);
  ff_json_kv_int(&j, "corpus_bytes", (int64_t)s->corpus_bytes);
  ff_json_kv_int(&j, "crashes", (int64_t)s->crashes);
  ff_json_kv_int(&j, "timeouts", (int64_t)s->timeouts);
  ff_json_kv_int(&j, "ooms", (int64_t)s->ooms);
  ff_json_kv_int(&j, "leaks", (int64_t)s->leaks);
  ff_json_kv_int(&j, "rss_mb", (int64_t)s->rss_mb);
  ff_json_kv_double(&j, "last_new_s", s->last_new_s);
  ff_json_end_object(&j);
  int rc = ff_json_write_file(&j, path);
  ff_json_free(&j);
  return rc;
}

int ff_stats_append_csv(const char *path, const ff_stats *s) {
  ff_drop_partial_last_line(path); /* a row cut short by a crash is not glued to this one */
  struct stat st;
  bool fresh = stat(path, &st) != 0 || st.st_size == 0;
  FILE *fp = fopen(path, "a");
  if (!fp) return -1;
  if (fresh) fputs(STATS_CSV_HEADER, fp);
  fprintf(fp, "%" PRId64 ",%.1f,%" PRIu64 ",%.1f,%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64
              ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 "\n",
          s->updated, s->elapsed_s, s->execs, s->exec_per_sec, s->edges, s->features,
          s->corpus_size, s->corpus_bytes, s->crashes, s->timeouts, s->rss_mb);
  return fclose(fp) == 0 ? 0 : -1;
}

int ff_stats_read_csv_last(const char *path, ff_stats *s) {
  FILE *fp = fopen(path, "r");
  if (!fp) return -1;
  char line[512], last[512] = "";
  while (fgets(line, sizeof line, fp))
    if (line[0] >= '0' && line[0] <= '9') memcpy(last, line, sizeof last);
  fclose(fp);
  int64_t t;
  double el, eps;
  uint64_t ex, ed, fe, cs, cb, cr, to, rss;
  if (sscanf(last, "%" SCNd64 ",%lf,%" SCNu64 ",%lf,%" SCNu64 ",%" SCNu64 ",%" SCNu64 ",%" SCNu64
                   ",%" SCNu64 ",%" SCNu64 ",%" SCNu64,
             &t, &el, &ex, &eps, &ed, &fe, &cs, &cb, &cr, &to, &rss) != 11)
    return -1;
  s->updated = t;
  s->elapsed_s = el;
  s->execs = ex;
  s->exec_per_sec = eps;
  s->edges = ed;
  s->features = fe;
  s->corpus_size = cs;
  s->corpus_bytes = cb;
  s->crashes = cr;
  s->timeouts = to;
  s->rss_mb = rss;
  return 0;
}
