/* dns_records (FF_PROPERTY; also the dns_properties test): wire messages
 * (raw bytes, generated messages, resolver queries, each possibly bent)
 * through the parser, against a store the input fills through the management
 * API while storage writes fail where its fault plan says (dns_gen_faults:
 * dns.atomic, a failed write leaves the store byte-identical). The other
 * oracles (dns.roundtrip, dns.ldns_accept, dns.ldns_fields, dns.response,
 * dns.key_normal, dns.truncation) are in wire_checks.c. */
#include <string.h>

#include "formfuzz/oracle.h"
#include "formfuzz/prop.h"
#include "gen.h"
#include "wire_checks.h"

/* Records made through the management API (create, then sometimes a TTL
 * change written back with dns_store_replace), with the storage writes
 * failing where the plan says: a failed write answers -1 (create: "storage
 * write failed") and leaves the store byte-identical (dns.atomic). */
static void fill_store(ff_input *in, dns_store *st, const ff_fault_plan *plan) {
  static dns_store before;
  while (ff_more(in)) {
    char domain[DNS_NAME_TEXT_MAX], target[DNS_NAME_TEXT_MAX], err[160] = "";
    dns_ip ips[3];
    uint16_t type = FF_PICK(in, ((const uint16_t[]){DNS_T_A, DNS_T_AAAA, DNS_T_CNAME}));
    dns_gen_domain(in, domain);
    dns_gen_domain(in, target);
    size_t nips = ff_range(in, 1, 3);
    for (size_t i = 0; i < nips; i++) dns_gen_ip(in, type == DNS_T_AAAA ? 6 : 4, &ips[i]);
    dns_api_req req = {domain, type, ips, nips, target, false, false};
    before = *st;
    uint32_t fired = plan->total_fired;
    int rc = dns_api_create(st, &req, err, sizeof err);
    if (rc != 0) {
      FF_INVARIANT(memcmp(&before, st, sizeof before) == 0, "dns.atomic", "a failed create of %s changed the store", domain);
      FF_INVARIANT(plan->total_fired == fired || strcmp(err, "storage write failed") == 0, "dns.atomic",
                   "create of %s under a storage fault answered \"%s\"", domain, err);
    }
    if (rc != 0 || !ff_bool(in)) continue;
    dns_record *cur = dns_store_get_mut(st, domain), next = *cur;
    next.ttl = (uint32_t)ff_range(in, DNS_TTL_MIN, DNS_TTL_MAX);
    before = *st;
    if (dns_store_replace(cur, &next) != 0)
      FF_INVARIANT(memcmp(&before, st, sizeof before) == 0, "dns.atomic", "a failed TTL write of %s changed the store", domain);
    else
      FF_INVARIANT(cur->ttl == next.ttl, "dns.atomic", "TTL write of %s not applied", domain);
  }
}

FF_PROPERTY(dns_records) {
  dns_gen_no_faults();
  static uint8_t msg[DNS_MSG_MAX + 64];
  static dns_store st;
  dns_store_init(&st);
  dns_store_add_zone(&st, "fog");
  fill_store(in, &st, dns_gen_faults(in, "storage"));
  dns_check_keys(&st);
  dns_ip client;
  dns_gen_ip(in, 4, &client);
  size_t len = 0;
  switch (ff_choose(in, 3)) {
  case 0: len = dns_gen_query(in, msg, sizeof msg); break;
  case 1: len = dns_gen_message(in, msg, sizeof msg); break;
  default: {
    size_t n;
    const uint8_t *rest = ff_rest(in, &n);
    len = n < DNS_MSG_MAX ? n : DNS_MSG_MAX;
    memcpy(msg, rest, len);
  }
  }
  len = dns_gen_bend(in, msg, len, sizeof msg);
  dns_check_wire(&st, msg, len, &client);
  dns_gen_no_faults(); /* the plan reads the input, which ends with this run */
}
