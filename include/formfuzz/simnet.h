/* simnet: a deterministic discrete-event network simulator with a virtual clock,
 * for harnesses that run networked logic (formnet NAT traversal, relays, health
 * checks, routing) without sockets, threads or a wall clock.
 *
 * Model (docs/simnet.md has the long form):
 * - Time is virtual, in microseconds, and advances only by running events
 *   (packet arrivals, timers) or by ff_simnet_run_until(T). Events at the same
 *   time run in the order they were scheduled (a stable tie-break).
 * - Nodes own IPv4 and/or IPv6 addresses and bind UDP-like ports (a port is
 *   bound on all of the node's addresses). Received datagrams go to the node's
 *   receive callback, or, without one, to an inbox the harness polls.
 * - Every node lives in a realm: the public internet (FF_SIMNET_INTERNET) or
 *   the inside of a NAT. A NAT is itself a node with one public address in its
 *   own realm; NATs may sit behind NATs (carrier-grade NAT). Private addresses
 *   are scoped to their realm, so two sites may both use 192.168.1.2.
 * - Routing: a destination found in the sender's realm is reached directly
 *   (LAN); otherwise the packet goes up to the realm's NAT, which translates it
 *   and routes it on in its own realm. A packet to a NAT's public address is
 *   translated inbound by that NAT (or hairpinned when it comes from inside).
 * - Each hop (sender to next node) crosses a link with latency, jitter, loss,
 *   duplication, reordering, corruption, bandwidth and an up/down state, and is
 *   cut when its two ends are on different partition sides.
 * - NATs follow RFC 4787 vocabulary: a mapping behaviour (endpoint-independent,
 *   address-dependent, address-and-port-dependent) and a filtering behaviour
 *   (endpoint-independent, address-dependent, address-and-port-dependent), with
 *   the classic cone/symmetric types as presets.
 * - Every random choice (loss, jitter, ...) comes from a seed or from the fuzz
 *   input (ff_simnet_draw_from): the same seed or input gives the same run and
 *   the same trace hash.
 * - With a fault plan installed (formfuzz/fault.h), the sites net.send (send
 *   fails), net.drop, net.dup, net.corrupt (per hop) and net.recv (at the
 *   receiver) add faults to the links' own.
 * - Packets in flight are copies; everything is freed by ff_simnet_free.
 *
 * Not thread-safe; callbacks may call back into the simulator (send, timers,
 * link changes) but must not free it.
 */
#ifndef FORMFUZZ_SIMNET_H
#define FORMFUZZ_SIMNET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "formfuzz/input.h"

typedef uint64_t ff_simtime; /* virtual microseconds since the simulation began */
#define FF_SIM_US(x) ((ff_simtime)(x))
#define FF_SIM_MS(x) ((ff_simtime)(x) * 1000u)
#define FF_SIM_S(x) ((ff_simtime)(x) * 1000000u)

#define FF_SIMNET_INTERNET (-1)       /* the public realm */
#define FF_SIMNET_MAX_ADDRS 4         /* addresses per node */
#define FF_SIMNET_MAX_PAYLOAD 4096    /* larger datagrams are refused by send */
#define FF_SIMNET_INBOX_CAP 256       /* datagrams kept per inbox; more are dropped */
#define FF_SIMNET_PPM 1000000u        /* probabilities are parts per million */

typedef struct ff_simnet ff_simnet;

/* ---- addresses ---- */
typedef struct ff_simip {
  uint8_t family; /* 4 or 6 */
  uint8_t b[16];  /* v4 uses b[0..3] */
} ff_simip;

typedef struct ff_simaddr {
  ff_simip ip;
  uint16_t port;
} ff_simaddr;

#define FF_SIMADDR_STRLEN 56 /* "[v6]:port" with room to spare */

ff_simip ff_simip_v4(uint8_t a, uint8_t b, uint8_t c, uint8_t d);
/* Parses dotted IPv4 or textual IPv6. Returns 0, or -1 on a malformed address. */
int ff_simip_parse(ff_simip *ip, const char *text);
/* "a.b.c.d:port" or "[v6]:port"; returns 0 or -1. */
int ff_simaddr_parse(ff_simaddr *addr, const char *text);
ff_simaddr ff_simaddr_make(ff_simip ip, uint16_t port);
bool ff_simip_equal(const ff_simip *a, const ff_simip *b);
bool ff_simaddr_equal(const ff_simaddr *a, const ff_simaddr *b);
/* Writes "1.2.3.4", "2001:db8::1"; returns buf. */
char *ff_simip_format(const ff_simip *ip, char *buf, size_t cap);
/* Writes "1.2.3.4:80", "[2001:db8::1]:80"; returns buf. */
char *ff_simaddr_format(const ff_simaddr *addr, char *buf, size_t cap);

