/* Campaign summary table and campaign.json (see campaign_result.h). */
#include "campaign_result.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "child_process.h"
#include "fileio.h"
#include "json_writer.h"

void ff_campaign_print_table(const ff_campaign_result *r, FILE *to) {
  int w = 24; /* the name column fits the longest name */
  for (size_t i = 0; i < r->count; i++)
    if ((int)strlen(r->fuzzers[i].name) > w) w = (int)strlen(r->fuzzers[i].name);
  fprintf(to, "%-*s %12s %10s %8s %7s %7s %8s  %s\n", w, "FUZZER", "EXECS", "EXEC/S", "CPU_S",
          "EDGES", "CORPUS", "CRASHES", "ARTIFACTS");
  uint64_t execs = 0, crashes = 0;
  for (size_t i = 0; i < r->count; i++) {
    const ff_campaign_fuzzer *f = &r->fuzzers[i];
    double eps = f->time_s > 0 ? (double)f->execs_campaign / f->time_s : 0;
    fprintf(to, "%-*s %12llu %10.0f %8.0f %7llu %7llu %8llu  ", w, f->name,
            (unsigned long long)f->execs_campaign, eps, f->cpu_s, (unsigned long long)f->stats.edges,
            (unsigned long long)f->stats.corpus_size, (unsigned long long)f->crashes);
    if (f->problem[0])
      fprintf(to, "(%s)%s", f->problem, f->artifacts.count ? " " : "");
    /* the first few names; the rest are counted (every path is in campaign.json) */
    size_t shown = f->artifacts.count < FF_CAMPAIGN_TABLE_ARTIFACTS ? f->artifacts.count : FF_CAMPAIGN_TABLE_ARTIFACTS;
    for (size_t k = 0; k < shown; k++) {
      const char *base = strrchr(f->artifacts.paths[k], '/');
      fprintf(to, "%s%s", k ? " " : "", base ? base + 1 : f->artifacts.paths[k]);
    }
    if (f->artifacts.count > shown)
      fprintf(to, " (+%zu more in %s/artifacts/)", f->artifacts.count - shown, f->name);
    fprintf(to, "\n");
    execs += f->execs_campaign;
    crashes += f->crashes;
  }
  fprintf(to, "%zu fuzzer(s), %llu executions, %llu crash(es)%s\n", r->count,
          (unsigned long long)execs, (unsigned long long)crashes,
          r->interrupted ? " (interrupted)" : "");
}

static void iso_time(int64_t t, char *out, size_t cap) {
  time_t tt = (time_t)t;
  struct tm tm;
  gmtime_r(&tt, &tm);
  strftime(out, cap, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int ff_campaign_write_json(const ff_campaign_result *r, const char *out_root) {
  ff_json j;
  char when[32];
  ff_json_init(&j, true);
  ff_json_begin_object(&j);
  ff_json_kv_string(&j, "engine", r->engine);
  ff_json_kv_int(&j, "start_time", r->start_time);
  ff_json_kv_int(&j, "end_time", r->end_time);
  iso_time(r->start_time, when, sizeof when);
  ff_json_kv_string(&j, "start", when);
  iso_time(r->end_time, when, sizeof when);
  ff_json_kv_string(&j, "end", when);
  ff_json_kv_double(&j, "budget_s", r->budget_s);
  ff_json_kv_int(&j, "runs_per_fuzzer", r->runs_per_fuzzer);
  ff_json_kv_int(&j, "jobs", r->jobs);
  ff_json_kv_string(&j, "schedule", r->schedule);
  if (r->schedule && strcmp(r->schedule, "bandit") == 0) ff_json_kv_double(&j, "slice", r->slice);
  ff_json_kv_bool(&j, "interrupted", r->interrupted);
  ff_json_kv_string(&j, "commit", r->commit[0] ? r->commit : NULL);
  /* the corpus set the campaign started from: SHA-1 of "<fuzzer> <corpus sha1>" lines */
  ff_path_list lines = {0};
  for (size_t i = 0; i < r->count; i++)
    if (r->fuzzers[i].corpus_sha1[0]) ff_path_list_addf(&lines, "%s %s\n", r->fuzzers[i].name, r->fuzzers[i].corpus_sha1);
  if (lines.count) {
    size_t len = 0;
    for (size_t i = 0; i < lines.count; i++) len += strlen(lines.paths[i]);
    char *all = calloc(len + 1, 1), sha1[FF_SHA1_HEX_LEN + 1];
    for (size_t i = 0; all && i < lines.count; i++) strcat(all, lines.paths[i]);
    if (all) ff_sha1_hex(all, len, sha1);
    ff_json_kv_string(&j, "corpus_sha1", all ? sha1 : NULL);
    free(all);
  }
  ff_path_list_free(&lines);
  ff_json_key(&j, "fuzzers");
  ff_json_begin_array(&j);
  for (size_t i = 0; i < r->count; i++) {
    const ff_campaign_fuzzer *f = &r->fuzzers[i];
    ff_json_begin_object(&j);
    ff_json_kv_string(&j, "name", f->name);
    ff_json_kv_int(&j, "execs", (int64_t)f->execs_campaign);
    ff_json_kv_int(&j, "execs_total", (int64_t)f->stats.execs);
    ff_json_kv_double(&j, "exec_per_sec", f->time_s > 0 ? (double)f->execs_campaign / f->time_s : 0);
    ff_json_kv_int(&j, "edges", (int64_t)f->stats.edges);
    ff_json_kv_int(&j, "features", (int64_t)f->stats.features);
    ff_json_kv_int(&j, "corpus_size", (int64_t)f->stats.corpus_size);
    if (f->corpus_sha1[0]) {
      ff_json_kv_string(&j, "corpus_start_sha1", f->corpus_sha1);
      ff_json_kv_int(&j, "corpus_start_entries", (int64_t)f->corpus_entries);
    }
    ff_json_kv_int(&j, "crashes", (int64_t)f->crashes);
    ff_json_kv_strings(&j, "artifacts", f->artifacts.paths, f->artifacts.count);
    ff_json_kv_int(&j, "restarts", f->restarts);
    ff_json_kv_double(&j, "time_s", f->time_s);
    ff_json_kv_double(&j, "cpu_s", f->cpu_s);
    if (f->problem[0]) ff_json_kv_string(&j, "problem", f->problem);
    if (r->schedule && strcmp(r->schedule, "bandit") == 0) ff_json_kv_int(&j, "slices", (int64_t)f->slices);
    if (f->crashed) {
      ff_json_kv_double(&j, "first_crash_s", f->first_crash_s);
      ff_json_kv_int(&j, "first_crash_execs", (int64_t)f->first_crash_execs);
    }
    ff_json_end_object(&j);
  }
  ff_json_end_array(&j);
  ff_json_end_object(&j);
  return ff_json_save(&j, out_root, "campaign.json");
}

void ff_campaign_commit(const char *root, char *out, size_t cap) {
  const char *argv[] = {"git", "-C", root, "rev-parse", "HEAD", NULL};
  ff_exit e;
  char *output = NULL, err[128];
  out[0] = '\0';
  if (ff_run_capture(argv, NULL, 10, 256, &e, &output, err, sizeof err) != 0) return;
  if (e.code == 0 && strlen(output) >= 40) snprintf(out, cap, "%.40s", output);
  free(output);
}
