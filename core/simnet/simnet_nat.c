/* simnet NAT boxes, in RFC 4787 terms.
 *
 * Mapping (outbound, inside endpoint X:x sends to remote Y:y):
 *   endpoint-independent       reuse X:x's mapping whatever Y:y is;
 *   address-dependent          one mapping per (X:x, Y);
 *   address-and-port-dependent one mapping per (X:x, Y:y) ("symmetric").
 * A new mapping takes the next free external port upward from port_base
 * (wrapping to port_base after 65535). Every outbound packet refreshes its
 * mapping and records Y:y as a permitted remote of that mapping.
 *
 * Filtering (inbound from remote R:r to the public address, external port e):
 * the live mapping with external port e must exist, then
 *   endpoint-independent       any R:r passes;
 *   address-dependent          R must be a permitted remote's IP;
 *   address-and-port-dependent R:r must be a permitted remote.
 * A mapping, and each permitted remote, expires mapping_timeout after the last
 * outbound packet that used it; inbound packets do not refresh.
 *
 * Hairpinning (inside sends to the NAT's own public address): the source is
 * translated as for any outbound packet, then the packet is filtered and
 * translated inbound like one from outside; without hairpinning it is dropped.
 * A NAT translates one address family, its public address's; it drops others.
 */
#include <stdlib.h>
#include <string.h>

#include "simnet_internal.h"

ff_nat_config ff_nat_preset(ff_nat_type type) {
  ff_nat_config c;
  memset(&c, 0, sizeof c);
  c.mapping_timeout = FF_SIM_S(120);
  c.port_base = 10000;
  switch (type) {
    case FF_NAT_FULL_CONE:
      c.mapping = FF_NAT_MAP_ENDPOINT_INDEPENDENT;
      c.filtering = FF_NAT_FILTER_ENDPOINT_INDEPENDENT;
      break;
    case FF_NAT_RESTRICTED_CONE:
      c.mapping = FF_NAT_MAP_ENDPOINT_INDEPENDENT;
      c.filtering = FF_NAT_FILTER_ADDRESS_DEPENDENT;
      break;
    case FF_NAT_PORT_RESTRICTED_CONE:
      c.mapping = FF_NAT_MAP_ENDPOINT_INDEPENDENT;
      c.filtering = FF_NAT_FILTER_ADDRESS_PORT_DEPENDENT;
      break;
    case FF_NAT_SYMMETRIC:
      c.mapping = FF_NAT_MAP_ADDRESS_PORT_DEPENDENT;
      c.filtering = FF_NAT_FILTER_ADDRESS_PORT_DEPENDENT;
      break;
  }
  return c;
}

const char *ff_nat_type_name(ff_nat_type type) {
  switch (type) {
    case FF_NAT_FULL_CONE: return "full-cone";
    case FF_NAT_RESTRICTED_CONE: return "restricted-cone";
    case FF_NAT_PORT_RESTRICTED_CONE: return "port-restricted-cone";
    case FF_NAT_SYMMETRIC: return "symmetric";
  }
  return "?";
}

static bool expired(const sim_nat *nat, ff_simtime last_out, ff_simtime now) {
  return now - last_out >= nat->cfg.mapping_timeout;
}

/* Removes expired mappings, keeping the order of the others (determinism). */
static void sweep(sim_nat *nat, ff_simtime now) {
  size_t kept = 0;
  for (size_t i = 0; i < nat->n_maps; i++) {
    if (expired(nat, nat->maps[i].last_out, now)) {
      free(nat->maps[i].perms);
      continue;
    }
    nat->maps[kept++] = nat->maps[i];
  }
  nat->n_maps = kept;
}

size_t ff_simnet_nat_mappings(ff_simnet *net, int nat) {
  if (!sim_valid_node(net, nat) || !net->nodes[nat].nat) return 0;
  sweep(net->nodes[nat].nat, net->now);
  return net->nodes[nat].nat->n_maps;
}

/* The part of the remote a mapping depends on. */
static ff_simaddr remote_key(const sim_nat *nat, const ff_simaddr *remote) {
  ff_simaddr key;
  memset(&key, 0, sizeof key);
  if (nat->cfg.mapping == FF_NAT_MAP_ADDRESS_DEPENDENT) key.ip = remote->ip;
  if (nat->cfg.mapping == FF_NAT_MAP_ADDRESS_PORT_DEPENDENT) key = *remote;
  return key;
}

static bool port_in_use(const sim_nat *nat, uint16_t port) {
  for (size_t i = 0; i < nat->n_maps; i++)
    if (nat->maps[i].ext_port == port) return true;
  return false;
}

static int allocate_port(sim_nat *nat, uint16_t *out) {
  uint32_t span = 65536u - nat->cfg.port_base;
  for (uint32_t tries = 0; tries < span; tries++) {
    uint16_t port = nat->next_port;
    nat->next_port = port == 65535 ? nat->cfg.port_base : (uint16_t)(port + 1);
    if (!port_in_use(nat, port)) {
      *out = port;
      return 0;
    }
  }
  return -1;
}

