/* dns health tracker: per-address state with hysteresis (a run of
 * DNS_HEALTH_FALL failures marks an address Unavailable, a run of
 * DNS_HEALTH_RISE successes brings it back), expiry of stale marks, and the
 * poll of form-state's node list that feeds both (fault site net.recv: a list
 * that does not arrive changes nothing). */
#include <string.h>

#include "formfuzz/fault.h"
#include "dns_geo.h"

void dns_health_init(dns_health *h) { memset(h, 0, sizeof *h); }

static dns_health_entry *find(const dns_health *h, const dns_ip *addr) {
  for (size_t i = 0; i < DNS_HEALTH_MAX; i++)
    if (h->e[i].used && dns_ip_same_addr(&h->e[i].addr, addr)) return (dns_health_entry *)&h->e[i];
  return NULL;
}

void dns_health_observe(dns_health *h, const dns_ip *addr, bool ok, uint64_t now) {
  dns_health_entry *e = find(h, addr);
  if (!e) {
    for (size_t i = 0; i < DNS_HEALTH_MAX && !e; i++)
      if (!h->e[i].used) e = &h->e[i];
    if (!e) return; /* table full: the address stays unknown, i.e. available */
    memset(e, 0, sizeof *e);
    e->used = true;
    e->addr = *addr;
    e->addr.port = 0;
  }
  e->last_seen = now;
  if (ok) {
    e->fails = 0;
    if (e->oks < 255) e->oks++;
    if (e->unavailable && e->oks >= DNS_HEALTH_RISE) e->unavailable = false, e->since = now;
  } else {
    e->oks = 0;
    if (e->fails < 255) e->fails++;
    if (!e->unavailable && e->fails >= DNS_HEALTH_FALL) e->unavailable = true, e->since = now;
  }
}

void dns_health_expire(dns_health *h, uint64_t now) {
  for (size_t i = 0; i < DNS_HEALTH_MAX; i++) {
    dns_health_entry *e = &h->e[i];
    if (e->used && e->unavailable && now >= e->last_seen && now - e->last_seen >= DNS_HEALTH_STALE_S)
      memset(e, 0, sizeof *e);
  }
}

int dns_health_poll(dns_health *h, const dns_health_report *nodes, size_t n, uint64_t now) {
  if (ff_fault("net.recv")) return -1; /* no news is not bad news: every mark stays */
  for (size_t i = 0; i < n; i++) dns_health_observe(h, &nodes[i].addr, nodes[i].active, now);
  dns_health_expire(h, now);
  return 0;
}

bool dns_health_available(const dns_health *h, const dns_ip *addr) {
  if (!h) return true;
  const dns_health_entry *e = find(h, addr);
  return !e || !e->unavailable;
}
