/* dns_records (FF_PROPERTY; also the dns_properties test): wire messages
 * (raw bytes, generated messages, resolver queries, each possibly bent)
 * through the parser, against a generated store. The oracles (dns.roundtrip,
 * dns.ldns_accept, dns.ldns_fields, dns.response, dns.key_normal,
 * dns.truncation) are in wire_checks.c. */
#include <string.h>

#include "formfuzz/prop.h"
#include "gen.h"
#include "wire_checks.h"

static void build_store(ff_input *in, dns_store *st) {
  dns_store_init(st);
  dns_store_add_zone(st, "fog");
  while (ff_more(in)) {
    char domain[DNS_NAME_TEXT_MAX], target[DNS_NAME_TEXT_MAX];
    dns_ip ips[3];
    uint16_t type = FF_PICK(in, ((const uint16_t[]){DNS_T_A, DNS_T_AAAA, DNS_T_CNAME}));
    dns_gen_domain(in, domain);
    dns_gen_domain(in, target);
    size_t nips = ff_range(in, 1, 3);
    for (size_t i = 0; i < nips; i++) dns_gen_ip(in, type == DNS_T_AAAA ? 6 : 4, &ips[i]);
    dns_api_req req = {domain, type, ips, nips, target, false, false};
    if (dns_api_create(st, &req, NULL, 0) == 0 && ff_bool(in)) {
      dns_record *r = dns_store_get_mut(st, domain);
      if (r) r->ttl = (uint32_t)ff_range(in, DNS_TTL_MIN, DNS_TTL_MAX);
    }
  }
}

FF_PROPERTY(dns_records) {
  dns_gen_no_faults();
  static uint8_t msg[DNS_MSG_MAX + 64];
  dns_store st;
  build_store(in, &st);
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
}
