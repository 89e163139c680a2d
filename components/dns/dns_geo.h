/* dns health tracking with hysteresis and GeoDNS ordering (spec §2.7). */
#ifndef DNS_GEO_H
#define DNS_GEO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dns_ip.h"

#define DNS_HEALTH_MAX 64
#define DNS_HEALTH_FALL 2        /* consecutive failures before Unavailable */
#define DNS_HEALTH_RISE 2        /* consecutive successes before Available again */
#define DNS_HEALTH_STALE_S 300   /* an Unavailable mark without news for this long is forgotten */

typedef struct dns_health_entry {
  bool used, unavailable;
  dns_ip addr; /* port ignored */
  uint8_t fails, oks;
  uint64_t since, last_seen;
} dns_health_entry;

typedef struct dns_health {
  dns_health_entry e[DNS_HEALTH_MAX];
} dns_health;

void dns_health_init(dns_health *h);
/* One health-check result for an address at time now (seconds). The state
 * changes only after DNS_HEALTH_FALL failures or DNS_HEALTH_RISE successes
 * in a row, so a flapping address does not flip with every check. */
void dns_health_observe(dns_health *h, const dns_ip *addr, bool ok, uint64_t now);
/* Forgets Unavailable marks not refreshed for DNS_HEALTH_STALE_S. */
void dns_health_expire(dns_health *h, uint64_t now);
/* One node of form-state's node list: its address and whether its status
 * is "active" (case-insensitive). */
typedef struct dns_health_report {
  dns_ip addr;
  bool active;
} dns_health_report;
/* One poll of the node list (§2.7, GET :3004/node/list every 10 s): each
 * node's status is one health-check result for its address, then stale
 * Unavailable marks are forgotten. The list comes over the network: when it
 * does not arrive (fault site net.recv) nothing changes and the answer is -1;
 * else 0. */
int dns_health_poll(dns_health *h, const dns_health_report *nodes, size_t n, uint64_t now);
/* Unknown addresses are available. h may be NULL (everything available). */
bool dns_health_available(const dns_health *h, const dns_ip *addr);

typedef enum dns_curve { DNS_CURVE_LINEAR, DNS_CURVE_QUADRATIC, DNS_CURVE_LOG, DNS_CURVE_STEPPED } dns_curve;

typedef struct dns_geo_loc {
  bool known;
  double lat, lon;
  char country[3];
  char region[8];
} dns_geo_loc;

typedef struct dns_geo_cfg {
  bool prefer_same_region;
  size_t max_results;     /* 0: no limit */
  double region_bias;     /* 0..1 */
  double max_distance_km; /* <= 0: none */
  dns_curve curve;
} dns_geo_cfg;
/* §2.7 defaults: prefer same region, 3 results, bias 0.8, no max distance, linear. */
void dns_geo_cfg_default(dns_geo_cfg *cfg);

#define DNS_GEO_DB_MAX 32
typedef struct dns_geo_entry {
  dns_ip net;
  uint8_t plen;
  dns_geo_loc loc;
} dns_geo_entry;
typedef struct dns_geo_db {
  dns_geo_entry e[DNS_GEO_DB_MAX];
  size_t n;
} dns_geo_db;
/* 0, or -1 when the table is full or the prefix is too long. */
int dns_geo_db_add(dns_geo_db *db, const dns_ip *net, uint8_t plen, const dns_geo_loc *loc);
/* Reads a whole table (the GeoLite2 City database file, §2.7) into db in
 * place of what it held: all of it, or nothing (db as it was) when the file
 * cannot be read (fault site storage.read) or an entry does not fit. Without
 * a table, answers keep the record's order. 0 or -1. */
int dns_geo_db_load(dns_geo_db *db, const dns_geo_entry *entries, size_t n);
/* Longest matching prefix; loc->known false when none. */
void dns_geo_lookup(const dns_geo_db *db, const dns_ip *addr, dns_geo_loc *loc);

double dns_geo_distance_km(const dns_geo_loc *a, const dns_geo_loc *b);
double dns_geo_distance_score(dns_curve curve, double km);
/* score in [0, 1]: unknown location 0.01, beyond max distance 0, else
 * min(1, ds * (1 - bias) + bonus) with bonus = bias for the same country and
 * region, bias/2 for the same country. Never NaN. */
double dns_geo_score(const dns_geo_cfg *cfg, const dns_geo_loc *client, const dns_geo_loc *server);
/* Orders in[0..n) by descending score for the client (stable: equal scores
 * keep their order; an unknown client keeps the input order), then keeps at
 * most max_results. Returns the count written to out. */
size_t dns_geo_order(const dns_geo_cfg *cfg, const dns_geo_db *db, const dns_ip *client,
                     const dns_ip *in, size_t n, dns_ip *out);

#endif
