/* Gathering a campaign's numbers for the report (see report_data.h). */
#include "report_data.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dir_list.h"

#define STATS_MAX_BYTES (1u << 20)

static report_fuzzer *find_or_add(report_campaign *c, const char *name) {
  for (size_t i = 0; i < c->nfuzzers; i++)
    if (strcmp(c->fuzzers[i].name, name) == 0) return &c->fuzzers[i];
  report_fuzzer *grown = realloc(c->fuzzers, (c->nfuzzers + 1) * sizeof *grown);
  if (!grown) return NULL;
  c->fuzzers = grown;
  report_fuzzer *f = &c->fuzzers[c->nfuzzers++];
  memset(f, 0, sizeof *f);
  snprintf(f->name, sizeof f->name, "%s", name);
  f->csv_rows = -1;
  return f;
}

static bool valid_fuzzer_name(const char *s) {
  if (!*s || strlen(s) >= 128) return false;
  for (; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
          *s == '_' || *s == '-' || *s == '.'))
      return false;
  return true;
}

static bool looks_like_fuzzer_dir(const char *dir) {
  static const char *const marks[] = {"stats.json", "stats.csv", "corpus", "artifacts",
                                      "fuzzer.log"};
  char p[2200];
  for (size_t i = 0; i < sizeof marks / sizeof *marks; i++) {
    snprintf(p, sizeof p, "%s/%s", dir, marks[i]);
    if (ff_is_file(p) || ff_is_dir(p)) return true;
  }
  return false;
}

static double num(json_t *o, const char *key) {
  json_t *v = json_object_get(o, key);
  return json_is_number(v) ? json_number_value(v) : 0;
}

static void read_stats(const char *out, report_fuzzer *f) {
  char path[2048];
  snprintf(path, sizeof path, "%s/%s/stats.json", out, f->name);
  if (!ff_is_file(path)) {
    snprintf(f->stats_problem, sizeof f->stats_problem, "no stats.json yet");
    return;
  }
  json_error_t je;
  json_t *o = json_load_file(path, 0, &je);
  if (!o || !json_is_object(o)) {
    snprintf(f->stats_problem, sizeof f->stats_problem, "stats.json is corrupt (line %d: %s); skipped",
             je.line, o ? "not a JSON object" : je.text);
    json_decref(o);
    return;
  }
  f->has_stats = true;
  f->execs = num(o, "execs");
  f->exec_per_sec = num(o, "exec_per_sec");
  f->edges = num(o, "edges");
  f->features = num(o, "features");
  f->corpus_size = num(o, "corpus_size");
  f->corpus_bytes = num(o, "corpus_bytes");
  f->crashes = num(o, "crashes");
  f->timeouts = num(o, "timeouts");
  f->ooms = num(o, "ooms");
  f->leaks = num(o, "leaks");
  f->elapsed_s = num(o, "elapsed_s");
  json_t *e = json_object_get(o, "engine");
  if (json_is_string(e)) snprintf(f->engine, sizeof f->engine, "%s", json_string_value(e));
  json_decref(o);
}

static const char STATS_CSV_HEADER[] = "unix_time,elapsed_s,execs";

static void read_csv(const char *out, report_fuzzer *f) {
  char path[2048];
  snprintf(path, sizeof path, "%s/%s/stats.csv", out, f->name);
  FILE *in = fopen(path, "r");
  if (!in) {
    snprintf(f->csv_problem, sizeof f->csv_problem, "no stats.csv yet");
    return;
  }
  char line[1024];
  if (!fgets(line, sizeof line, in) || strncmp(line, STATS_CSV_HEADER, strlen(STATS_CSV_HEADER))) {
    snprintf(f->csv_problem, sizeof f->csv_problem,
             "stats.csv does not start with the expected header; skipped");
    fclose(in);
    return;
  }
  long rows = 0;
  while (fgets(line, sizeof line, in))
    if (line[0] >= '0' && line[0] <= '9') rows++;
  fclose(in);
  f->csv_rows = rows;
  if (rows == 0) snprintf(f->csv_problem, sizeof f->csv_problem, "stats.csv has no samples yet");
}

