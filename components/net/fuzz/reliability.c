/* net_reliability (FF_PROPERTY; also the net_properties test):
 * a server and 2-4 clients run the formnet client loop on
 * simnet while the input flaps links, partitions nodes, loses packets, jumps
 * the clock and changes the membership; then the network heals and settles.
 * Oracles:
 *   net.converge      after the heal every running client's view equals the
 *                     server's membership (a fetch error never ends the loop);
 *   net.lost_peer     every member in a client's view is up again (keepalives
 *                     flow) once settled;
 *   net.busy_loop     fetch attempts stay within what the backoff allows for
 *                     the virtual time that passed, and the simulation never
 *                     runs out of its event budget;
 *   net.backoff       each backoff is at least the base for its attempt and
 *                     at most 1.5 x NET_BACKOFF_MAX;
 *   net.flap          at every up/down change a client calls a peer flapping
 *                     exactly when the harness's own full log of its changes
 *                     has NET_FLAP_CHANGES of them within NET_FLAP_WINDOW (a
 *                     peer that flaps is marked, a stable one never is);
 *   net.flap_backoff  keepalives to a flapping peer are at least
 *                     NET_FLAP_KEEPALIVE apart.
 * A clock jump is a sleep: every client host is suspended while the virtual
 * clock moves on, and wakes with its overdue timers firing once. */
#include <stdlib.h>
#include <string.h>

#include "formfuzz/oracle.h"
#include "formfuzz/prop.h"
#include "gen.h"

#define MAX_CLIENTS 4
#define SETTLE FF_SIM_S(400)
#define EVENT_BUDGET 200000
#define LOG_MAX 128

/* What the harness saw of one client's view of one peer. */
typedef struct peer_log {
  ff_simtime changes[LOG_MAX]; /* ring of the latest up/down changes */
  unsigned nchanges;
  bool has_keepalive;
  ff_simtime last_keepalive;
} peer_log;

typedef struct observer {
  ff_simnet *net;
  peer_log log[MAX_CLIENTS][NET_REL_MAX_PEERS];
} observer;

static bool model_flapping(const peer_log *l, ff_simtime now) {
  ff_simtime since = now > NET_FLAP_WINDOW ? now - NET_FLAP_WINDOW : 0;
  unsigned recent = 0, kept = l->nchanges < LOG_MAX ? l->nchanges : LOG_MAX;
  for (unsigned i = 0; i < kept; i++) recent += l->changes[(l->nchanges - 1 - i) % LOG_MAX] >= since;
  return recent >= NET_FLAP_CHANGES;
}

static void observe(void *ctx, const net_rel_client *c, net_rel_event ev, unsigned peer) {
  observer *o = ctx;
  peer_log *l = &o->log[c->id][peer];
  ff_simtime now = ff_simnet_now(o->net);
  if (ev == NET_REL_KEEPALIVE) {
    if (l->has_keepalive && model_flapping(l, now))
      FF_INVARIANT(now - l->last_keepalive >= NET_FLAP_KEEPALIVE, "net.flap_backoff",
                   "client %u sent keepalives to flapping peer %u %llu ms apart", c->id, peer,
                   (unsigned long long)((now - l->last_keepalive) / 1000));
    l->has_keepalive = true;
    l->last_keepalive = now;
    return;
  }
  l->changes[l->nchanges++ % LOG_MAX] = now;
  bool want = model_flapping(l, now);
  FF_INVARIANT(net_rel_client_flapping(c, peer) == want, "net.flap",
               "client %u calls peer %u %s after %u changes, %s expected", c->id, peer,
               want ? "stable" : "flapping", l->nchanges, want ? "flapping" : "stable");
}