/* ---- links ---- */
typedef struct ff_simlink {
  ff_simtime latency;         /* fixed one-way delay */
  ff_simtime jitter;          /* plus a uniform extra delay in [0, jitter] */
  uint32_t loss_ppm;          /* chance a packet is lost on this hop */
  uint32_t dup_ppm;           /* chance a second copy is delivered */
  uint32_t reorder_ppm;       /* chance a packet is held back by reorder_delay, */
  ff_simtime reorder_delay;   /*   so later packets overtake it (else FIFO) */
  uint32_t corrupt_ppm;       /* chance 1..3 payload bits are flipped */
  uint64_t bandwidth_bps;     /* bits per second; 0 = unlimited */
  bool down;                  /* true: every packet on this link is dropped */
} ff_simlink;

/* A perfect link: no delay, no faults. */
ff_simlink ff_simlink_ideal(void);
/* Link parameters drawn from the fuzz input. Zero bytes give the ideal link;
 * larger bytes give longer delays and more faults (loss up to 100%). */
void ff_simnet_link_from_input(ff_input *in, ff_simlink *out);

/* ---- NATs (RFC 4787 terms) ---- */
typedef enum ff_nat_mapping {
  FF_NAT_MAP_ENDPOINT_INDEPENDENT,    /* one external port per internal addr:port */
  FF_NAT_MAP_ADDRESS_DEPENDENT,       /* ... per internal addr:port and remote IP */
  FF_NAT_MAP_ADDRESS_PORT_DEPENDENT,  /* ... per internal addr:port and remote IP:port */
} ff_nat_mapping;

typedef enum ff_nat_filtering {
  FF_NAT_FILTER_ENDPOINT_INDEPENDENT,   /* any remote may use a live mapping */
  FF_NAT_FILTER_ADDRESS_DEPENDENT,      /* only remote IPs the inside sent to */
  FF_NAT_FILTER_ADDRESS_PORT_DEPENDENT, /* only remote IP:ports the inside sent to */
} ff_nat_filtering;

typedef enum ff_nat_type {
  FF_NAT_FULL_CONE,            /* EIM + EIF */
  FF_NAT_RESTRICTED_CONE,      /* EIM + ADF */
  FF_NAT_PORT_RESTRICTED_CONE, /* EIM + APDF */
  FF_NAT_SYMMETRIC,            /* APDM + APDF */
} ff_nat_type;

typedef struct ff_nat_config {
  ff_nat_mapping mapping;
  ff_nat_filtering filtering;
  /* A mapping, and each remote it permits, lives this long after the last
   * outbound packet that used it (outbound traffic refreshes; inbound does not). */
  ff_simtime mapping_timeout;
  bool hairpin;        /* inside -> own public address is looped back inside */
  uint16_t port_base;  /* external ports are allocated upward from here */
} ff_nat_config;

/* The classic type with RFC 4787's minimum timeout (120 s), no hairpinning and
 * external ports from 10000. */
ff_nat_config ff_nat_preset(ff_nat_type type);
const char *ff_nat_type_name(ff_nat_type type);

/* ---- datagrams, callbacks, timers ---- */
typedef struct ff_simdgram {
  ff_simaddr src;       /* as seen by the receiver (after NAT translation) */
  ff_simaddr dst;       /* the receiver's address and port */
  const uint8_t *data;
  size_t len;
  ff_simtime sent_at;   /* when the sender called ff_simnet_send */
  ff_simtime at;        /* when it was delivered */
  uint64_t id;          /* packet copy id (a duplicate has its own) */
  unsigned hops;        /* links crossed */
  bool corrupted;       /* a link flipped bits (real receivers cannot tell; oracles can) */
  bool duplicate;       /* this copy was made by a duplicating link */
} ff_simdgram;

typedef void (*ff_simnet_recv_fn)(ff_simnet *net, int node, const ff_simdgram *d, void *ctx);
typedef void (*ff_simnet_timer_fn)(ff_simnet *net, int node, uint64_t timer_id, void *ctx);

/* ---- trace ---- */
typedef enum ff_simev_kind {
  FF_SIMEV_SEND,    /* a node sent a datagram */
  FF_SIMEV_DELIVER, /* a node received it */
  FF_SIMEV_DROP,    /* it was lost (reason says why) */
  FF_SIMEV_DUP,     /* a link duplicated it (id = the new copy) */
  FF_SIMEV_CORRUPT, /* a link flipped bits in it */
  FF_SIMEV_NAT_MAP, /* a NAT created a mapping (src = inside, dst = external) */
  FF_SIMEV_TIMER,   /* a timer fired */
} ff_simev_kind;

