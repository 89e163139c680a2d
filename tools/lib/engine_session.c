/* One engine process with formfuzz's output layout (see engine_session.h). */
#include "engine_session.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "afl_command.h"
#include "afl_output.h"
#include "engine_argv.h"
#include "fileio.h"
#include "fuzz_options.h"
#include "honggfuzz_command.h"
#include "honggfuzz_output.h"
#include "orphans.h"

#define MAX_ARGS 64
#define ARG_LEN 4400

typedef struct argv_builder {
  char *argv[MAX_ARGS + 1];
  int n;
} argv_builder;

static int add(argv_builder *b, const char *fmt, const char *value) {
  if (b->n == MAX_ARGS) return -1;
  char *a = malloc(ARG_LEN);
  if (!a) return -1;
  snprintf(a, ARG_LEN, fmt, value);
  b->argv[b->n++] = a;
  b->argv[b->n] = NULL;
  return 0;
}

static void add_long(argv_builder *b, const char *fmt, long v) {
  char num[32];
  snprintf(num, sizeof num, "%ld", v);
  add(b, fmt, num);
}

static void argv_free(argv_builder *b) {
  for (int i = 0; i < b->n; i++) free(b->argv[i]);
  b->n = 0;
}

static bool user_gave(const ff_session_config *c, const char *flag) {
  size_t n = strlen(flag);
  for (int i = 0; i < c->extra_count; i++)
    if (strncmp(c->extra[i], flag, n) == 0) return true;
  return false;
}

/* builtin and libFuzzer share the command line. */
static void libfuzzer_argv(const ff_session_config *c, argv_builder *b) {
  const ff_fuzzer_info *f = c->fuzzer;
  add(b, "%s", c->binary);
  add_long(b, "-max_len=%s", f->max_len);
  if (c->time_s > 0) add_long(b, "-max_total_time=%s", (long)(c->time_s + 0.5));
  if (c->runs > 0) add_long(b, "-runs=%s", c->runs);
  if (c->seed > 0) add_long(b, "-seed=%s", c->seed);
  if (c->jobs > 1) {
    add_long(b, "-jobs=%s", c->jobs);
    add_long(b, "-workers=%s", c->jobs);
  }
  if (!user_gave(c, "-timeout=")) add_long(b, "-timeout=%s", FF_DEFAULT_INPUT_TIMEOUT_S);
  add(b, "-artifact_prefix=%s", c->out->artifact_prefix);
  if (f->dict) add(b, "-dict=%s", f->dict);
  add(b, "%s", "-print_final_stats=1");
  if (strcmp(c->engine, "builtin") == 0) {
    add(b, "-stats_json=%s", c->out->stats_json);
    add(b, "-stats_csv=%s", c->out->stats_csv);
  }
  for (int i = 0; i < c->extra_count; i++) add(b, "%s", c->extra[i]);
  add(b, "%s", c->out->corpus);
  if (ff_count_files(f->seeds_dir) > 0) add(b, "%s", f->seeds_dir);
}

/* Starts one engine process with its output into the session's pipe, after a
 * "==formfuzz== <time>: starting <engine>: <command line>" line in the log. */
static pid_t spawn_logged(ff_session *s, char *const *argv, const char *const *env, char *err,
                          size_t err_cap) {
  char *line = NULL;
  size_t len = 0;
  FILE *text = open_memstream(&line, &len);
  if (text) {
    time_t t = time(NULL);
    char when[64];
    strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", localtime(&t));
    fprintf(text, "==formfuzz== %s: starting %s:", when, s->cfg.engine);
    for (int i = 0; argv[i]; i++) fprintf(text, " %s", argv[i]);
    fprintf(text, "\n");
    fclose(text);
    ff_engine_output_note(&s->output, line);
  }
  free(line);
  ff_spawn_opts opts = {.cwd = s->cfg.out->dir, .env = env};
  return ff_spawn_to_fd((const char *const *)argv, &opts, s->output.write_fd, err, err_cap);
}

static void stop_engine_orphans(const ff_session *s);

