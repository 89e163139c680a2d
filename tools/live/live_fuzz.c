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
#include "live_net.h"
#include "live_seq.h"
#include "live_target.h"
#include "mutator.h"

#define STATE_NONE 1u   /* no reply before the timeout */
#define STATE_CLOSED 2u /* the server closed the connection */
#define SEEN_BITS 16
#define QUEUE_MAX 4096

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
  live_cov cov;
  size_t last_new_edges;
  uint32_t path[LIVE_SEQ_MAX_MSGS + 1];
  size_t path_len;
  char last_crash[256];
} fuzz;

typedef enum { EXEC_OK, EXEC_CRASH, EXEC_HANG, EXEC_UNREACHABLE, EXEC_ENDED } exec_result;

static uint32_t hash_bytes(const uint8_t *d, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; i++) h = (h ^ d[i]) * 16777619u;
  return h < 16 ? h + 16 : h; /* keep clear of the special states */
}

static uint32_t state_of(const fuzz *f, const uint8_t *reply, long n) {
  if (n < 0) return STATE_NONE;
  if (n == 0) return STATE_CLOSED;
  size_t skip = (size_t)f->cfg->shape_skip, len = 0;
  if ((size_t)n <= skip) return hash_bytes(reply, (size_t)n);
  while (skip + len < (size_t)n && len < (size_t)f->cfg->shape_bytes && reply[skip + len] != '\n') len++;
  return hash_bytes(reply + skip, len);
}

/* Reads one reply: what the first read returns, waiting up to the timeout
 * (a reply written in pieces leaves the rest to the next message's read).
 * -1: nothing came; 0: closed. */
static long read_reply(fuzz *f, int fd, uint8_t *buf, size_t cap) {
  long got = live_read_some(fd, buf, cap, live_now() + f->cfg->timeout_s);
  return got < 0 ? -1 : got;
}

static int open_conn(fuzz *f) {
  if (f->cfg->tcp) return live_tcp_connect(&f->cfg->target, f->cfg->timeout_s);
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd >= 0 && connect(fd, (const struct sockaddr *)&f->cfg->target.sa, sizeof f->cfg->target.sa)) {
    close(fd);
    return -1;
  }
  return fd;
}

/* Is the server answering? The first message of the first seed on a fresh connection. */
static bool answers(fuzz *f) {
  int fd = open_conn(f);
  if (fd < 0) return false;
  uint8_t buf[512];
  const live_msg *m = &f->queue[0].msg[0];
  f->packets++;
  bool ok = live_write_all(fd, m->data, m->len, live_now() + f->cfg->timeout_s) == 0 &&
            read_reply(f, fd, buf, sizeof buf) > 0;
  close(fd);
  return ok;
}

static exec_result exec_seq(fuzz *f, const live_seq *s) {
  static uint8_t reply[65536];
  f->path_len = 0;
  f->path[f->path_len++] = 0;
  f->last_new_edges = 0;
  live_cov_clear(&f->cov);
  int fd = open_conn(f);
  if (fd < 0) {
    ff_exit how;
    return live_target_ended(&f->target, 0.2, &how) ? EXEC_CRASH : EXEC_UNREACHABLE;
  }
  bool unanswered = false, cut = false;
  f->executed++;
  for (size_t i = 0; i < s->count && !cut; i++) {
    if (f->cfg->tcp && s->msg[i].len == 0) continue; /* nothing to send on a stream: no reply to wait for */
    live_pace_take(f->pace);
    f->messages++, f->packets++;
    long n;
    if (f->cfg->tcp && live_write_all(fd, s->msg[i].data, s->msg[i].len, live_now() + f->cfg->timeout_s)) n = 0;
    else if (!f->cfg->tcp && send(fd, s->msg[i].data, s->msg[i].len, 0) < 0) n = 0;
    else n = read_reply(f, fd, reply, sizeof reply);
    uint32_t st = state_of(f, reply, n);
    f->path[f->path_len++] = st;
    if (n < 0) unanswered = true;
    if (n == 0 && f->cfg->tcp) cut = true;
  }
  close(fd);
  ff_exit how;
  bool ended = live_target_ended(&f->target, cut || unanswered ? 0.2 : 0, &how);
  f->last_new_edges = live_cov_new_edges(&f->cov); /* complete: the server answered, closed or ended */
  if (ended) {
    ff_exit_describe(&how, f->last_crash, sizeof f->last_crash);
    return how.code == 0 ? EXEC_ENDED : EXEC_CRASH; /* exit 0: it stopped, it did not crash */
  }
  if (unanswered && !answers(f)) return EXEC_HANG;
  return EXEC_OK;
}