typedef enum ff_simdrop {
  FF_SIMDROP_NONE,
  FF_SIMDROP_LOSS,           /* link loss */
  FF_SIMDROP_LINK_DOWN,      /* link marked down */
  FF_SIMDROP_PARTITION,      /* ends on different partition sides */
  FF_SIMDROP_UNROUTABLE,     /* no node or NAT owns the destination */
  FF_SIMDROP_NAT_NO_MAPPING, /* inbound to an external port with no live mapping */
  FF_SIMDROP_NAT_FILTERED,   /* mapping exists, filtering refused the remote */
  FF_SIMDROP_NAT_HAIRPIN,    /* inside -> own public address without hairpinning */
  FF_SIMDROP_NAT_FAMILY,     /* address family the NAT does not translate */
  FF_SIMDROP_NAT_EXHAUSTED,  /* no free external port */
  FF_SIMDROP_PORT_CLOSED,    /* nothing bound on the destination port */
  FF_SIMDROP_INBOX_FULL,     /* the inbox already holds FF_SIMNET_INBOX_CAP */
  FF_SIMDROP_NO_MEMORY,      /* allocation failed inside the simulator */
  FF_SIMDROP_FAULT,          /* the fault plan fired net.drop (on a hop) or net.recv */
} ff_simdrop;

typedef struct ff_simtrace_rec {
  ff_simtime at;
  ff_simev_kind kind;
  ff_simdrop reason;  /* for FF_SIMEV_DROP */
  int node;           /* where it happened */
  uint64_t id;        /* packet copy id or timer id */
  ff_simaddr src, dst;
  uint32_t len;
} ff_simtrace_rec;

typedef struct ff_simnet_stats {
  uint64_t sent;       /* ff_simnet_send calls that put a packet on the wire */
  uint64_t duplicated; /* extra copies made by links */
  uint64_t delivered;
  uint64_t dropped;
  uint64_t in_flight;  /* copies neither delivered nor dropped yet */
  uint64_t corrupted;
  uint64_t timers_fired;
  uint64_t events;     /* events run (arrivals + timers) */
} ff_simnet_stats;
/* Always: sent + duplicated == delivered + dropped + in_flight. */

/* ---- lifecycle ---- */
/* A new network whose random choices come from seed. NULL when out of memory. */
ff_simnet *ff_simnet_new(uint64_t seed);
void ff_simnet_free(ff_simnet *net);
/* From now on, random choices are drawn from in (NULL: back to the seed). When
 * the input runs out its draws are zeros: no loss, no jitter, no faults. The
 * input must outlive its use. */
void ff_simnet_draw_from(ff_simnet *net, ff_input *in);
/* The last error message (a failed call returned -1). */
const char *ff_simnet_error(const ff_simnet *net);

/* ---- topology ---- */
/* A node in realm (FF_SIMNET_INTERNET or a NAT's node id). Returns its id >= 0, or -1. */
int ff_simnet_node_add(ff_simnet *net, int realm, const char *name);
/* Adds an address; unique within the node's realm. Returns 0 or -1. */
int ff_simnet_node_add_addr(ff_simnet *net, int node, ff_simip ip);
/* A NAT in realm whose public (outside) address is public_ip; nodes are put
 * behind it with ff_simnet_node_add(net, nat_id, ...). Returns its id or -1. */
int ff_simnet_nat_add(ff_simnet *net, int realm, ff_simip public_ip, const ff_nat_config *cfg,
                      const char *name);
size_t ff_simnet_node_count(const ff_simnet *net);
const char *ff_simnet_node_name(const ff_simnet *net, int node);
int ff_simnet_node_realm(const ff_simnet *net, int node);
bool ff_simnet_node_is_nat(const ff_simnet *net, int node);
/* The node's i-th address; false when there is none. */
bool ff_simnet_node_addr(const ff_simnet *net, int node, size_t i, ff_simip *out);
/* Live mappings in a NAT (expired ones are not counted). */
size_t ff_simnet_nat_mappings(ff_simnet *net, int nat);

/* ---- ports and receiving ---- */
/* Binds port on all the node's addresses; port 0 picks a free one from 49152
 * up. Returns the port, or -1 (already bound, not a host node). */
