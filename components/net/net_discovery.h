/* Endpoint discovery (spec §1.3 candidate filtering, §1.6 connection cache):
 * which local addresses become candidates, how endpoints are classified and
 * scored, and the best-first order NAT traversal tries them in. Scores are
 * finite, never negative, bounded by NET_SCORE_MAX and never rise as the last
 * success gets older; endpoints the cache marks Failed always come last. */
#ifndef NET_DISCOVERY_H
#define NET_DISCOVERY_H

#include "net_types.h"

/* EndpointType base scores. */
typedef enum net_ep_type {
  NET_EP_PUBLIC_V4 = 100, NET_EP_PUBLIC_V6 = 90, NET_EP_PRIVATE_V4 = 80, NET_EP_PRIVATE_V6 = 70,
  NET_EP_LINK_LOCAL = 30, NET_EP_LOOPBACK = 20, NET_EP_UNKNOWN = 10
} net_ep_type;
net_ep_type net_endpoint_type(const net_endpoint *ep);

/* §1.3 get_local_addrs: every IPv4 address; IPv6 unless multicast, loopback,
 * unspecified, documentation, link-local or ULA; the first NET_MAX_LOCAL_CANDIDATES. */
#define NET_MAX_LOCAL_CANDIDATES 10
bool net_candidate_ip_allowed(const net_ip *ip);
size_t net_filter_local_addrs(const net_ip *ips, size_t n, net_ip *out);

typedef enum net_health { NET_HEALTH_UNKNOWN, NET_HEALTH_HEALTHY, NET_HEALTH_DEGRADED, NET_HEALTH_FAILED } net_health;

#define NET_CACHE_PER_PEER 5
#define NET_SCORE_MAX 14400.0 /* 100 * 10 * 10 * 1.2 * 1.2 */
typedef struct net_cache_entry {
  bool used;
  net_endpoint ep;
  uint32_t success_count, failure_count;
  uint64_t last_success; /* seconds */
  net_health health;
  bool relayed;
  bool has_latency;
  uint32_t latency_ms;
  bool has_loss;
  uint8_t loss_pct;
} net_cache_entry;

typedef struct net_conn_cache {
  net_cache_entry e[NET_CACHE_PER_PEER];
} net_conn_cache;

void net_cache_init(net_conn_cache *c);
/* Recency factor for a success `elapsed` seconds ago: 10 falling linearly
 * to 1 at 4.5 days, then 1 (a last success in the future counts as now). */
double net_recency(uint64_t now, uint64_t last_success);
double net_cache_score(const net_cache_entry *e, uint64_t now);
/* Creates the entry when missing (evicting the lowest score when full). */
void net_cache_record_success(net_conn_cache *c, const net_endpoint *ep, uint64_t now, bool has_latency,
                              uint32_t latency_ms, bool has_loss, uint8_t loss_pct);
/* Touches an existing entry only: three failures make it Failed, fewer Degraded. */
void net_cache_record_failure(net_conn_cache *c, const net_endpoint *ep);
const net_cache_entry *net_cache_find(const net_conn_cache *c, const net_endpoint *ep);

/* Best-first order of cands (duplicates removed): cached healthy-or-degraded
 * entries by score, then uncached by type score, then Failed ones by score.
 * Ties keep the input order. Returns the count written to out. */
size_t net_prioritize(const net_conn_cache *c, const net_endpoint *cands, size_t n, uint64_t now,
                      net_endpoint *out);

#endif
