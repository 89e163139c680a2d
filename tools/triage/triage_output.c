/* report.md, index.json and results.sarif for triage (see triage_output.h). */
#include "triage_output.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomic_stream.h"
#include "fileio.h"
#include "json_writer.h"
#include "sarif_log.h"

#define HEXDUMP_MAX 4096

void triage_bucket_title(const triage_bucket *b, char *out, size_t cap) {
  if (b->crash.nframes > 0)
    snprintf(out, cap, "%s in %s", b->crash.kind, b->crash.frames[0].func);
  else
    snprintf(out, cap, "%s", b->crash.kind);
}

static void hexdump(FILE *f, const uint8_t *d, size_t n) {
  size_t shown = n < HEXDUMP_MAX ? n : HEXDUMP_MAX;
  for (size_t off = 0; off < shown; off += 16) {
    fprintf(f, "%08zx  ", off);
    for (size_t i = 0; i < 16; i++) {
      if (off + i < shown)
        fprintf(f, "%02x ", d[off + i]);
      else
        fputs("   ", f);
      if (i == 7) fputc(' ', f);
    }
    fputs(" |", f);
    for (size_t i = 0; i < 16 && off + i < shown; i++)
      fputc(d[off + i] >= 0x20 && d[off + i] < 0x7f ? d[off + i] : '.', f);
    fputs("|\n", f);
  }
  if (shown < n) fprintf(f, "... %zu more bytes\n", n - shown);
}

static void when(time_t t, char *out, size_t cap) {
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(out, cap, "%Y-%m-%d %H:%M:%S UTC", &tm);
}

int triage_write_bucket_report(const triage_bucket *b, const char *triage_dir) {
  char dir[4200], path[4300];
  snprintf(dir, sizeof dir, "%s/%s", triage_dir, b->id);
  snprintf(path, sizeof path, "%s/report.md", dir);
  if (ff_mkdirs(dir) != 0) return -1;
  ff_atomic_stream out;
  FILE *f = ff_atomic_stream_open(&out);
  if (!f) return -1;
  char title[512], first[64], last[64];
  triage_bucket_title(b, title, sizeof title);
  when(b->first_seen, first, sizeof first);
  when(b->last_seen, last, sizeof last);
  fprintf(f, "# %s (%s)\n\n", title, b->fuzzer);
  fprintf(f, "- Severity: **%s**\n", b->crash.severity);
  fprintf(f, "- Fuzzer: `%s`\n", b->fuzzer);
  fprintf(f, "- Crash: %s\n", b->crash.kind);
  fprintf(f, "- Signature: `%s` (bucket `%s`)\n", b->crash.signature, b->id);
  fprintf(f, "- Reproduces: %d of %d runs (%s)\n", b->same_runs, b->runs, b->stable ? "stable" : "flaky");
  fprintf(f, "- Inputs: %ld; first seen %s, last seen %s%s\n", b->count, first, last,
          b->is_new ? " (**new**)" : "");
  fprintf(f, "- First input: `%s`\n", b->first_input);
  fprintf(f, "- Smallest input: `%s` (%zu bytes)\n", b->smallest_input, b->smallest_size);
  if (b->minimized[0])
    fprintf(f, "- Minimized input: `%s` (%zu bytes)\n", b->minimized, b->minimized_size);
  fprintf(f, "\n## Reproduce\n\n```\n%s\n```\n\n", b->repro);
  fprintf(f, "## What the sanitizer said\n\n```\n%s\n```\n\n", b->crash.detail);
  fprintf(f, "## Stack\n\n```\n%s%s```\n\n", b->crash.stack ? b->crash.stack : "(no stack)\n",
          b->crash.stack && b->crash.stack[0] && b->crash.stack[strlen(b->crash.stack) - 1] != '\n'
              ? "\n"
              : "");
  const char *input = b->minimized[0] ? b->minimized : b->smallest_input;
  uint8_t *data;
  size_t n;
  char err[256];
  if (ff_read_file(input, 64u << 20, &data, &n, err, sizeof err) == 0) {
    fprintf(f, "## %s input (%zu bytes, hex)\n\n```\n", b->minimized[0] ? "Minimized" : "Smallest", n);
    hexdump(f, data, n);
    fputs("```\n", f);
    free(data);
  }
  return ff_atomic_stream_commit(&out, path);
}

