/* The oracles on one DNS wire message, shared by dns_records and dns_wire
 * (see wire_checks.h). Oracles:
 *   dns.roundtrip      an accepted message serializes, re-parses to the same
 *                      fields, and serializing again gives the same bytes;
 *   dns.ldns_accept    every message we accept, ldns_wire2pkt accepts; and
 *                      where ldns accepts and we refuse, our reason is one of
 *                      our deliberate strictness classes (see below);
 *   dns.ldns_fields    on messages both accept: header bits, counts, and each
 *                      record's owner, type, class, TTL and RDATA agree;
 *   dns.response       the store answers every accepted query with a parseable
 *                      response of the same id, QR set, REFUSED outside its
 *                      zones, families right, TTL the record's (§2.10.2);
 *   dns.key_normal     every stored key is normalized and found by any
 *                      case/trailing-dot spelling (§2.10.1);
 *   dns.truncation     a UDP response fits its limit, and TC is set whenever
 *                      answers were dropped.
 * Deliberate differences from ldns (we refuse, ldns accepts): compression
 * pointers that do not point backwards or point into the 12-octet header
 * (ldns refuses only offset 0; RFC 1035 4.1.4 wants a prior name, and the
 * header holds none: README "Compression pointers"), bytes after the last record, RDATA
 * whose layout does not fit its type (A not 4 bytes, TXT ending mid-string,
 * CAA tag empty), OPT outside the additional section or not at the root, a
 * TSIG that is not the last additional record (RFC 8945; ldns 1.8.3 lowers its
 * additional count at each TSIG and never reads as many records after it, so
 * it accepts such messages even when those records are missing), and our
 * limit of 512 records. Types we keep opaque (HINFO, SPF, ...) may be
 * refused by ldns, which checks their layout, or read only in part (HINFO with
 * extra bytes makes ldns misread the records after it): messages with such
 * types are compared on round trip only, and a refusal after such a record is
 * not compared, see all_typed(). */
#define _GNU_SOURCE /* memmem */
#include <ldns/ldns.h>
#include <string.h>

#include "formfuzz/input.h"
#include "formfuzz/oracle.h"
#include "wire_checks.h"

static void check_roundtrip(const dns_msg *a, const uint8_t *data, size_t len) {
  static uint8_t w1[DNS_MSG_MAX + 2], w2[DNS_MSG_MAX + 2];
  long n1 = dns_msg_write(a, w1, sizeof w1);
  FF_INVARIANT(n1 >= 0, "dns.roundtrip", "accepted message of %zu bytes does not serialize", len);
  dns_msg b;
  if (dns_msg_init(&b)) return;
  dns_err e = dns_msg_parse(&b, w1, (size_t)n1);
  FF_INVARIANT(e == DNS_OK, "dns.roundtrip", "serialized message rejected: %s", dns_err_name(e));
  FF_INVARIANT(a->id == b.id && a->flags == b.flags && a->nrr == b.nrr &&
                   memcmp(a->count, b.count, sizeof a->count) == 0,
               "dns.roundtrip", "header or counts changed");
  for (size_t i = 0; i < a->nrr; i++) {
    const dns_rr *x = &a->rr[i], *y = &b.rr[i];
    FF_INVARIANT(x->owner.len == y->owner.len && memcmp(x->owner.wire, y->owner.wire, x->owner.len) == 0 &&
                     x->type == y->type && x->cls == y->cls && x->ttl == y->ttl && x->rdlen == y->rdlen &&
                     memcmp(dns_rr_rdata(a, x), dns_rr_rdata(&b, y), x->rdlen) == 0,
                 "dns.roundtrip", "record %zu changed (type %u)", i, x->type);
  }
  long n2 = dns_msg_write(&b, w2, sizeof w2);
  ff_check_bytes_equal("dns.roundtrip", "second serialization", w1, (size_t)n1, w2, n2 < 0 ? 0 : (size_t)n2);
  dns_msg_free(&b);
  (void)data;
}

/* Types whose layout we check; others are opaque to us but may be checked by
 * ldns (HINFO, SPF, ...), so "we accept" implies "ldns accepts" only when every
 * record is of a typed or private-use (65280+) type. */
