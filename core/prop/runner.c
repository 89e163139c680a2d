/* The property runner: seeded cases of growing size, the first failure,
 * shrinking (in-process for oracle failures, one forked child per run once a
 * crash is involved), the report and the saved counterexample (see prop.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "exec.h"
#include "fileio.h"
#include "formfuzz/prop.h"
#include "shrink.h"

#define CRASH_RUN_TIMEOUT_S 10

enum { PHASE_CASES, PHASE_SHRINK, PHASE_DONE };

/* What the cases run leaves behind; lives in memory shared with the child so a
 * crash loses neither the crashing buffer nor the shrinking progress. */
typedef struct run_state {
  int phase;
  ff_prop_status status;
  unsigned case_index, cases_run, shrink_runs;
  size_t cur_len, best_len, original_len;
  char failure[192];
  char message[512];
  uint8_t *cur, *best; /* cap bytes each, in the same mapping */
} run_state;

typedef struct shrink_ctx {
  const ff_property *prop;
  run_state *st;
  const char *target; /* the failure to preserve */
  bool forked;
} shrink_ctx;

static unsigned long env_number(const char *name, unsigned long fallback) {
  const char *v = getenv(name);
  if (!v || !*v) return fallback;
  char *end;
  errno = 0;
  unsigned long n = strtoul(v, &end, 0);
  return errno || *end ? fallback : n;
}

void ff_prop_config_default(ff_prop_config *cfg) {
  memset(cfg, 0, sizeof *cfg);
  cfg->seed = env_number("FORMFUZZ_PROP_SEED", 1);
  cfg->cases = (unsigned)env_number("FORMFUZZ_PROP_CASES", 1000);
  cfg->max_size = 512;
  cfg->max_shrinks = 20000;
  cfg->max_crash_shrinks = 400;
  const char *fork_env = getenv("FORMFUZZ_PROP_FORK");
  cfg->use_fork = !(fork_env && strcmp(fork_env, "0") == 0);
  cfg->report = stderr;
}