static void copy_str(char *dst, size_t cap, json_t *o, const char *key) {
  json_t *v = json_object_get(o, key);
  snprintf(dst, cap, "%s", json_is_string(v) ? json_string_value(v) : "");
}

static void read_triage(report_campaign *c) {
  char path[2048];
  snprintf(path, sizeof path, "%s/triage/index.json", c->out_dir);
  if (!ff_is_file(path)) return;
  json_error_t je;
  json_t *o = json_load_file(path, 0, &je);
  json_t *buckets = json_object_get(o, "buckets");
  if (!json_is_array(buckets)) {
    snprintf(c->triage_problem, sizeof c->triage_problem,
             "triage/index.json is corrupt (%s); buckets not shown", o ? "no buckets array" : je.text);
    json_decref(o);
    return;
  }
  c->has_triage = true;
  c->triage_unreproducible = (long)json_array_size(json_object_get(o, "unreproducible"));
  size_t i;
  json_t *b;
  json_array_foreach(buckets, i, b) {
    json_t *fz = json_object_get(b, "fuzzer");
    if (!json_is_string(fz) || !valid_fuzzer_name(json_string_value(fz))) continue;
    report_fuzzer *f = find_or_add(c, json_string_value(fz));
    if (!f) break;
    report_bucket *grown = realloc(f->buckets, (f->nbuckets + 1) * sizeof *grown);
    if (!grown) break;
    f->buckets = grown;
    report_bucket *rb = &f->buckets[f->nbuckets++];
    memset(rb, 0, sizeof *rb);
    copy_str(rb->id, sizeof rb->id, b, "id");
    copy_str(rb->kind, sizeof rb->kind, b, "kind");
    copy_str(rb->title, sizeof rb->title, b, "title");
    copy_str(rb->severity, sizeof rb->severity, b, "severity");
    rb->is_new = json_is_true(json_object_get(b, "new"));
    rb->stable = json_is_true(json_object_get(b, "stable"));
    rb->count = (long)num(b, "count");
    if (rb->is_new) f->new_buckets++;
  }
  json_decref(o);
}

/* A time of campaign.json as a person reads it: "start" (ISO 8601, UTC) and
 * "start_time" (unix seconds) both become "2026-11-24 01:29:04 UTC". A unix
 * time that has an ISO twin ("start_time" next to "start") is not shown
 * twice: returns false for it. Other values are written as they are. */
static bool campaign_value_text(json_t *o, const char *key, json_t *v, char *text, size_t cap) {
  size_t n = strlen(key);
  bool unix_time = json_is_integer(v) && n > 5 && strcmp(key + n - 5, "_time") == 0;
  if (unix_time) {
    char twin[128];
    snprintf(twin, sizeof twin, "%.*s", (int)(n - 5), key);
    if (json_is_string(json_object_get(o, twin))) return false;
    time_t t = (time_t)json_integer_value(v);
    struct tm tm;
    if (!gmtime_r(&t, &tm)) return false;
    strftime(text, cap, "%Y-%m-%d %H:%M:%S UTC", &tm);
    return true;
  }
  if (json_is_string(v)) {
    const char *s = json_string_value(v);
    int y, mo, d, h, mi, sec, used = 0;
    if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &y, &mo, &d, &h, &mi, &sec, &used) == 6 &&
        used > 0 && s[used] == '\0')
      snprintf(text, cap, "%04d-%02d-%02d %02d:%02d:%02d UTC", y, mo, d, h, mi, sec);
    else
      snprintf(text, cap, "%s", s);
  } else if (json_is_integer(v)) {
    snprintf(text, cap, "%lld", (long long)json_integer_value(v));
  } else if (json_is_real(v)) {
    snprintf(text, cap, "%.1f", json_real_value(v));
  } else if (json_is_boolean(v)) {
    snprintf(text, cap, "%s", json_is_true(v) ? "true" : "false");
  } else {
    return false;
  }
  return true;
}

