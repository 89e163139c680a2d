/* NAT traversal on simnet (spec §1.7, §1.10), the intended ICE-like
 * procedure: the server-reported endpoint first, then the prioritized
 * candidates (at most NET_NAT_MAX_CANDIDATES, no duplicates); every round
 * pops up to NET_NAT_PARALLEL candidates from the front and probes each one;
 * a probe is answered to its observed source, and a probe or an answer from
 * the expected peer connects; after NET_NAT_MIN_DIRECT_ROUNDS failed rounds a
 * relay session is requested (net_relay, in the client's JSON) while direct
 * attempts go on, and its answer is awaited for the adaptive
 * connection-response timeout (net_timeout_tracker, §1.8.4), whose samples
 * are the answers' round-trip times; the run ends when every agent is
 * connected or out of options, within NET_NAT_MAX_ROUNDS rounds of
 * NET_NAT_ROUND of virtual time. Sends consult ff_fault("net.nat.send") (and
 * simnet's net.send): a probe that could not be sent is not consumed, the
 * candidate is tried again in the next round. */
#ifndef NET_NAT_H
#define NET_NAT_H

#include "formfuzz/simnet.h"
#include "net_relay_registry.h"

#define NET_NAT_MAX_CANDIDATES 31
#define NET_NAT_PARALLEL 3
#define NET_NAT_MIN_DIRECT_ROUNDS 3
#define NET_NAT_ROUND FF_SIM_S(1)
/* Direct candidates take at most ceil(31 / 3) + 1 rounds; a relay asked after
 * NET_NAT_MIN_DIRECT_ROUNDS is awaited for up to NET_TIMEOUT_MAX_MS. */
#define NET_NAT_DIRECT_ROUNDS ((NET_NAT_MAX_CANDIDATES + NET_NAT_PARALLEL - 1) / NET_NAT_PARALLEL + 1)
#define NET_NAT_RELAY_ROUNDS (NET_NAT_MIN_DIRECT_ROUNDS + 1 + NET_TIMEOUT_MAX_MS / 1000 + 1)
#define NET_NAT_MAX_ROUNDS (NET_NAT_DIRECT_ROUNDS > NET_NAT_RELAY_ROUNDS ? NET_NAT_DIRECT_ROUNDS : NET_NAT_RELAY_ROUNDS)
#define NET_NAT_PORT 51820

typedef struct net_nat_agent {
  int node;
  uint16_t port;
  uint8_t key[32];        /* our identity */
  uint8_t peer_key[32];   /* whom we want to reach */
  ff_simaddr cands[NET_NAT_MAX_CANDIDATES];
  size_t ncands, head, tail; /* untried candidates are cands[head..tail) */
  /* what really happened, for oracles */
  ff_simaddr tried[NET_NAT_MAX_CANDIDATES];
  unsigned tried_round[NET_NAT_MAX_CANDIDATES];
  size_t ntried, popped;
  bool connected, relayed;
  ff_simaddr via;          /* the peer's address when connected directly */
  bool has_relay;
  ff_simaddr relay;
  bool relay_requested;
  unsigned relay_round;    /* round the relay was asked (1-based) */
  net_timeout_tracker *timeouts; /* the adaptive response timeout (may be shared) */
  net_timeout_tracker own_timeouts;
  ff_simtime relay_sent;
  uint32_t relay_wait_ms;  /* the timeout in force when the relay was asked */
  bool relay_timed_out;
  unsigned failed_rounds;
  bool done;
} net_nat_agent;

/* The traversal list: endpoint first, then the candidates in their order
 * (cut to 30), without duplicates of anything earlier. Returns the count. */
size_t net_nat_candidate_list(const ff_simaddr *endpoint, const ff_simaddr *cands, size_t n,
                              ff_simaddr out[NET_NAT_MAX_CANDIDATES]);
void net_nat_agent_init(net_nat_agent *a, int node, uint16_t port, const uint8_t key[32],
                        const uint8_t peer_key[32], const ff_simaddr *list, size_t n,
                        const ff_simaddr *relay);

/* The relay server as a simnet node (its datagrams go through net_relay). */
typedef struct net_nat_relay_node {
  int node;
  uint16_t port;
  net_relay relay;
} net_nat_relay_node;
/* The agent awaits relay answers with this tracker (shared by agents of one
 * client, or seeded by a harness); by default its own, empty one. */
void net_nat_agent_use_timeouts(net_nat_agent *a, net_timeout_tracker *t);
int net_nat_relay_attach(ff_simnet *net, net_nat_relay_node *rn, int node, uint16_t port, uint64_t id_key);

/* Runs the agents' traversal until all are done or NET_NAT_MAX_ROUNDS pass.
 * Installs receivers on the agents' nodes. Returns the rounds run. */
unsigned net_nat_run(ff_simnet *net, net_nat_agent **agents, size_t n);

#endif
