/* The stateful fuzzing loop, its state map, crashes, hangs and stats (live_fuzz.h). */
#include "live_fuzz.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dir_list.h"
#include "fileio.h"
#include "json_writer.h"
#include "live_cov.h"
#include "live_exchange.h"
#include "live_net.h"
#include "live_pace.h"
#include "live_seq.h"
#include "live_target.h"
#include "mutator.h"

#define SEEN_BITS 16
#define QUEUE_MAX 4096
#define HIST_MAX 8
#define STATE_NAMES_MAX 64

typedef struct fuzz {
  const live_fuzz_cfg *cfg;
  live_pace *pace;
  live_run *run;
  live_target target;
  uint8_t *seen; /* transition bitmap: (prev, cur) hashed */
  uint64_t transitions, states_seen;
  uint8_t *state_seen;
  live_seq *queue;
  size_t nqueue;
  uint64_t executed, messages, crashes, hangs, restarts, packets;
  uint64_t unanswered, connections; /* messages without a reply before the timeout; connections opened */
  char *state_names[STATE_NAMES_MAX]; /* the first states seen, as text (stats.json "state_list") */
  size_t nstate_names;
  live_cov cov;
  size_t last_new_edges;
  uint32_t path[LIVE_SEQ_MAX_MSGS + 1];
  char path_text[LIVE_SEQ_MAX_MSGS + 1][48]; /* the states as text, for notes */
  size_t path_len;
  char last_crash[256];
  live_seq hist[HIST_MAX]; /* the sequences sent since the server's last start, oldest first */
  size_t nhist;
  size_t nseeds; /* queue[0..nseeds) are the seeds */
} fuzz;

typedef enum { EXEC_OK, EXEC_CRASH, EXEC_HANG, EXEC_UNREACHABLE, EXEC_ENDED } exec_result;

static void link_of(const fuzz *f, live_link *l) {
  const live_fuzz_cfg *c = f->cfg;
  live_link_init(l, &c->target, c->tcp, c->proto, c->timeout_s, (size_t)c->shape_skip, (size_t)c->shape_bytes);
}

/* Is the server answering? The first message of the first seed on a fresh
 * connection; asked again 0.2 s later when the first check is unanswered (a
 * loaded machine, or a UDP server still starting). */
static bool answers(fuzz *f) {
  const live_msg *m = &f->queue[0].msg[0];
  for (int attempt = 0; attempt < 2; attempt++) {
    if (attempt) live_sleep(0.2);
    live_link l;
    link_of(f, &l);
    uint32_t st;
    char text[LIVE_STATE_TEXT];
    f->packets++;
    bool ok = live_link_exchange(&l, m->data, m->len, &st, text, sizeof text) == LIVE_REPLY;
    live_link_close(&l);
    if (ok) return true;
  }
  return false;
}

