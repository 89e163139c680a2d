/* dns UPDATE with TSIG: a signed add creates, a TTL-0 record deletes and
 * never creates, a bad MAC / unknown key / stale time is NOTAUTH and changes
 * nothing, a failing record rolls the whole message back; value-dependent
 * prerequisites (RFC 2136 2.4.2) hold only for the exact RRset. */
#include <string.h>

#include "ff_check.h"
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

/* One record of a test UPDATE message. */
typedef struct test_rr {
  const char *name;
  uint16_t type, cls;
  uint32_t ttl;
  const char *value; /* an address, a name (CNAME) or NULL */
  int rdlen;         /* > 0: cut the RDATA to this length */
} test_rr;

/* A signed UPDATE of formation.cloud with prerequisites pre[] and updates upd[]. */
static size_t signed_update(uint8_t *out, size_t cap, const test_rr *pre, size_t npre, const test_rr *upd,
                            size_t nupd, uint64_t now) {
  dns_msg m;
  dns_msg_init(&m);
  m.id = 9, m.flags = DNS_OP_UPDATE << 11;
  dns_name zone, owner;
  dns_name_from_text("formation.cloud", &zone);
  dns_msg_add(&m, DNS_QD, &zone, DNS_T_SOA, DNS_C_IN, 0, NULL, 0);
  for (size_t i = 0; i < npre + nupd; i++) {
    const test_rr *r = i < npre ? &pre[i] : &upd[i - npre];
    uint8_t rd[DNS_NAME_WIRE_MAX];
    uint16_t len = 0;
    dns_ip ip;
    dns_name target;
    if (r->value && r->type == DNS_T_CNAME && dns_name_from_text(r->value, &target) == 0)
      memcpy(rd, target.wire, target.len), len = target.len;
    else if (r->value && dns_ip_parse(r->value, &ip) == 0)
      memcpy(rd, ip.addr, ip.family == 4 ? 4 : 16), len = ip.family == 4 ? 4 : 16;
    if (r->rdlen > 0) len = (uint16_t)r->rdlen;
    dns_name_from_text(r->name, &owner);
    dns_msg_add(&m, i < npre ? DNS_AN : DNS_NS, &owner, r->type, r->cls, r->ttl, rd, len);
  }
  long n = dns_msg_write(&m, out, cap);
  dns_msg_free(&m);
  return (size_t)dns_tsig_sign(out, (size_t)n, cap, &KEY, now);
}

#define PRE(name, value) {name, DNS_T_A, DNS_C_IN, 0, value, 0}
#define RUN(pre, upd) dns_update_apply(&st, msg, signed_update(msg, sizeof msg, pre, FF_COUNT(pre), upd, FF_COUNT(upd), now), &KEY, 1, now)
#define FF_COUNT(a) (sizeof(a) / sizeof *(a))

/* RFC 2136 2.4.2 "RRset exists (value dependent)": set equality with the zone's RRset. */
static void value_dependent_prerequisites(dns_store *st_, uint64_t now) {
  dns_store st = *st_, copy;
  uint8_t msg[2048];
  dns_ip ips[2];
  dns_ip_parse("203.0.113.1", &ips[0]), dns_ip_parse("10.0.0.1:80", &ips[1]);
  dns_api_req a = {"pre.formation.cloud", DNS_T_A, ips, 2, NULL, false, false};
  dns_api_req c = {"www.formation.cloud", DNS_T_CNAME, NULL, 0, "pre.formation.cloud", false, false};
  CHECK(dns_api_create(&st, &a, NULL, 0) == 0 && dns_api_create(&st, &c, NULL, 0) == 0);
  const test_rr add5[] = {{"pre.formation.cloud", DNS_T_A, DNS_C_IN, 60, "203.0.113.5", 0}};
  const test_rr exact[] = {PRE("Pre.Formation.Cloud.", "10.0.0.1"), PRE("pre.formation.cloud", "203.0.113.1")};
  CHECK(RUN(exact, add5) == DNS_R_NOERROR && dns_store_get(&st, "pre.formation.cloud")->npublic == 2);
  copy = st;
  CHECK(RUN(exact, add5) == DNS_R_NXRRSET && memcmp(&st, &copy, sizeof st) == 0); /* one fewer than the zone */
  const test_rr more[] = {PRE("pre.formation.cloud", "10.0.0.1"), PRE("pre.formation.cloud", "203.0.113.1"),
                          PRE("pre.formation.cloud", "203.0.113.5"), PRE("pre.formation.cloud", "198.51.100.1")};
  CHECK(RUN(more, add5) == DNS_R_NXRRSET && memcmp(&st, &copy, sizeof st) == 0);
  const test_rr twice[] = {PRE("pre.formation.cloud", "10.0.0.1"), PRE("pre.formation.cloud", "203.0.113.1"),
                           PRE("pre.formation.cloud", "203.0.113.5"), PRE("pre.formation.cloud", "203.0.113.1")};
  const test_rr del5[] = {{"pre.formation.cloud", DNS_T_A, DNS_C_NONE, 0, "203.0.113.5", 0}};
  CHECK(RUN(twice, del5) == DNS_R_NOERROR && dns_store_get(&st, "pre.formation.cloud")->npublic == 1);
  copy = st;
  const test_rr ttl[] = {{"pre.formation.cloud", DNS_T_A, DNS_C_IN, 60, "203.0.113.1", 0}};
  const test_rr cut[] = {{"pre.formation.cloud", DNS_T_A, DNS_C_IN, 0, "203.0.113.1", 3}};
  CHECK(RUN(ttl, add5) == DNS_R_FORMERR && RUN(cut, add5) == DNS_R_FORMERR);
  const test_rr v6[] = {{"pre.formation.cloud", DNS_T_AAAA, DNS_C_IN, 0, "2001:db8::1", 0}};
  CHECK(RUN(v6, add5) == DNS_R_NXRRSET);
  const test_rr cname_ok[] = {{"www.formation.cloud", DNS_T_CNAME, DNS_C_IN, 0, "PRE.formation.cloud.", 0}};
  const test_rr cname_bad[] = {{"www.formation.cloud", DNS_T_CNAME, DNS_C_IN, 0, "evilpre.formation.cloud", 0}};
  CHECK(RUN(cname_bad, add5) == DNS_R_NXRRSET && memcmp(&st, &copy, sizeof st) == 0);
  CHECK(RUN(cname_ok, add5) == DNS_R_NOERROR && dns_store_get(&st, "pre.formation.cloud")->npublic == 2);
  copy = st;
  const test_rr mixed[] = {{"www.formation.cloud", DNS_T_CNAME, DNS_C_IN, 0, "pre.formation.cloud", 0},
                           PRE("pre.formation.cloud", "10.0.0.1")};
  CHECK(RUN(mixed, del5) == DNS_R_NXRRSET && memcmp(&st, &copy, sizeof st) == 0); /* all or nothing */
}