/* AFL++: one afl-fuzz, or with jobs N a main (s->pid) and N-1 secondaries. */
static int start_afl(ff_session *s, char *err, size_t err_cap) {
  long jobs = s->cfg.jobs > 1 ? s->cfg.jobs : 1;
  ff_orphans_adopt();
  stop_engine_orphans(s); /* a previous session's, still holding its directory lock */
  for (int i = 0; i < jobs; i++) {
    char **argv = ff_afl_argv(&s->cfg, i, err, err_cap);
    pid_t pid = argv ? spawn_logged(s, argv, ff_afl_env, err, err_cap) : -1;
    ff_afl_argv_free(argv);
    if (pid < 0) {
      ff_exit ignored;
      for (int h = 0; h < s->helper_count; h++) ff_child_stop(s->helpers[h], 5.0, &ignored);
      if (s->pid > 0) ff_child_stop(s->pid, 5.0, &ignored);
      s->pid = -1;
      return -1;
    }
    if (i == 0) s->pid = pid;
    else s->helpers[s->helper_count++] = pid;
  }
  return 0;
}

static bool is_engine(const ff_session *s, const char *engine) {
  return strcmp(s->cfg.engine, engine) == 0;
}

/* honggfuzz: one process with -n jobs threads, its workspace under
 * out/<fuzzer>/honggfuzz (honggfuzz_command.h). */
static int start_honggfuzz(ff_session *s, char *err, size_t err_cap) {
  char exe[4200];
  if (ff_honggfuzz_find(exe, sizeof exe, err, err_cap) != 0) return -1;
  ff_honggfuzz_paths ws;
  ff_honggfuzz_paths_of(s->cfg.out->honggfuzz, &ws);
  if (ff_mkdirs(ws.corpus) != 0 || ff_mkdirs(ws.crashes) != 0) {
    snprintf(err, err_cap, "cannot create honggfuzz's workspace %s", s->cfg.out->honggfuzz);
    return -1;
  }
  unlink(ws.stats); /* honggfuzz truncates it too; a stale row must not count for this run */
  if (s->cfg.seed > 0)
    ff_engine_output_note(&s->output, "==formfuzz== honggfuzz has no random-seed option: --seed is not passed\n");
  ff_orphans_adopt();
  char **argv = ff_honggfuzz_argv(&s->cfg, exe, err, err_cap);
  if (!argv) return -1;
  s->pid = spawn_logged(s, argv, NULL, err, err_cap);
  ff_argv_free(argv);
  return s->pid < 0 ? -1 : 0;
}

int ff_session_start(ff_session *s, const ff_session_config *cfg, char *err, size_t err_cap) {
  memset(s, 0, sizeof *s);
  s->cfg = *cfg;
  s->pid = -1;
  const ff_fuzzer_out *o = cfg->out;
  snprintf(s->who, sizeof s->who, "%s: %s", cfg->who ? cfg->who : "formfuzz", cfg->fuzzer->name);
  if (ff_fuzzer_out_create(o, err, err_cap) != 0) return -1;
  ff_remove_stale_temps(o->corpus);
  ff_remove_stale_temps(o->artifacts);
  /* builtin --jobs: the previous process's job files would be added to the
   * base until the new jobs rewrite them */
  for (long j = 0; j < cfg->jobs && strcmp(cfg->engine, "builtin") == 0 && cfg->jobs > 1; j++) {
    char path[4300];
    snprintf(path, sizeof path, "%s.job%ld", o->stats_json, j);
    unlink(path);
  }
  /* cumulative numbers so far: the previous stats.json, else the last csv row */
  if (ff_stats_read_json(o->stats_json, &s->base) != 0) ff_stats_read_csv_last(o->stats_csv, &s->base);
  snprintf(s->base.fuzzer, sizeof s->base.fuzzer, "%s", cfg->fuzzer->name);
  snprintf(s->base.engine, sizeof s->base.engine, "%s", cfg->engine);
  s->now = s->base;
  if (ff_list_files(o->artifacts, &s->artifacts_before) < 0) {
    snprintf(err, err_cap, "cannot list %s", o->artifacts);
    return -1;
  }
  long cap_mb = cfg->log_max_mb > 0 ? cfg->log_max_mb : FF_LOG_MAX_MB_DEFAULT;
  if (ff_engine_output_open(&s->output, o->log, (uint64_t)cap_mb << 20, s->who, err, err_cap) != 0)
    return -1;
  if (strcmp(cfg->engine, "afl") == 0) {
    if (start_afl(s, err, err_cap) != 0) s->pid = -1;
  } else if (strcmp(cfg->engine, "honggfuzz") == 0) {
    if (start_honggfuzz(s, err, err_cap) != 0) s->pid = -1;
  } else {
    argv_builder b = {.n = 0};
    libfuzzer_argv(cfg, &b);
    s->pid = spawn_logged(s, b.argv, NULL, err, err_cap);
    argv_free(&b);
  }
  ff_engine_output_started(&s->output);
  if (s->pid < 0) {
    ff_engine_output_close(&s->output);
    return -1;
  }
  s->started = ff_now();
  s->started_unix = (int64_t)time(NULL);
  s->now.start_time = s->base.start_time ? s->base.start_time : (int64_t)time(NULL);
  s->now.pid = s->pid;
  /* an engine that hangs past its own time limit is stopped by us */
  if (cfg->time_s > 0) s->deadline = s->started + cfg->time_s * 1.2 + 30;
  return 0;
}

