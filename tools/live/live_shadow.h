/* formfuzz live shadow: a proxy (or a replay of recorded requests) that sends
 * every request to the primary, answers the client with the primary's reply
 * only, and then sends the same request and N protocol-aware variants of it
 * (live_mutate.h) to the shadow; replies are compared in canonical form under
 * the rules (live_rules.h) and real differences become findings
 * (live_findings.h). With a second primary, a request whose two primary
 * replies differ is noise, never a finding (Diffy's idea). DNS over UDP and
 * TCP on one port; HTTP/1.1 with keep-alive. Clients are served at once, each
 * by its own thread; mirroring runs off their path (live_proxy.h). */
#ifndef FF_TOOLS_LIVE_SHADOW_H
#define FF_TOOLS_LIVE_SHADOW_H

#include <stdbool.h>
#include <stdint.h>

#include "live_addr.h"
#include "live_findings.h"
#include "live_pace.h"
#include "live_rules.h"
#include "live_run.h"
#include "live_stats.h"

typedef enum { LIVE_DNS, LIVE_HTTP } live_proto;

typedef struct live_shadow_cfg {
  live_proto proto;
  live_addr listen, primary, shadow, primary2;
  bool has_primary2;
  live_rules rules;
  long variants;
  uint64_t seed;
  double timeout_s;
  long max_requests;      /* client (or replayed) requests; 0: no limit */
  const char *record_dir; /* NULL: no recording */
  const char *replay_dir; /* NULL: proxy mode */
  bool replay_tcp;        /* DNS replay over TCP */
  const char *out_dir;
  long mirror_queue;      /* proxy: requests waiting to be mirrored, at most */
  long max_clients;       /* proxy: TCP client connections served at once */
} live_shadow_cfg;

typedef struct live_shadow_stats {
  long proxied;      /* client requests answered from the primary */
  long primary_failed;
  long mirrored;     /* requests sent to the shadow as received */
  long mutated;      /* variants sent */
  long compared, differences, noise;
  long skipped;      /* not compared: the rules ignore the request (dns ignore-opcode) */
  long mirror_dropped;   /* proxy: not mirrored, the queue was full */
  long mirror_abandoned; /* proxy: still queued when the run was stopped */
  long mirror_queue_peak;
  long clients_peak;     /* proxy: TCP client connections open at once, at most */
  uint64_t sent;     /* every packet / request this command sent */
  live_latency client_ms; /* time from a client request to its answer */
} live_shadow_stats;

/* Runs until max_requests, the replay's end or a stop (run). Returns 0 when
 * it ran, 3 when a socket or the output cannot be set up (err says why). */
int live_shadow_run(const live_shadow_cfg *cfg, live_pace *pace, live_run *run, live_shadow_stats *st,
                    live_findings *findings, char *err, size_t err_cap);

#endif