static bool typed(uint16_t type) {
  static const uint16_t TYPED[] = {DNS_T_A,   DNS_T_NS,   DNS_T_CNAME, DNS_T_SOA, DNS_T_PTR, DNS_T_MX,
                                   DNS_T_TXT, DNS_T_AAAA, DNS_T_SRV,   DNS_T_CAA, DNS_T_OPT};
  for (size_t k = 0; k < FF_COUNT_OF(TYPED); k++)
    if (type == TYPED[k]) return true;
  return type >= 65280;
}

static bool all_typed(const dns_msg *m) {
  for (size_t i = dns_msg_section_start(m, DNS_AN); i < m->nrr; i++)
    if (!typed(m->rr[i].type)) return false;
  return true;
}

static bool deliberate(dns_err e) {
  return e == DNS_ERR_POINTER || e == DNS_ERR_TRAILING || e == DNS_ERR_RDATA || e == DNS_ERR_OPT ||
         e == DNS_ERR_LIMIT || e == DNS_ERR_TSIG;
}


static void compare_rr(const dns_msg *m, const dns_rr *x, const ldns_rr *y, size_t i, bool question) {
  const ldns_rdf *owner = ldns_rr_owner(y);
  FF_INVARIANT(owner && ldns_rdf_size(owner) == x->owner.len &&
                   memcmp(ldns_rdf_data(owner), x->owner.wire, x->owner.len) == 0,
               "dns.ldns_fields", "record %zu: owner differs", i);
  FF_INVARIANT(ldns_rr_get_type(y) == x->type && ldns_rr_get_class(y) == x->cls, "dns.ldns_fields",
               "record %zu: type/class %u/%u vs ldns %u/%u", i, x->type, x->cls, ldns_rr_get_type(y),
               ldns_rr_get_class(y));
  if (question) return;
  FF_INVARIANT(ldns_rr_ttl(y) == x->ttl, "dns.ldns_fields", "record %zu: ttl differs", i);
  if (!typed(x->type)) return; /* ldns may read only part of an RDATA it knows and we do not */
  ldns_buffer *buf = ldns_buffer_new(1024);
  if (!buf) return;
  if (ldns_rr_rdata2buffer_wire(buf, y) == LDNS_STATUS_OK)
    ff_check_bytes_equal("dns.ldns_fields", "rdata vs ldns", dns_rr_rdata(m, x), x->rdlen,
                         ldns_buffer_begin(buf), ldns_buffer_position(buf));
  ldns_buffer_free(buf);
}

static void compare_ldns(const dns_msg *m, const ldns_pkt *p) {
  FF_INVARIANT(ldns_pkt_id(p) == m->id, "dns.ldns_fields", "id");
  uint16_t f = m->flags;
  FF_INVARIANT(ldns_pkt_qr(p) == !!(f & DNS_F_QR) && ldns_pkt_aa(p) == !!(f & DNS_F_AA) &&
                   ldns_pkt_tc(p) == !!(f & DNS_F_TC) && ldns_pkt_rd(p) == !!(f & DNS_F_RD) &&
                   ldns_pkt_ra(p) == !!(f & DNS_F_RA) && ldns_pkt_ad(p) == !!(f & DNS_F_AD) &&
                   ldns_pkt_cd(p) == !!(f & DNS_F_CD) && (unsigned)ldns_pkt_get_opcode(p) == DNS_OPCODE(f) &&
                   (unsigned)ldns_pkt_get_rcode(p) == DNS_RCODE(f),
               "dns.ldns_fields", "header flags 0x%04x differ", f);
  ldns_rr_list *lists[4] = {ldns_pkt_question(p), ldns_pkt_answer(p), ldns_pkt_authority(p),
                            ldns_pkt_additional(p)};
  size_t idx = 0;
  for (int s = 0; s < 4; s++) {
    size_t ln = lists[s] ? ldns_rr_list_rr_count(lists[s]) : 0, j = 0;
    for (uint16_t i = 0; i < m->count[s]; i++, idx++) {
      const dns_rr *x = &m->rr[idx];
      if (s == DNS_AR && (x->type == DNS_T_OPT || x->type == DNS_T_TSIG)) continue; /* ldns keeps them aside */
      FF_INVARIANT(j < ln, "dns.ldns_fields", "section %d: ldns has %zu records, we have more", s, ln);
      compare_rr(m, x, ldns_rr_list_rr(lists[s], j), idx, s == DNS_QD);
      j++;
    }
    if (s < DNS_AR) FF_INVARIANT(j == ln, "dns.ldns_fields", "section %d: %zu vs ldns %zu records", s, j, ln);
  }
  if (m->opt_count == 1) {
    FF_INVARIANT(ldns_pkt_edns_udp_size(p) == m->edns_udp && ldns_pkt_edns_version(p) == m->edns_version &&
                     ldns_pkt_edns_z(p) == m->edns_flags,
                 "dns.ldns_fields", "EDNS fields differ");
  }
}

