/* Reference checks shared by fuzzers and properties (see refs.h). */
#include <string.h>

#include "formfuzz/oracle.h"
#include "refs.h"

static bool inside(const net_ipnet *parent, const net_ipnet *child) {
  net_ip last = net_ipnet_last(child);
  return child->prefix > parent->prefix && net_ipnet_contains(parent, &child->addr) &&
         net_ipnet_contains(parent, &last);
}

void net_check_cidr_tree(const net_cidr_tree *t) {
  for (int i = 0; i < NET_MAX_CIDRS; i++) {
    const net_cidr *c = &t->c[i];
    if (!c->used) continue;
    if (c->parent >= 0) {
      const net_cidr *p = &t->c[c->parent];
      FF_INVARIANT(p->used && inside(&p->net, &c->net), "net.cidr_tree", "%s is not inside its parent", c->name);
    }
    for (int j = 0; j < NET_MAX_CIDRS; j++) {
      const net_cidr *o = &t->c[j];
      if (j == i || !o->used) continue;
      FF_INVARIANT(strcmp(o->name, c->name) != 0, "net.cidr_tree", "name %s twice", c->name);
      FF_INVARIANT(!(o->net.prefix == c->net.prefix && net_ip_equal(&o->net.addr, &c->net.addr)), "net.cidr_tree",
                   "%s and %s are the same network", c->name, o->name);
      FF_INVARIANT(o->parent != c->parent || !net_ipnet_overlap(&o->net, &c->net), "net.cidr_tree",
                   "siblings %s and %s overlap", c->name, o->name);
      FF_INVARIANT(c->parent < 0 || !(inside(&t->c[c->parent].net, &o->net) && inside(&o->net, &c->net)),
                   "net.cidr_tree", "%s lies between %s and its parent", o->name, c->name);
    }
  }
}

net_err net_timestring_reference(const char *s, size_t len, uint64_t *out) {
  static const char units[] = "smhdw";
  static const unsigned __int128 mult[] = {1, 60, 3600, 86400, 604800};
  if (len < 2) return NET_E_SYNTAX;
  const char *u = memchr(units, s[len - 1], 5);
  if (!u || !s[len - 1]) return NET_E_SYNTAX;
  unsigned __int128 v = 0;
  bool big = false;
  for (size_t i = 0; i + 1 < len; i++) {
    if (s[i] < '0' || s[i] > '9') return NET_E_SYNTAX;
    v = v * 10 + (unsigned)(s[i] - '0');
    if (v > UINT64_MAX) big = true, v = (unsigned __int128)UINT64_MAX + 1;
  }
  v *= mult[u - units];
  if (big || v > UINT64_MAX) return NET_E_RANGE;
  *out = (uint64_t)v;
  return NET_OK;
}
