/* dns answers from the store (spec §2.4, intended semantics): REFUSED outside
 * the zones (no forwarding), NXDOMAIN for absent names, CNAME records answer
 * every type, formnet addresses only to 10/8 sources, unhealthy addresses
 * dropped (fail-open when every candidate is unhealthy: all are returned and
 * fail_open is set, so clients still get an address rather than nothing),
 * duplicates collapsed, GeoDNS order and max_results, the record's own TTL. */
#include <string.h>

#include "formfuzz/bug.h"
#include "dns_store.h"

static void push_unique(dns_ip *list, size_t *n, const dns_ip *a, uint8_t family) {
  if (a->family != family) return;
  for (size_t i = 0; i < *n; i++)
    if (dns_ip_same_addr(&list[i], a)) return;
  list[*n] = *a;
  list[*n].port = 0;
  (*n)++;
}

void dns_store_answer(const dns_store *st, const dns_answer_ctx *ctx, const dns_name *qname,
                      uint16_t qtype, const dns_ip *client, dns_answer *out) {
  memset(out, 0, sizeof *out);
  char key[DNS_KEY_MAX];
  if (dns_key_from_name(qname, key, NULL) || dns_store_zone_of(st, key) < 0) {
    out->rcode = DNS_R_REFUSED;
    /* known-bug replica: misses go to the upstream resolver 8.8.8.8 for anyone
     * (§2.1, §2.4 step 8); the simulation has no upstream, so its client error
     * answers: SERVFAIL, not authoritative */
    if (FF_BUG("dns.open_resolver")) out->rcode = DNS_R_SERVFAIL, out->forwarded = true;
    return;
  }
  out->authoritative = true;
  const dns_record *rec = dns_store_get(st, key);
  if (!rec) {
    out->rcode = dns_store_has_below(st, key) ? DNS_R_NOERROR : DNS_R_NXDOMAIN;
    return;
  }
  out->rcode = DNS_R_NOERROR;
  /* known-bug replica: the answer TTL is fixed, the record's ttl ignored (§2.4.6) */
  out->ttl = FF_BUG("dns.ttl_ignored") ? 60 : rec->ttl;
  if (rec->type == DNS_T_CNAME) {
    out->type = DNS_T_CNAME;
    strcpy(out->cname, rec->cname);
    return;
  }
  uint8_t family;
  if (qtype == DNS_T_A) family = 4;
  else if (qtype == DNS_T_AAAA) family = 6;
  else return; /* NODATA */
  out->type = qtype;
  bool formnet_src = client && dns_ip_is_formnet(client);
  dns_ip cand[2 * DNS_MAX_IPS];
  size_t ncand = 0;
  if (formnet_src)
    for (size_t i = 0; i < rec->nformnet; i++) push_unique(cand, &ncand, &rec->formnet_ip[i], family);
  for (size_t i = 0; i < rec->npublic; i++) push_unique(cand, &ncand, &rec->public_ip[i], family);
  dns_ip healthy[2 * DNS_MAX_IPS];
  size_t nhealthy = 0;
  for (size_t i = 0; i < ncand; i++)
    if (dns_health_available(ctx ? ctx->health : NULL, &cand[i])) healthy[nhealthy++] = cand[i];
  if (nhealthy == 0 && ncand > 0) {
    memcpy(healthy, cand, ncand * sizeof *cand);
    nhealthy = ncand;
    out->fail_open = true;
  }
  dns_geo_cfg defaults;
  const dns_geo_cfg *cfg = ctx && ctx->geo_cfg ? ctx->geo_cfg : (dns_geo_cfg_default(&defaults), &defaults);
  out->naddrs = dns_geo_order(cfg, ctx ? ctx->geo : NULL, client, healthy, nhealthy, out->addrs);
}