static exec_result exec_seq(fuzz *f, const live_seq *s) {
  f->path_len = 0;
  f->path[f->path_len++] = 0;
  f->last_new_edges = 0;
  live_cov_clear(&f->cov);
  live_link l;
  link_of(f, &l);
  if (live_link_open(&l)) {
    ff_exit how;
    if (!live_target_ended(&f->target, 0.2, &how)) return EXEC_UNREACHABLE;
    ff_exit_describe(&how, f->last_crash, sizeof f->last_crash);
    return how.code == 0 ? EXEC_ENDED : EXEC_CRASH;
  }
  bool http = f->cfg->proto == LIVE_PROTO_HTTP && f->cfg->tcp;
  bool unanswered = false, cut = false, closed = false;
  f->executed++;
  for (size_t i = 0; i < s->count && !cut; i++) {
    if (f->cfg->tcp && s->msg[i].len == 0) continue; /* nothing to send on a stream: no reply to wait for */
    live_pace_take(f->pace);
    f->messages++, f->packets++;
    uint32_t st;
    char text[LIVE_STATE_TEXT];
    live_reply_kind k = live_link_exchange(&l, s->msg[i].data, s->msg[i].len, &st, text, sizeof text);
    if (k == LIVE_REPLY_NOCONN) { /* http: no new connection; the server may have ended */
      cut = true;
      break;
    }
    snprintf(f->path_text[f->path_len], sizeof f->path_text[0], "%s", text);
    f->path[f->path_len++] = st;
    if (k == LIVE_REPLY_NONE) unanswered = true, f->unanswered++;
    if (k == LIVE_REPLY_CLOSED) closed = true;
    if (closed && f->cfg->tcp && !http) cut = true; /* http opens a new connection */
  }
  live_link_close(&l);
  f->connections += l.connects;
  ff_exit how;
  /* an unanswered message costs a health check, and the grace for the
   * server's end only when that fails too */
  bool ended = live_target_ended(&f->target, cut || closed ? 0.2 : 0, &how), hung = false;
  if (!ended && unanswered && !answers(f)) {
    ended = live_target_ended(&f->target, 0.2, &how);
    hung = !ended;
  }
  f->last_new_edges = live_cov_new_edges(&f->cov); /* complete: the server answered, closed or ended */
  if (ended) {
    ff_exit_describe(&how, f->last_crash, sizeof f->last_crash);
    return how.code == 0 ? EXEC_ENDED : EXEC_CRASH; /* exit 0: it stopped, it did not crash */
  }
  return hung ? EXEC_HANG : EXEC_OK;
}

static bool mark(uint8_t *bits, uint32_t key) {
  uint32_t k = (key * 2654435761u) >> (32 - SEEN_BITS);
  bool fresh = !(bits[k >> 3] & (1u << (k & 7)));
  bits[k >> 3] |= (uint8_t)(1u << (k & 7));
  return fresh;
}

/* Counts new states and transitions of the last path; true when any
 * transition (or, with coverage, any edge of the server) is new. */
static bool learn(fuzz *f) {
  bool fresh = f->last_new_edges > 0;
  for (size_t i = 1; i < f->path_len; i++) {
    if (mark(f->state_seen, f->path[i])) {
      f->states_seen++;
      if (f->nstate_names < STATE_NAMES_MAX) f->state_names[f->nstate_names++] = strdup(f->path_text[i]);
    }
    if (mark(f->seen, f->path[i - 1] * 31u + f->path[i] * 7919u + 1u)) {
      f->transitions++;
      fresh = true;
    }
  }
  return fresh;
}

static void save(fuzz *f, const char *sub, const live_seq *s, const char *note) {
  char dir[4200], name[128];
  snprintf(dir, sizeof dir, "%s/%s", f->cfg->out_dir, sub);
  size_t len;
  uint8_t *bytes = live_seq_bytes(s, &len);
  if (!bytes || ff_mkdirs(dir) || ff_write_content_addressed(dir, NULL, bytes, len, name, sizeof name) < 0) {
    fprintf(stderr, "formfuzz live fuzz: cannot save a sequence in %s\n", dir);
    free(bytes);
    return;
  }
  free(bytes);
  if (note) {
    char path[4400];
    snprintf(path, sizeof path, "%s/%s.txt", dir, name);
    ff_write_atomic(path, note, strlen(note));
  }
  if (strcmp(sub, "queue") != 0) /* the note ends in a newline */
    printf("%s %s/%s: %s", strcmp(sub, "crashes") == 0 ? "CRASH" : "HANG", dir, name, note ? note : "\n");
}

static void note_of(const fuzz *f, const live_seq *s, const char *what, char *out, size_t cap) {
  size_t o = (size_t)snprintf(out, cap, "%s after %zu message(s); reply states:", what, s->count);
  for (size_t i = 1; i < f->path_len && o < cap; i++) {
    const char *t = f->cfg->proto == LIVE_PROTO_RAW && f->path[i] > LIVE_STATE_CLOSED ? "reply" : f->path_text[i];
    o += (size_t)snprintf(out + o, cap - o, "%s%s", i > 1 && f->cfg->proto != LIVE_PROTO_RAW ? "; " : " ", t);
  }
  if (o < cap) snprintf(out + o, cap - o, "\n");
}

