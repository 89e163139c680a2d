/* formfuzz live canary: fuzz traffic to one target in stages of rising rate
 * (each held for a dwell time), with a health check every interval (a probe
 * request that must succeed and its latency against a baseline measured
 * before the first stage, the error rate of the fuzz requests since the last
 * check, and with a pid the process's liveness and RSS). A metric outside its
 * bound for K checks in a row is a breach (Flagger-style analysis): fuzz
 * traffic stops at once, the rollback command runs, and the requests sent in
 * the window before the breach are saved as the likely culprits. Then the
 * run ends (intensity zero), or with rollback_to_last the last healthy stage
 * is held for one dwell under the same checks, and a new breach drops it to
 * zero. DNS travels over UDP or TCP (the fuzz requests on connections kept
 * for up to tcp_messages requests, each probe on a new connection). */
#ifndef FF_TOOLS_LIVE_CANARY_H
#define FF_TOOLS_LIVE_CANARY_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "live_addr.h"
#include "live_pace.h"
#include "live_probe.h"
#include "live_run.h"
#include "live_shadow.h"

#define LIVE_CANARY_MAX_STAGES 16

typedef struct live_canary_cfg {
  live_proto proto;
  bool tcp;                   /* dns: requests and probes over TCP (RFC 1035 framing) */
  long tcp_messages;          /* dns over tcp: fuzz requests per connection */
  live_addr target;
  double stages[LIVE_CANARY_MAX_STAGES]; /* requests per second */
  int nstages;
  double dwell_s, interval_s, timeout_s;
  long baseline_probes, breach_checks, window;
  double max_error_rate, max_latency_factor, latency_floor_ms, max_rss_mb;
  pid_t pid;                  /* 0: not watched */
  const char *probe;          /* dns: "NAME TYPE"; http: "/path" */
  const char *corpus_dir;     /* seed requests, mutated (NULL: the probe) */
  const char *on_rollback;    /* shell command, NULL: none */
  bool rollback_to_last;      /* after a rollback, hold the last healthy stage for one dwell */
  uint64_t seed;
  const char *out_dir;
} live_canary_cfg;

/* Runs the stages; writes OUT/canary.json, canary.md, canary.csv, canary.svg
 * (gnuplot) and OUT/culprits/ after a rollback. Returns 0 when every stage
 * passed, 1 after a rollback, 3 when it could not run (err). */
int live_canary_run(const live_canary_cfg *cfg, live_run *run, char *err, size_t err_cap);

#endif
