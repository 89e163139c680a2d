/* dns responses from the store: one query message in, one response out
 * (RFC 1035 4.1, RFC 6891 for the UDP size and OPT echo). */
#include <string.h>

#include "dns_store.h"

static long reply_error(const dns_msg *q, int rcode, uint8_t *out, size_t cap, size_t limit) {
  dns_msg r;
  if (dns_msg_init(&r)) return -1;
  r.id = q->id;
  r.flags = (uint16_t)(DNS_F_QR | (q->flags & (0x7800u | DNS_F_RD)) | (rcode & 0xf));
  if (q->count[DNS_QD] == 1) dns_msg_add(&r, DNS_QD, &q->rr[0].owner, q->rr[0].type, q->rr[0].cls, 0, NULL, 0);
  if (q->opt_index >= 0 || rcode > 15) {
    dns_name root = {1, {0}};
    dns_msg_add(&r, DNS_AR, &root, DNS_T_OPT, 1232, (uint32_t)(rcode >> 4) << 24, NULL, 0);
  }
  long n = dns_msg_write_udp(&r, limit, out, cap);
  dns_msg_free(&r);
  return n;
}

static void name_of_key(const char *key, dns_name *out) {
  if (dns_name_from_text(key, out)) out->len = 1, out->wire[0] = 0;
}

long dns_store_respond(const dns_store *st, const dns_answer_ctx *ctx, const uint8_t *query,
                       size_t len, const dns_ip *client, size_t udp_limit, uint8_t *out,
                       size_t cap) {
  dns_msg q;
  if (dns_msg_init(&q)) return -1;
  long n = -1;
  dns_err e = dns_msg_parse(&q, query, len);
  if (e == DNS_ERR_TRAILING) e = DNS_OK; /* bytes after the message are ignored, as NSD does */
  if (e || (q.flags & DNS_F_QR)) {
    if (len >= DNS_HEADER_LEN && !(q.flags & DNS_F_QR)) {
      dns_msg_clear(&q);
      q.id = (uint16_t)(query[0] << 8 | query[1]);
      q.flags = (uint16_t)(query[2] << 8 | query[3]);
      n = reply_error(&q, DNS_R_FORMERR, out, cap, udp_limit);
    }
    dns_msg_free(&q);
    return n; /* responses and garbage shorter than a header get no reply */
  }
  size_t limit = udp_limit;
  if (q.opt_index >= 0 && q.edns_udp > limit) limit = q.edns_udp;
  if (DNS_OPCODE(q.flags) != DNS_OP_QUERY) {
    n = reply_error(&q, DNS_R_NOTIMP, out, cap, limit);
  } else if (q.count[DNS_QD] != 1 || q.opt_count > 1) {
    n = reply_error(&q, DNS_R_FORMERR, out, cap, limit);
  } else if (q.opt_index >= 0 && q.edns_version != 0) {
    n = reply_error(&q, DNS_R_BADVERS, out, cap, limit);
  } else {
    dns_answer a;
    const dns_rr *qr = &q.rr[0];
    if (qr->cls != DNS_C_IN && qr->cls != DNS_C_ANY) {
      n = reply_error(&q, DNS_R_REFUSED, out, cap, limit);
    } else {
      dns_store_answer(st, ctx, &qr->owner, qr->type, client, &a);
      dns_msg r;
      if (dns_msg_init(&r) == 0) {
        r.id = q.id;
        r.flags = (uint16_t)(DNS_F_QR | (q.flags & DNS_F_RD) | (a.authoritative ? DNS_F_AA : 0) |
                             (a.forwarded ? DNS_F_RA : 0) | a.rcode);
        dns_msg_add(&r, DNS_QD, &qr->owner, qr->type, qr->cls, 0, NULL, 0);
        if (a.type == DNS_T_CNAME) {
          dns_name target;
          name_of_key(a.cname, &target);
          dns_msg_add(&r, DNS_AN, &qr->owner, DNS_T_CNAME, DNS_C_IN, a.ttl, target.wire, target.len);
        }
        for (size_t i = 0; i < a.naddrs; i++)
          dns_msg_add(&r, DNS_AN, &qr->owner, a.type, DNS_C_IN, a.ttl, a.addrs[i].addr,
                      a.type == DNS_T_A ? 4 : 16);
        if (q.opt_index >= 0) dns_msg_add_opt(&r, 1232, false);
        n = dns_msg_write_udp(&r, limit, out, cap);
        dns_msg_free(&r);
      }
    }
  }
  dns_msg_free(&q);
  return n;
}