static void hist_clear(fuzz *f) {
  for (size_t i = 0; i < f->nhist; i++) live_seq_free(&f->hist[i]);
  f->nhist = 0;
}

static void hist_push(fuzz *f, const live_seq *s) {
  if (f->nhist == HIST_MAX) {
    live_seq_free(&f->hist[0]);
    memmove(&f->hist[0], &f->hist[1], (HIST_MAX - 1) * sizeof f->hist[0]);
    f->nhist--;
  }
  if (live_seq_copy(s, &f->hist[f->nhist]) == 0) f->nhist++;
}

/* Starts the server. Over UDP there is no connection to wait for: it is
 * ready once it answers the first seed message (asked until --ready-time;
 * a server that never answers it is run anyway). */
static int start(fuzz *f, char *err, size_t cap) {
  if (live_target_start(&f->target, f->cfg->ready_s, err, cap)) return -1;
  double end = live_now() + f->cfg->ready_s;
  while (!f->cfg->tcp && live_now() < end && !answers(f)) {
    ff_exit how;
    if (live_target_ended(&f->target, 0, &how)) break;
  }
  return 0;
}

static int restart(fuzz *f, char *err, size_t cap) {
  live_target_stop(&f->target);
  hist_clear(f);
  f->restarts++;
  return start(f, err, cap);
}

/* Replays s on a fresh server: 1 when it crashes again (run is a copy of
 * s), 0 when it does not, -1 when the server cannot start. */
static int crashes_fresh(fuzz *f, const live_seq *s, char *err, size_t cap) {
  if (restart(f, err, cap)) return -1;
  uint64_t executed = f->executed;
  exec_result r = exec_seq(f, s);
  f->executed = executed; /* confirmations are not counted as fuzzed sequences */
  return r == EXEC_CRASH;
}

/* Joins a and b (borrowing their messages) into j; false when over 32 messages. */
static bool join(const live_seq *a, const live_seq *b, live_seq *j) {
  if (a->count + b->count > LIVE_SEQ_MAX_MSGS) return false;
  memset(j, 0, sizeof *j);
  for (size_t i = 0; i < a->count; i++) j->msg[j->count++] = a->msg[i];
  for (size_t i = 0; i < b->count; i++) j->msg[j->count++] = b->msg[i];
  return true;
}

/* A crash seen while fuzzing, made self-contained (the server keeps state
 * across sequences, AFLNet's problem too), on a fresh server each try: s
 * alone; else the sequences sent before it since the last start joined with
 * s (32 messages at most); else a seed (the first 4) joined with s. *out is
 * what reproduced it (s when nothing did); *how says which: "alone",
 * "after the N sequence(s) sent before it", "after seed N", or NULL. 0, or
 * -1 when the server cannot start. */
