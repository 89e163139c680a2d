/* simnet routing: sending a datagram, choosing each hop (LAN peer in the same
 * realm, else up to the realm's NAT), and what happens when a packet arrives
 * at a node: NAT translation (outbound, inbound, hairpin) or delivery. */
#include <string.h>

#include "formfuzz/fault.h"
#include "simnet_internal.h"

int ff_simnet_send(ff_simnet *net, int node, uint16_t src_port, const ff_simaddr *dst,
                   const void *data, size_t len) {
  if (!sim_valid_node(net, node)) return sim_fail(net, "no node %d", node);
  sim_node *n = &net->nodes[node];
  if (n->nat) return sim_fail(net, "NAT %s does not send datagrams of its own", n->name);
  if (len > FF_SIMNET_MAX_PAYLOAD)
    return sim_fail(net, "datagram of %zu bytes is larger than %d", len, FF_SIMNET_MAX_PAYLOAD);
  if (!ff_simnet_is_bound(net, node, src_port))
    return sim_fail(net, "port %u is not bound on %s", src_port, n->name);
  const ff_simip *src_ip = NULL;
  for (size_t i = 0; i < n->n_addrs && !src_ip; i++)
    if (n->addrs[i].family == dst->ip.family) src_ip = &n->addrs[i];
  if (!src_ip) return sim_fail(net, "%s has no IPv%u address", n->name, dst->ip.family);
  if (ff_fault("net.send")) return sim_fail(net, "send failed: fault net.send injected");
  sim_packet *p = sim_packet_new(net, data, len);
  if (!p) return sim_fail(net, "out of memory sending %zu bytes", len);
  p->src = ff_simaddr_make(*src_ip, src_port);
  p->dst = *dst;
  p->sent_at = net->now;
  net->stats.sent++;
  net->stats.in_flight++;
  sim_trace_add(net, FF_SIMEV_SEND, FF_SIMDROP_NONE, node, p->id, &p->src, &p->dst, p->len);
  sim_forward(net, node, n->realm, p);
  return 0;
}

void sim_forward(ff_simnet *net, int at, int realm, sim_packet *p) {
  int owner = sim_owner_in_realm(net, realm, &p->dst.ip);
  if (owner >= 0) {
    sim_link_transmit(net, at, owner, p);
  } else if (realm != FF_SIMNET_INTERNET) {
    sim_link_transmit(net, at, realm, p); /* up to this realm's NAT */
  } else {
    sim_packet_drop(net, p, at, FF_SIMDROP_UNROUTABLE);
  }
}

static void nat_arrive(ff_simnet *net, int from, int nat, sim_packet *p) {
  sim_node *n = &net->nodes[nat];
  bool for_public = ff_simip_equal(&p->dst.ip, &n->addrs[0]);
  ff_simdrop why = FF_SIMDROP_NONE;
  if (net->nodes[from].realm == nat) { /* from inside */
    if (for_public && !n->nat->cfg.hairpin) why = FF_SIMDROP_NAT_HAIRPIN;
    if (why == FF_SIMDROP_NONE) why = sim_nat_outbound(net, nat, p);
    if (why == FF_SIMDROP_NONE && for_public) why = sim_nat_inbound(net, nat, p);
    if (why == FF_SIMDROP_NONE) sim_forward(net, nat, for_public ? nat : n->realm, p);
  } else if (for_public) {
    why = sim_nat_inbound(net, nat, p);
    if (why == FF_SIMDROP_NONE) sim_forward(net, nat, nat, p);
  } else {
    why = FF_SIMDROP_UNROUTABLE;
  }
  if (why != FF_SIMDROP_NONE) sim_packet_drop(net, p, nat, why);
}

void sim_arrive(ff_simnet *net, int from, int node, sim_packet *p) {
  ff_simdrop blocked = sim_link_blocked(net, from, node);
  if (blocked != FF_SIMDROP_NONE) {
    sim_packet_drop(net, p, node, blocked);
    return;
  }
  sim_node *n = &net->nodes[node];
  if (n->nat) {
    nat_arrive(net, from, node, p);
    return;
  }
  for (size_t i = 0; i < n->n_addrs; i++) {
    if (ff_simip_equal(&n->addrs[i], &p->dst.ip)) {
      sim_deliver(net, node, p);
      return;
    }
  }
  sim_packet_drop(net, p, node, FF_SIMDROP_UNROUTABLE);
}
