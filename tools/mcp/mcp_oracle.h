/* What counts as broken for an MCP server, judged per message sent:
 * robustness (the server died, or stayed silent past the time limit, or its
 * memory passed the limit or grew steadily: mcp_rss.h), security (a reply carrying a canary secret, a
 * canary file changed), protocol (every line on stdout a JSON-RPC 2.0
 * message; a reply with the request's id and exactly one of result/error; no
 * answer to a notification; a tools/call result with content) and schema
 * (-32602 only for arguments that violate the input schema, arguments that
 * violate it refused, structured results valid against a declared
 * outputSchema). */
#ifndef FF_MCP_ORACLE_H
#define FF_MCP_ORACLE_H

#include <stdbool.h>

#include "mcp_canary.h"
#include "mcp_rss.h"
#include "mcp_seq.h"
#include "mcp_session.h"

typedef struct mcp_finding {
  bool found;
  char kind[48];        /* server-died, hang, memory, canary-leak, canary-changed, protocol, invalid-params-on-valid, schema-not-enforced, output-schema */
  char severity[8];     /* high | medium | low */
  char where[200];      /* "tools/call read_file", "protocol batch" */
  char detail[700];
  char signature[400];  /* kind | where | class: what bucketing compares */
} mcp_finding;

typedef struct mcp_oracle_cfg {
  const mcp_canary *canary; /* NULL: no security oracle */
  long rss_limit_kib;       /* 0: none */
  mcp_rss_trend *rss_trend; /* NULL: no growth oracle (sampled on every exchange) */
  bool schema_oracles;      /* -32602 / not-enforced / outputSchema checks */
} mcp_oracle_cfg;

/* The bucket of steady memory growth: one per server, whatever message came last. */
#define MCP_GROWTH_SIGNATURE "memory|server|growth"

/* Judges one exchange; fills f (f->found false when nothing is wrong). */
void mcp_oracle_check(const mcp_oracle_cfg *cfg, mcp_session *s, const mcp_step *st,
                      const mcp_exchange *x, mcp_finding *f);

#endif
