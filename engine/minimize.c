/* Crash minimization (see minimize.h). */
#include "minimize.h"

#include <stdlib.h>
#include <string.h>

#include "artifact.h"
#include "child.h"
#include "crash_signature.h"
#include "log.h"

#define DEFAULT_ATTEMPTS 1024

#define REPORT_CAP (64 * 1024)
#define SIGNATURE_CAP 512

typedef struct attempt_state {
  int reference_status;
  char reference_signature[SIGNATURE_CAP];
  char *report; /* REPORT_CAP bytes: the last child's stderr */
  long long left;
  long long timeout;
} attempt_state;

/* Runs data in a child; returns its wait status and its signature in sig. */
static int run_child(attempt_state *s, const uint8_t *data, size_t size, char *sig) {
  int status = ff_child_run_report(data, size, s->timeout, s->report, REPORT_CAP);
  ff_crash_signature(s->report, status, sig, SIGNATURE_CAP);
  return status;
}

/* Same exit status and same signature (kind and top frame) as the original. */
static int still_fails(attempt_state *s, const uint8_t *data, size_t size) {
  if (s->left <= 0) return 0;
  s->left--;
  char sig[SIGNATURE_CAP];
  if (run_child(s, data, size, sig) != s->reference_status) return 0;
  return strcmp(sig, s->reference_signature) == 0;
}

/* One pass of chunk removal at every chunk size; returns 1 if it shrank best. */
static int remove_chunks(attempt_state *s, uint8_t *best, size_t *best_len, uint8_t *cand) {
  int shrank = 0;
  for (size_t chunk = *best_len / 2 ? *best_len / 2 : 1; chunk >= 1 && s->left > 0; chunk /= 2) {
    for (size_t off = 0; off + chunk <= *best_len && s->left > 0;) {
      size_t n = *best_len - chunk;
      memcpy(cand, best, off);
      memcpy(cand + off, best + off + chunk, *best_len - off - chunk);
      if (still_fails(s, cand, n)) {
        memcpy(best, cand, n);
        *best_len = n;
        shrank = 1;
      } else {
        off += chunk;
      }
    }
    if (chunk == 1) break;
  }
  return shrank;
}

int ff_minimize_crash(ff_engine *e) {
  if (e->flags.input_count != 1) {
    ff_logf("ERROR: -minimize_crash=1 needs exactly one input file\n");
    return 1;
  }
  const char *path = e->flags.inputs[0];
  uint8_t *data;
  size_t len;
  char err[256];
  if (ff_read_file(path, 1u << 30, &data, &len, err, sizeof err) != 0) {
    ff_logf("ERROR: cannot read %s: %s\n", path, err);
    return 1;
  }
  if (ff_engine_set_max_len(e, len ? len : 1) != 0) return 1;
  attempt_state s;
  memset(&s, 0, sizeof s);
  s.left = e->flags.runs > 0 ? e->flags.runs : DEFAULT_ATTEMPTS;
  s.timeout = e->flags.timeout;
  s.report = malloc(REPORT_CAP);
  if (!s.report) return 1;
  s.reference_status = run_child(&s, data, len, s.reference_signature);
  if (!ff_child_failed(s.reference_status)) {
    ff_logf("ERROR: the input %s did not crash\n", path);
    free(s.report);
    free(data);
    return 1;
  }
  ff_logf("CRASH_MIN: minimizing crash input: '%s' (%zu bytes)\n", path, len);
  ff_logf("CRASH_MIN: keeping inputs that fail as: %s\n", s.reference_signature);
  char original_sha[FF_SHA1_HEX_LEN + 1];
  ff_sha1_hex(data, len, original_sha);
  uint8_t *best = malloc(len ? len : 1), *cand = malloc(len ? len : 1);
  if (!best || !cand) {
    ff_logf("ERROR: out of memory\n");
    exit(1);
  }
  memcpy(best, data, len);
  size_t best_len = len;
  while (s.left > 0 && best_len > 0) {
    if (remove_chunks(&s, best, &best_len, cand)) continue;
    /* random shrinking mutants, as libFuzzer's minimizer does */
    int shrank = 0;
    for (int k = 0; k < 64 && s.left > 0 && best_len > 0 && !shrank; k++) {
      memcpy(cand, best, best_len);
      size_t n = ff_mutate(e->mut, cand, best_len, best_len - 1);
      if (n < best_len && still_fails(&s, cand, n)) {
        memcpy(best, cand, n);
        best_len = n;
        shrank = 1;
      }
    }
    if (!shrank) break;
  }
  ff_logf("CRASH_MIN: '%s' (%zu bytes) minimized to %zu bytes\n", path, len, best_len);
  int rc = ff_artifact_write("minimized-from", best, best_len, original_sha) == 0 ? 0 : 1;
  free(best);
  free(cand);
  free(data);
  free(s.report);
  return rc;
}