static int confirm_crash(fuzz *f, const live_seq *s, live_seq *out, char *how, size_t how_cap, char *err,
                         size_t cap) {
  live_seq earlier[HIST_MAX], before, joined, copy;
  size_t nearlier = f->nhist, k = f->nhist, total = s->count;
  memcpy(earlier, f->hist, nearlier * sizeof earlier[0]);
  f->nhist = 0; /* the history is earlier's now: restart() would free it */
  how[0] = 0;
  int rc = -1, r;
  if (live_seq_copy(s, out)) goto done;
  if ((r = crashes_fresh(f, s, err, cap)) != 0) {
    if (r == 1) snprintf(how, how_cap, "alone");
    rc = r == 1 ? 0 : -1;
    goto done;
  }
  while (k > 0 && total + earlier[k - 1].count <= LIVE_SEQ_MAX_MSGS) total += earlier[--k].count;
  memset(&before, 0, sizeof before); /* borrows the messages of earlier[k..] */
  for (size_t i = k; i < nearlier; i++)
    for (size_t j = 0; j < earlier[i].count; j++) before.msg[before.count++] = earlier[i].msg[j];
  if (k < nearlier && join(&before, s, &joined)) {
    if ((r = crashes_fresh(f, &joined, err, cap)) < 0) goto done;
    if (r == 1) snprintf(how, how_cap, "after the %zu sequence(s) sent before it", nearlier - k);
  }
  for (size_t i = 0; !how[0] && i < f->nseeds && i < 4; i++) {
    if (!join(&f->queue[i], s, &joined)) continue;
    if ((r = crashes_fresh(f, &joined, err, cap)) < 0) goto done;
    if (r == 1) snprintf(how, how_cap, "after seed %zu", i + 1);
  }
  rc = 0;
  if (how[0] && live_seq_copy(&joined, &copy) == 0) {
    live_seq_free(out);
    *out = copy;
  } else how[0] = 0;
done:
  for (size_t i = 0; i < nearlier; i++) live_seq_free(&earlier[i]);
  return rc;
}

static void write_stats(const fuzz *f, const char *mode) {
  ff_json j;
  ff_json_init(&j, true);
  ff_json_begin_object(&j);
  ff_json_kv_string(&j, "command", "live fuzz");
  ff_json_kv_string(&j, "mode", mode);
  ff_json_kv_string(&j, "target", f->cfg->target.text);
  ff_json_kv_string(&j, "transport", f->cfg->tcp ? "tcp" : "udp");
  ff_json_kv_string(&j, "proto", live_proto_name(f->cfg->proto));
  ff_json_kv_string(&j, "mutation", f->cfg->aware ? "aware" : "havoc");
  ff_json_kv_int(&j, "sequences", (int64_t)f->executed);
  ff_json_kv_int(&j, "messages", (int64_t)f->messages);
  ff_json_kv_int(&j, "packets_sent", (int64_t)f->packets);
  ff_json_kv_int(&j, "unanswered", (int64_t)f->unanswered);
  if (f->cfg->tcp) ff_json_kv_int(&j, "connections", (int64_t)f->connections);
  ff_json_kv_int(&j, "queue", (int64_t)f->nqueue);
  ff_json_kv_int(&j, "states", (int64_t)f->states_seen);
  ff_json_kv_int(&j, "transitions", (int64_t)f->transitions);
  ff_json_kv_strings(&j, "state_list", f->state_names, f->nstate_names);
  if (f->cfg->coverage) ff_json_kv_int(&j, "edges", (int64_t)f->cov.edges);
  if (f->cfg->coverage) ff_json_kv_int(&j, "coverage_features", (int64_t)f->cov.features);
  ff_json_kv_int(&j, "crashes", (int64_t)f->crashes);
  ff_json_kv_int(&j, "hangs", (int64_t)f->hangs);
  ff_json_kv_int(&j, "restarts", (int64_t)f->restarts);
  ff_json_kv_string(&j, "stopped_by", f->run->why);
  ff_json_end_object(&j);
  if (ff_json_save(&j, f->cfg->out_dir, "stats.json"))
    fprintf(stderr, "formfuzz live fuzz: cannot write %s/stats.json\n", f->cfg->out_dir);
}

static int load_seeds(fuzz *f, char *err, size_t cap) {
  ff_path_list files = {0};
  const char *one = f->cfg->replay_file;
  if (one ? ff_path_list_add(&files, one) : ff_list_files(f->cfg->seeds_dir, &files) < 0) {
    snprintf(err, cap, "cannot list %s", one ? one : f->cfg->seeds_dir);
    return -1;
  }
  for (size_t i = 0; i < files.count && f->nqueue < QUEUE_MAX; i++) {
    uint8_t *data = NULL;
    size_t len;
    char why[256];
    if (ff_read_file(files.paths[i], 1u << 20, &data, &len, why, sizeof why) == 0 &&
        live_seq_parse(data, len, &f->queue[f->nqueue], why, sizeof why) == 0)
      f->nqueue++;
    else
      fprintf(stderr, "formfuzz live fuzz: skipping %s: %s\n", files.paths[i], why);
    free(data);
  }
  ff_path_list_free(&files);
  if (!f->nqueue) snprintf(err, cap, "no usable sequence in %s", one ? one : f->cfg->seeds_dir);
  return f->nqueue ? 0 : -1;
}

