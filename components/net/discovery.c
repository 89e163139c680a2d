/* Endpoint classification, local-candidate filtering, the connection cache
 * and best-first prioritization (§1.3, §1.6). */
#include <math.h>
#include <string.h>

#include "formfuzz/bug.h"
#include "net_discovery.h"

net_ep_type net_endpoint_type(const net_endpoint *ep) {
  const uint8_t *b = ep->ip.b;
  if (ep->kind == NET_HOST_DOMAIN) return NET_EP_UNKNOWN;
  if (ep->kind == NET_HOST_V4) {
    if (b[0] == 127) return NET_EP_LOOPBACK;
    if (b[0] == 10 || (b[0] == 172 && (b[1] & 0xf0) == 16) || (b[0] == 192 && b[1] == 168)) return NET_EP_PRIVATE_V4;
    if (b[0] == 169 && b[1] == 254) return NET_EP_LINK_LOCAL;
    return NET_EP_PUBLIC_V4;
  }
  static const uint8_t loop6[16] = {[15] = 1};
  if (memcmp(b, loop6, 16) == 0) return NET_EP_LOOPBACK;
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return NET_EP_LINK_LOCAL;
  if ((b[0] & 0xfe) == 0xfc) return NET_EP_PRIVATE_V6;
  return NET_EP_PUBLIC_V6;
}

bool net_candidate_ip_allowed(const net_ip *ip) {
  if (ip->family == 4) return true;
  const uint8_t *b = ip->b;
  static const uint8_t zero[16];
  if (b[0] == 0xff) return false;                                   /* multicast */
  if (memcmp(b, zero, 15) == 0 && (b[15] == 0 || b[15] == 1)) return false; /* :: and ::1 */
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) return false; /* 2001:db8::/32 */
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return false;          /* fe80::/10 */
  if ((b[0] & 0xfe) == 0xfc) return false;                          /* fc00::/7 */
  return true;
}

size_t net_filter_local_addrs(const net_ip *ips, size_t n, net_ip *out) {
  size_t k = 0;
  for (size_t i = 0; i < n && k < NET_MAX_LOCAL_CANDIDATES; i++)
    if (net_candidate_ip_allowed(&ips[i])) out[k++] = ips[i];
  return k;
}

void net_cache_init(net_conn_cache *c) { memset(c, 0, sizeof *c); }

double net_recency(uint64_t now, uint64_t last_success) {
  if (last_success >= now) return 10.0;
  double days = (double)(now - last_success) / 86400.0;
  /* Replica net.recency_zero: fetch.rs computes 10 - 2 * whole days for up to
   * 5 days, so a success exactly 5 days old scores 0, below an older one. */
  if (FF_BUG("net.recency_zero")) {
    double whole = floor(days);
    return whole > 5 ? 1.0 : 10.0 - 2.0 * whole;
  }
  double r = 10.0 - 2.0 * days;
  return r < 1.0 ? 1.0 : r;
}

static double health_factor(net_health h) {
  switch (h) {
    case NET_HEALTH_HEALTHY: return 1.0;
    case NET_HEALTH_DEGRADED: return 0.5;
    case NET_HEALTH_FAILED: return 0.1;
    default: return 0.8;
  }
}

double net_cache_score(const net_cache_entry *e, uint64_t now) {
  double success = e->success_count > 10 ? 10.0 : (double)e->success_count;
  double lat = 0.9, loss = 0.9;
  if (e->has_latency)
    lat = e->latency_ms < 50 ? 1.2 : e->latency_ms < 100 ? 1.0 : e->latency_ms < 200 ? 0.8 : e->latency_ms < 500 ? 0.6 : 0.4;
  if (e->has_loss)
    loss = e->loss_pct < 1 ? 1.2 : e->loss_pct < 5 ? 1.0 : e->loss_pct < 10 ? 0.8 : e->loss_pct < 20 ? 0.6 : 0.4;
  return (double)net_endpoint_type(&e->ep) * success * net_recency(now, e->last_success) *
         health_factor(e->health) * (e->relayed ? 0.8 : 1.0) * lat * loss;
}

const net_cache_entry *net_cache_find(const net_conn_cache *c, const net_endpoint *ep) {
  for (size_t i = 0; i < NET_CACHE_PER_PEER; i++)
    if (c->e[i].used && net_endpoint_equal(&c->e[i].ep, ep)) return &c->e[i];
  return NULL;
}

void net_cache_record_success(net_conn_cache *c, const net_endpoint *ep, uint64_t now, bool has_latency,
                              uint32_t latency_ms, bool has_loss, uint8_t loss_pct) {
  net_cache_entry *e = (net_cache_entry *)net_cache_find(c, ep);
  if (!e) {
    for (size_t i = 0; i < NET_CACHE_PER_PEER && !e; i++)
      if (!c->e[i].used) e = &c->e[i];
    for (size_t i = 0; i < NET_CACHE_PER_PEER && !e; i++) {
      size_t worst = 0;
      for (size_t j = 1; j < NET_CACHE_PER_PEER; j++)
        if (net_cache_score(&c->e[j], now) < net_cache_score(&c->e[worst], now)) worst = j;
      e = &c->e[worst];
    }
    memset(e, 0, sizeof *e);
    e->used = true;
    e->ep = *ep;
  }
  if (e->success_count < UINT32_MAX) e->success_count++;
  e->failure_count = 0;
  e->last_success = now > e->last_success ? now : e->last_success;
  e->health = NET_HEALTH_HEALTHY;
  e->has_latency = has_latency, e->latency_ms = latency_ms;
  e->has_loss = has_loss, e->loss_pct = loss_pct > 100 ? 100 : loss_pct;
}

void net_cache_record_failure(net_conn_cache *c, const net_endpoint *ep) {
  net_cache_entry *e = (net_cache_entry *)net_cache_find(c, ep);
  if (!e) return;
  if (e->failure_count < UINT32_MAX) e->failure_count++;
  e->health = e->failure_count >= 3 ? NET_HEALTH_FAILED : NET_HEALTH_DEGRADED;
}

typedef struct ranked {
  net_endpoint ep;
  int tier; /* 0 cached and usable, 1 uncached, 2 failed */
  double score;
  size_t order;
} ranked;

static bool before(const ranked *a, const ranked *b) {
  if (a->tier != b->tier) return a->tier < b->tier;
  if (a->score != b->score) return a->score > b->score;
  return a->order < b->order;
}

size_t net_prioritize(const net_conn_cache *c, const net_endpoint *cands, size_t n, uint64_t now,
                      net_endpoint *out) {
  ranked r[64];
  size_t k = 0;
  for (size_t i = 0; i < n && k < 64; i++) {
    bool dup = false;
    for (size_t j = 0; j < k && !dup; j++) dup = net_endpoint_equal(&r[j].ep, &cands[i]);
    if (dup) continue;
    const net_cache_entry *e = net_cache_find(c, &cands[i]);
    r[k].ep = cands[i];
    r[k].order = k;
    if (!e) {
      r[k].tier = 1;
      r[k].score = (double)net_endpoint_type(&cands[i]);
    } else {
      r[k].tier = e->health == NET_HEALTH_FAILED ? 2 : 0;
      r[k].score = net_cache_score(e, now);
    }
    k++;
  }
  for (size_t i = 1; i < k; i++) { /* insertion sort: stable */
    ranked x = r[i];
    size_t j = i;
    while (j > 0 && before(&x, &r[j - 1])) r[j] = r[j - 1], j--;
    r[j] = x;
  }
  for (size_t i = 0; i < k; i++) out[i] = r[i].ep;
  return k;
}
