/* Reliability of the formnet client loop (spec §1.9) on simnet's virtual
 * clock: a fetch every NET_FETCH_INTERVAL; a fetch that fails (no answer in
 * NET_FETCH_TIMEOUT) is retried with exponential backoff plus jitter and never
 * ends the loop; keepalives to every peer in the fetched view every
 * NET_KEEPALIVE; a peer is up while heard from within NET_REJECT_AFTER; up/down
 * changes are counted and a peer changing state NET_FLAP_CHANGES times within
 * NET_FLAP_WINDOW is flagged as flapping and backed off: keepalives to it go
 * at most every NET_FLAP_KEEPALIVE until it calms down. A host can sleep
 * through a clock jump (suspend, resume): its timers do not fire one by one
 * while it sleeps, and the overdue ones fire once when it wakes. An observer
 * sees every up/down change and every keepalive, for oracles. */
#ifndef NET_RELIABILITY_H
#define NET_RELIABILITY_H

#include "formfuzz/simnet.h"

#define NET_REL_MAX_PEERS 8
#define NET_REL_PORT 51820
#define NET_FETCH_INTERVAL FF_SIM_S(60)
#define NET_FETCH_TIMEOUT FF_SIM_S(5)
#define NET_BACKOFF_BASE FF_SIM_S(1)
#define NET_BACKOFF_MAX FF_SIM_S(64)
#define NET_KEEPALIVE FF_SIM_S(25)
#define NET_REJECT_AFTER FF_SIM_S(180)
#define NET_FLAP_WINDOW FF_SIM_S(600)
#define NET_FLAP_CHANGES 4
#define NET_FLAP_KEEPALIVE FF_SIM_S(100) /* keepalive interval to a flapping peer (< NET_REJECT_AFTER) */

/* The server side: the authoritative peer set as a bit mask of peer ids. */
typedef struct net_rel_server {
  int node;
  uint32_t members;
  uint64_t fetches_answered;
} net_rel_server;

typedef enum net_rel_event { NET_REL_PEER_UP, NET_REL_PEER_DOWN, NET_REL_KEEPALIVE } net_rel_event;
struct net_rel_client;
typedef void (*net_rel_observer)(void *ctx, const struct net_rel_client *c, net_rel_event ev, unsigned peer);

typedef struct net_rel_client {
  ff_simnet *net;
  int node;
  unsigned id;                 /* bit in the member mask */
  ff_simaddr server;
  const ff_simaddr *peer_addrs; /* indexed by id, NET_REL_MAX_PEERS entries */
  uint32_t view;               /* peer ids from the last successful fetch */
  uint64_t rng;                /* jitter */
  unsigned failures;           /* consecutive failed fetches */
  bool fetch_pending;
  uint64_t fetch_seq;
  uint64_t fetch_timer, timeout_timer, keepalive_timer;
  bool running;                /* the loop is alive */
  ff_simtime last_rx[NET_REL_MAX_PEERS];
  bool heard[NET_REL_MAX_PEERS];
  bool up[NET_REL_MAX_PEERS];
  ff_simtime changes[NET_REL_MAX_PEERS][NET_FLAP_CHANGES];
  unsigned nchanges[NET_REL_MAX_PEERS];
  /* counters for oracles */
  uint64_t fetches_sent, fetch_errors, keepalives_sent;
  ff_simtime last_backoff;
  ff_simtime last_keepalive[NET_REL_MAX_PEERS];
  bool sent_keepalive[NET_REL_MAX_PEERS];
  /* timers, for suspend and resume */
  bool suspended, fetch_armed, timeout_armed;
  ff_simtime fetch_due, timeout_due, keepalive_due;
  net_rel_observer observe;
  void *observe_ctx;
} net_rel_client;

int net_rel_server_attach(ff_simnet *net, net_rel_server *s, int node);
/* Starts the client's loop (first fetch at once). */
int net_rel_client_start(ff_simnet *net, net_rel_client *c, int node, unsigned id, const ff_simaddr *server,
                         const ff_simaddr *peer_addrs, uint64_t jitter_seed);
/* Re-evaluates up/down for every peer at the current time (also done on every event). */
void net_rel_client_refresh(net_rel_client *c);
bool net_rel_client_flapping(const net_rel_client *c, unsigned peer);
/* Calls fn(ctx, c, event, peer) on every up/down change and keepalive sent. */
void net_rel_client_observe(net_rel_client *c, net_rel_observer fn, void *ctx);
/* The host sleeps: its timers stop and datagrams to it are lost. */
void net_rel_client_suspend(net_rel_client *c);
/* The host wakes at the current virtual time: timers due meanwhile fire once, now. */
void net_rel_client_resume(net_rel_client *c);
/* The backoff before retry number k (k >= 1), without jitter. */
ff_simtime net_backoff_delay(unsigned k);

#endif
