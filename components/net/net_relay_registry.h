/* The client side of the relay plane (spec §1.8.4): the registry of known
 * relays (find_relays, select_best_relay, the reliability and packet-loss
 * averages), the bootstrap relay configuration that fills it, and the
 * adaptive timeout for a relay's connection response. Intended behaviour
 * where the spec marks SUS: re-registering a relay keeps what was learned
 * about it, select_best_relay skips stale entries, and a timeout is never
 * recorded as a latency sample. */
#ifndef NET_RELAY_REGISTRY_H
#define NET_RELAY_REGISTRY_H

#include "net_relay.h"

#define NET_REGISTRY_MAX 16
#define NET_RELAY_STALE_AFTER 3600 /* s since the last update */
#define NET_RELAY_MAX_LOAD 80      /* select_best_relay: at most this load */

typedef struct net_relay_entry {
  bool used;
  net_relay_node_info info;
  uint64_t last_updated; /* s */
} net_relay_entry;

typedef struct net_relay_registry { /* struct tag used by net_relay.h */
  net_relay_entry e[NET_REGISTRY_MAX];
} net_relay_registry;

void net_relay_registry_init(net_relay_registry *g);
/* Adds info or refreshes the entry with the same pubkey: what the relay
 * advertises (endpoints, region, capabilities, load, max_sessions) is taken,
 * what was measured (reliability, latency, packet loss, last result) is kept.
 * A new entry starts from the info as given. When full, the entry updated
 * longest ago is replaced if it is stale, else NET_E_EXHAUSTED. */
net_err net_relay_register(net_relay_registry *g, const net_relay_node_info *info, uint64_t now);
net_relay_entry *net_relay_registry_get(net_relay_registry *g, const uint8_t pubkey[32]);
size_t net_relay_registry_count(const net_relay_registry *g);

/* find_relays: entries updated within NET_RELAY_STALE_AFTER, region equal
 * ignoring ASCII case when region is not NULL (a relay without a region then
 * does not match), capabilities a superset of min_caps; sorted by load
 * ascending, then latency ascending with a known latency first, then
 * registration slot; at most max. Returns the count written to out. */
size_t net_relay_find_relays(const net_relay_registry *g, const char *region, uint32_t min_caps, size_t max,
                             uint64_t now, const net_relay_entry **out);
/* The §1.8.4 score in [0, 1.05]: latency (below 200 ms) 0.3, free load 0.2,
 * capability bits 0.1, region equal to preferred (exact) 0.1, to the target's
 * region 0.05, reliability 0.3; all times (1 - loss). NULL regions never match. */
double net_relay_score(const net_relay_node_info *n, const char *preferred_region, const char *target_region);
/* The best-scoring fresh entry with capabilities a superset of required and
 * load <= NET_RELAY_MAX_LOAD (the first of equal scores); NULL when none. */
const net_relay_entry *net_relay_select_best(const net_relay_registry *g, uint32_t required,
                                             const char *preferred_region, const char *target_region,
                                             uint64_t now);
/* Reliability EWMA: rel = round(0.8 rel + 0.2 (success ? 100 : 0)). */
uint8_t net_relay_reliability_next(uint8_t rel, bool success);
/* Packet loss: the first value as is, then round(0.7 old + 0.3 new); <= 100. */
uint8_t net_relay_loss_next(bool has_old, uint8_t old, uint8_t sample);
/* Records the outcome of using a relay; NET_E_NOT_FOUND for an unknown one. */
net_err net_relay_record_result(net_relay_registry *g, const uint8_t pubkey[32], bool success, uint64_t now);
net_err net_relay_record_loss(net_relay_registry *g, const uint8_t pubkey[32], uint8_t loss_pct);
net_err net_relay_record_latency(net_relay_registry *g, const uint8_t pubkey[32], uint32_t latency_ms);

/* ---- bootstrap relay configuration (relay_bootstrap.json) ---- */
#define NET_BOOTSTRAP_RELAYS_MAX NET_REGISTRY_MAX
typedef struct net_bootstrap_relay {
  net_endpoint endpoint;
  uint8_t pubkey[32];
  net_opt_text region;
} net_bootstrap_relay;

typedef struct net_relay_bootstrap {
  net_bootstrap_relay relays[NET_BOOTSTRAP_RELAYS_MAX];
  size_t nrelays;
  size_t skipped; /* entries whose pubkey is not 64 hex digits, or whose endpoint does not parse */
  uint64_t refresh_interval_secs; /* 600 when absent */
  uint64_t last_updated;          /* 0 when absent */
} net_relay_bootstrap;

/* {"bootstrap_relays": [{"endpoint", "pubkey" (hex), "region"?}],
 *  "refresh_interval_secs"?, "last_updated"?}; unknown keys and wrong types
 * are refused, entries with a bad pubkey or endpoint are skipped and counted. */
net_err net_relay_bootstrap_parse(const char *json, size_t len, net_relay_bootstrap *out);
/* Registers every bootstrap relay (IPv4/IPv6 capabilities from its endpoint,
 * reliability 100 for a new one); learned values of known relays stay. Returns
 * the first error of net_relay_register, NET_OK otherwise. */
net_err net_relay_bootstrap_apply(const net_relay_bootstrap *b, net_relay_registry *g, uint64_t now);

/* ---- adaptive connection-response timeout (LatencyTracker) ---- */
#define NET_TIMEOUT_SAMPLES 20
#define NET_TIMEOUT_MIN_SAMPLES 3
#define NET_TIMEOUT_DEFAULT_MS 5000
#define NET_TIMEOUT_MIN_MS 2000
#define NET_TIMEOUT_MAX_MS 10000
typedef struct net_timeout_tracker {
  uint32_t samples[NET_TIMEOUT_SAMPLES]; /* ms, a ring of the latest */
  unsigned n, next;
} net_timeout_tracker;
void net_timeout_init(net_timeout_tracker *t);
/* A measured response time (an answer that arrived); timeouts are not samples. */
void net_timeout_record(net_timeout_tracker *t, uint32_t ms);
/* NET_TIMEOUT_DEFAULT_MS below NET_TIMEOUT_MIN_SAMPLES samples, else
 * clamp(integer average x 2.5, NET_TIMEOUT_MIN_MS, NET_TIMEOUT_MAX_MS). */
uint32_t net_timeout_current(const net_timeout_tracker *t);

#endif
