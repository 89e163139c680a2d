/* One call sequence against the server (see mcp_run.h). */
#include "mcp_run.h"

#include <stdio.h>
#include <string.h>

#include "mcp_seq.h"

#define START_ATTEMPTS 2

static int start(mcp_target *t) {
  t->starts++;
  if (!t->transcript) t->transcript = json_array();
  t->cfg.transcript = t->transcript;
  if (t->canary) mcp_canary_restore(t->canary);
  if (mcp_session_open(&t->session, &t->cfg) != 0) {
    snprintf(t->error, sizeof t->error, "%s", t->session.error);
    mcp_session_close(&t->session);
    return -1;
  }
  t->open = true;
  return 0;
}

int mcp_target_ensure(mcp_target *t) {
  if (t->open && mcp_transport_alive(&t->session.t)) return 0;
  mcp_target_close(t);
  int rc = -1;
  for (int i = 0; i < START_ATTEMPTS && rc != 0; i++) rc = start(t);
  return rc;
}

void mcp_target_close(mcp_target *t) {
  if (t->open) mcp_session_close(&t->session);
  t->open = false;
}

void mcp_target_free(mcp_target *t) {
  mcp_target_close(t);
  json_decref(t->transcript);
  t->transcript = NULL;
}

/* The server's counters folded into the map before its process goes away
 * (the counters runtime answers even while the server's main thread hangs). */
static void keep_coverage(mcp_target *t, const mcp_classes *classes) {
  if (t->cov && classes) live_cov_collect(t->cov);
}

static int run_records(mcp_target *t, const uint8_t *data, size_t size, mcp_classes *classes,
                       long max_calls, mcp_run_result *r);

int mcp_run_input(mcp_target *t, const uint8_t *data, size_t size, mcp_classes *classes,
                  long max_calls, mcp_run_result *r) {
  memset(r, 0, sizeof *r);
  if (mcp_target_ensure(t) != 0) return -1;
  bool cov = t->cov && classes;
  if (cov) live_cov_clear(t->cov);
  int rc = run_records(t, data, size, classes, max_calls, r);
  if (cov) {
    live_cov_new_edges(t->cov);
    r->new_edges = t->cov->last_new_slots; /* edges only: hit-count changes alone would flood the corpus */
  }
  return rc;
}

static int run_records(mcp_target *t, const uint8_t *data, size_t size, mcp_classes *classes,
                       long max_calls, mcp_run_result *r) {
  json_array_clear(t->transcript);
  mcp_record recs[MCP_SEQ_MAX_RECORDS];
  size_t n = mcp_seq_records(data, size, recs, MCP_SEQ_MAX_RECORDS);
  const mcp_gen_ctx empty = {0};
  const mcp_gen_ctx *ctx = t->canary ? &t->canary->ctx : &empty;
  for (size_t i = 0; i < n; i++) {
    if (max_calls > 0 && t->calls >= max_calls) break;
    if (mcp_target_ensure(t) != 0) return -1;
    mcp_step st;
    mcp_seq_step(&recs[i], &t->session, ctx, &st);
    mcp_session bare, *s = &t->session;
    if (st.before_initialize) { /* a fresh server that has not been initialized */
      /* over stdio (and without coverage, whose map one server owns) it runs
       * beside the fuzzed server, which keeps its state and memory trend;
       * otherwise the fuzzed server makes way for it */
      bool beside = !t->cfg.url && !t->cov;
      if (!beside) {
        keep_coverage(t, classes);
        mcp_target_close(t);
      }
      t->starts++;
      if (mcp_session_open_bare(&bare, &t->cfg) != 0) {
        snprintf(t->error, sizeof t->error, "%s", bare.error);
        mcp_session_close(&bare);
        mcp_step_free(&st);
        return -1;
      }
      s = &bare;
      bare.beside = beside;
      /* a server just started may take longer to answer than a running one */
      if (bare.cfg.timeout_s < MCP_START_TIMEOUT_S) bare.cfg.timeout_s = MCP_START_TIMEOUT_S;
    }
    mcp_exchange x;
    if (st.end_session) mcp_session_end(s, st.text, st.id, &x);
    else mcp_session_exchange(s, st.text, st.id, &x);
    t->calls++;
    r->steps++;
    if (classes) {
      char cls[512];
      mcp_class_of(&st, &x, cls, sizeof cls);
      if (mcp_classes_add(classes, cls) == 1) r->new_classes++;
    }
    mcp_oracle_check(&t->oracle, s, &st, &x, &r->finding);
    if (s == &bare) { /* the next step starts a server the usual way */
      keep_coverage(t, classes);
      mcp_session_close(&bare);
    }
    bool ended = x.outcome == MCP_DIED || x.outcome == MCP_TIMEOUT;
    mcp_exchange_free(&x);
    mcp_step_free(&st);
    if (r->finding.found) {
      r->finding_step = i;
      r->transcript = json_copy(t->transcript);
      if ((!strcmp(r->finding.kind, "canary-changed") || !strcmp(r->finding.kind, "write-outside-root")) && t->canary)
        mcp_canary_restore(t->canary);
      if (ended || !strcmp(r->finding.kind, "memory")) {
        keep_coverage(t, classes);
        mcp_target_close(t);
      }
      break;
    }
    if (ended) {
      keep_coverage(t, classes);
      mcp_target_close(t);
      break;
    }
  }
  return 0;
}