static uint64_t splitmix(uint64_t *s) {
  uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/* Case i: its size grows linearly from 0 to max_size over the run; its bytes
 * follow one of four styles (uniform, small values, mostly zeros, boundary
 * values). Each case depends only on (seed, i). */
static size_t make_case(uint64_t seed, unsigned i, unsigned cases, size_t max_size, uint8_t *buf) {
  static const uint8_t boundaries[] = {0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff};
  uint64_t s = seed ^ (0xd1b54a32d192ed03ULL * (i + 1));
  size_t size = cases > 1 ? (size_t)((uint64_t)i * max_size / (cases - 1)) : max_size;
  unsigned style = (unsigned)(splitmix(&s) % 4);
  for (size_t k = 0; k < size; k++) {
    uint64_t r = splitmix(&s);
    switch (style) {
    case 0: buf[k] = (uint8_t)r; break;
    case 1: buf[k] = (uint8_t)(r % 16); break;
    case 2: buf[k] = (r % 8 == 0) ? (uint8_t)(r >> 8) : 0; break;
    default: buf[k] = boundaries[(r >> 8) % sizeof boundaries]; break;
    }
  }
  return size;
}

static bool candidate_fails(void *vctx, const uint8_t *buf, size_t len, size_t *consumed) {
  shrink_ctx *ctx = vctx;
  run_state *st = ctx->st;
  if (buf != st->cur) memcpy(st->cur, buf, len); /* where a crash can find it */
  st->cur_len = len;
  st->shrink_runs++;
  ff_prop_outcome o;
  if (ctx->forked) {
    if (ff_prop_exec_forked(ctx->prop, buf, len, CRASH_RUN_TIMEOUT_S, &o) != 0) return false;
  } else {
    ff_prop_exec_inprocess(ctx->prop, buf, len, true, NULL, NULL, &o);
  }
  *consumed = o.consumed;
  return o.failed && strcmp(o.failure, ctx->target) == 0;
}

static void candidate_better(void *vctx, const uint8_t *buf, size_t len) {
  shrink_ctx *ctx = vctx;
  if (buf != ctx->st->best) memcpy(ctx->st->best, buf, len);
  ctx->st->best_len = len;
}

static void shrink_best(const ff_property *prop, run_state *st, size_t cap, bool forked,
                        unsigned budget) {
  char target[sizeof st->failure];
  memcpy(target, st->failure, sizeof target);
  shrink_ctx ctx = {.prop = prop, .st = st, .target = target, .forked = forked};
  ff_shrink_job job = {.fails = candidate_fails, .better = candidate_better, .ctx = &ctx,
                       .cap = cap, .max_runs = budget};
  size_t len = ff_shrink(&job, st->best, st->best_len);
  if (len != (size_t)-1) st->best_len = len;
  /* The message of the shrunk counterexample, not of the original. */
  ff_prop_outcome o;
  if (forked ? ff_prop_exec_forked(prop, st->best, st->best_len, CRASH_RUN_TIMEOUT_S, &o) != 0
             : (ff_prop_exec_inprocess(prop, st->best, st->best_len, true, NULL, NULL, &o), false))
    return;
  if (o.failed && strcmp(o.failure, target) == 0) snprintf(st->message, sizeof st->message, "%s", o.message);
}

/* The cases, then in-process shrinking of an oracle failure. */
static void run_cases(const ff_property *prop, const ff_prop_config *cfg, run_state *st, size_t cap) {
  for (unsigned i = 0; i < cfg->cases; i++) {
    st->case_index = i;
    st->cur_len = make_case(cfg->seed, i, cfg->cases, cfg->max_size, st->cur);
    ff_prop_outcome o;
    ff_prop_exec_inprocess(prop, st->cur, st->cur_len, true, NULL, NULL, &o);
    st->cases_run = i + 1;
    if (!o.failed) continue;
    snprintf(st->failure, sizeof st->failure, "%s", o.failure);
    snprintf(st->message, sizeof st->message, "%s", o.message);
    st->original_len = st->best_len = st->cur_len;
    memcpy(st->best, st->cur, st->cur_len);
    st->phase = PHASE_SHRINK;
    shrink_best(prop, st, cap, false, cfg->max_shrinks);
    st->status = FF_PROP_FAILED;
    st->phase = PHASE_DONE;
    return;
  }
  st->status = FF_PROP_PASSED;
  st->phase = PHASE_DONE;
}

/* The cases child died: find out how, then shrink with one child per run. */
static void recover_from_crash(const ff_property *prop, const ff_prop_config *cfg, run_state *st,
                               size_t cap) {
  if (st->phase == PHASE_CASES) {
    st->original_len = st->best_len = st->cur_len;
    memcpy(st->best, st->cur, st->cur_len);
    ff_prop_outcome o;
    if (ff_prop_exec_forked(prop, st->best, st->best_len, CRASH_RUN_TIMEOUT_S, &o) != 0 || !o.failed) {
      snprintf(st->failure, sizeof st->failure, "crash (does not reproduce when run alone)");
      st->status = FF_PROP_FAILED;
      return;
    }
    snprintf(st->failure, sizeof st->failure, "%s", o.failure);
    snprintf(st->message, sizeof st->message, "%s", o.message);
  }
  /* PHASE_SHRINK: a candidate crashed while shrinking an oracle failure; go on
   * from the best so far, now one child per run. */
  shrink_best(prop, st, cap, true, cfg->max_crash_shrinks);
  st->status = FF_PROP_FAILED;
}

static void print_hex(FILE *out, const uint8_t *data, size_t len) {
  for (size_t i = 0; i < len; i++) fprintf(out, "%s%02x", i && i % 32 == 0 ? "\n    " : "", data[i]);
  fputc('\n', out);
}

static void log_line(void *ctx, const char *line) {
  fprintf((FILE *)ctx, "    %s\n", line);
  fflush((FILE *)ctx);
}

void ff_prop_print_counterexample(const ff_property *prop, const uint8_t *data, size_t len, FILE *out) {
  fprintf(out, "  counterexample (%zu bytes):\n    ", len);
  print_hex(out, data, len);
  fprintf(out, "  values drawn:\n");
  fflush(out);
  ff_prop_outcome o;
  ff_prop_exec_inprocess(prop, data, len, true, log_line, out, &o);
}

/* Prints the drawn values in a child when a crash is involved. */
static void print_safely(const ff_property *prop, const uint8_t *data, size_t len, FILE *out,
                         bool crash) {
  if (!crash) {
    ff_prop_print_counterexample(prop, data, len, out);
    return;
  }
  fflush(NULL);
  pid_t pid = fork();
  if (pid == 0) {
    ff_prop_print_counterexample(prop, data, len, out);
    fflush(NULL);
    _exit(0);
  }
  int status;
  if (pid > 0)
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
}

static void save_counterexample(const ff_property *prop, const ff_prop_config *cfg, ff_prop_result *res) {
  char dir[900], name[FF_SHA1_HEX_LEN + 8];
  snprintf(dir, sizeof dir, "%s/%s", cfg->save_dir, prop->name);
  if (ff_mkdirs(dir) != 0 ||
      ff_write_content_addressed(dir, NULL, res->counterexample, res->counterexample_len, name,
                                 sizeof name) < 0) {
    if (cfg->report) fprintf(cfg->report, "  could not save the counterexample in %s: %s\n", dir, strerror(errno));
    return;
  }
  snprintf(res->saved_path, sizeof res->saved_path, "%s/%s", dir, name);
}

static void report_failure(const ff_property *prop, const ff_prop_config *cfg, const ff_prop_result *res) {
  FILE *out = cfg->report;
  fprintf(out, "==formfuzz== PROPERTY %s FAILED: %s (case %u of seed %llu)\n", prop->name, res->failure,
          res->failing_case, (unsigned long long)cfg->seed);
  if (res->message[0]) fprintf(out, "  message: %s\n", res->message);
  fprintf(out, "  shrunk from %zu to %zu bytes in %u runs\n", res->original_len, res->counterexample_len,
          res->shrink_runs);
  print_safely(prop, res->counterexample, res->counterexample_len, out,
               strncmp(res->failure, "crash", 5) == 0);
  if (res->saved_path[0]) fprintf(out, "  saved: %s\n", res->saved_path);
  fflush(out);
}

static void fill_result(const run_state *st, ff_prop_result *res) {
  res->status = st->status;
  res->cases_run = st->cases_run;
  res->failing_case = st->case_index;
  res->shrink_runs = st->shrink_runs;
  res->original_len = st->original_len;
  snprintf(res->failure, sizeof res->failure, "%s", st->failure);
  snprintf(res->message, sizeof res->message, "%s", st->message);
  if (st->status != FF_PROP_FAILED) return;
  res->counterexample = malloc(st->best_len ? st->best_len : 1);
  if (!res->counterexample) {
    res->status = FF_PROP_ERROR;
    snprintf(res->message, sizeof res->message, "out of memory for the counterexample");
    return;
  }
  memcpy(res->counterexample, st->best, st->best_len);
  res->counterexample_len = st->best_len;
}

static void run_in_child(const ff_property *prop, const ff_prop_config *cfg, run_state *st, size_t cap) {
  fflush(NULL);
  pid_t pid = fork();
  if (pid < 0) {
    run_cases(prop, cfg, st, cap); /* no fork: in-process it is */
    return;
  }
  if (pid == 0) {
    run_cases(prop, cfg, st, cap);
    _exit(0);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (st->phase != PHASE_DONE) recover_from_crash(prop, cfg, st, cap);
}

ff_prop_status ff_prop_check(const ff_property *prop, const ff_prop_config *cfg, ff_prop_result *res) {
  memset(res, 0, sizeof *res);
  size_t cap = cfg->max_size * 4 < 4096 ? 4096 : cfg->max_size * 4;
  size_t mapping = sizeof(run_state) + 2 * cap;
  run_state *st = mmap(NULL, mapping, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (st == MAP_FAILED) {
    res->status = FF_PROP_ERROR;
    snprintf(res->message, sizeof res->message, "cannot map the runner state: %s", strerror(errno));
    return res->status;
  }
  memset(st, 0, sizeof *st);
  st->cur = (uint8_t *)(st + 1);
  st->best = st->cur + cap;
  if (cfg->use_fork)
    run_in_child(prop, cfg, st, cap);
  else
    run_cases(prop, cfg, st, cap);
  fill_result(st, res);
  munmap(st, mapping);
  if (res->status == FF_PROP_FAILED) {
    if (cfg->save_dir) save_counterexample(prop, cfg, res);
    if (cfg->report) report_failure(prop, cfg, res);
  } else if (res->status == FF_PROP_ERROR && cfg->report) {
    fprintf(cfg->report, "==formfuzz== PROPERTY %s: error: %s\n", prop->name, res->message);
  }
  return res->status;
}

void ff_prop_result_free(ff_prop_result *res) {
  free(res->counterexample);
  res->counterexample = NULL;
  res->counterexample_len = 0;
}

bool ff_prop_run_once(const ff_property *prop, const uint8_t *data, size_t len, char *failure,
                      size_t failure_cap, char *message, size_t message_cap, size_t *consumed) {
  ff_prop_outcome o;
  ff_prop_exec_inprocess(prop, data, len, true, NULL, NULL, &o);
  if (failure && failure_cap) snprintf(failure, failure_cap, "%s", o.failure);
  if (message && message_cap) snprintf(message, message_cap, "%s", o.message);
  if (consumed) *consumed = o.consumed;
  return o.failed;
}