/* The builtin engine's stats.json, when it is there and not behind the
 * status lines (it is not rewritten on a full disk). */
static bool builtin_json_current(ff_session *s) {
  ff_stats st;
  if (ff_stats_read_json(s->cfg.out->stats_json, &st) != 0) return false;
  if (st.execs < s->base.execs + s->output.status.execs) return false;
  s->now = st;
  return true;
}

/* builtin --jobs N: the jobs' own numbers (stats.json.job<n>, each counting
 * its process only) added up; edges, features and the shared corpus are the
 * largest any job saw. Returns 0 when at least one job file was read. */
static int builtin_jobs_stats(const ff_session *s, ff_stats *sum) {
  int read = 0;
  memset(sum, 0, sizeof *sum);
  for (long j = 0; j < s->cfg.jobs; j++) {
    char path[4300];
    ff_stats js;
    snprintf(path, sizeof path, "%s.job%ld", s->cfg.out->stats_json, j);
    if (ff_stats_read_json(path, &js) != 0) continue;
    read++;
    sum->execs += js.execs;
    sum->exec_per_sec += js.exec_per_sec;
    sum->rss_mb += js.rss_mb;
    if (js.edges > sum->edges) sum->edges = js.edges;
    if (js.features > sum->features) sum->features = js.features;
    if (js.corpus_size > sum->corpus_size) sum->corpus_size = js.corpus_size;
    if (js.corpus_bytes > sum->corpus_bytes) sum->corpus_bytes = js.corpus_bytes;
  }
  return read ? 0 : -1;
}

static bool builtin_jobs(const ff_session *s) {
  return strcmp(s->cfg.engine, "builtin") == 0 && s->cfg.jobs > 1;
}

