/* Reading an output directory for the status screen and the metrics (see
 * monitor_snapshot.h). */
#include "monitor_snapshot.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dir_list.h"
#include "monitor_growth.h"

/* a fuzzer whose stats.json is older than this is not counted as running,
 * even when a process with its pid exists (the engine rewrites it every second) */
#define RUNNING_STALE_S 30

static int add_fuzzer(ff_monitor_snapshot *s, const char *name) {
  ff_monitor_fuzzer *grown = realloc(s->fuzzers, (s->count + 1) * sizeof *grown);
  if (!grown) return -1;
  s->fuzzers = grown;
  ff_monitor_fuzzer *f = &s->fuzzers[s->count++];
  memset(f, 0, sizeof *f);
  snprintf(f->name, sizeof f->name, "%s", name);
  f->since_new_s = -1;
  return 0;
}

static bool has_stats_files(const char *dir) {
  char p[2200];
  snprintf(p, sizeof p, "%s/stats.json", dir);
  if (ff_is_file(p)) return true;
  snprintf(p, sizeof p, "%s/stats.csv", dir);
  return ff_is_file(p);
}

static int by_name(const void *a, const void *b) {
  return strcmp(((const ff_monitor_fuzzer *)a)->name, ((const ff_monitor_fuzzer *)b)->name);
}

/* Every subdirectory of out_dir holding stats.json or stats.csv. */
static int find_fuzzers(ff_monitor_snapshot *s) {
  DIR *d = opendir(s->out_dir);
  if (!d) return -1;
  struct dirent *e;
  int rc = 0;
  while ((e = readdir(d)) && rc == 0) {
    if (e->d_name[0] == '.' || strlen(e->d_name) >= sizeof s->fuzzers->name) continue;
    char dir[2200];
    snprintf(dir, sizeof dir, "%s/%s", s->out_dir, e->d_name);
    if (ff_is_dir(dir) && has_stats_files(dir)) rc = add_fuzzer(s, e->d_name);
  }
  closedir(d);
  if (s->count > 1) qsort(s->fuzzers, s->count, sizeof *s->fuzzers, by_name);
  return rc;
}

static bool pid_alive(long pid) {
  return pid > 0 && (kill((pid_t)pid, 0) == 0 || errno == EPERM);
}

/* The formfuzz process holding <out>/.formfuzz.lock (its pid is written
 * there), when it is still a running formfuzz. */
static long lock_holder(const char *out_dir) {
  char path[2200], text[32] = "", comm[64] = "";
  snprintf(path, sizeof path, "%s/.formfuzz.lock", out_dir);
  FILE *in = fopen(path, "r");
  if (!in) return 0;
  bool got = fgets(text, sizeof text, in) != NULL;
  fclose(in);
  long pid = got ? strtol(text, NULL, 10) : 0;
  if (!pid_alive(pid)) return 0;
  snprintf(path, sizeof path, "/proc/%ld/comm", pid);
  in = fopen(path, "r");
  if (!in) return 0;
  got = fgets(comm, sizeof comm, in) != NULL;
  fclose(in);
  return got && strncmp(comm, "formfuzz", 8) == 0 ? pid : 0;
}

static void read_campaign(ff_monitor_snapshot *s) {
  char path[2200];
  snprintf(path, sizeof path, "%s/campaign.json", s->out_dir);
  if (!ff_is_file(path)) return;
  json_error_t je;
  json_t *o = json_load_file(path, 0, &je);
  if (!json_is_object(o)) {
    snprintf(s->campaign_problem, sizeof s->campaign_problem,
             "campaign.json is corrupt (%.150s); skipped", o ? "not a JSON object" : je.text);
    json_decref(o);
    return;
  }
  s->has_campaign = true;
  json_t *v = json_object_get(o, "engine");
  snprintf(s->engine, sizeof s->engine, "%s", json_is_string(v) ? json_string_value(v) : "");
  s->start_time = (int64_t)json_number_value(json_object_get(o, "start_time"));
  s->end_time = (int64_t)json_number_value(json_object_get(o, "end_time"));
  s->budget_s = json_number_value(json_object_get(o, "budget_s"));
  s->runs_per_fuzzer = (long)json_number_value(json_object_get(o, "runs_per_fuzzer"));
  s->interrupted = json_is_true(json_object_get(o, "interrupted"));
  json_decref(o);
}

