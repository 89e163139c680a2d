/* The CIDR tree (§1.3): containment, closest-parent, sibling and root
 * non-overlap, unique names and networks, no children under a CIDR with peers. */
#include <string.h>

#include "formfuzz/bug.h"
#include "net_alloc.h"

void net_cidr_tree_init(net_cidr_tree *t) { memset(t, 0, sizeof *t); }

int net_cidr_find(const net_cidr_tree *t, const char *name) {
  for (int i = 0; i < NET_MAX_CIDRS; i++)
    if (t->c[i].used && strcmp(t->c[i].name, name) == 0) return i;
  return -1;
}

bool net_ipnet_overlap(const net_ipnet *a, const net_ipnet *b) {
  if (a->addr.family != b->addr.family) return false;
  return net_ipnet_contains(a, &b->addr) || net_ipnet_contains(b, &a->addr);
}

static bool strictly_inside(const net_ipnet *parent, const net_ipnet *child) {
  net_ip last = net_ipnet_last(child);
  return child->prefix > parent->prefix && net_ipnet_contains(parent, &child->addr) &&
         net_ipnet_contains(parent, &last);
}

/* The CRDT build's containment: the same network counts as containing. */
static bool contains_net(const net_ipnet *outer, const net_ipnet *inner) {
  net_ip last = net_ipnet_last(inner);
  return inner->prefix >= outer->prefix && net_ipnet_contains(outer, &inner->addr) &&
         net_ipnet_contains(outer, &last);
}

net_err net_cidr_add(net_cidr_tree *t, const char *name, const net_ipnet *net, const char *parent) {
  /* Replica net.cidr_unchecked: the CRDT build (server/src/db/cidr.rs) has
   * neither the SQLite build's UNIQUE(name) and UNIQUE(ip, prefix) nor its
   * check that the parent contains the child's network and broadcast; the
   * record is keyed by name (a create overwrites), and only the closest
   * containing CIDR and the sibling rule are checked (§1.3, §6.3). */
  bool crdt = FF_BUG("net.cidr_unchecked");
  size_t nlen = strlen(name);
  if (nlen > NET_NAME_MAX || !net_hostname_valid(name, nlen)) return NET_E_INVALID;
  int same_name = net_cidr_find(t, name);
  if (same_name >= 0 && !crdt) return NET_E_EXISTS;
  int p = -1;
  if (parent) {
    p = net_cidr_find(t, parent);
    if (p < 0) return NET_E_NOT_FOUND;
    if (t->c[p].peers) return NET_E_INVALID;
    if (!crdt && !strictly_inside(&t->c[p].net, net)) return NET_E_OVERLAP;
  }
  int closest = -1;
  for (int i = 0; i < NET_MAX_CIDRS; i++) {
    const net_cidr *c = &t->c[i];
    if (!c->used || i == same_name) continue;
    if (!crdt && c->net.addr.family == net->addr.family && c->net.prefix == net->prefix &&
        net_ip_equal(&c->net.addr, &net->addr))
      return NET_E_EXISTS;
    bool in = crdt ? contains_net(&c->net, net) : strictly_inside(&c->net, net);
    if (in && (closest < 0 || c->net.prefix > t->c[closest].net.prefix)) closest = i;
    if (c->parent == p && net_ipnet_overlap(&c->net, net)) return NET_E_OVERLAP;
  }
  if (closest != p) return NET_E_OVERLAP;
  for (int i = same_name >= 0 ? same_name : 0; i < NET_MAX_CIDRS; i++) {
    if (t->c[i].used && i != same_name) continue;
    net_cidr *c = &t->c[i];
    c->used = true;
    memcpy(c->name, name, nlen + 1);
    c->net = *net;
    c->parent = p;
    c->peers = 0;
    return NET_OK;
  }
  return NET_E_EXHAUSTED;
}