static void refresh(ff_session *s, bool final) {
  const char *engine = s->cfg.engine;
  double elapsed = ff_now() - s->started;
  if (strcmp(engine, "builtin") == 0 && !builtin_jobs(s) && builtin_json_current(s)) return;
  ff_stats p = s->output.status;
  if (builtin_jobs(s) && builtin_jobs_stats(s, &p) != 0) p = s->output.status;
  if (strcmp(engine, "afl") == 0 && ff_afl_read_stats(s->cfg.out->afl, s->cfg.jobs, &p) == 0) {
    /* AFL_AUTORESUME continues AFL's own counts: they are cumulative already */
    s->output.status = p;
  }
  if (is_engine(s, "honggfuzz")) {
    /* its stats file while it runs, its Summary line (output.status) at the end */
    ff_honggfuzz_paths ws;
    ff_honggfuzz_paths_of(s->cfg.out->honggfuzz, &ws);
    ff_honggfuzz_stats(ws.stats, &s->output.status, &p);
  }
  ff_stats *n = &s->now;
  bool afl = strcmp(engine, "afl") == 0;
  n->execs = afl && p.execs ? p.execs : s->base.execs + p.execs;
  n->elapsed_s = s->base.elapsed_s + elapsed;
  n->exec_per_sec = p.exec_per_sec;
  if (final && elapsed > 0 && !afl) n->exec_per_sec = (double)p.execs / elapsed;
  if (p.edges) n->edges = p.edges;
  if (p.features) n->features = p.features;
  if (p.corpus_size) n->corpus_size = p.corpus_size;
  if (p.corpus_bytes) n->corpus_bytes = p.corpus_bytes;
  if (p.rss_mb) n->rss_mb = p.rss_mb;
  n->updated = (int64_t)time(NULL);
  ff_stats_write_json(s->cfg.out->stats_json, n);
  ff_stats_append_csv(s->cfg.out->stats_csv, n);
}

/* Fuzzer processes left behind by an engine that ended, adopted by formfuzz
 * as a subreaper: AFL++'s fork servers (the fuzzer binary or its .cmplog
 * twin), honggfuzz's persistent-mode children (the fuzzer binary). */
static void stop_engine_orphans(const ff_session *s) {
  bool afl = is_engine(s, "afl");
  if ((!afl && !is_engine(s, "honggfuzz")) || !s->cfg.binary) return;
  char twin[4200];
  snprintf(twin, sizeof twin, "%s.cmplog", s->cfg.binary);
  const char *const exes[] = {s->cfg.binary, twin};
  ff_orphans_stop(exes, afl ? 2 : 1);
}

/* AFL++ --jobs: stops the secondaries still running, then what any afl-fuzz
 * of the session left behind. */
static void stop_helpers(ff_session *s) {
  for (int i = 0; i < s->helper_count; i++) {
    ff_exit ended = {0};
    if (s->helpers[i] > 0) ff_child_stop(s->helpers[i], 5.0, &ended);
    s->helpers_cpu_s += ended.cpu_s;
    s->helpers[i] = -1;
  }
  if (s->main_done) stop_engine_orphans(s);
}

/* AFL++ --jobs: reaps the secondaries that ended; true while one still runs. */
static bool helpers_running(ff_session *s) {
  bool running = false;
  for (int i = 0; i < s->helper_count; i++) {
    ff_exit ended = {0};
    if (s->helpers[i] <= 0) continue;
    if (ff_child_poll(s->helpers[i], &ended) != 0) {
      s->helpers[i] = -1;
      s->helpers_cpu_s += ended.cpu_s;
    } else {
      running = true;
    }
  }
  return running;
}

#define HELPER_GRACE_S 60.0

double ff_session_cpu_s(const ff_session *s) {
  return s->helpers_cpu_s + (s->main_done ? s->main_exit.cpu_s : 0);
}

int ff_session_fd(const ff_session *s) { return s->output.read_fd; }

void ff_sessions_wait(ff_session *const *sessions, size_t n, int ms) {
  struct pollfd fds[64];
  nfds_t count = 0;
  for (size_t i = 0; i < n && count < sizeof fds / sizeof *fds; i++)
    if (sessions[i] && ff_session_fd(sessions[i]) >= 0)
      fds[count++] = (struct pollfd){.fd = ff_session_fd(sessions[i]), .events = POLLIN};
  if (count) {
    poll(fds, count, ms);
  } else {
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
  }
}

size_t ff_session_print_errors(const ff_session *s) {
  char prefix[200];
  snprintf(prefix, sizeof prefix, "%s: engine: ", s->who);
  return ff_engine_output_print_errors(&s->output, stderr, prefix);
}