static void read_fuzzer(const char *dir, ff_monitor_fuzzer *f, double stall_s, int64_t now,
                        ff_growth_cache *cache) {
  char path[2200];
  snprintf(path, sizeof path, "%s/stats.json", dir);
  if (!ff_is_file(path)) {
    snprintf(f->problem, sizeof f->problem, "no stats.json yet");
    return;
  }
  json_error_t je;
  json_t *o = json_load_file(path, 0, &je);
  bool parsed = o != NULL, object = json_is_object(o);
  bool has_execs = object && json_is_number(json_object_get(o, "execs"));
  json_decref(o);
  if (!has_execs || ff_stats_read_json(path, &f->stats) != 0) {
    if (object)
      snprintf(f->problem, sizeof f->problem, "stats.json has no execs number; skipped");
    else
      snprintf(f->problem, sizeof f->problem, "stats.json is corrupt (%.150s); skipped",
               parsed ? "not a JSON object" : je.text);
    return;
  }
  f->has_stats = true;
  f->running = pid_alive(f->stats.pid) && now - f->stats.updated <= RUNNING_STALE_S;
  snprintf(path, sizeof path, "%s/stats.csv", dir);
  int64_t last_new = ff_growth_last(cache, path);
  /* the builtin engine knows the moment itself: its process start + last_new_s */
  if (strcmp(f->stats.engine, "builtin") == 0 && f->stats.last_new_s > 0 && f->stats.start_time > 0) {
    int64_t engine_said = f->stats.start_time + (int64_t)f->stats.last_new_s;
    if (engine_said > last_new) last_new = engine_said;
  }
  if (last_new > 0) {
    int64_t reference = f->running ? now : f->stats.updated;
    f->since_new_s = reference > last_new ? (double)(reference - last_new) : 0;
    f->stalled = f->since_new_s >= stall_s;
  }
}

int ff_monitor_scan(const char *out_dir, const char *const *only, size_t nonly, double stall_s,
                    int64_t now, ff_growth_cache *cache, ff_monitor_snapshot *s, char *err,
                    size_t err_cap) {
  memset(s, 0, sizeof *s);
  snprintf(s->out_dir, sizeof s->out_dir, "%s", out_dir);
  if (!ff_is_dir(out_dir)) {
    snprintf(err, err_cap, "%s: no such directory", out_dir);
    return -1;
  }
  char own[2200];
  snprintf(own, sizeof own, "%s/stats.json", out_dir);
  bool single = !only && ff_is_file(own); /* out/<fuzzer> itself */
  int rc = 0;
  if (single) {
    char name[1024];
    snprintf(name, sizeof name, "%s", out_dir);
    for (size_t n = strlen(name); n > 1 && name[n - 1] == '/'; n--) name[n - 1] = '\0';
    const char *base = strrchr(name, '/');
    memmove(name, base ? base + 1 : name, strlen(base ? base + 1 : name) + 1);
    name[127] = '\0';
    rc = add_fuzzer(s, name);
  } else if (only) {
    for (size_t i = 0; i < nonly && rc == 0; i++) rc = add_fuzzer(s, only[i]);
  } else {
    rc = find_fuzzers(s);
  }
  if (rc != 0) {
    snprintf(err, err_cap, "%s: cannot list: %s", out_dir, strerror(errno ? errno : ENOMEM));
    ff_monitor_snapshot_free(s);
    return -1;
  }
  if (!single) read_campaign(s);
  if (!single && !only && s->count == 0 && !s->has_campaign && !s->campaign_problem[0]) {
    snprintf(err, err_cap,
             "%s is not a formfuzz output directory (no campaign.json, no <fuzzer>/stats.json "
             "or stats.csv, no stats.json of its own)",
             out_dir);
    return -1;
  }
  s->writer_pid = single ? 0 : lock_holder(out_dir);
  for (size_t i = 0; i < s->count; i++) {
    ff_monitor_fuzzer *f = &s->fuzzers[i];
    char dir[2200];
    if (single)
      snprintf(dir, sizeof dir, "%s", out_dir);
    else
      snprintf(dir, sizeof dir, "%s/%s", out_dir, f->name);
    read_fuzzer(dir, f, stall_s, now, cache);
    if (f->has_stats && f->stats.updated > s->updated) s->updated = f->stats.updated;
  }
  return 0;
}

void ff_monitor_snapshot_free(ff_monitor_snapshot *s) {
  free(s->fuzzers);
  s->fuzzers = NULL;
  s->count = 0;
}