static void frames_json(ff_json *j, const triage_crash *c) {
  ff_json_key(j, "frames");
  ff_json_begin_array(j);
  for (int i = 0; i < c->nframes; i++) {
    ff_json_begin_object(j);
    ff_json_kv_string(j, "function", c->frames[i].func);
    ff_json_kv_string(j, "location", c->frames[i].loc);
    ff_json_end_object(j);
  }
  ff_json_end_array(j);
}

int triage_write_index(const triage_set *s, const char *triage_dir) {
  ff_json j;
  ff_json_init(&j, true);
  ff_json_begin_object(&j);
  ff_json_kv_int(&j, "version", 1);
  ff_json_key(&j, "buckets");
  ff_json_begin_array(&j);
  for (size_t i = 0; i < s->nbuckets; i++) {
    const triage_bucket *b = &s->buckets[i];
    char title[512];
    triage_bucket_title(b, title, sizeof title);
    ff_json_begin_object(&j);
    ff_json_kv_string(&j, "id", b->id);
    ff_json_kv_string(&j, "fuzzer", b->fuzzer);
    ff_json_kv_string(&j, "title", title);
    ff_json_kv_string(&j, "kind", b->crash.kind);
    ff_json_kv_string(&j, "signature", b->crash.signature);
    ff_json_kv_string(&j, "severity", b->crash.severity);
    ff_json_kv_bool(&j, "new", b->is_new);
    ff_json_kv_bool(&j, "stable", b->stable);
    ff_json_kv_int(&j, "runs", b->runs);
    ff_json_kv_int(&j, "same_runs", b->same_runs);
    ff_json_kv_int(&j, "count", b->count);
    ff_json_kv_int(&j, "first_seen", (int64_t)b->first_seen);
    ff_json_kv_int(&j, "last_seen", (int64_t)b->last_seen);
    ff_json_kv_string(&j, "first_input", b->first_input);
    ff_json_kv_string(&j, "smallest_input", b->smallest_input);
    ff_json_kv_int(&j, "smallest_size", (int64_t)b->smallest_size);
    ff_json_kv_string(&j, "minimized_input", b->minimized[0] ? b->minimized : NULL);
    ff_json_kv_int(&j, "minimized_size", (int64_t)b->minimized_size);
    ff_json_kv_string(&j, "reproduce", b->repro);
    frames_json(&j, &b->crash);
    ff_json_end_object(&j);
  }
  ff_json_end_array(&j);
  ff_json_key(&j, "unreproducible");
  ff_json_begin_array(&j);
  for (size_t i = 0; i < s->nunrepro; i++) {
    ff_json_begin_object(&j);
    ff_json_kv_string(&j, "fuzzer", s->unrepro[i].fuzzer);
    ff_json_kv_string(&j, "artifact", s->unrepro[i].artifact);
    ff_json_kv_string(&j, "reason", s->unrepro[i].reason);
    ff_json_end_object(&j);
  }
  ff_json_end_array(&j);
  ff_json_kv_strings(&j, "artifacts", s->artifacts.paths, s->artifacts.count);
  ff_json_end_object(&j);
  return ff_json_save(&j, triage_dir, "index.json");
}

