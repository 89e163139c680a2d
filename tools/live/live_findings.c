/* Live differences as triage buckets (live_findings.h). */
#include "live_findings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomic_stream.h"
#include "fileio.h"
#include "json_writer.h"
#include "sarif_log.h"

#define MAX_INPUTS 32

int live_findings_open(live_findings *f, const char *out_dir, const char *proto, const char *primary,
                       const char *shadow) {
  memset(f, 0, sizeof *f);
  snprintf(f->out_dir, sizeof f->out_dir, "%s", out_dir);
  f->proto = proto, f->primary = primary, f->shadow = shadow;
  char path[4200];
  snprintf(path, sizeof path, "%s/triage", out_dir);
  if (ff_mkdirs(path)) return -1;
  snprintf(path, sizeof path, "%s/corpus", out_dir);
  return ff_mkdirs(path);
}

int live_findings_corpus(const live_findings *f, const uint8_t *request, size_t len) {
  char dir[4200], name[64];
  snprintf(dir, sizeof dir, "%s/corpus", f->out_dir);
  return ff_write_content_addressed(dir, NULL, request, len, name, sizeof name) < 0 ? -1 : 0;
}

static void lines_text(FILE *o, const live_lines *l) {
  for (size_t i = 0; i < l->count; i++) fprintf(o, "%s\n", l->line[i]);
}

static int write_lines(const char *dir, const char *name, const live_lines *l) {
  ff_atomic_stream s;
  FILE *o = ff_atomic_stream_open(&s);
  if (!o) return -1;
  lines_text(o, l);
  char path[4500];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  return ff_atomic_stream_commit(&s, path);
}

static int write_report(const live_findings *f, const live_bucket *b, const char *dir, const uint8_t *req,
                        size_t len, const char *what, const live_lines *pl, const live_lines *sl,
                        const live_diff *d) {
  ff_atomic_stream s;
  FILE *o = ff_atomic_stream_open(&s);
  if (!o) return -1;
  fprintf(o, "# live %s difference: %s\n\n", f->proto, b->signature);
  fprintf(o, "- bucket: %s\n- primary: %s\n- shadow: %s\n- request: %s (%zu bytes)\n- severity: medium\n\n",
          b->id, f->primary, f->shadow, what, len);
  fprintf(o, "Reproduce: send `request` to both servers (`formfuzz live shadow --replay %s/request ...`)"
             " and compare the replies under the same rules.\n\n", dir);
  fprintf(o, "## Diff (- primary, + shadow)\n\n```\n%s```\n\n## Primary reply (canonical)\n\n```\n", d->text);
  lines_text(o, pl);
  fprintf(o, "```\n\n## Shadow reply (canonical)\n\n```\n");
  lines_text(o, sl);
  fprintf(o, "```\n\n## Request (hex)\n\n```\n");
  for (size_t i = 0; i < len && i < 4096; i += 16) {
    fprintf(o, "%08zx ", i);
    for (size_t k = i; k < i + 16 && k < len; k++) fprintf(o, " %02x", req[k]);
    fprintf(o, "\n");
  }
  fprintf(o, "```\n");
  char path[4500];
  snprintf(path, sizeof path, "%s/report.md", dir);
  return ff_atomic_stream_commit(&s, path);
}

static live_bucket *find_or_add(live_findings *f, const char *signature, bool *fresh) {
  char id[16], key[4096], sha[FF_SHA1_HEX_LEN + 1];
  int n = snprintf(key, sizeof key, "live_%s\n%s", f->proto, signature);
  ff_sha1_hex(key, (size_t)(n < (int)sizeof key ? n : (int)sizeof key - 1), sha);
  snprintf(id, sizeof id, "%.12s", sha);
  *fresh = false;
  for (size_t i = 0; i < f->nbuckets; i++)
    if (strcmp(f->buckets[i].id, id) == 0) return &f->buckets[i];
  live_bucket *grown = realloc(f->buckets, (f->nbuckets + 1) * sizeof *grown);
  if (!grown) return NULL;
  f->buckets = grown;
  live_bucket *b = &f->buckets[f->nbuckets];
  memset(b, 0, sizeof *b);
  b->signature = strdup(signature);
  if (!b->signature) return NULL;
  f->nbuckets++;
  snprintf(b->id, sizeof b->id, "%s", id);
  b->first_seen = time(NULL);
  *fresh = true;
  return b;
}