int ff_simnet_bind(ff_simnet *net, int node, uint16_t port);
int ff_simnet_unbind(ff_simnet *net, int node, uint16_t port);
bool ff_simnet_is_bound(const ff_simnet *net, int node, uint16_t port);
/* Deliveries go to fn (NULL: to the node's inbox). */
void ff_simnet_set_receiver(ff_simnet *net, int node, ff_simnet_recv_fn fn, void *ctx);
/* Takes the oldest datagram from the node's inbox. The payload is copied into
 * buf (truncated to cap, as UDP recv does; d->len is the copied length) and
 * d->data points into buf. Returns false when the inbox is empty. */
bool ff_simnet_recv(ff_simnet *net, int node, ff_simdgram *d, uint8_t *buf, size_t cap);
size_t ff_simnet_inbox_len(const ff_simnet *net, int node);

/* ---- sending ---- */
/* Sends len bytes from node's bound src_port to dst. The source address is the
 * node's first address of dst's family. Returns 0, or -1 (unbound port, no
 * address of that family, too large, out of memory, fault net.send); a packet lost on the way
 * still returns 0 (and shows as a drop in the trace). */
int ff_simnet_send(ff_simnet *net, int node, uint16_t src_port, const ff_simaddr *dst,
                   const void *data, size_t len);

/* ---- links and partitions ---- */
/* Parameters of every link without its own. */
void ff_simnet_set_default_link(ff_simnet *net, const ff_simlink *link);
/* Parameters of the link between nodes a and b (both directions). Returns 0 or -1. */
int ff_simnet_set_link(ff_simnet *net, int a, int b, const ff_simlink *link);
/* The parameters in force between a and b. */
ff_simlink ff_simnet_get_link(const ff_simnet *net, int a, int b);
/* Puts node on a partition side (all start on side 0). A hop between nodes on
 * different sides is dropped, also for packets already in flight. */
int ff_simnet_partition(ff_simnet *net, int node, int side);
int ff_simnet_node_side(const ff_simnet *net, int node);
/* Every node back to side 0. */
void ff_simnet_heal(ff_simnet *net);

/* ---- clock, timers, running ---- */
ff_simtime ff_simnet_now(const ff_simnet *net);
/* A one-shot timer for node after delay. Returns its id (never 0), or 0 when
 * out of memory. */
uint64_t ff_simnet_timer(ff_simnet *net, int node, ff_simtime delay, ff_simnet_timer_fn fn,
                         void *ctx);
/* Cancels a pending timer; false if it already fired, was cancelled or never existed. */
bool ff_simnet_timer_cancel(ff_simnet *net, uint64_t timer_id);
/* Events waiting (cancelled timers not counted). */
size_t ff_simnet_pending(const ff_simnet *net);

typedef enum ff_simnet_stop {
  FF_SIMNET_IDLE,          /* no event left */
  FF_SIMNET_TIME_REACHED,  /* the next event is later than the requested time */
  FF_SIMNET_BUDGET_SPENT,  /* max_events ran and events remain */
} ff_simnet_stop;

/* Runs the next event; false when there is none. */
bool ff_simnet_step(ff_simnet *net);
/* Runs events up to and including time t (at most max_events of them), then
 * sets the clock to t and returns FF_SIMNET_TIME_REACHED (also when no event
 * was left); FF_SIMNET_BUDGET_SPENT when due events remain after the budget. */
ff_simnet_stop ff_simnet_run_until(ff_simnet *net, ff_simtime t, uint64_t max_events);
/* Runs until no event is left or max_events have run. */
ff_simnet_stop ff_simnet_run_idle(ff_simnet *net, uint64_t max_events);
const char *ff_simnet_stop_name(ff_simnet_stop stop);

/* ---- trace and counters ---- */
ff_simnet_stats ff_simnet_get_stats(const ff_simnet *net);
/* Keep at most max records in memory (default 65536; older ones are
 * discarded). The hash always covers every event. */
void ff_simnet_trace_keep(ff_simnet *net, size_t max);
size_t ff_simnet_trace_len(const ff_simnet *net);
const ff_simtrace_rec *ff_simnet_trace_at(const ff_simnet *net, size_t i);
/* SHA-256 over a canonical encoding of every trace event so far. */
void ff_simnet_trace_digest(const ff_simnet *net, uint8_t out[32]);
/* The digest's first 8 bytes, big-endian. */
uint64_t ff_simnet_trace_hash(const ff_simnet *net);
/* One line per kept record: time, kind, node, id, src -> dst, length, reason. */
void ff_simnet_trace_print(const ff_simnet *net, FILE *out);
void ff_simnet_trace_format(const ff_simtrace_rec *r, char *buf, size_t cap);
const char *ff_simev_kind_name(ff_simev_kind kind);
const char *ff_simdrop_name(ff_simdrop reason);

#endif