static sim_nat_map *find_outbound(sim_nat *nat, const ff_simaddr *inside, const ff_simaddr *key) {
  for (size_t i = 0; i < nat->n_maps; i++)
    if (ff_simaddr_equal(&nat->maps[i].inside, inside) &&
        ff_simaddr_equal(&nat->maps[i].remote_key, key))
      return &nat->maps[i];
  return NULL;
}

static int permit(sim_nat_map *m, const ff_simaddr *remote, ff_simtime now) {
  for (size_t i = 0; i < m->n_perms; i++) {
    if (ff_simaddr_equal(&m->perms[i].remote, remote)) {
      m->perms[i].last_out = now;
      return 0;
    }
  }
  if (m->n_perms == m->cap_perms) {
    size_t cap = m->cap_perms ? m->cap_perms * 2 : 4;
    sim_nat_perm *grown = realloc(m->perms, cap * sizeof *grown);
    if (!grown) return -1;
    m->perms = grown;
    m->cap_perms = cap;
  }
  m->perms[m->n_perms].remote = *remote;
  m->perms[m->n_perms].last_out = now;
  m->n_perms++;
  return 0;
}

static sim_nat_map *new_mapping(ff_simnet *net, sim_nat *nat, const ff_simaddr *inside,
                                const ff_simaddr *key, ff_simdrop *why) {
  uint16_t port;
  if (allocate_port(nat, &port) != 0) {
    *why = FF_SIMDROP_NAT_EXHAUSTED;
    return NULL;
  }
  if (nat->n_maps == nat->cap_maps) {
    size_t cap = nat->cap_maps ? nat->cap_maps * 2 : 8;
    sim_nat_map *grown = realloc(nat->maps, cap * sizeof *grown);
    if (!grown) {
      *why = FF_SIMDROP_NO_MEMORY;
      return NULL;
    }
    nat->maps = grown;
    nat->cap_maps = cap;
  }
  sim_nat_map *m = &nat->maps[nat->n_maps++];
  memset(m, 0, sizeof *m);
  m->inside = *inside;
  m->remote_key = *key;
  m->ext_port = port;
  m->last_out = net->now;
  return m;
}

ff_simdrop sim_nat_outbound(ff_simnet *net, int nat_id, sim_packet *p) {
  sim_node *node = &net->nodes[nat_id];
  sim_nat *nat = node->nat;
  const ff_simip *pub = &node->addrs[0];
  if (p->src.ip.family != pub->family) return FF_SIMDROP_NAT_FAMILY;
  sweep(nat, net->now);
  ff_simaddr key = remote_key(nat, &p->dst);
  sim_nat_map *m = find_outbound(nat, &p->src, &key);
  if (!m) {
    ff_simdrop why = FF_SIMDROP_NONE;
    m = new_mapping(net, nat, &p->src, &key, &why);
    if (!m) return why;
    ff_simaddr ext = ff_simaddr_make(*pub, m->ext_port);
    sim_trace_add(net, FF_SIMEV_NAT_MAP, FF_SIMDROP_NONE, nat_id, p->id, &p->src, &ext, 0);
  }
  m->last_out = net->now;
  if (permit(m, &p->dst, net->now) != 0) return FF_SIMDROP_NO_MEMORY;
  p->src = ff_simaddr_make(*pub, m->ext_port);
  return FF_SIMDROP_NONE;
}

static bool filter_passes(const sim_nat *nat, const sim_nat_map *m, const ff_simaddr *remote,
                          ff_simtime now) {
  if (nat->cfg.filtering == FF_NAT_FILTER_ENDPOINT_INDEPENDENT) return true;
  for (size_t i = 0; i < m->n_perms; i++) {
    const sim_nat_perm *perm = &m->perms[i];
    if (expired(nat, perm->last_out, now)) continue;
    if (!ff_simip_equal(&perm->remote.ip, &remote->ip)) continue;
    if (nat->cfg.filtering == FF_NAT_FILTER_ADDRESS_DEPENDENT) return true;
    if (perm->remote.port == remote->port) return true;
  }
  return false;
}

ff_simdrop sim_nat_inbound(ff_simnet *net, int nat_id, sim_packet *p) {
  sim_nat *nat = net->nodes[nat_id].nat;
  sweep(nat, net->now);
  for (size_t i = 0; i < nat->n_maps; i++) {
    sim_nat_map *m = &nat->maps[i];
    if (m->ext_port != p->dst.port) continue;
    if (!filter_passes(nat, m, &p->src, net->now)) return FF_SIMDROP_NAT_FILTERED;
    p->dst = m->inside;
    return FF_SIMDROP_NONE;
  }
  return FF_SIMDROP_NAT_NO_MAPPING;
}

void sim_nat_free(sim_nat *nat) {
  for (size_t i = 0; i < nat->n_maps; i++) free(nat->maps[i].perms);
  free(nat->maps);
  free(nat);
}