int ff_session_poll(ff_session *s, ff_exit *e) {
  ff_engine_output_drain(&s->output);
  if (!s->main_done && ff_child_poll(s->pid, &s->main_exit) != 0) {
    s->main_done = true;
    s->main_done_at = ff_now();
  }
  if (s->main_done) {
    /* after a normal end the secondaries finish their own -V/-E budget */
    bool clean = s->main_exit.code == 0 && s->main_exit.signal == 0;
    if (!helpers_running(s) || !clean || ff_now() - s->main_done_at > HELPER_GRACE_S) {
      stop_helpers(s);
      *e = s->main_exit;
      return 1;
    }
  }
  if (s->deadline && ff_now() > s->deadline) {
    ff_session_stop(s, e);
    e->timed_out = true;
    return 1;
  }
  if (ff_now() - s->last_update >= 1.0) {
    refresh(s, false);
    s->last_update = ff_now();
  }
  return 0;
}

void ff_session_stop(ff_session *s, ff_exit *e) {
  stop_helpers(s);
  /* already reaped: its pid may be reused */
  if (!s->main_done) ff_child_stop(s->pid, 5.0, &s->main_exit);
  *e = s->main_exit;
  s->main_done = true;
  stop_engine_orphans(s);
}

void ff_count_artifact_kinds(const ff_path_list *l, uint64_t *crashes, uint64_t *timeouts,
                             uint64_t *ooms, uint64_t *leaks) {
  for (size_t i = 0; i < l->count; i++) {
    const char *base = strrchr(l->paths[i], '/');
    base = base ? base + 1 : l->paths[i];
    if (strncmp(base, "timeout-", 8) == 0) (*timeouts)++;
    else if (strncmp(base, "oom-", 4) == 0) (*ooms)++;
    else if (strncmp(base, "leak-", 5) == 0) (*leaks)++;
    else if (strncmp(base, "crash-", 6) == 0) (*crashes)++;
  }
}

static bool modified_since(const char *path, int64_t t) {
  struct stat st;
  return stat(path, &st) == 0 && (int64_t)st.st_mtime >= t;
}

static bool listed(const ff_path_list *l, const char *path) {
  for (size_t i = 0; i < l->count; i++)
    if (strcmp(l->paths[i], path) == 0) return true;
  return false;
}

void ff_session_finish(ff_session *s, ff_path_list *new_artifacts) {
  const ff_fuzzer_out *o = s->cfg.out;
  bool afl = strcmp(s->cfg.engine, "afl") == 0;
  if (afl) {
    ff_afl_collect_artifacts(o->afl, o->artifacts, NULL);
    ff_afl_collect_queue(o->afl, o->corpus);
  }
  if (is_engine(s, "honggfuzz")) {
    ff_honggfuzz_paths ws;
    ff_honggfuzz_paths_of(o->honggfuzz, &ws);
    ff_honggfuzz_collect_crashes(ws.crashes, o->artifacts, NULL);
    ff_honggfuzz_collect_corpus(ws.corpus, o->corpus);
  }
  ff_engine_output_close(&s->output);
  ff_path_list after = {0};
  ff_list_files(o->artifacts, &after);
  for (size_t i = 0; i < after.count; i++)
    if (!listed(&s->artifacts_before, after.paths[i]))
      ff_path_list_add(new_artifacts, after.paths[i]);
    else if (modified_since(after.paths[i], s->started_unix))
      s->artifacts_rewritten++;
  ff_path_list_free(&after);
  refresh(s, true);
  if (strcmp(s->cfg.engine, "builtin") != 0 || builtin_jobs(s)) {
    /* the engine did not count its findings: count the artifacts it left */
    ff_stats *n = &s->now;
    n->crashes = s->base.crashes;
    n->timeouts = s->base.timeouts;
    n->ooms = s->base.ooms;
    n->leaks = s->base.leaks;
    ff_count_artifact_kinds(new_artifacts, &n->crashes, &n->timeouts, &n->ooms, &n->leaks);
    n->corpus_size = ff_count_files(o->corpus) > n->corpus_size ? ff_count_files(o->corpus)
                                                                 : n->corpus_size;
    ff_stats_write_json(o->stats_json, n);
  }
  ff_path_list_free(&s->artifacts_before);
}
