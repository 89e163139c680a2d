/* DNS replies in canonical lines (live_dns_norm.h), parsed by the dns
 * component's own wire code (components/dns/dns_wire.h). */
#include "live_dns_norm.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "dns_wire.h"

static const char *const section_names[4] = {"question", "answer", "authority", "additional"};

static void type_text(uint16_t t, char *out, size_t cap) {
  static const struct {
    uint16_t t;
    const char *n;
  } names[] = {{DNS_T_A, "A"},     {DNS_T_NS, "NS"},   {DNS_T_CNAME, "CNAME"}, {DNS_T_SOA, "SOA"},
               {DNS_T_PTR, "PTR"}, {DNS_T_MX, "MX"},   {DNS_T_TXT, "TXT"},     {DNS_T_AAAA, "AAAA"},
               {DNS_T_SRV, "SRV"}, {DNS_T_OPT, "OPT"}, {DNS_T_ANY, "ANY"},     {DNS_T_CAA, "CAA"},
               {DNS_T_DS, "DS"},   {DNS_T_TSIG, "TSIG"}};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (names[i].t == t) {
      snprintf(out, cap, "%s", names[i].n);
      return;
    }
  snprintf(out, cap, "TYPE%u", t);
}

static void name_text(const dns_name *n, char *out, size_t cap) {
  dns_name lower = *n;
  dns_name_lower(&lower);
  if (dns_name_to_text(&lower, out, cap) < 0) snprintf(out, cap, "<name too long>");
}

/* RDATA (already decompressed by the parser) in presentation form where it
 * is one name or one address, else hex. */
static void rdata_text(uint16_t type, const uint8_t *rd, uint16_t len, char *out, size_t cap) {
  if ((type == DNS_T_A && len == 4) || (type == DNS_T_AAAA && len == 16)) {
    inet_ntop(type == DNS_T_A ? AF_INET : AF_INET6, rd, out, (socklen_t)cap);
    return;
  }
  /* names inside RDATA lowercased (servers may copy the query's case into
   * them through compression), the other fields in decimal */
  size_t pos = 0, o = 0;
  dns_name n, n2;
  char a[DNS_NAME_TEXT_MAX], b[DNS_NAME_TEXT_MAX];
  if ((type == DNS_T_CNAME || type == DNS_T_NS || type == DNS_T_PTR) &&
      dns_name_read(rd, len, &pos, &n) == DNS_OK && pos == len) {
    name_text(&n, out, cap);
    return;
  }
  pos = 0;
  if (type == DNS_T_SOA && dns_name_read(rd, len, &pos, &n) == DNS_OK &&
      dns_name_read(rd, len, &pos, &n2) == DNS_OK && len - pos == 20) {
    name_text(&n, a, sizeof a), name_text(&n2, b, sizeof b);
    o = (size_t)snprintf(out, cap, "%s %s", a, b);
    for (int i = 0; i < 5 && o < cap; i++, pos += 4)
      o += (size_t)snprintf(out + o, cap - o, " %u",
                            (unsigned)rd[pos] << 24 | (unsigned)rd[pos + 1] << 16 | (unsigned)rd[pos + 2] << 8 | rd[pos + 3]);
    return;
  }
  size_t fixed = type == DNS_T_MX ? 2 : type == DNS_T_SRV ? 6 : 0;
  pos = fixed;
  if (fixed && len > fixed && dns_name_read(rd, len, &pos, &n) == DNS_OK && pos == len) {
    name_text(&n, a, sizeof a);
    for (size_t i = 0; i < fixed && o < cap; i += 2)
      o += (size_t)snprintf(out + o, cap - o, "%u ", (unsigned)rd[i] << 8 | rd[i + 1]);
    if (o < cap) snprintf(out + o, cap - o, "%s", a);
    return;
  }
  o = 0;
  out[0] = 0;
  for (size_t i = 0; i < len && o + 3 < cap; i++) o += (size_t)snprintf(out + o, cap - o, "%02x", rd[i]);
}

static void flags_line(uint16_t flags, const live_rules *r, live_lines *out) {
  static const struct {
    uint16_t bit;
    const char *name;
  } bits[] = {{DNS_F_QR, "qr"}, {DNS_F_AA, "aa"}, {DNS_F_TC, "tc"}, {DNS_F_RD, "rd"},
              {DNS_F_RA, "ra"}, {DNS_F_AD, "ad"}, {DNS_F_CD, "cd"}};
  char text[64] = "";
  size_t o = 0;
  for (size_t i = 0; i < sizeof bits / sizeof bits[0]; i++)
    if ((flags & bits[i].bit) && !(r->ignore_flags & bits[i].bit))
      o += (size_t)snprintf(text + o, sizeof text - o, " %s", bits[i].name);
  live_lines_add(out, "flags%s", text);
}

void live_dns_canon(const uint8_t *reply, size_t len, const live_rules *r, live_lines *out) {
  if (!reply) {
    live_lines_add(out, "no-reply");
    return;
  }
  dns_msg m;
  if (dns_msg_init(&m)) {
    live_lines_add(out, "unparseable %s", dns_err_name(DNS_ERR_NOMEM));
    return;
  }
  dns_err e = dns_msg_parse(&m, reply, len);
  if (e != DNS_OK) {
    char hex[2 * 48 + 1] = "";
    for (size_t i = 0; i < len && i < 48; i++) snprintf(hex + 2 * i, 3, "%02x", reply[i]);
    live_lines_add(out, "unparseable %s", dns_err_name(e));
    live_lines_add(out, "bytes %s", hex);
    dns_msg_free(&m);
    return;
  }
  live_lines_add(out, "opcode %u", DNS_OPCODE(m.flags));
  unsigned rcode = DNS_RCODE(m.flags) | (m.opt_index >= 0 ? (unsigned)m.edns_ext_rcode << 4 : 0);
  live_lines_add(out, "rcode %u", rcode);
  flags_line(m.flags, r, out);
  size_t idx = 0;
  for (int sec = 0; sec < 4; sec++) {
    for (size_t k = 0; k < m.count[sec]; k++, idx++) {
      const dns_rr *rr = &m.rr[idx];
      if (r->ignore_section[sec]) continue;
      char owner[DNS_NAME_TEXT_MAX], type[16], rd[1024];
      name_text(&rr->owner, owner, sizeof owner);
      type_text(rr->type, type, sizeof type);
      if (sec == DNS_QD) {
        live_lines_add(out, "question %s %u %s", owner, rr->cls, type);
        continue;
      }
      if (rr->type == DNS_T_OPT) {
        if (!r->ignore_edns)
          live_lines_add(out, "edns version=%u udp=%u do=%u", m.edns_version, m.edns_udp,
                         (m.edns_flags & 0x8000u) ? 1 : 0);
        continue;
      }
      rdata_text(rr->type, dns_rr_rdata(&m, rr), rr->rdlen, rd, sizeof rd);
      char key[64];
      if (r->unordered[sec]) snprintf(key, sizeof key, "%s.%s", section_names[sec], type);
      else snprintf(key, sizeof key, "%s[%zu].%s", section_names[sec], k, type);
      live_lines_add(out, "%s %s %u %s ttl=%u", key, owner, rr->cls, rd, rr->ttl);
    }
  }
  dns_msg_free(&m);
}
