/* dns zone answers (RFC 1034 4.3.2, RFC 2308 negative answers, RFC 6891
 * EDNS): referrals below a zone cut, CNAME chains followed inside the zone,
 * wildcards at the closest encloser, NODATA/NXDOMAIN with the SOA (TTL the
 * smaller of its TTL and MINIMUM), REFUSED outside the zone, never recursion. */
#include <string.h>

#include "dns_zone.h"

#define EDNS_SIZE 1232
#define CNAME_CHAIN_MAX 8

static bool has_rrset(const dns_zone *z, const dns_name *n, uint16_t type) {
  for (size_t i = 0; i < z->rrs.nrr; i++)
    if ((type == DNS_T_ANY || z->rrs.rr[i].type == type) && dns_name_equal_nocase(&z->rrs.rr[i].owner, n)) return true;
  return false;
}

/* Does n own records, or lie above some (an empty non-terminal)? */
static bool name_exists(const dns_zone *z, const dns_name *n) {
  for (size_t i = 0; i < z->rrs.nrr; i++)
    if (dns_name_is_subdomain(&z->rrs.rr[i].owner, n)) return true;
  return false;
}

static void add_rrset(dns_msg *r, int sec, const dns_zone *z, const dns_name *at, const dns_name *owner,
                      uint16_t type, bool negative_ttl) {
  for (size_t i = 0; i < z->rrs.nrr; i++) {
    const dns_rr *x = &z->rrs.rr[i];
    if ((type != DNS_T_ANY && x->type != type) || !dns_name_equal_nocase(&x->owner, at)) continue;
    uint32_t ttl = x->ttl;
    if (negative_ttl && x->rdlen >= 4) {
      const uint8_t *m = dns_rr_rdata(&z->rrs, x) + x->rdlen - 4;
      uint32_t minimum = (uint32_t)m[0] << 24 | (uint32_t)m[1] << 16 | (uint32_t)m[2] << 8 | m[3];
      if (minimum < ttl) ttl = minimum;
    }
    dns_msg_add(r, sec, owner, x->type, x->cls, ttl, dns_rr_rdata(&z->rrs, x), x->rdlen);
  }
}

static void add_soa(dns_msg *r, const dns_zone *z) {
  add_rrset(r, DNS_NS, z, &z->origin, &z->origin, DNS_T_SOA, true);
}

/* The highest zone cut strictly below the origin at or above n, if any. */
static bool find_cut(const dns_zone *z, const dns_name *n, dns_name *cut) {
  size_t labels = dns_name_labels(n), olabels = dns_name_labels(&z->origin);
  for (size_t skip = labels - olabels; skip-- > 0;) {
    dns_name_parent(n, skip, cut);
    if (has_rrset(z, cut, DNS_T_NS)) return true;
  }
  return false;
}

static void glue(dns_msg *r, const dns_zone *z, const dns_name *cut) {
  for (size_t i = 0; i < z->rrs.nrr; i++) {
    const dns_rr *x = &z->rrs.rr[i];
    if (x->type != DNS_T_NS || !dns_name_equal_nocase(&x->owner, cut)) continue;
    dns_name target;
    size_t p = 0;
    if (dns_name_read(dns_rr_rdata(&z->rrs, x), x->rdlen, &p, &target)) continue;
    add_rrset(r, DNS_AR, z, &target, &target, DNS_T_A, false);
    add_rrset(r, DNS_AR, z, &target, &target, DNS_T_AAAA, false);
  }
}

/* Fills answer and authority for qname/qtype; returns the RCODE and whether
 * the answer is authoritative. */
static int lookup(const dns_zone *z, dns_msg *r, const dns_name *qname, uint16_t qtype, bool *aa) {
  dns_name name = *qname;
  *aa = true;
  for (int hop = 0; hop <= CNAME_CHAIN_MAX; hop++) {
    if (!dns_name_is_subdomain(&name, &z->origin)) return DNS_R_NOERROR; /* chain left the zone */
    dns_name cut;
    if (find_cut(z, &name, &cut) && !(dns_name_equal_nocase(&cut, &name) && qtype == DNS_T_DS)) {
      if (hop == 0) *aa = false;
      add_rrset(r, DNS_NS, z, &cut, &cut, DNS_T_NS, false);
      glue(r, z, &cut);
      return DNS_R_NOERROR;
    }
    dns_name source = name; /* where the data lives: the name or its wildcard */
    if (!name_exists(z, &name)) {
      dns_name encloser = name, wild;
      size_t labels = dns_name_labels(&name);
      for (size_t skip = 1; skip <= labels; skip++) {
        dns_name_parent(&name, skip, &encloser);
        if (name_exists(z, &encloser)) break;
      }
      wild.wire[0] = 1, wild.wire[1] = '*';
      memcpy(wild.wire + 2, encloser.wire, encloser.len);
      wild.len = (uint8_t)(encloser.len + 2);
      if (encloser.len + 2 > DNS_NAME_WIRE_MAX || !has_rrset(z, &wild, DNS_T_ANY)) {
        add_soa(r, z);
        return DNS_R_NXDOMAIN;
      }
      source = wild;
    }
    if (qtype != DNS_T_CNAME && has_rrset(z, &source, DNS_T_CNAME)) {
      for (size_t i = dns_msg_section_start(r, DNS_AN); i < r->nrr; i++)
        if (r->rr[i].type == DNS_T_CNAME && dns_name_equal_nocase(&r->rr[i].owner, &name)) return DNS_R_NOERROR; /* loop */
      add_rrset(r, DNS_AN, z, &source, &name, DNS_T_CNAME, false);
      const dns_rr *c = &r->rr[r->nrr - 1];
      size_t p = 0;
      if (dns_name_read(dns_rr_rdata(r, c), c->rdlen, &p, &name)) return DNS_R_SERVFAIL;
      continue;
    }
    if (!has_rrset(z, &source, qtype)) {
      add_soa(r, z);
      return DNS_R_NOERROR;
    }
    add_rrset(r, DNS_AN, z, &source, &name, qtype, false);
    if (!(qtype == DNS_T_NS && dns_name_equal_nocase(&source, &z->origin)))
      add_rrset(r, DNS_NS, z, &z->origin, &z->origin, DNS_T_NS, false); /* as NSD: the apex NS in authority */
    return DNS_R_NOERROR;
  }
  return DNS_R_NOERROR; /* chain too long: what we have */
}

