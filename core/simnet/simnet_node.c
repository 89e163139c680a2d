/* simnet nodes: hosts and NATs, their realms and addresses, bound ports, and
 * the last step of a packet's life: delivery to a receive callback or inbox
 * (where the fault plan's net.recv site may still drop it). */
#include <stdlib.h>
#include <string.h>

#include "formfuzz/fault.h"
#include "simnet_internal.h"

#define EPHEMERAL_FIRST 49152u

static int add_node(ff_simnet *net, int realm, const char *name) {
  if (realm != FF_SIMNET_INTERNET && (!sim_valid_node(net, realm) || !net->nodes[realm].nat))
    return sim_fail(net, "realm %d is neither FF_SIMNET_INTERNET nor a NAT", realm);
  if (net->n_nodes == net->cap_nodes) {
    size_t cap = net->cap_nodes ? net->cap_nodes * 2 : 8;
    sim_node *grown = realloc(net->nodes, cap * sizeof *grown);
    if (!grown) return sim_fail(net, "out of memory adding a node");
    net->nodes = grown;
    net->cap_nodes = cap;
  }
  int id = (int)net->n_nodes;
  sim_node *n = &net->nodes[id];
  memset(n, 0, sizeof *n);
  snprintf(n->name, sizeof n->name, "%s", name && *name ? name : "node");
  n->realm = realm;
  net->n_nodes++;
  return id;
}

int ff_simnet_node_add(ff_simnet *net, int realm, const char *name) {
  return add_node(net, realm, name);
}

int sim_owner_in_realm(const ff_simnet *net, int realm, const ff_simip *ip) {
  for (size_t i = 0; i < net->n_nodes; i++) {
    const sim_node *n = &net->nodes[i];
    if (n->realm != realm) continue;
    for (size_t k = 0; k < n->n_addrs; k++)
      if (ff_simip_equal(&n->addrs[k], ip)) return (int)i;
  }
  return -1;
}

static int add_addr(ff_simnet *net, int node, ff_simip ip) {
  sim_node *n = &net->nodes[node];
  if (ip.family != 4 && ip.family != 6) return sim_fail(net, "address family must be 4 or 6");
  if (n->n_addrs == FF_SIMNET_MAX_ADDRS)
    return sim_fail(net, "node %s already has %d addresses", n->name, FF_SIMNET_MAX_ADDRS);
  if (sim_owner_in_realm(net, n->realm, &ip) >= 0) {
    char text[FF_SIMADDR_STRLEN];
    return sim_fail(net, "address %s is already used in this realm",
                    ff_simip_format(&ip, text, sizeof text));
  }
  n->addrs[n->n_addrs++] = ip;
  return 0;
}

int ff_simnet_node_add_addr(ff_simnet *net, int node, ff_simip ip) {
  if (!sim_valid_node(net, node)) return sim_fail(net, "no node %d", node);
  if (net->nodes[node].nat) return sim_fail(net, "a NAT has exactly one (public) address");
  return add_addr(net, node, ip);
}

int ff_simnet_nat_add(ff_simnet *net, int realm, ff_simip public_ip, const ff_nat_config *cfg,
                      const char *name) {
  sim_nat *nat = calloc(1, sizeof *nat);
  if (!nat) return sim_fail(net, "out of memory adding a NAT");
  nat->cfg = *cfg;
  if (nat->cfg.port_base == 0) nat->cfg.port_base = 1;
  nat->next_port = nat->cfg.port_base;
  int id = add_node(net, realm, name);
  if (id < 0) {
    free(nat);
    return -1;
  }
  if (add_addr(net, id, public_ip) != 0) {
    net->n_nodes--;
    free(nat);
    return -1;
  }
  net->nodes[id].nat = nat;
  return id;
}

size_t ff_simnet_node_count(const ff_simnet *net) { return net->n_nodes; }

const char *ff_simnet_node_name(const ff_simnet *net, int node) {
  return sim_valid_node(net, node) ? net->nodes[node].name : "?";
}

int ff_simnet_node_realm(const ff_simnet *net, int node) {
  return sim_valid_node(net, node) ? net->nodes[node].realm : FF_SIMNET_INTERNET;
}

bool ff_simnet_node_is_nat(const ff_simnet *net, int node) {
  return sim_valid_node(net, node) && net->nodes[node].nat != NULL;
}

bool ff_simnet_node_addr(const ff_simnet *net, int node, size_t i, ff_simip *out) {
  if (!sim_valid_node(net, node) || i >= net->nodes[node].n_addrs) return false;
  *out = net->nodes[node].addrs[i];
  return true;
}

/* ---- ports ---- */

bool ff_simnet_is_bound(const ff_simnet *net, int node, uint16_t port) {
  if (!sim_valid_node(net, node)) return false;
  const sim_node *n = &net->nodes[node];
  for (size_t i = 0; i < n->n_ports; i++)
    if (n->ports[i] == port) return true;
  return false;
}

