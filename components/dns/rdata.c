/* dns RDATA layouts: checks each known type's fields and decompresses the
 * names inside it, so stored RDATA never depends on where the record sat in
 * its message. Unknown types are opaque (RFC 3597). */
#include <string.h>

#include "dns_wire.h"

bool dns_type_compressible(uint16_t type) {
  return type == DNS_T_NS || type == DNS_T_CNAME || type == DNS_T_SOA || type == DNS_T_PTR ||
         type == DNS_T_MX;
}

typedef struct rd_ctx {
  const uint8_t *msg;
  size_t msglen, pos, end;
  uint8_t *out;
  size_t cap, olen;
} rd_ctx;

static dns_err put(rd_ctx *c, const uint8_t *b, size_t n) {
  if (c->olen + n > c->cap) return DNS_ERR_SPACE;
  memcpy(c->out + c->olen, b, n);
  c->olen += n;
  return DNS_OK;
}

static dns_err fixed(rd_ctx *c, size_t n) {
  if (c->pos + n > c->end) return DNS_ERR_RDATA;
  dns_err e = put(c, c->msg + c->pos, n);
  c->pos += n;
  return e;
}

static dns_err name(rd_ctx *c) {
  dns_name n;
  /* a name may only use the bytes up to the end of this RDATA, but its
   * pointers may reach anywhere earlier in the message */
  dns_err e = dns_name_read(c->msg, c->end, &c->pos, &n);
  if (e == DNS_ERR_SHORT) return DNS_ERR_RDATA;
  if (e) return e;
  return put(c, n.wire, n.len);
}

static dns_err character_strings(rd_ctx *c, bool at_least_one) {
  if (at_least_one && c->pos >= c->end) return DNS_ERR_RDATA;
  while (c->pos < c->end) {
    size_t n = c->msg[c->pos];
    dns_err e = fixed(c, n + 1);
    if (e) return e;
  }
  return DNS_OK;
}

static dns_err caa(rd_ctx *c) {
  /* RFC 8659: flags, tag length (>= 1), tag (letters and digits), value */
  if (c->pos + 2 > c->end) return DNS_ERR_RDATA;
  size_t taglen = c->msg[c->pos + 1];
  if (taglen == 0 || c->pos + 2 + taglen > c->end) return DNS_ERR_RDATA;
  for (size_t i = 0; i < taglen; i++) {
    uint8_t ch = c->msg[c->pos + 2 + i];
    bool alnum = (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
    if (!alnum) return DNS_ERR_RDATA;
  }
  return fixed(c, c->end - c->pos);
}

dns_err dns_rdata_read(uint16_t type, const uint8_t *msg, size_t msglen, size_t rdstart,
                       uint16_t rdlen, uint8_t *out, size_t cap, size_t *outlen) {
  if (rdstart + rdlen > msglen) return DNS_ERR_SHORT;
  rd_ctx c = {msg, msglen, rdstart, rdstart + rdlen, out, cap, 0};
  dns_err e = DNS_OK;
  switch (type) {
  case DNS_T_A: e = rdlen == 4 ? fixed(&c, 4) : DNS_ERR_RDATA; break;
  case DNS_T_AAAA: e = rdlen == 16 ? fixed(&c, 16) : DNS_ERR_RDATA; break;
  case DNS_T_NS:
  case DNS_T_CNAME:
  case DNS_T_PTR: e = name(&c); break;
  case DNS_T_MX:
    if (!(e = fixed(&c, 2))) e = name(&c);
    break;
  case DNS_T_SRV:
    if (!(e = fixed(&c, 6))) e = name(&c);
    break;
  case DNS_T_SOA:
    if (!(e = name(&c)) && !(e = name(&c))) e = fixed(&c, 20);
    break;
  case DNS_T_TXT: e = character_strings(&c, true); break;
  case DNS_T_CAA: e = caa(&c); break;
  default: e = fixed(&c, rdlen); break;
  }
  if (!e && c.pos != c.end) e = DNS_ERR_RDATA;
  if (!e) *outlen = c.olen;
  return e;
}