int main(void) {
  static dns_store st, copy;
  dns_store_init(&st);
  uint8_t msg[1024];
  uint64_t now = 1750000000;
  size_t n = update(msg, sizeof msg, "new.formation.cloud", DNS_C_IN, 120, "203.0.113.9", false);
  long s = dns_tsig_sign(msg, n, sizeof msg, &KEY, now);
  CHECK(s > 0 && dns_tsig_verify(msg, (size_t)s, &KEY, 1, now) == 0);
  CHECK(dns_tsig_verify(msg, (size_t)s, &KEY, 1, now + 1000) == DNS_TSIG_BADTIME);
  dns_tsig_key other = KEY;
  other.secret[0] ^= 1;
  CHECK(dns_tsig_verify(msg, (size_t)s, &other, 1, now) == DNS_TSIG_BADSIG);
  strcpy(other.name, "z.formation.cloud");
  CHECK(dns_tsig_verify(msg, (size_t)s, &other, 1, now) == DNS_TSIG_BADKEY);
  CHECK(dns_update_apply(&st, msg, (size_t)s, &KEY, 1, now) == DNS_R_NOERROR);
  const dns_record *r = dns_store_get(&st, "new.formation.cloud");
  CHECK(r && r->ttl == 120 && r->npublic == 1);

  copy = st;
  n = update(msg, sizeof msg, "new2.formation.cloud", DNS_C_IN, 120, "203.0.113.9", false);
  CHECK(dns_update_apply(&st, msg, n, &KEY, 1, now) == DNS_R_NOTAUTH); /* unsigned */
  s = dns_tsig_sign(msg, n, sizeof msg, &KEY, now);
  msg[n - 1] ^= 1;
  CHECK(dns_update_apply(&st, msg, (size_t)s, &KEY, 1, now) == DNS_R_NOTAUTH); /* tampered */
  CHECK(memcmp(&st, &copy, sizeof st) == 0);

  n = update(msg, sizeof msg, "ghost.formation.cloud", DNS_C_IN, 0, "203.0.113.9", false);
  s = dns_tsig_sign(msg, n, sizeof msg, &KEY, now);
  CHECK(dns_update_apply(&st, msg, (size_t)s, &KEY, 1, now) == DNS_R_NOERROR && st.count == copy.count);

  n = update(msg, sizeof msg, "other.formation.cloud", DNS_C_IN, 60, "203.0.113.10", true);
  s = dns_tsig_sign(msg, n, sizeof msg, &KEY, now);
  CHECK(dns_update_apply(&st, msg, (size_t)s, &KEY, 1, now) == DNS_R_REFUSED && memcmp(&st, &copy, sizeof st) == 0);

  n = update(msg, sizeof msg, "new.formation.cloud", DNS_C_NONE, 0, "203.0.113.9", false);
  s = dns_tsig_sign(msg, n, sizeof msg, &KEY, now);
  CHECK(dns_update_apply(&st, msg, (size_t)s, &KEY, 1, now) == DNS_R_NOERROR && !dns_store_get(&st, "new.formation.cloud"));
  value_dependent_prerequisites(&st, now);
  return check_summary("test_update");
}
