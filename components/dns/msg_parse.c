/* dns message parser: header, question and resource-record sections, every
 * RDATA checked and decompressed, OPT only in the additional section with the
 * root as owner (RFC 6891 6.1.1), a TSIG in the additional section only as its
 * last record (RFC 8945: so at most one), no bytes after the last record. */
#include <string.h>

#include "dns_wire.h"

static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static uint32_t rd32(const uint8_t *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

dns_err dns_msg_parse(dns_msg *m, const uint8_t *wire, size_t len) {
  dns_msg_clear(m);
  if (len < DNS_HEADER_LEN) return DNS_ERR_SHORT;
  m->id = rd16(wire);
  m->flags = rd16(wire + 2);
  uint16_t want[4];
  for (int s = 0; s < 4; s++) want[s] = rd16(wire + 4 + 2 * s);
  if ((size_t)want[0] + want[1] + want[2] + want[3] > DNS_MSG_MAX_RR) {
    /* each record needs at least 5 bytes (question) or 11 (RR): a count the
     * bytes cannot hold is a short message, not a limit */
    size_t min = (size_t)want[0] * 5 + ((size_t)want[1] + want[2] + want[3]) * 11;
    return min > len - DNS_HEADER_LEN ? DNS_ERR_SHORT : DNS_ERR_LIMIT;
  }
  size_t pos = DNS_HEADER_LEN;
  uint8_t rdbuf[DNS_MSG_MAX];
  for (int s = 0; s < 4; s++) {
    for (uint16_t i = 0; i < want[s]; i++) {
      dns_name owner;
      dns_err e = dns_name_read(wire, len, &pos, &owner);
      if (e) return e;
      if (s == DNS_QD) {
        if (pos + 4 > len) return DNS_ERR_SHORT;
        e = dns_msg_add(m, s, &owner, rd16(wire + pos), rd16(wire + pos + 2), 0, NULL, 0);
        pos += 4;
        if (e) return e;
        continue;
      }
      if (pos + 10 > len) return DNS_ERR_SHORT;
      uint16_t type = rd16(wire + pos), cls = rd16(wire + pos + 2);
      uint32_t ttl = rd32(wire + pos + 4);
      uint16_t rdlen = rd16(wire + pos + 8);
      pos += 10;
      if (pos + rdlen > len) return DNS_ERR_SHORT;
      if (type == DNS_T_OPT && (s != DNS_AR || owner.len != 1)) return DNS_ERR_OPT;
      if (type == DNS_T_TSIG && s == DNS_AR && i + 1 < want[s]) return DNS_ERR_TSIG;
      size_t outlen = 0;
      e = dns_rdata_read(type, wire, len, pos, rdlen, rdbuf, sizeof rdbuf, &outlen);
      if (e) return e;
      if (outlen > 0xffff) return DNS_ERR_LIMIT;
      pos += rdlen;
      e = dns_msg_add(m, s, &owner, type, cls, ttl, rdbuf, (uint16_t)outlen);
      if (e) return e;
    }
  }
  if (pos != len) return DNS_ERR_TRAILING;
  return DNS_OK;
}