static bool mark(uint8_t *bits, uint32_t key) {
  uint32_t k = (key * 2654435761u) >> (32 - SEEN_BITS);
  bool fresh = !(bits[k >> 3] & (1u << (k & 7)));
  bits[k >> 3] |= (uint8_t)(1u << (k & 7));
  return fresh;
}

/* Counts new states and transitions of the last path; true when any
 * transition (or, with coverage, any edge or hit-count bucket of the server) is new. */
static bool learn(fuzz *f) {
  bool fresh = f->last_new_edges > 0;
  for (size_t i = 1; i < f->path_len; i++) {
    if (mark(f->state_seen, f->path[i])) f->states_seen++;
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
  if (strcmp(sub, "queue") != 0) printf("%s %s/%s: %s\n", strcmp(sub, "crashes") == 0 ? "CRASH" : "HANG", dir, name, note ? note : "");
}

static void note_of(const fuzz *f, const live_seq *s, const char *what, char *out, size_t cap) {
  size_t o = (size_t)snprintf(out, cap, "%s after %zu message(s); reply states:", what, s->count);
  for (size_t i = 1; i < f->path_len && o < cap; i++)
    o += (size_t)snprintf(out + o, cap - o, " %s", f->path[i] == STATE_NONE ? "none" : f->path[i] == STATE_CLOSED ? "closed" : "reply");
  if (o < cap) snprintf(out + o, cap - o, "\n");
}

static int restart(fuzz *f, char *err, size_t cap) {
  live_target_stop(&f->target);
  f->restarts++;
  return live_target_start(&f->target, f->cfg->ready_s, err, cap);
}

static void write_stats(const fuzz *f, const char *mode) {
  ff_json j;
  ff_json_init(&j, true);
  ff_json_begin_object(&j);
  ff_json_kv_string(&j, "command", "live fuzz");
  ff_json_kv_string(&j, "mode", mode);
  ff_json_kv_string(&j, "target", f->cfg->target.text);
  ff_json_kv_string(&j, "transport", f->cfg->tcp ? "tcp" : "udp");
  ff_json_kv_int(&j, "sequences", (int64_t)f->executed);
  ff_json_kv_int(&j, "messages", (int64_t)f->messages);
  ff_json_kv_int(&j, "packets_sent", (int64_t)f->packets);
  ff_json_kv_int(&j, "queue", (int64_t)f->nqueue);
  ff_json_kv_int(&j, "states", (int64_t)f->states_seen);
  ff_json_kv_int(&j, "transitions", (int64_t)f->transitions);
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
  if (load_seeds(&f, err, err_cap) || live_target_start(&f.target, cfg->ready_s, err, err_cap)) goto done;
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
  size_t seeds = f.nqueue;
  for (size_t i = 0; i < seeds && !live_run_stopped(run); i++) {
    exec_result r = exec_seq(&f, &f.queue[i]);
    learn(&f);
    if (r != EXEC_OK) {
      snprintf(err, err_cap, "seed %zu already %s the server", i + 1, r == EXEC_CRASH ? "crashes" : "hangs or cannot reach");
      goto done;
    }
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
    for (unsigned k = 0; k < stack; k++) live_seq_mutate(&s, other, m, what, sizeof what);
    exec_result r = exec_seq(&f, &s);
    bool fresh = learn(&f);
    if (r == EXEC_CRASH || r == EXEC_HANG) {
      if (r == EXEC_CRASH) f.crashes++;
      else f.hangs++;
      char how[300];
      snprintf(how, sizeof how, "%s (%s) at sequence %ld", r == EXEC_CRASH ? "crash" : "hang",
               r == EXEC_CRASH ? f.last_crash : "no reply", n + 1);
      note_of(&f, &s, how, note, sizeof note);
      save(&f, r == EXEC_CRASH ? "crashes" : "hangs", &s, note);
      live_seq_free(&s);
      if (restart(&f, err, err_cap)) goto done;
      continue;
    }
    if ((r == EXEC_UNREACHABLE || r == EXEC_ENDED) && restart(&f, err, err_cap)) {
      live_seq_free(&s);
      goto done;
    }
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
  live_cov_close(&f.cov);
  if (f.queue)
    for (size_t i = 0; i < f.nqueue; i++) live_seq_free(&f.queue[i]);
  free(f.queue);
  free(f.seen);
  free(f.state_seen);
  if (m) ff_mutator_free(m);
  return rc;
}
