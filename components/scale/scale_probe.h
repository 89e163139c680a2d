/* scale: health probes to cluster members over simnet (probe.c). Each member
 * is a simnet node at its instance IP that answers a probe while its process
 * is up; the manager node sends `attempts` probes, each waiting `timeout_ms`
 * of virtual time, and calls a member healthy when at least `need` answers
 * came back in time. Links (latency, loss, partitions) are the simnet's. */
#ifndef SCALE_PROBE_H
#define SCALE_PROBE_H

#include "formfuzz/simnet.h"
#include "scale.h"

#define SCALE_PROBE_PORT 7000
#define SCALE_PROBE_NODES (2 * SCALE_MAX_MEMBERS)

typedef struct scale_probe_target {
  char id[SCALE_ID_MAX];
  uint32_t ip;
  int node;
  bool up;          /* the member's process answers */
  bool owner;       /* it holds the address now (a replacement takes its predecessor's) */
  bool last_healthy;
  uint32_t answers; /* answers to the last check */
} scale_probe_target;

typedef struct scale_prober {
  ff_simnet *net;
  int manager;
  size_t n;
  scale_probe_target t[SCALE_PROBE_NODES];
  uint32_t timeout_ms, attempts, need;
  uint64_t seq, waiting; /* the probe being waited for */
  bool answered;
  uint64_t checks;
} scale_prober;

/* The manager node is added at 10.255.0.1. SCALE_ERR_INVALID for need 0, need
 * > attempts or a zero timeout; SCALE_ERR_FULL when simnet refuses a node. */
scale_err scale_prober_init(scale_prober *p, ff_simnet *net, uint32_t timeout_ms, uint32_t attempts, uint32_t need);
/* The member's probe target (its node created on first use, up), which then
 * holds its address. NULL when full. */
scale_probe_target *scale_prober_target(scale_prober *p, const scale_member *m);
/* Probes m now (advancing the simnet clock by attempts x timeout). */
bool scale_probe_member(scale_prober *p, const scale_member *m);
/* A scale_health_fn over a scale_prober (ctx). */
bool scale_prober_health(void *ctx, const scale_member *m);

#endif