static size_t finish(dns_msg *r, bool udp, size_t limit, uint8_t *out, size_t cap) {
  long n = udp ? dns_msg_write_udp(r, limit, out, cap) : dns_msg_write(r, out, cap);
  return n < 0 ? 0 : (size_t)n;
}

size_t dns_zone_respond(const dns_zone *z, const uint8_t *query, size_t len, bool udp, uint8_t *out,
                        size_t cap) {
  if (len < DNS_HEADER_LEN || (query[2] & 0x80)) return 0;
  dns_msg q, r;
  if (dns_msg_init(&q)) return 0;
  if (dns_msg_init(&r)) {
    dns_msg_free(&q);
    return 0;
  }
  size_t n = 0;
  uint16_t qflags = (uint16_t)(query[2] << 8 | query[3]);
  r.id = (uint16_t)(query[0] << 8 | query[1]);
  r.flags = (uint16_t)(DNS_F_QR | (qflags & (0x7800u | DNS_F_RD | DNS_F_CD)));
  dns_err e = dns_msg_parse(&q, query, len);
  if (e == DNS_ERR_TRAILING) e = DNS_OK; /* answered like NSD: bytes after the message are ignored */
  if (query[4] != 0 || query[5] != 1) r.flags = (uint16_t)(DNS_F_QR | (qflags & 0x7800u)); /* as NSD: no RD when QDCOUNT is not 1 */
  size_t limit = DNS_UDP_MIN;
  if (!e && q.opt_index >= 0) limit = q.edns_udp < DNS_UDP_MIN ? DNS_UDP_MIN : q.edns_udp > EDNS_SIZE ? EDNS_SIZE : q.edns_udp;
  int rcode;
  if (e) {
    rcode = DNS_R_FORMERR;
  } else {
    if (q.count[DNS_QD] >= 1) dns_msg_add(&r, DNS_QD, &q.rr[0].owner, q.rr[0].type, q.rr[0].cls, 0, NULL, 0);
    if (DNS_OPCODE(q.flags) != DNS_OP_QUERY) rcode = DNS_R_NOTIMP;
    else if (q.count[DNS_QD] != 1 || q.opt_count > 1) rcode = DNS_R_FORMERR, r.flags &= (uint16_t)~DNS_F_RD;
    else if (q.opt_index >= 0 && q.edns_version != 0) rcode = DNS_R_BADVERS;
    else if (q.count[DNS_NS] + q.count[DNS_AN] || q.count[DNS_AR] > (q.opt_index >= 0)) rcode = DNS_R_FORMERR; /* as NSD: a query carries only its question and OPT */
    else if (udp && (q.rr[0].type == DNS_T_AXFR || q.rr[0].type == DNS_T_IXFR)) rcode = DNS_R_NOTIMP; /* RFC 5936: TCP only */
    else if (q.rr[0].cls == DNS_C_IN && (q.rr[0].type == DNS_T_AXFR || q.rr[0].type == DNS_T_IXFR))
      /* RFC 5936 2.2.1, as NSD: the apex is refused (no transfers allowed),
       * any other name is not a zone we are authoritative for */
      rcode = dns_name_equal_nocase(&q.rr[0].owner, &z->origin) ? DNS_R_REFUSED : DNS_R_NOTAUTH;
    else if (q.rr[0].cls != DNS_C_IN || !dns_name_is_subdomain(&q.rr[0].owner, &z->origin)) rcode = DNS_R_REFUSED;
    else {
      bool aa;
      rcode = lookup(z, &r, &q.rr[0].owner, q.rr[0].type, &aa);
      if (aa) r.flags |= DNS_F_AA;
    }
  }
  r.flags |= (uint16_t)(rcode & 0xf);
  if ((!e && q.opt_index >= 0) || rcode > 15)
    dns_msg_add(&r, DNS_AR, &(dns_name){1, {0}}, DNS_T_OPT, EDNS_SIZE,
                (uint32_t)(rcode >> 4) << 24 | (!e && (q.edns_flags & 0x8000u) ? 0x8000u : 0), NULL, 0);
  n = finish(&r, udp, limit, out, cap);
  dns_msg_free(&q);
  dns_msg_free(&r);
  return n;
}
