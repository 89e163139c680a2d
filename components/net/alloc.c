/* Peer IP allocation (§1.4): lowest free assignable address of the root,
 * reservations for begun joins so interleaved joins never share an address,
 * idempotent re-join, exhaustion as an error, leave as disable. */
#include <string.h>

#include "formfuzz/bug.h"
#include "formfuzz/fault.h"
#include "net_alloc.h"

void net_registry_init(net_registry *r, const net_ipnet *root) {
  memset(r, 0, sizeof *r);
  r->root = *root;
}

bool net_registry_first_host(const net_registry *r, net_ip *out) {
  net_ip ip = r->root.addr;
  do {
    if (net_ipnet_is_assignable(&r->root, &ip)) {
      *out = ip;
      return true;
    }
  } while (net_ip_next(&ip) && net_ipnet_contains(&r->root, &ip));
  return false;
}

net_peer *net_registry_find_name(net_registry *r, const char *name) {
  for (size_t i = 0; i < NET_MAX_PEERS; i++)
    if (r->peers[i].used && strcmp(r->peers[i].name, name) == 0) return &r->peers[i];
  return NULL;
}

net_peer *net_registry_find_ip(net_registry *r, const net_ip *ip) {
  for (size_t i = 0; i < NET_MAX_PEERS; i++)
    if (r->peers[i].used && net_ip_equal(&r->peers[i].ip, ip)) return &r->peers[i];
  return NULL;
}

static bool ip_taken(const net_registry *r, const net_ip *ip) {
  for (size_t i = 0; i < NET_MAX_PEERS; i++)
    if (r->peers[i].used && net_ip_equal(&r->peers[i].ip, ip)) return true;
  /* Replica net.alloc_race: the allocator reads only the applied peer list, as
   * the CRDT build does while earlier joins are still queued. */
  if (FF_BUG("net.alloc_race")) return false;
  for (size_t i = 0; i < NET_MAX_PENDING; i++)
    if (r->pending[i].active && !r->pending[i].rejoin && net_ip_equal(&r->pending[i].ip, ip))
      return true;
  return false;
}

static net_err lowest_free(const net_registry *r, net_ip *out) {
  net_ip ip = r->root.addr;
  do {
    if (net_ipnet_is_assignable(&r->root, &ip) && !ip_taken(r, &ip)) {
      *out = ip;
      return NET_OK;
    }
    if (!net_ip_next(&ip)) break;
  } while (net_ipnet_contains(&r->root, &ip));
  return NET_E_EXHAUSTED;
}

net_err net_join_begin(net_registry *r, const char *name, const net_key *key, const uint8_t owner[20],
                       bool is_admin, int *slot, net_ip *ip) {
  size_t nlen = strlen(name);
  if (nlen > NET_NAME_MAX || !net_hostname_valid(name, nlen)) return NET_E_INVALID;
  int free_slot = -1;
  for (int i = 0; i < NET_MAX_PENDING; i++) {
    net_join_ticket *t = &r->pending[i];
    if (!t->active) {
      if (free_slot < 0) free_slot = i;
      continue;
    }
    if (strcmp(t->name, name) == 0 || (net_key_equal(&t->key, key) && !FF_BUG("net.peer_key_dup")))
      return NET_E_EXISTS;
  }
  if (free_slot < 0) return NET_E_LIMIT;
  net_join_ticket ticket; /* written to the slot only when the join may begin */
  net_join_ticket *t = &ticket;
  memset(t, 0, sizeof *t);
  for (size_t i = 0; i < NET_MAX_PEERS; i++) {
    const net_peer *p = &r->peers[i];
    if (!p->used) continue;
    bool same_name = strcmp(p->name, name) == 0, same_key = net_key_equal(&p->key, key);
    if (same_name && same_key && !p->is_disabled) {
      t->rejoin = true;
      t->ip = p->ip;
    } else if (same_name || (same_key && !FF_BUG("net.peer_key_dup"))) {
      /* Replica net.peer_key_dup: the CRDT peer create has no UNIQUE(public_key)
       * and add_peer checks the id only, so another name may take a key (§1.3). */
      return NET_E_EXISTS;
    }
  }
  if (!t->rejoin) {
    net_err e = lowest_free(r, &t->ip);
    if (e != NET_OK) return e;
  }
  t->active = true;
  memcpy(t->name, name, nlen + 1);
  t->key = *key;
  memcpy(t->owner, owner, 20);
  t->is_admin = is_admin;
  r->pending[free_slot] = ticket;
  *slot = free_slot;
  *ip = t->ip;
  return NET_OK;
}

net_err net_join_commit(net_registry *r, int slot) {
  if (slot < 0 || slot >= NET_MAX_PENDING || !r->pending[slot].active) return NET_E_NOT_FOUND;
  net_join_ticket *t = &r->pending[slot];
  /* The peer record is written here (the CRDT queue write); a failed write
   * leaves the registry as it was, the join still pending. */
  if (!t->rejoin && ff_fault("storage.write")) return NET_E_IO;
  t->active = false;
  if (t->rejoin) return NET_OK;
  for (size_t i = 0; i < NET_MAX_PEERS; i++) {
    net_peer *p = &r->peers[i];
    if (p->used) continue;
    memset(p, 0, sizeof *p);
    p->used = true;
    memcpy(p->name, t->name, sizeof p->name);
    p->ip = t->ip;
    p->key = t->key;
    memcpy(p->owner, t->owner, 20);
    p->is_admin = t->is_admin;
    return NET_OK;
  }
  return NET_E_EXHAUSTED;
}

net_err net_join(net_registry *r, const char *name, const net_key *key, const uint8_t owner[20],
                 bool is_admin, net_ip *ip) {
  net_join_ticket saved[NET_MAX_PENDING];
  memcpy(saved, r->pending, sizeof saved);
  int slot;
  net_err e = net_join_begin(r, name, key, owner, is_admin, &slot, ip);
  if (e != NET_OK) return e;
  e = net_join_commit(r, slot);
  if (e == NET_OK) return NET_OK;
  memcpy(r->pending, saved, sizeof saved); /* all or nothing */
  /* Replica net.join_queued_ok: the CRDT peer create queues the write and
   * answers Ok before the state has applied it, so a write that fails still
   * hands the joiner an address nobody holds (§1.3, §1.4). */
  return e == NET_E_IO && FF_BUG("net.join_queued_ok") ? NET_OK : e;
}

net_err net_leave(net_registry *r, const char *name) {
  net_peer *p = net_registry_find_name(r, name);
  if (!p) return NET_E_NOT_FOUND;
  p->is_disabled = true;
  return NET_OK;
}

size_t net_registry_count(const net_registry *r, bool include_disabled) {
  size_t n = 0;
  for (size_t i = 0; i < NET_MAX_PEERS; i++)
    if (r->peers[i].used && (include_disabled || !r->peers[i].is_disabled)) n++;
  return n;
}