/* "tests/x.c:14:47" -> uri (relative to root when under it), line, column. */
static bool split_location(const char *loc, const char *root, char *uri, size_t cap, long *line,
                           long *col) {
  char tmp[256];
  snprintf(tmp, sizeof tmp, "%s", loc);
  *line = *col = 0;
  char *c1 = strchr(tmp, ':');
  if (!c1 || tmp[0] == '(') return false;
  *c1 = '\0';
  *line = strtol(c1 + 1, NULL, 10);
  char *c2 = strchr(c1 + 1, ':');
  if (c2) *col = strtol(c2 + 1, NULL, 10);
  if (*line <= 0) return false;
  size_t rl = root ? strlen(root) : 0;
  const char *p = tmp;
  if (rl && strncmp(tmp, root, rl) == 0 && tmp[rl] == '/') p = tmp + rl + 1;
  snprintf(uri, cap, "%s", p);
  return true;
}

static void rule_id(const triage_bucket *b, char *out, size_t cap) {
  size_t o = 0;
  for (const char *p = b->crash.sig_kind; *p && o + 1 < cap; p++)
    out[o++] = (*p == ' ') ? '-' : *p;
  out[o] = '\0';
}

int triage_write_sarif(const triage_set *s, const char *triage_dir, const char *root) {
  ff_json j;
  ff_json_init(&j, true);
  sarif_begin(&j);
  for (size_t i = 0; i < s->nbuckets; i++) { /* one rule per crash kind, in first-use order */
    char id[200], other[200];
    rule_id(&s->buckets[i], id, sizeof id);
    bool seen = false;
    for (size_t k = 0; k < i && !seen; k++) {
      rule_id(&s->buckets[k], other, sizeof other);
      seen = strcmp(id, other) == 0;
    }
    if (!seen) sarif_rule(&j, id, s->buckets[i].crash.sig_kind);
  }
  sarif_begin_results(&j);
  for (size_t i = 0; i < s->nbuckets; i++) {
    const triage_bucket *b = &s->buckets[i];
    char id[200], title[512], msg[10000];
    rule_id(b, id, sizeof id);
    triage_bucket_title(b, title, sizeof title);
    snprintf(msg, sizeof msg, "%s (fuzzer %s, %ld input(s), bucket %s). Reproduce: %s", title,
             b->fuzzer, b->count, b->id, b->repro);
    sarif_result_begin(&j, id, strcmp(b->crash.severity, "low") == 0 ? "warning" : "error", msg);
    ff_json_key(&j, "locations");
    ff_json_begin_array(&j);
    for (int f = 0; f < b->crash.nframes; f++) {
      char uri[256];
      long line, col;
      if (!split_location(b->crash.frames[f].loc, root, uri, sizeof uri, &line, &col)) continue;
      ff_json_begin_object(&j);
      ff_json_key(&j, "physicalLocation");
      ff_json_begin_object(&j);
      ff_json_key(&j, "artifactLocation");
      ff_json_begin_object(&j);
      ff_json_kv_string(&j, "uri", uri);
      ff_json_end_object(&j);
      ff_json_key(&j, "region");
      ff_json_begin_object(&j);
      ff_json_kv_int(&j, "startLine", line);
      if (col > 0) ff_json_kv_int(&j, "startColumn", col);
      ff_json_end_object(&j);
      ff_json_end_object(&j);
      ff_json_end_object(&j);
      break; /* the top frame with a source location */
    }
    ff_json_end_array(&j);
    sarif_fingerprint(&j, b->id);
    ff_json_key(&j, "properties");
    ff_json_begin_object(&j);
    ff_json_kv_string(&j, "fuzzer", b->fuzzer);
    ff_json_kv_string(&j, "severity", b->crash.severity);
    ff_json_kv_string(&j, "signature", b->crash.signature);
    ff_json_kv_int(&j, "count", b->count);
    ff_json_kv_bool(&j, "new", b->is_new);
    ff_json_kv_bool(&j, "stable", b->stable);
    ff_json_end_object(&j);
    ff_json_end_object(&j);
  }
  sarif_end(&j);
  return ff_json_save(&j, triage_dir, "results.sarif");
}
