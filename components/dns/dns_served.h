/* dns served store: what formfuzz-dns answers from when started with
 * --store: the record store, the health marks and the GeoDNS table and
 * configuration, read from a small line-oriented file, so the live server
 * answers through exactly the §2.4 path the fuzzers check
 * (dns_store_respond). */
#ifndef DNS_SERVED_H
#define DNS_SERVED_H

#include "dns_store.h"

typedef struct dns_served {
  dns_store store;
  dns_health health;
  dns_geo_db geo;
  dns_geo_cfg geo_cfg;
} dns_served;

/* Parses a store file into s (which it initialises first). One directive per
 * line, '#' starts a comment:
 *   zone NAME                          an extra zone to be authoritative for
 *                                      (formation.cloud always is)
 *   record NAME A|AAAA TTL ADDR...     addresses (10/8 ones are formnet-only)
 *   record NAME CNAME TTL TARGET
 *   health ADDR up|down                a health mark (down = unavailable)
 *   geo PREFIX/LEN LAT LON CC REGION   a GeoDNS location
 *   max-results N                      GeoDNS max_results (default 3, 0 = all)
 * Records go through dns_api_create, so they obey the §2.3 rules. 0, or -1
 * with "line N: reason" in err. */
int dns_served_load(dns_served *s, const char *text, char *err, size_t cap);
/* The answer context (health, geo table, configuration) of s. */
void dns_served_ctx(const dns_served *s, dns_answer_ctx *ctx);

#endif