int ff_simnet_bind(ff_simnet *net, int node, uint16_t port) {
  if (!sim_valid_node(net, node)) return sim_fail(net, "no node %d", node);
  sim_node *n = &net->nodes[node];
  if (n->nat) return sim_fail(net, "cannot bind on NAT %s", n->name);
  if (port == 0) {
    for (uint32_t p = EPHEMERAL_FIRST; p <= 65535 && port == 0; p++)
      if (!ff_simnet_is_bound(net, node, (uint16_t)p)) port = (uint16_t)p;
    if (port == 0) return sim_fail(net, "no free ephemeral port on %s", n->name);
  } else if (ff_simnet_is_bound(net, node, port)) {
    return sim_fail(net, "port %u already bound on %s", port, n->name);
  }
  if (n->n_ports == n->cap_ports) {
    size_t cap = n->cap_ports ? n->cap_ports * 2 : 4;
    uint16_t *grown = realloc(n->ports, cap * sizeof *grown);
    if (!grown) return sim_fail(net, "out of memory binding a port");
    n->ports = grown;
    n->cap_ports = cap;
  }
  n->ports[n->n_ports++] = port;
  return port;
}

int ff_simnet_unbind(ff_simnet *net, int node, uint16_t port) {
  if (!sim_valid_node(net, node)) return sim_fail(net, "no node %d", node);
  sim_node *n = &net->nodes[node];
  for (size_t i = 0; i < n->n_ports; i++) {
    if (n->ports[i] == port) {
      memmove(&n->ports[i], &n->ports[i + 1], (n->n_ports - i - 1) * sizeof *n->ports);
      n->n_ports--;
      return 0;
    }
  }
  return sim_fail(net, "port %u is not bound on %s", port, n->name);
}

/* ---- delivery ---- */

void ff_simnet_set_receiver(ff_simnet *net, int node, ff_simnet_recv_fn fn, void *ctx) {
  if (!sim_valid_node(net, node)) return;
  net->nodes[node].on_recv = fn;
  net->nodes[node].recv_ctx = ctx;
}

static void dgram_of(const sim_packet *p, ff_simtime at, ff_simdgram *d) {
  d->src = p->src;
  d->dst = p->dst;
  d->data = p->data;
  d->len = p->len;
  d->sent_at = p->sent_at;
  d->at = at;
  d->id = p->id;
  d->hops = p->hops;
  d->corrupted = p->corrupted;
  d->duplicate = p->duplicate;
}

static int inbox_push(sim_inbox *box, sim_packet *p, ff_simtime at) {
  if (!box->slot) {
    box->slot = calloc(FF_SIMNET_INBOX_CAP, sizeof *box->slot);
    box->at = calloc(FF_SIMNET_INBOX_CAP, sizeof *box->at);
    if (!box->slot || !box->at) return -1;
  }
  size_t tail = (box->head + box->n) % FF_SIMNET_INBOX_CAP;
  box->slot[tail] = p;
  box->at[tail] = at;
  box->n++;
  return 0;
}

void sim_deliver(ff_simnet *net, int node, sim_packet *p) {
  sim_node *n = &net->nodes[node];
  if (!ff_simnet_is_bound(net, node, p->dst.port)) {
    sim_packet_drop(net, p, node, FF_SIMDROP_PORT_CLOSED);
    return;
  }
  if (ff_fault("net.recv")) {
    sim_packet_drop(net, p, node, FF_SIMDROP_FAULT);
    return;
  }
  if (!n->on_recv && n->inbox.n == FF_SIMNET_INBOX_CAP) {
    sim_packet_drop(net, p, node, FF_SIMDROP_INBOX_FULL);
    return;
  }
  if (!n->on_recv && inbox_push(&n->inbox, p, net->now) != 0) {
    sim_packet_drop(net, p, node, FF_SIMDROP_NO_MEMORY);
    return;
  }
  sim_trace_add(net, FF_SIMEV_DELIVER, FF_SIMDROP_NONE, node, p->id, &p->src, &p->dst, p->len);
  net->stats.delivered++;
  net->stats.in_flight--;
  if (n->on_recv) {
    ff_simdgram d;
    dgram_of(p, net->now, &d);
    n->on_recv(net, node, &d, n->recv_ctx);
    free(p);
  }
}

bool ff_simnet_recv(ff_simnet *net, int node, ff_simdgram *d, uint8_t *buf, size_t cap) {
  if (!sim_valid_node(net, node)) return false;
  sim_inbox *box = &net->nodes[node].inbox;
  if (box->n == 0) return false;
  sim_packet *p = box->slot[box->head];
  ff_simtime at = box->at[box->head];
  box->head = (box->head + 1) % FF_SIMNET_INBOX_CAP;
  box->n--;
  dgram_of(p, at, d);
  d->len = p->len < cap ? p->len : cap;
  if (d->len) memcpy(buf, p->data, d->len);
  d->data = buf;
  free(p);
  return true;
}

size_t ff_simnet_inbox_len(const ff_simnet *net, int node) {
  return sim_valid_node(net, node) ? net->nodes[node].inbox.n : 0;
}

void sim_node_free(sim_node *n) {
  for (size_t i = 0; i < n->inbox.n; i++)
    free(n->inbox.slot[(n->inbox.head + i) % FF_SIMNET_INBOX_CAP]);
  free(n->inbox.slot);
  free(n->inbox.at);
  free(n->ports);
  if (n->nat) sim_nat_free(n->nat);
}