static void check_response(const dns_store *st, const dns_msg *q, const uint8_t *data, size_t len,
                           const dns_ip *client) {
  static uint8_t out[DNS_MSG_MAX];
  dns_answer_ctx ctx = {0};
  long n = dns_store_respond(st, &ctx, data, len, client, 512, out, sizeof out);
  if (q->flags & DNS_F_QR) {
    FF_INVARIANT(n < 0, "dns.response", "answered a response (reflection loop)");
    return;
  }
  FF_INVARIANT(n >= DNS_HEADER_LEN, "dns.response", "no response to an accepted query");
  FF_INVARIANT(n <= 512 || (q->opt_index >= 0 && n <= (long)(q->edns_udp > 512 ? q->edns_udp : 512)),
               "dns.truncation", "response of %ld bytes over the limit", n);
  dns_msg r;
  if (dns_msg_init(&r)) return;
  dns_err e = dns_msg_parse(&r, out, (size_t)n);
  FF_INVARIANT(e == DNS_OK, "dns.response", "our response does not parse: %s", dns_err_name(e));
  FF_INVARIANT(r.id == q->id && (r.flags & DNS_F_QR), "dns.response", "id or QR wrong");
  if (DNS_OPCODE(q->flags) == DNS_OP_QUERY && q->count[DNS_QD] == 1 && q->opt_count <= 1 &&
      (q->opt_index < 0 || q->edns_version == 0) && q->rr[0].cls == DNS_C_IN) {
    const dns_rr *qr = &q->rr[0];
    char key[DNS_KEY_MAX];
    bool in_zone = dns_key_from_name(&qr->owner, key, NULL) == 0 && dns_store_zone_of(st, key) >= 0;
    FF_INVARIANT(in_zone || DNS_RCODE(r.flags) == DNS_R_REFUSED, "dns.response",
                 "answered rcode %u for a name outside every zone", DNS_RCODE(r.flags));
    const dns_record *rec = in_zone ? dns_store_get(st, key) : NULL;
    size_t an = dns_msg_section_start(&r, DNS_AN);
    for (size_t i = an; i < an + r.count[DNS_AN]; i++) {
      const dns_rr *x = &r.rr[i];
      FF_INVARIANT(rec != NULL, "dns.response", "answer for a name without a record");
      FF_INVARIANT(x->ttl == rec->ttl, "dns.response", "answer ttl %u, record ttl %u", x->ttl, rec->ttl);
      if (x->type != DNS_T_A && x->type != DNS_T_AAAA) continue;
      FF_INVARIANT(x->type == qr->type && x->rdlen == (x->type == DNS_T_A ? 4 : 16), "dns.response",
                   "type %u answer to a type %u question", x->type, qr->type);
      dns_ip ip = {.family = x->type == DNS_T_A ? 4 : 6};
      memcpy(ip.addr, dns_rr_rdata(&r, x), x->rdlen);
      bool found = false;
      for (size_t k = 0; k < rec->npublic; k++) found |= dns_ip_same_addr(&rec->public_ip[k], &ip);
      bool formnet_client = client && dns_ip_is_formnet(client);
      for (size_t k = 0; formnet_client && k < rec->nformnet; k++) found |= dns_ip_same_addr(&rec->formnet_ip[k], &ip);
      FF_INVARIANT(found, "dns.response", "answer address not among the record's for this source");
    }
    if (r.flags & DNS_F_TC) FF_INVARIANT(r.count[DNS_AN] == 0, "dns.truncation", "TC with partial answers");
  }
  dns_msg_free(&r);
}