int live_findings_add(live_findings *f, const uint8_t *req, size_t len, const char *what,
                      const live_lines *pl, const live_lines *sl, const live_diff *d) {
  bool fresh;
  live_bucket *b = find_or_add(f, d->signature, &fresh);
  if (!b) return -1;
  f->total++;
  b->count++;
  b->last_seen = time(NULL);
  char dir[4300], inputs[4400], name[64];
  snprintf(dir, sizeof dir, "%s/triage/%s", f->out_dir, b->id);
  snprintf(inputs, sizeof inputs, "%s/inputs", dir);
  if (ff_mkdirs(inputs)) return -1;
  if (fresh) {
    snprintf(b->first_input, sizeof b->first_input, "%s/request", dir);
    b->smallest_size = len;
    if (ff_write_atomic(b->first_input, req, len) || write_lines(dir, "primary.txt", pl) ||
        write_lines(dir, "shadow.txt", sl) || write_report(f, b, dir, req, len, what, pl, sl, d))
      return -1;
    char path[4400];
    snprintf(path, sizeof path, "%s/diff.txt", dir);
    if (ff_write_atomic(path, d->text, strlen(d->text))) return -1;
  }
  if (len < b->smallest_size) b->smallest_size = len;
  if (b->count <= MAX_INPUTS && ff_write_content_addressed(inputs, NULL, req, len, name, sizeof name) < 0)
    return -1;
  return live_findings_corpus(f, req, len);
}

int live_findings_write_index(const live_findings *f) {
  ff_json j;
  ff_json_init(&j, true);
  ff_json_begin_object(&j);
  ff_json_kv_int(&j, "version", 1);
  ff_json_kv_string(&j, "source", "formfuzz live");
  ff_json_key(&j, "buckets");
  ff_json_begin_array(&j);
  char fuzzer[32];
  snprintf(fuzzer, sizeof fuzzer, "live_%s", f->proto);
  for (size_t i = 0; i < f->nbuckets; i++) {
    const live_bucket *b = &f->buckets[i];
    char title[4200], repro[9000];
    snprintf(title, sizeof title, "%s reply differs: %s", f->proto, b->signature);
    snprintf(repro, sizeof repro, "send %s to %s and %s", b->first_input, f->primary, f->shadow);
    ff_json_begin_object(&j);
    ff_json_kv_string(&j, "id", b->id);
    ff_json_kv_string(&j, "fuzzer", fuzzer);
    ff_json_kv_string(&j, "title", title);
    ff_json_kv_string(&j, "kind", "difference");
    ff_json_kv_string(&j, "signature", b->signature);
    ff_json_kv_string(&j, "severity", "medium");
    ff_json_kv_bool(&j, "new", true);
    ff_json_kv_bool(&j, "stable", true);
    ff_json_kv_int(&j, "count", b->count);
    ff_json_kv_int(&j, "first_seen", (int64_t)b->first_seen);
    ff_json_kv_int(&j, "last_seen", (int64_t)b->last_seen);
    ff_json_kv_string(&j, "first_input", b->first_input);
    ff_json_kv_string(&j, "smallest_input", b->first_input);
    ff_json_kv_int(&j, "smallest_size", (int64_t)b->smallest_size);
    ff_json_kv_string(&j, "reproduce", repro);
    ff_json_end_object(&j);
  }
  ff_json_end_array(&j);
  ff_json_key(&j, "unreproducible");
  ff_json_begin_array(&j);
  ff_json_end_array(&j);
  ff_json_end_object(&j);
  char dir[4200];
  snprintf(dir, sizeof dir, "%s/triage", f->out_dir);
  return ff_json_save(&j, dir, "index.json");
}

int live_findings_write_sarif(const live_findings *f) {
  ff_json j;
  ff_json_init(&j, true);
  sarif_begin(&j);
  sarif_rule(&j, "live-difference", "the shadow's reply differs from the primary's after normalization");
  sarif_begin_results(&j);
  for (size_t i = 0; i < f->nbuckets; i++) {
    const live_bucket *b = &f->buckets[i];
    char msg[9000];
    snprintf(msg, sizeof msg, "%s reply of %s differs from %s's: %s (%ld request(s), bucket %s, first %s)", f->proto,
             f->shadow, f->primary, b->signature, b->count, b->id, b->first_input);
    sarif_result_begin(&j, "live-difference", "error", msg);
    ff_json_key(&j, "locations"); /* a running server: no source location */
    ff_json_begin_array(&j);
    ff_json_end_array(&j);
    sarif_fingerprint(&j, b->id);
    ff_json_key(&j, "properties");
    ff_json_begin_object(&j);
    ff_json_kv_string(&j, "signature", b->signature);
    ff_json_kv_int(&j, "count", b->count);
    ff_json_end_object(&j);
    ff_json_end_object(&j);
  }
  sarif_end(&j);
  char dir[4200];
  snprintf(dir, sizeof dir, "%s/triage", f->out_dir);
  return ff_json_save(&j, dir, "results.sarif");
}

void live_findings_free(live_findings *f) {
  for (size_t i = 0; i < f->nbuckets; i++) free(f->buckets[i].signature);
  free(f->buckets);
  f->buckets = NULL, f->nbuckets = 0;
}