/* campaign.json: its top-level scalars are shown (times made readable); fuzzer names are
 * taken from "fuzzers" (an array of names or of objects with "name", or an
 * object keyed by name) so fuzzers that never wrote stats still get a row. */
static void read_campaign(report_campaign *c) {
  char path[2048];
  snprintf(path, sizeof path, "%s/campaign.json", c->out_dir);
  if (!ff_is_file(path)) return;
  json_error_t je;
  json_t *o = json_load_file(path, 0, &je);
  if (!json_is_object(o)) {
    snprintf(c->campaign_problem, sizeof c->campaign_problem, "campaign.json is corrupt (%s); skipped",
             o ? "not a JSON object" : je.text);
    json_decref(o);
    return;
  }
  c->has_campaign = true;
  const char *key;
  json_t *v;
  json_object_foreach(o, key, v) {
    char text[256];
    if (!campaign_value_text(o, key, v, text, sizeof text)) continue;
    if (ff_path_list_addf(&c->campaign_fields, "%s: %s", key, text) != 0) break;
  }
  json_t *fz = json_object_get(o, "fuzzers");
  size_t i;
  json_t *e;
  if (json_is_array(fz)) {
    json_array_foreach(fz, i, e) {
      json_t *n = json_is_object(e) ? json_object_get(e, "name") : e;
      if (json_is_object(e) && !json_is_string(n)) n = json_object_get(e, "fuzzer");
      if (json_is_string(n) && valid_fuzzer_name(json_string_value(n)))
        find_or_add(c, json_string_value(n));
    }
  } else if (json_is_object(fz)) {
    json_object_foreach(fz, key, e) {
      if (valid_fuzzer_name(key)) find_or_add(c, key);
    }
  }
  json_decref(o);
}

static int cmp_fuzzers(const void *a, const void *b) {
  return strcmp(((const report_fuzzer *)a)->name, ((const report_fuzzer *)b)->name);
}

int report_collect(const char *out_dir, report_campaign *c, char *err, size_t err_cap) {
  memset(c, 0, sizeof *c);
  snprintf(c->out_dir, sizeof c->out_dir, "%s", out_dir);
  DIR *d = opendir(out_dir);
  if (!d) {
    snprintf(err, err_cap, "cannot open %s: %s", out_dir, strerror(errno));
    return -1;
  }
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.' || strcmp(e->d_name, "triage") == 0 || strcmp(e->d_name, "report") == 0)
      continue;
    char p[2048];
    snprintf(p, sizeof p, "%s/%s", out_dir, e->d_name);
    if (ff_is_dir(p) && valid_fuzzer_name(e->d_name) && looks_like_fuzzer_dir(p))
      find_or_add(c, e->d_name);
  }
  closedir(d);
  read_campaign(c);
  read_triage(c);
  for (size_t i = 0; i < c->nfuzzers; i++) {
    report_fuzzer *f = &c->fuzzers[i];
    read_stats(out_dir, f);
    read_csv(out_dir, f);
    char p[2048];
    snprintf(p, sizeof p, "%s/%s/artifacts", out_dir, f->name);
    f->artifacts = (long)ff_count_files(p);
  }
  if (c->nfuzzers > 1) qsort(c->fuzzers, c->nfuzzers, sizeof *c->fuzzers, cmp_fuzzers);
  return 0;
}

void report_campaign_free(report_campaign *c) {
  for (size_t i = 0; i < c->nfuzzers; i++) free(c->fuzzers[i].buckets);
  free(c->fuzzers);
  ff_path_list_free(&c->campaign_fields);
  memset(c, 0, sizeof *c);
}
