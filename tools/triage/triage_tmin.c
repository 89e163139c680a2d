/* Delta-debugging minimizer (see triage_tmin.h). */
#include "triage_tmin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fileio.h"

typedef struct tmin_ctx {
  const triage_target *t;
  const char *signature;
  char path[4200];
  long budget;
  triage_tmin_stats *stats;
  char *err;
  size_t err_cap;
  int failed;
} tmin_ctx;

/* 1: candidate keeps the signature; 0: it does not (or the budget is spent). */
static int keeps_signature(tmin_ctx *x, const uint8_t *cand, size_t len) {
  if (x->stats->attempts >= x->budget || x->failed) return 0;
  if (ff_write_atomic(x->path, cand, len) != 0) {
    snprintf(x->err, x->err_cap, "cannot write %s", x->path);
    x->failed = 1;
    return 0;
  }
  x->stats->attempts++;
  triage_crash c;
  int rc = triage_run_once(x->t, x->path, &c, x->err, x->err_cap);
  if (rc < 0) {
    x->failed = 1;
    return 0;
  }
  int same = rc == 1 && strcmp(c.signature, x->signature) == 0;
  if (rc == 1) triage_crash_free(&c);
  return same;
}

static void remove_chunks(tmin_ctx *x, uint8_t *buf, size_t *len, uint8_t *scratch) {
  for (size_t chunk = *len / 2 ? *len / 2 : 1;; chunk /= 2) {
    size_t off = 0;
    while (off < *len && !x->failed && x->stats->attempts < x->budget) {
      size_t n = chunk < *len - off ? chunk : *len - off;
      memcpy(scratch, buf, off);
      memcpy(scratch + off, buf + off + n, *len - off - n);
      if (keeps_signature(x, scratch, *len - n)) {
        memcpy(buf, scratch, *len - n);
        *len -= n;
      } else {
        off += n;
      }
    }
    if (chunk <= 1) break;
  }
}

static void zero_bytes(tmin_ctx *x, uint8_t *buf, size_t len) {
  for (size_t i = 0; i < len && !x->failed && x->stats->attempts < x->budget; i++) {
    if (buf[i] == 0) continue;
    uint8_t keep = buf[i];
    buf[i] = 0;
    if (!keeps_signature(x, buf, len)) buf[i] = keep;
  }
}

int triage_minimize(const triage_target *t, const uint8_t *data, size_t len, const char *signature,
                    long budget, uint8_t **out, size_t *out_len, triage_tmin_stats *stats,
                    char *err, size_t err_cap) {
  memset(stats, 0, sizeof *stats);
  stats->from = len;
  uint8_t *buf = malloc(len + 1), *scratch = malloc(len + 1);
  if (!buf || !scratch) {
    free(buf);
    free(scratch);
    snprintf(err, err_cap, "out of memory");
    return -1;
  }
  memcpy(buf, data, len);
  const char *tmp = getenv("TMPDIR");
  char dir[4096];
  snprintf(dir, sizeof dir, "%s/formfuzz-tmin-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp(dir)) {
    free(buf);
    free(scratch);
    snprintf(err, err_cap, "cannot create a temp directory under %s", tmp && *tmp ? tmp : "/tmp");
    return -1;
  }
  tmin_ctx x = {.t = t, .signature = signature, .budget = budget, .stats = stats, .err = err,
                .err_cap = err_cap};
  snprintf(x.path, sizeof x.path, "%s/candidate", dir);
  size_t before;
  do { /* until a whole round removes nothing */
    before = len;
    remove_chunks(&x, buf, &len, scratch);
  } while (len < before && len > 0 && !x.failed && stats->attempts < budget);
  zero_bytes(&x, buf, len);
  unlink(x.path);
  rmdir(dir);
  free(scratch);
  if (x.failed) {
    free(buf);
    return -1;
  }
  stats->to = len;
  *out = buf;
  *out_len = len;
  return 0;
}
