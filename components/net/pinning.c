/* Client-side IP-to-key pinning (§1.7 DataStore::update_peers), made
 * all-or-nothing: a conflicting list changes nothing. */
#include <string.h>

#include "net_alloc.h"

void net_pin_store_init(net_pin_store *s) { memset(s, 0, sizeof *s); }

static net_pin *find(net_pin_store *s, const net_ip *ip) {
  for (size_t i = 0; i < NET_MAX_PEERS; i++)
    if (s->p[i].used && net_ip_equal(&s->p[i].ip, ip)) return &s->p[i];
  return NULL;
}

net_err net_pin_update(net_pin_store *s, const net_ip *ips, const net_key *keys, size_t n) {
  size_t fresh = 0, free_slots = 0;
  for (size_t i = 0; i < NET_MAX_PEERS; i++) free_slots += !s->p[i].used;
  for (size_t i = 0; i < n; i++) {
    for (size_t j = 0; j < i; j++)
      if (net_ip_equal(&ips[i], &ips[j]) && !net_key_equal(&keys[i], &keys[j])) return NET_E_PINNING;
    net_pin *p = find(s, &ips[i]);
    if (p && !net_key_equal(&p->key, &keys[i])) return NET_E_PINNING;
    bool dup = false;
    for (size_t j = 0; j < i; j++) dup |= net_ip_equal(&ips[i], &ips[j]);
    if (!p && !dup) fresh++;
  }
  if (fresh > free_slots) return NET_E_EXHAUSTED;
  for (size_t i = 0; i < NET_MAX_PEERS; i++) {
    net_pin *p = &s->p[i];
    if (!p->used) continue;
    bool listed = false;
    for (size_t j = 0; j < n && !listed; j++) listed = net_ip_equal(&p->ip, &ips[j]);
    p->disabled = !listed;
  }
  for (size_t i = 0; i < n; i++) {
    if (find(s, &ips[i])) continue;
    for (size_t j = 0; j < NET_MAX_PEERS; j++) {
      if (s->p[j].used) continue;
      s->p[j] = (net_pin){.used = true, .ip = ips[i], .key = keys[i], .disabled = false};
      break;
    }
  }
  return NET_OK;
}