void dns_check_keys(const dns_store *st) {
  for (size_t i = 0; i < DNS_STORE_MAX; i++) {
    if (!st->used[i]) continue;
    const char *k = st->rec[i].key;
    char norm[DNS_KEY_MAX], variant[DNS_KEY_MAX + 2];
    FF_INVARIANT(dns_key_normalize(k, norm, NULL) == 0 && strcmp(norm, k) == 0, "dns.key_normal",
                 "stored key \"%s\" is not normalized", k);
    size_t n = strlen(k);
    for (size_t j = 0; j < n; j++) variant[j] = (char)((k[j] >= 'a' && k[j] <= 'z') ? k[j] - 32 : k[j]);
    variant[n] = '.', variant[n + 1] = 0;
    FF_INVARIANT(dns_store_get(st, variant) == &st->rec[i], "dns.key_normal",
                 "\"%s\" not found by the spelling \"%s\"", k, variant);
  }
}

/* ldns_wire2pkt keeps only the last TSIG of the additional section and leaks
 * the ones before it (ldns 1.8.3 and upstream, ldns issue #317;
 * docs/findings/ldns-wire-second-tsig-leak.md). Walks the message record by
 * record as ldns_wire2pkt does (its additional count drops by one at each
 * TSIG) and says whether ldns would read two TSIGs. The type code 0x00FA
 * must appear somewhere for that, which keeps the walk off most inputs. */
static bool ldns_reads_two_tsigs(const uint8_t *msg, size_t len) {
  if (len < DNS_HEADER_LEN || !memmem(msg + DNS_HEADER_LEN, len - DNS_HEADER_LEN, "\x00\xfa", 2)) return false;
  static const ldns_pkt_section SECTION[4] = {LDNS_SECTION_QUESTION, LDNS_SECTION_ANSWER, LDNS_SECTION_AUTHORITY,
                                              LDNS_SECTION_ADDITIONAL};
  unsigned count[4], tsigs = 0;
  for (int s = 0; s < 4; s++) count[s] = ldns_read_uint16(msg + 4 + 2 * s); /* QDCOUNT..ARCOUNT */
  size_t pos = DNS_HEADER_LEN;
  for (int s = 0; s < 4; s++) {
    for (unsigned i = 0; i < count[s]; i++) {
      ldns_rr *rr = NULL;
      if (ldns_wire2rr(&rr, msg, len, &pos, SECTION[s]) != LDNS_STATUS_OK) return false;
      bool tsig = s == DNS_AR && ldns_rr_get_type(rr) == LDNS_RR_TYPE_TSIG;
      ldns_rr_free(rr);
      if (tsig && ++tsigs == 2) return true;
      if (tsig) count[s]--;
    }
  }
  return false;
}

void dns_check_wire(const dns_store *st, const uint8_t *msg, size_t len, const dns_ip *client) {
  dns_msg m;
  if (dns_msg_init(&m)) return;
  dns_err e = dns_msg_parse(&m, msg, len);
  /* a deliberate refusal needs no answer from ldns; a message on which ldns
   * would leak gets none either (we refuse every such message: two TSIGs
   * cannot both be last, and a short one is short for us as well) */
  if (deliberate(e) || (e != DNS_OK && ldns_reads_two_tsigs(msg, len))) {
    dns_msg_free(&m);
    return;
  }
  ldns_pkt *p = NULL;
  ldns_status ls = ldns_wire2pkt(&p, msg, len);
  if (e == DNS_OK) {
    check_roundtrip(&m, msg, len);
    FF_INVARIANT(ls == LDNS_STATUS_OK || !all_typed(&m), "dns.ldns_accept", "we accept, ldns refuses: %s",
                 ldns_get_errorstr_by_id(ls));
    if (ls == LDNS_STATUS_OK && all_typed(&m)) compare_ldns(&m, p);
    check_response(st, &m, msg, len, client);
  } else if (ls == LDNS_STATUS_OK) {
    /* m holds the records read before the refusal: after an opaque one ldns
     * may have read the rest from elsewhere (HINFO), so only a typed prefix
     * makes ldns's acceptance comparable */
    FF_INVARIANT(!all_typed(&m), "dns.ldns_accept", "ldns accepts, we refuse: %s", dns_err_name(e));
  }
  ldns_pkt_free(p);
  dns_msg_free(&m);
}
