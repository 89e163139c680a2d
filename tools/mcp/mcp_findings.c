/* Bucketing, minimizing and writing MCP findings (see mcp_findings.h). */
#include "mcp_findings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "atomic_stream.h"
#include "fileio.h"
#include "mcp_minimize.h"
#include "mcp_seq.h"
#include "triage_output.h"

#define TRANSCRIPT_VALUE_MAX 400
#define REPORT_TRANSCRIPT_LINES 40

int mcp_transcript_write(const json_t *transcript, const char *path) {
  ff_atomic_stream out;
  FILE *f = ff_atomic_stream_open(&out);
  if (!f) return -1;
  size_t i;
  json_t *line;
  json_array_foreach(transcript, i, line) {
    char *text = json_dumps(line, JSON_COMPACT | JSON_ENCODE_ANY);
    fprintf(f, "%s\n", text ? text : "{\"event\":\"(too deep to print)\"}");
    free(text);
  }
  return ff_atomic_stream_commit(&out, path);
}

static void transcript_excerpt(FILE *f, const json_t *transcript) {
  size_t i;
  json_t *line;
  json_array_foreach(transcript, i, line) {
    if (i >= REPORT_TRANSCRIPT_LINES) {
      fprintf(f, "... %zu more lines in transcript.jsonl\n", json_array_size(transcript) - i);
      break;
    }
    char *text = json_dumps(line, JSON_COMPACT | JSON_ENCODE_ANY);
    if (text && strlen(text) > TRANSCRIPT_VALUE_MAX)
      fprintf(f, "%.*s ... (%zu bytes)\n", TRANSCRIPT_VALUE_MAX, text, strlen(text));
    else
      fprintf(f, "%s\n", text ? text : "(too deep to print)");
    free(text);
  }
}

static int write_report(const mcp_findings *fs, const triage_bucket *b, const mcp_finding *fd,
                        const json_t *transcript, size_t records, long calls, const char *dir) {
  char path[4300];
  snprintf(path, sizeof path, "%s/report.md", dir);
  ff_atomic_stream out;
  FILE *f = ff_atomic_stream_open(&out);
  if (!f) return -1;
  fprintf(f, "# %s in %s (%s)\n\n", fd->kind, fd->where, fs->label);
  fprintf(f, "- Severity: **%s**\n", fd->severity);
  fprintf(f, "- What: %s\n", fd->detail);
  fprintf(f, "- Signature: `%s` (bucket `%s`)\n", fd->signature, b->id);
  fprintf(f, "- Reproduces on a fresh server: %s\n", b->stable ? "yes" : "no (depends on earlier state)");
  fprintf(f, "- Found after %ld messages; minimized input: %zu record(s), %zu bytes\n", calls, records,
          b->minimized_size);
  fprintf(f, "\n## Reproduce\n\n```\n%s\n```\n\n", b->repro);
  fprintf(f, "## Transcript (`transcript.jsonl`: every line sent and received)\n\n```\n");
  transcript_excerpt(f, transcript);
  fprintf(f, "```\n");
  return ff_atomic_stream_commit(&out, path);
}

static int write_indexes(mcp_findings *fs) {
  int rc = triage_write_index(&fs->set, fs->dir);
  if (triage_write_sarif(&fs->set, fs->dir, NULL) != 0) rc = -1;
  return rc;
}

