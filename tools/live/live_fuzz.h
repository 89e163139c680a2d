/* formfuzz live fuzz: stateful fuzzing of a running server (AFLNet's idea).
 * Inputs are message sequences (live_seq.h) sent to a server the tool starts
 * (--cmd), by protocol (live_exchange.h): over one TCP connection, as UDP
 * datagrams from one socket, DNS framed over TCP, or HTTP requests with
 * framed replies over kept-alive or fresh connections. Each reply is reduced
 * to a state (live_proto.h: raw first bytes; DNS rcode, flags and counts;
 * HTTP status and JSON shape), or "no reply" / "closed". A sequence that
 * shows a state transition not seen before joins the queue.
 * The server ending (exit status or signal) during or right after a sequence
 * is a crash: the sequence is saved and the server restarted. A message left
 * unanswered followed by a health check (the first seed message on a fresh
 * connection) left unanswered is a hang: saved too, server restarted. With
 * coverage, a sequence that hits an edge of the server, or an AFL hit-count
 * bucket of an edge, not hit before joins the queue too. */
#ifndef FF_TOOLS_LIVE_FUZZ_H
#define FF_TOOLS_LIVE_FUZZ_H

#include <stdbool.h>
#include <stdint.h>

#include "live_addr.h"
#include "live_proto.h"
#include "live_pace.h"
#include "live_run.h"

typedef struct live_fuzz_cfg {
  live_addr target;
  bool tcp;
  live_proto proto;
  bool aware; /* protocol-aware message mutation (else havoc only) */
  const char *cmd;
  const char *seeds_dir;
  const char *replay_file; /* NULL: fuzz */
  long runs;
  uint64_t seed;
  double timeout_s, ready_s;
  long shape_bytes, shape_skip;
  bool coverage; /* edges from the server's process (live_cov.h) as feedback too */
  const char *out_dir;
} live_fuzz_cfg;

/* Returns 0 when nothing was found, 1 after crashes or hangs (or a replay
 * that crashes or hangs), 3 when it cannot run (err). */
int live_fuzz_run(const live_fuzz_cfg *cfg, live_pace *pace, live_run *run, char *err, size_t err_cap);

#endif
