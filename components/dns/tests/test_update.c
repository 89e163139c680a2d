/* dns UPDATE with TSIG: a signed add creates, a TTL-0 record deletes and
 * never creates, a bad MAC / unknown key / stale time is NOTAUTH and changes
 * nothing, a failing record rolls the whole message back. */
#include <string.h>

#include "check.h"
#include "dns.h"

static const dns_tsig_key KEY = {"k.formation.cloud", "0123456789abcdef0123456789abcdef", 32};

static size_t update(uint8_t *out, size_t cap, const char *name, uint16_t cls, uint32_t ttl, const char *addr,
                     bool second_bad) {
  dns_msg m;
  dns_msg_init(&m);
  m.id = 7, m.flags = DNS_OP_UPDATE << 11;
  dns_name zone, owner;
  dns_name_from_text("formation.cloud", &zone), dns_name_from_text(name, &owner);
  dns_msg_add(&m, DNS_QD, &zone, DNS_T_SOA, DNS_C_IN, 0, NULL, 0);
  dns_ip ip;
  dns_ip_parse(addr, &ip);
  dns_msg_add(&m, DNS_NS, &owner, DNS_T_A, cls, ttl, ip.addr, 4);
  if (second_bad) dns_msg_add(&m, DNS_NS, &owner, DNS_T_TXT, DNS_C_IN, 60, (const uint8_t *)"\1x", 2);
  long n = dns_msg_write(&m, out, cap);
  dns_msg_free(&m);
  return (size_t)n;
}

int main(void) {
  static dns_store st, copy;
  dns_store_init(&st);
  uint8_t msg[1024];
  uint64_t now = 1750000000;
  size_t n = update(msg, sizeof msg, "new.formation.cloud", DNS_C_IN, 120, "203.0.113.9", false);
  long s = dns_tsig_sign(msg, n, sizeof msg, &KEY, now);
  EXPECT(s > 0 && dns_tsig_verify(msg, (size_t)s, &KEY, 1, now) == 0);
  EXPECT(dns_tsig_verify(msg, (size_t)s, &KEY, 1, now + 1000) == DNS_TSIG_BADTIME);
  dns_tsig_key other = KEY;
  other.secret[0] ^= 1;
  EXPECT(dns_tsig_verify(msg, (size_t)s, &other, 1, now) == DNS_TSIG_BADSIG);
  strcpy(other.name, "z.formation.cloud");
  EXPECT(dns_tsig_verify(msg, (size_t)s, &other, 1, now) == DNS_TSIG_BADKEY);
  EXPECT(dns_update_apply(&st, msg, (size_t)s, &KEY, 1, now) == DNS_R_NOERROR);
  const dns_record *r = dns_store_get(&st, "new.formation.cloud");
  EXPECT(r && r->ttl == 120 && r->npublic == 1);

  copy = st;
  n = update(msg, sizeof msg, "new2.formation.cloud", DNS_C_IN, 120, "203.0.113.9", false);
  EXPECT(dns_update_apply(&st, msg, n, &KEY, 1, now) == DNS_R_NOTAUTH); /* unsigned */
  s = dns_tsig_sign(msg, n, sizeof msg, &KEY, now);
  msg[n - 1] ^= 1;
  EXPECT(dns_update_apply(&st, msg, (size_t)s, &KEY, 1, now) == DNS_R_NOTAUTH); /* tampered */
  EXPECT(memcmp(&st, &copy, sizeof st) == 0);

  n = update(msg, sizeof msg, "ghost.formation.cloud", DNS_C_IN, 0, "203.0.113.9", false);
  s = dns_tsig_sign(msg, n, sizeof msg, &KEY, now);
  EXPECT(dns_update_apply(&st, msg, (size_t)s, &KEY, 1, now) == DNS_R_NOERROR && st.count == copy.count);

  n = update(msg, sizeof msg, "other.formation.cloud", DNS_C_IN, 60, "203.0.113.10", true);
  s = dns_tsig_sign(msg, n, sizeof msg, &KEY, now);
  EXPECT(dns_update_apply(&st, msg, (size_t)s, &KEY, 1, now) == DNS_R_REFUSED && memcmp(&st, &copy, sizeof st) == 0);

  n = update(msg, sizeof msg, "new.formation.cloud", DNS_C_NONE, 0, "203.0.113.9", false);
  s = dns_tsig_sign(msg, n, sizeof msg, &KEY, now);
  EXPECT(dns_update_apply(&st, msg, (size_t)s, &KEY, 1, now) == DNS_R_NOERROR && !dns_store_get(&st, "new.formation.cloud"));
  return finish("test_update");
}
