/* simnet internals shared by the .c files of core/simnet/: the simulator's
 * state, its nodes, links, NATs, packets and events. Not part of the public
 * API. */
#ifndef FORMFUZZ_SIMNET_INTERNAL_H
#define FORMFUZZ_SIMNET_INTERNAL_H

#include <nettle/sha2.h>

#include "formfuzz/simnet.h"

/* A packet copy in flight. Its header is rewritten by NATs on the way. */
typedef struct sim_packet {
  uint64_t id;
  ff_simaddr src, dst;
  ff_simtime sent_at;
  unsigned hops;
  bool corrupted, duplicate;
  size_t len;
  uint8_t data[];
} sim_packet;

typedef enum sim_event_kind { SIM_EV_ARRIVE, SIM_EV_TIMER } sim_event_kind;

typedef struct sim_event {
  ff_simtime at;
  uint64_t seq; /* scheduling order: the tie-break for equal times */
  sim_event_kind kind;
  int node;     /* arrival: the hop's far end; timer: its owner */
  int from;     /* arrival: the hop's near end */
  sim_packet *pkt;
  uint64_t timer_id;
  ff_simnet_timer_fn fn;
  void *ctx;
  bool cancelled;
} sim_event;

/* Binary min-heap on (at, seq). */
typedef struct sim_heap {
  sim_event *ev;
  size_t n, cap;
  size_t cancelled; /* entries marked cancelled, still in the heap */
} sim_heap;

typedef struct sim_nat_perm { /* a remote the inside has sent to through a mapping */
  ff_simaddr remote;
  ff_simtime last_out;
} sim_nat_perm;

typedef struct sim_nat_map {
  ff_simaddr inside;
  ff_simaddr remote_key; /* the part of the remote the mapping depends on */
  uint16_t ext_port;
  ff_simtime last_out;
  sim_nat_perm *perms;
  size_t n_perms, cap_perms;
} sim_nat_map;

typedef struct sim_nat {
  ff_nat_config cfg;
  sim_nat_map *maps;
  size_t n_maps, cap_maps;
  uint16_t next_port;
} sim_nat;

typedef struct sim_inbox { /* ring of delivered packets */
  sim_packet **slot;
  ff_simtime *at;
  size_t head, n;
} sim_inbox;

typedef struct sim_node {
  char name[32];
  int realm;
  int side;
  ff_simip addrs[FF_SIMNET_MAX_ADDRS];
  size_t n_addrs;
  uint16_t *ports;
  size_t n_ports, cap_ports;
  ff_simnet_recv_fn on_recv;
  void *recv_ctx;
  sim_inbox inbox;
  sim_nat *nat; /* non-NULL for a NAT */
} sim_node;

typedef struct sim_link { /* per-pair state (a < b); params used when explicit */
  int a, b;
  bool explicit_params;
  ff_simlink params;
  ff_simtime last_arrival[2]; /* FIFO bound per direction: [0] a->b, [1] b->a */
  ff_simtime busy_until[2];   /* bandwidth: when the sender side is free again */
} sim_link;

typedef struct sim_trace {
  ff_simtrace_rec *rec; /* ring of the last `keep` records */
  size_t head, n, cap, keep;
  struct sha256_ctx sha;
} sim_trace;

struct ff_simnet {
  ff_simtime now;
  uint64_t next_seq, next_packet_id, next_timer_id;
  uint64_t seed_state;
  ff_input *draw_input;
  sim_heap heap;
  sim_node *nodes;
  size_t n_nodes, cap_nodes;
  sim_link *links;
  size_t n_links, cap_links;
  ff_simlink default_link;
  sim_trace trace;
  ff_simnet_stats stats;
  char err[160];
};

/* errors (simnet_error.c) */
int sim_fail(ff_simnet *net, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
bool sim_valid_node(const ff_simnet *net, int node);

/* randomness (simnet_rand.c) */
uint64_t sim_draw_below(ff_simnet *net, uint64_t n);
/* True with probability ppm/1e6; zero draws (an exhausted input) give false. */
bool sim_chance(ff_simnet *net, uint32_t ppm);

/* event queue (simnet_queue.c) */
int sim_heap_push(sim_heap *h, const sim_event *ev);
bool sim_heap_pop(sim_heap *h, sim_event *out);
const sim_event *sim_heap_peek(sim_heap *h); /* skips cancelled entries */
void sim_heap_free(sim_heap *h);
/* Schedules ev at ev->at with the next sequence number; takes the packet on success. */
int sim_schedule(ff_simnet *net, sim_event *ev);

/* packets (simnet_packet.c) */
sim_packet *sim_packet_new(ff_simnet *net, const void *data, size_t len);
sim_packet *sim_packet_copy(ff_simnet *net, const sim_packet *p);
void sim_packet_drop(ff_simnet *net, sim_packet *p, int node, ff_simdrop reason);

/* nodes and realms (simnet_node.c) */
/* The node owning ip in realm, or -1. */
int sim_owner_in_realm(const ff_simnet *net, int realm, const ff_simip *ip);
void sim_deliver(ff_simnet *net, int node, sim_packet *p);
void sim_node_free(sim_node *n);

/* links (simnet_link.c) */
/* Sends p over the link from -> to; the packet is consumed (scheduled or dropped). */
void sim_link_transmit(ff_simnet *net, int from, int to, sim_packet *p);
/* Whether the hop from -> to is usable right now (else the drop reason). */
ff_simdrop sim_link_blocked(const ff_simnet *net, int from, int to);

/* routing (simnet_route.c) */
/* p is at node `at` (a host that sent it or a NAT that translated it): forward it in realm. */
void sim_forward(ff_simnet *net, int at, int realm, sim_packet *p);
/* An arrival event: the packet reached ev->node over the hop from ev->from. */
void sim_arrive(ff_simnet *net, int from, int node, sim_packet *p);

/* NAT (simnet_nat.c) */
/* Translates an outbound packet's source; returns FF_SIMDROP_NONE or why it failed. */
ff_simdrop sim_nat_outbound(ff_simnet *net, int nat, sim_packet *p);
/* Translates an inbound packet's destination to the inside endpoint. */
ff_simdrop sim_nat_inbound(ff_simnet *net, int nat, sim_packet *p);
void sim_nat_free(sim_nat *nat);

/* trace (simnet_trace.c) */
int sim_trace_init(sim_trace *t);
void sim_trace_free(sim_trace *t);
void sim_trace_add(ff_simnet *net, ff_simev_kind kind, ff_simdrop reason, int node, uint64_t id,
                   const ff_simaddr *src, const ff_simaddr *dst, size_t len);

#endif