int mcp_findings_add(mcp_findings *fs, mcp_target *t, const uint8_t *data, size_t size,
                     const mcp_run_result *r, long calls_now) {
  const mcp_finding *fd = &r->finding;
  triage_crash crash;
  memset(&crash, 0, sizeof crash);
  crash.crashed = true;
  snprintf(crash.kind, sizeof crash.kind, "%s", fd->kind);
  snprintf(crash.sig_kind, sizeof crash.sig_kind, "mcp-%s", fd->kind);
  snprintf(crash.severity, sizeof crash.severity, "%s", fd->severity);
  snprintf(crash.detail, sizeof crash.detail, "%s", fd->detail);
  snprintf(crash.signature, sizeof crash.signature, "%s", fd->signature);
  snprintf(crash.frames[0].func, sizeof crash.frames[0].func, "%s", fd->where);
  crash.nframes = 1;
  size_t before = fs->set.nbuckets;
  triage_bucket *b = triage_set_add(&fs->set, fs->label, &crash);
  if (!b) return -1;
  time_t now = time(NULL);
  b->count++;
  b->last_seen = now;
  if (fs->set.nbuckets == before) return 0;
  size_t idx = fs->set.nbuckets - 1;
  long *ctf = realloc(fs->calls_to_find, fs->set.nbuckets * sizeof *ctf);
  size_t *rc_ = realloc(fs->record_count, fs->set.nbuckets * sizeof *rc_);
  if (ctf) fs->calls_to_find = ctf;
  if (rc_) fs->record_count = rc_;
  if (!ctf || !rc_) return -1;
  fs->calls_to_find[idx] = calls_now;
  b->first_seen = now;
  b->is_new = true;

  char dir[4300], path[4400];
  snprintf(dir, sizeof dir, "%s/%s", fs->dir, b->id);
  if (ff_mkdirs(dir) != 0) return -1;
  /* only the records up to the failing one matter */
  mcp_record recs[MCP_SEQ_MAX_RECORDS];
  size_t n = mcp_seq_records(data, size, recs, MCP_SEQ_MAX_RECORDS);
  size_t upto = r->finding_step + 1 < n ? recs[r->finding_step + 1].offset : size;
  snprintf(path, sizeof path, "%s/input.bin", dir);
  snprintf(b->first_input, sizeof b->first_input, "%s", path);
  snprintf(b->smallest_input, sizeof b->smallest_input, "%s", path);
  b->smallest_size = upto;
  if (ff_write_atomic(path, data, upto) != 0) return -1;

  b->runs = 1;
  json_t *transcript = NULL, *small_transcript = NULL;
  b->stable = mcp_reproduces(t, data, upto, fd->signature, &transcript);
  b->same_runs = b->stable ? 1 : 0;
  uint8_t *small = NULL;
  size_t small_size = upto;
  long attempts = 0;
  if (b->stable && mcp_minimize(t, data, upto, fd->signature, fs->minimize_budget, &small, &small_size,
                                &attempts, &small_transcript) != 0)
    small = NULL;
  snprintf(path, sizeof path, "%s/minimized.bin", dir);
  if (ff_write_atomic(path, small ? small : data, small ? small_size : upto) != 0) {
    free(small);
    json_decref(transcript);
    json_decref(small_transcript);
    return -1;
  }
  snprintf(b->minimized, sizeof b->minimized, "%s", path);
  b->minimized_size = small ? small_size : upto;
  if (!strcmp(fd->signature, MCP_GROWTH_SIGNATURE)) /* growth shows over many messages: replayed again and again */
    snprintf(b->repro, sizeof b->repro, "%.*s--repeat-until %ld --replay %s", (int)(strlen(fs->repro) - strlen("--replay")),
             fs->repro, 2 * mcp_rss_trend_span(), path);
  else
    snprintf(b->repro, sizeof b->repro, "%s %s", fs->repro, path);
  fs->record_count[idx] = mcp_seq_records(small ? small : data, b->minimized_size, recs, MCP_SEQ_MAX_RECORDS);

  /* the transcript of the minimized input on a fresh server (the original one when flaky) */
  if (small_transcript) {
    json_decref(transcript);
    transcript = small_transcript;
  }
  if (!transcript) transcript = json_incref(r->transcript);
  snprintf(path, sizeof path, "%s/transcript.jsonl", dir);
  int rc = mcp_transcript_write(transcript, path);
  if (write_report(fs, b, fd, transcript, fs->record_count[idx], calls_now, dir) != 0) rc = -1;
  json_decref(transcript);
  free(small);
  if (write_indexes(fs) != 0) rc = -1;
  return rc == 0 ? 1 : -1;
}

void mcp_findings_free(mcp_findings *fs) {
  triage_set_free(&fs->set);
  free(fs->calls_to_find);
  free(fs->record_count);
  fs->calls_to_find = NULL;
  fs->record_count = NULL;
}
