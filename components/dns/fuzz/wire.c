/* dns_wire (FF_PROPERTY; also in the dns_properties test): the input is one
 * DNS message exactly as it travels in a UDP datagram, so a corpus replays
 * unchanged against formfuzz-dns or any other DNS server. It is checked by
 * the oracles of wire_checks.c against a fixed store (zone formation.cloud
 * with A, AAAA and CNAME records that carry public and formnet addresses);
 * the client is a formnet peer (10.0.0.9) when the message id is odd, a
 * public address (203.0.113.9) when it is even. The protocol-aware mutator
 * (wire_mutator.c) edits fields and records and lets the serializer fix
 * lengths and compression. */
#include <stdbool.h>

#include "formfuzz/prop.h"
#include "gen.h"
#include "wire_checks.h"
#include "wire_mutator.h"

static void add_record(dns_store *st, const char *domain, uint16_t type, const char *const *ips, size_t nips,
                       const char *target, uint32_t ttl) {
  dns_ip parsed[4];
  for (size_t i = 0; i < nips; i++) dns_ip_parse(ips[i], &parsed[i]);
  dns_api_req req = {domain, type, parsed, nips, target, false, false};
  if (dns_api_create(st, &req, NULL, 0) == 0) dns_store_get_mut(st, domain)->ttl = ttl;
}

static const dns_store *fixed_store(void) {
  static dns_store st;
  static bool built;
  if (built) return &st;
  dns_store_init(&st);
  dns_store_add_zone(&st, "fog");
  add_record(&st, "app." DNS_GEN_ZONE, DNS_T_A, (const char *const[]){"203.0.113.1", "10.0.0.1"}, 2, NULL, 300);
  add_record(&st, "api." DNS_GEN_ZONE, DNS_T_A,
             (const char *const[]){"203.0.113.2", "198.51.100.7", "10.0.0.2", "192.0.2.55"}, 4, NULL, 60);
  add_record(&st, "b." DNS_GEN_ZONE, DNS_T_AAAA, (const char *const[]){"2001:db8::1", "fd00::10"}, 2, NULL, 3600);
  add_record(&st, "a.b." DNS_GEN_ZONE, DNS_T_CNAME, NULL, 0, "app." DNS_GEN_ZONE, 120);
  add_record(&st, "hello.fog", DNS_T_A, (const char *const[]){"10.1.2.3"}, 1, NULL, 30);
  built = true;
  return &st;
}

FF_PROPERTY(dns_wire) {
  size_t len;
  const uint8_t *msg = ff_rest(in, &len);
  if (len > DNS_MSG_MAX) len = DNS_MSG_MAX;
  dns_ip client;
  dns_ip_parse(len >= 2 && (msg[1] & 1) ? "10.0.0.9" : "203.0.113.9", &client);
  dns_check_wire(fixed_store(), msg, len, &client);
}

FF_LIBFUZZER_MUTATOR(dns_wire_mutator)