int live_fuzz_run(const live_fuzz_cfg *cfg, live_pace *pace, live_run *run, char *err, size_t err_cap) {
  fuzz f;
  memset(&f, 0, sizeof f);
  f.cfg = cfg, f.pace = pace, f.run = run;
  f.seen = calloc(1u << (SEEN_BITS - 3), 1);
  f.state_seen = calloc(1u << (SEEN_BITS - 3), 1);
  f.queue = calloc(QUEUE_MAX, sizeof *f.queue);
  ff_mutator *m = ff_mutator_new(cfg->seed);
  char log[4200];
  snprintf(log, sizeof log, "%s/server.log", cfg->out_dir);
  const char *env[2] = {NULL, NULL};
  f.target = (live_target){.cmd = cfg->cmd, .log_path = log, .addr = cfg->target, .tcp = cfg->tcp, .env = env};
  int rc = 3;
  if (cfg->coverage) {
    if (live_cov_open(&f.cov, err, err_cap)) goto done;
    env[0] = f.cov.env;
  }
  if (!f.seen || !f.state_seen || !f.queue || !m) {
    snprintf(err, err_cap, "out of memory");
    goto done;
  }
  if (ff_mkdirs(cfg->out_dir)) {
    snprintf(err, err_cap, "cannot create %s: %s", cfg->out_dir, strerror(errno));
    goto done;
  }
  if (load_seeds(&f, err, err_cap) || start(&f, err, err_cap)) goto done;
  char note[1024];
  if (cfg->replay_file) {
    exec_result r = exec_seq(&f, &f.queue[0]);
    note_of(&f, &f.queue[0], r == EXEC_CRASH ? "crash" : r == EXEC_HANG ? "hang" : "ok", note, sizeof note);
    printf("%s%s%s", r == EXEC_CRASH ? "CRASH (" : "", r == EXEC_CRASH ? f.last_crash : "",
           r == EXEC_CRASH ? ") " : "");
    printf("%s", note);
    f.crashes = r == EXEC_CRASH, f.hangs = r == EXEC_HANG;
    write_stats(&f, "replay");
    rc = r == EXEC_CRASH || r == EXEC_HANG ? 1 : 0;
    goto done;
  }
  size_t seeds = f.nseeds = f.nqueue;
  for (size_t i = 0; i < seeds && !live_run_stopped(run); i++) {
    exec_result r = exec_seq(&f, &f.queue[i]);
    learn(&f);
    if (r != EXEC_OK) {
      snprintf(err, err_cap, "seed %zu already %s the server", i + 1, r == EXEC_CRASH ? "crashes" : "hangs or cannot reach");
      goto done;
    }
    hist_push(&f, &f.queue[i]);
  }
  if (cfg->coverage && f.cov.edges == 0) {
    snprintf(err, err_cap, "--coverage: the server reports no edges (%s)",
             live_cov_runtime(&f.cov) == LIVE_COV_RT_NONE
                 ? "it has no coverage runtime: build it with `formfuzz cc --server`, as a component server "
                   "of the builtin preset, or with clang -fsanitize-coverage=trace-pc-guard and "
                   "tools/live/cov/live_cov_rt.c"
                 : "its coverage runtime attached, but no seed reached an instrumented edge");
    goto done;
  }
  for (long n = 0; n < cfg->runs && !live_run_stopped(run); n++) {
    live_seq s;
    ff_rng *rng = ff_mutator_rng(m);
    const live_seq *parent = &f.queue[ff_rng_below(rng, f.nqueue)], *other = &f.queue[ff_rng_below(rng, f.nqueue)];
    if (live_seq_copy(parent, &s)) break;
    char what[256] = "";
    unsigned stack = 1 + (unsigned)ff_rng_below(rng, 3);
    for (unsigned k = 0; k < stack; k++) live_seq_mutate(&s, other, cfg->proto, cfg->aware, m, what, sizeof what);
    exec_result r = exec_seq(&f, &s);
    bool fresh = learn(&f);
    if (r == EXEC_CRASH || r == EXEC_HANG) {
      char how[400];
      snprintf(how, sizeof how, "%s (%s) at sequence %ld", r == EXEC_CRASH ? "crash" : "hang",
               r == EXEC_CRASH ? f.last_crash : "no reply", n + 1);
      live_seq saved;
      char repro[96] = "";
      if (r == EXEC_CRASH) {
        f.crashes++;
        uint32_t path[LIVE_SEQ_MAX_MSGS + 1]; /* the run that crashed, for the note when no replay crashes */
        char path_text[LIVE_SEQ_MAX_MSGS + 1][48];
        size_t path_len = f.path_len;
        memcpy(path, f.path, sizeof path), memcpy(path_text, f.path_text, sizeof path_text);
        if (confirm_crash(&f, &s, &saved, repro, sizeof repro, err, err_cap)) goto done;
        if (!repro[0]) {
          f.path_len = path_len;
          memcpy(f.path, path, sizeof path), memcpy(f.path_text, path_text, sizeof path_text);
        }
        size_t o = strlen(how);
        if (!repro[0]) snprintf(how + o, sizeof how - o, ", not reproduced on a fresh server");
        else if (strcmp(repro, "alone") == 0) snprintf(how + o, sizeof how - o, ", reproduced on a fresh server");
        else snprintf(how + o, sizeof how - o, ", reproduced on a fresh server %s, saved together", repro);
      } else {
        f.hangs++;
        saved = s, s.count = 0;
      }
      note_of(&f, &saved, how, note, sizeof note);
      save(&f, r == EXEC_CRASH ? "crashes" : "hangs", &saved, note);
      live_seq_free(&saved);
      live_seq_free(&s);
      if (restart(&f, err, err_cap)) goto done;
      continue;
    }
    if ((r == EXEC_UNREACHABLE || r == EXEC_ENDED) && restart(&f, err, err_cap)) {
      live_seq_free(&s);
      goto done;
    }
    if (r == EXEC_OK) hist_push(&f, &s);
    if (fresh && f.nqueue < QUEUE_MAX) {
      save(&f, "queue", &s, NULL);
      f.queue[f.nqueue++] = s;
    } else {
      live_seq_free(&s);
    }
  }
  write_stats(&f, "fuzz");
  printf("sequences %llu, messages %llu, states %llu, transitions %llu, edges %zu, queue %zu, crashes %llu, hangs %llu, restarts %llu\n",
         (unsigned long long)f.executed, (unsigned long long)f.messages, (unsigned long long)f.states_seen,
         (unsigned long long)f.transitions, f.cov.edges, f.nqueue, (unsigned long long)f.crashes, (unsigned long long)f.hangs,
         (unsigned long long)f.restarts);
  rc = f.crashes || f.hangs ? 1 : 0;
done:
  live_target_stop(&f.target);
  hist_clear(&f);
  for (size_t i = 0; i < f.nstate_names; i++) free(f.state_names[i]);
  live_cov_close(&f.cov);
  if (f.queue)
    for (size_t i = 0; i < f.nqueue; i++) live_seq_free(&f.queue[i]);
  free(f.queue);
  free(f.seen);
  free(f.state_seen);
  if (m) ff_mutator_free(m);
  return rc;
}
