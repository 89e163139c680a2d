/* Running one call sequence against a server: a session kept open between
 * inputs (restarted when the server died or hung), each record decoded into
 * its message just before it is sent, each exchange classed (novelty) and
 * judged (oracles) until the first finding. */
#ifndef FF_MCP_RUN_H
#define FF_MCP_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "live_cov.h"
#include "mcp_canary.h"
#include "mcp_novelty.h"
#include "mcp_oracle.h"
#include "mcp_session.h"

typedef struct mcp_target {
  mcp_server_cfg cfg;
  mcp_oracle_cfg oracle;
  const mcp_canary *canary; /* NULL: none */
  live_cov *cov;            /* the server's edges (mcp --coverage); NULL: none */
  mcp_session session;
  bool open;
  long calls;    /* messages sent by call sequences (handshakes not counted) */
  long starts;   /* server starts */
  json_t *transcript; /* the current input's lines, across server restarts (owned) */
  char error[512];
} mcp_target;

typedef struct mcp_run_result {
  mcp_finding finding;
  size_t steps;       /* records run */
  int new_classes;    /* classes not in the set before */
  size_t new_edges;   /* with t->cov: server edges no input reached before */
  size_t finding_step; /* index of the record that gave the finding */
  json_t *transcript;  /* on a finding: every line of the run each way (caller decrefs) */
} mcp_run_result;

/* The session open (started when closed or after the server ended). 0 or -1 with t->error. */
int mcp_target_ensure(mcp_target *t);
/* Closes the session: the next run starts a new server. */
void mcp_target_close(mcp_target *t);
/* Closes and frees the transcript. */
void mcp_target_free(mcp_target *t);
/* Runs the input; classes may be NULL (then no novelty is measured: neither
 * classes nor, with t->cov, the server's edges). max_calls > 0 stops after
 * that many messages in total (t->calls). Returns 0, or -1 when the server
 * cannot be started. */
int mcp_run_input(mcp_target *t, const uint8_t *data, size_t size, mcp_classes *classes,
                  long max_calls, mcp_run_result *r);

#endif
