/* Call-sequence minimization (see mcp_minimize.h). */
#include "mcp_minimize.h"

#include <stdlib.h>
#include <string.h>

#include "mcp_seq.h"

int mcp_run_repeated(mcp_target *t, const uint8_t *data, size_t size, long until_messages, mcp_run_result *r) {
  size_t total = 0;
  for (;;) {
    if (mcp_run_input(t, data, size, NULL, 0, r) != 0) return -1;
    total += r->steps;
    if (r->finding.found || r->steps == 0 || (long)total >= until_messages) break;
    json_decref(r->transcript);
    r->transcript = NULL;
  }
  r->steps = total;
  return 0;
}

bool mcp_reproduces(mcp_target *t, const uint8_t *data, size_t size, const char *signature,
                    json_t **transcript) {
  mcp_target_close(t);
  mcp_run_result r;
  if (transcript) *transcript = NULL;
  long until = !strcmp(signature, MCP_GROWTH_SIGNATURE) ? 2 * mcp_rss_trend_span() : 0;
  if (mcp_run_repeated(t, data, size, until, &r) != 0) return false;
  bool same = r.finding.found && !strcmp(r.finding.signature, signature);
  if (same && transcript)
    *transcript = r.transcript;
  else
    json_decref(r.transcript);
  return same;
}

/* The input rebuilt from recs with record skip left out (skip = n: none) and
 * record edit's payload replaced by (payload, len) when edit < n. */
static int rebuild(const mcp_record *recs, size_t n, size_t skip, size_t edit, const uint8_t *payload,
                   size_t len, uint8_t **out, size_t *out_size) {
  *out = NULL;
  *out_size = 0;
  for (size_t i = 0; i < n; i++) {
    if (i == skip) continue;
    const uint8_t *p = i == edit ? payload : recs[i].payload;
    size_t l = i == edit ? len : recs[i].len;
    if (mcp_seq_append(out, out_size, recs[i].kind, recs[i].target, p, l) != 0) return -1;
  }
  return 0;
}

typedef struct shrink {
  mcp_target *t;
  const char *signature;
  long budget, attempts;
  uint8_t *best;
  size_t best_size;
  json_t *transcript, *best_transcript; /* of the best candidate's replay */
} shrink;

/* Tries a candidate (owned); keeps it when it reproduces. */
static bool attempt(shrink *s, uint8_t *cand, size_t cand_size) {
  if (s->attempts >= s->budget) {
    free(cand);
    return false;
  }
  s->attempts++;
  if (mcp_reproduces(s->t, cand, cand_size, s->signature, &s->transcript)) {
    json_decref(s->best_transcript);
    s->best_transcript = s->transcript;
    free(s->best);
    s->best = cand;
    s->best_size = cand_size;
    return true;
  }
  free(cand);
  return false;
}

int mcp_minimize(mcp_target *t, const uint8_t *data, size_t size, const char *signature,
                 long budget, uint8_t **out, size_t *out_size, long *attempts, json_t **transcript) {
  shrink s = {.t = t, .signature = signature, .budget = budget};
  s.best = malloc(size ? size : 1);
  if (!s.best) return -1;
  memcpy(s.best, data, size);
  s.best_size = size;
  mcp_record recs[MCP_SEQ_MAX_RECORDS];
  if (!strcmp(signature, MCP_GROWTH_SIGNATURE)) { /* growth: one record repeated is the likeliest culprit */
    size_t n = mcp_seq_records(s.best, s.best_size, recs, MCP_SEQ_MAX_RECORDS);
    for (size_t i = n; i-- > 0 && n > 1 && s.attempts < s.budget;) {
      uint8_t *cand = NULL;
      size_t cs = 0;
      if (mcp_seq_append(&cand, &cs, recs[i].kind, recs[i].target, recs[i].payload, recs[i].len) == 0 &&
          attempt(&s, cand, cs))
        break;
    }
  }
  /* drop records, the last first (those after the failing one go at once when they can) */
  for (size_t n = mcp_seq_records(s.best, s.best_size, recs, MCP_SEQ_MAX_RECORDS), i = n; i-- > 0;) {
    n = mcp_seq_records(s.best, s.best_size, recs, MCP_SEQ_MAX_RECORDS);
    if (n <= 1 || i >= n) continue;
    uint8_t *cand;
    size_t cs;
    if (rebuild(recs, n, i, n, NULL, 0, &cand, &cs) == 0) attempt(&s, cand, cs);
  }
  /* shrink payloads: empty, halved, then bytes zeroed */
  size_t n = mcp_seq_records(s.best, s.best_size, recs, MCP_SEQ_MAX_RECORDS);
  for (size_t i = 0; i < n; i++) {
    for (;;) {
      n = mcp_seq_records(s.best, s.best_size, recs, MCP_SEQ_MAX_RECORDS);
      size_t len = recs[i].len;
      if (len == 0) break;
      uint8_t payload[256];
      memcpy(payload, recs[i].payload, len);
      uint8_t *cand;
      size_t cs;
      bool kept = false;
      if (rebuild(recs, n, n, i, payload, 0, &cand, &cs) == 0) kept = attempt(&s, cand, cs);
      if (!kept && len > 1 && rebuild(recs, n, n, i, payload, len / 2, &cand, &cs) == 0)
        kept = attempt(&s, cand, cs);
      if (!kept) break;
    }
    n = mcp_seq_records(s.best, s.best_size, recs, MCP_SEQ_MAX_RECORDS);
    for (size_t k = 0; k < recs[i].len && s.attempts < s.budget; k++) {
      n = mcp_seq_records(s.best, s.best_size, recs, MCP_SEQ_MAX_RECORDS);
      if (recs[i].payload[k] == 0) continue;
      uint8_t payload[256];
      memcpy(payload, recs[i].payload, recs[i].len);
      payload[k] = 0;
      uint8_t *cand;
      size_t cs;
      if (rebuild(recs, n, n, i, payload, recs[i].len, &cand, &cs) == 0) attempt(&s, cand, cs);
    }
  }
  *out = s.best;
  *out_size = s.best_size;
  *attempts = s.attempts;
  *transcript = s.best_transcript;
  return 0;
}