FF_PROPERTY(net_reliability) {
  ff_simnet *net = ff_simnet_new(ff_u8(in));
  observer *obs = calloc(1, sizeof *obs);
  if (!net || !obs) {
    ff_simnet_free(net), free(obs);
    return;
  }
  obs->net = net;
  size_t n = (size_t)ff_range(in, 2, MAX_CLIENTS);
  net_rel_server server;
  net_rel_client clients[MAX_CLIENTS];
  ff_simaddr addrs[NET_REL_MAX_PEERS];
  memset(addrs, 0, sizeof addrs);
  int snode = ff_simnet_node_add(net, FF_SIMNET_INTERNET, "server");
  ff_simaddr saddr = ff_simaddr_make(ff_simip_v4(203, 0, 113, 10), NET_REL_PORT);
  if (snode < 0 || ff_simnet_node_add_addr(net, snode, saddr.ip) != 0) goto out;
  memset(&server, 0, sizeof server);
  server.members = (1u << n) - 1;
  if (net_rel_server_attach(net, &server, snode) != 0) goto out;
  int nodes[MAX_CLIENTS];
  for (size_t i = 0; i < n; i++) {
    nodes[i] = ff_simnet_node_add(net, FF_SIMNET_INTERNET, "client");
    addrs[i] = ff_simaddr_make(ff_simip_v4(198, 51, 100, (uint8_t)(20 + i)), NET_REL_PORT);
    if (nodes[i] < 0 || ff_simnet_node_add_addr(net, nodes[i], addrs[i].ip) != 0) goto out;
  }
  for (size_t i = 0; i < n; i++) {
    if (net_rel_client_start(net, &clients[i], nodes[i], (unsigned)i, &saddr, addrs, 0x1000 + i) != 0) goto out;
    net_rel_client_observe(&clients[i], observe, obs);
  }

  ff_simnet_draw_from(net, in);
  for (unsigned steps = 0; steps < 24 && ff_more(in); steps++) {
    size_t who = ff_choose(in, n);
    switch (ff_choose(in, 6)) {
      case 0: ff_simnet_partition(net, nodes[who], 1); break;
      case 1: ff_simnet_heal(net); break;
      case 2: {
        ff_simlink l;
        ff_simnet_link_from_input(in, &l);
        ff_simnet_set_link(net, nodes[who], snode, &l);
        break;
      }
      case 3: server.members ^= 1u << who; break;
      case 4: { /* a clock jump: the client hosts sleep through a long stretch */
        ff_simtime to = ff_simnet_now(net) + FF_SIM_S(ff_range(in, 60, 3 * 3600));
        for (size_t i = 0; i < n; i++) net_rel_client_suspend(&clients[i]);
        FF_INVARIANT(ff_simnet_run_until(net, to, EVENT_BUDGET) != FF_SIMNET_BUDGET_SPENT, "net.busy_loop",
                     "event budget spent in a clock jump");
        for (size_t i = 0; i < n; i++) net_rel_client_resume(&clients[i]);
        break;
      }
      default: break;
    }
    FF_INVARIANT(ff_simnet_run_until(net, ff_simnet_now(net) + FF_SIM_S(ff_range(in, 1, 120)), EVENT_BUDGET) !=
                     FF_SIMNET_BUDGET_SPENT,
                 "net.busy_loop", "event budget spent");
  }
  /* Heal: partitions gone, links perfect, randomness back to the seed. */
  ff_simnet_draw_from(net, NULL);
  ff_simnet_heal(net);
  ff_simlink ideal = ff_simlink_ideal();
  for (size_t i = 0; i < n; i++) ff_simnet_set_link(net, nodes[i], snode, &ideal);
  ff_simnet_set_default_link(net, &ideal);
  FF_INVARIANT(ff_simnet_run_until(net, ff_simnet_now(net) + SETTLE, EVENT_BUDGET) != FF_SIMNET_BUDGET_SPENT,
               "net.busy_loop", "event budget spent while settling");
  ff_simtime elapsed = ff_simnet_now(net);
  for (size_t i = 0; i < n; i++) {
    net_rel_client *c = &clients[i];
    net_rel_client_refresh(c);
    uint64_t allowed = elapsed / NET_BACKOFF_BASE + 2;
    FF_INVARIANT(c->fetches_sent <= allowed, "net.busy_loop", "client %zu sent %llu fetches in %llu s", i,
                 (unsigned long long)c->fetches_sent, (unsigned long long)(elapsed / 1000000u));
    FF_INVARIANT(!c->last_backoff || (c->last_backoff >= NET_BACKOFF_BASE &&
                                      c->last_backoff <= NET_BACKOFF_MAX + NET_BACKOFF_MAX / 2),
                 "net.backoff", "client %zu backed off %llu us", i, (unsigned long long)c->last_backoff);
    FF_INVARIANT(c->view == server.members, "net.converge", "client %zu sees members %#x, the server has %#x (%s)", i,
                 c->view, server.members, c->running ? "loop running" : "loop ended");
    for (unsigned p = 0; p < n; p++) {
      if (p == i || !(c->view >> p & 1) || !(server.members >> i & 1)) continue;
      FF_INVARIANT(c->up[p], "net.lost_peer", "client %zu lost peer %u after the heal", i, p);
    }
  }
out:
  ff_simnet_free(net);
  free(obs);
}
