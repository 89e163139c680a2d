/* The record framing of net_wire inputs and the fixed identities of its
 * relay and WireGuard endpoint (wire_format.h). */
#include <string.h>

#include "wire_format.h"

const uint8_t net_wire_wg_private[32] = {0x77, 0x07, 0x6d, 0x0a, 0x73, 0x18, 0xa5, 0x7d, 0x3c, 0x16, 0xc1,
                                         0x72, 0x51, 0xb2, 0x66, 0x45, 0xdf, 0x4c, 0x2f, 0x87, 0xeb, 0xc0,
                                         0x99, 0x2a, 0xb1, 0x77, 0xfb, 0xa5, 0x1d, 0xb9, 0x2c, 0x2a};

bool net_wire_next(const uint8_t *in, size_t size, size_t *pos, net_wire_record *r) {
  if (*pos > size || size - *pos < NET_WIRE_HEADER) return false;
  const uint8_t *h = in + *pos;
  r->to = h[0], r->repeat = h[1];
  r->advance = (uint16_t)(h[2] << 8 | h[3]);
  memcpy(r->ip, h + 4, 4);
  r->port = (uint16_t)(h[8] << 8 | h[9]);
  r->len = (uint16_t)(h[10] << 8 | h[11]);
  if (size - *pos - NET_WIRE_HEADER < r->len) return false;
  r->data = h + NET_WIRE_HEADER;
  *pos += NET_WIRE_HEADER + r->len;
  return true;
}

long net_wire_put(uint8_t *out, size_t cap, size_t at, const net_wire_record *r) {
  if (at > cap || cap - at < NET_WIRE_HEADER + (size_t)r->len) return -1;
  uint8_t *h = out + at;
  h[0] = r->to, h[1] = r->repeat;
  h[2] = (uint8_t)(r->advance >> 8), h[3] = (uint8_t)r->advance;
  memcpy(h + 4, r->ip, 4);
  h[8] = (uint8_t)(r->port >> 8), h[9] = (uint8_t)r->port;
  h[10] = (uint8_t)(r->len >> 8), h[11] = (uint8_t)r->len;
  if (r->len) memmove(h + NET_WIRE_HEADER, r->data, r->len);
  return (long)(at + NET_WIRE_HEADER + r->len);
}

ff_simaddr net_wire_source(const net_wire_record *r) {
  return ff_simaddr_make(ff_simip_v4(r->ip[0], r->ip[1], r->ip[2], r->ip[3]), r->port);
}

uint64_t net_wire_session_id(unsigned k) {
  static uint64_t ids[64];
  static bool made;
  if (!made) { /* the relay's own draws: it takes them in this order */
    net_relay r;
    if (net_relay_init(&r, NET_WIRE_RELAY_KEY) != 0) return 0;
    for (size_t i = 0; i < 64; i++) ids[i] = r.random(r.random_ctx) & INT64_MAX;
    net_relay_free(&r);
    made = true;
  }
  return ids[k % 64];
}

const net_key *net_wire_wg_public(void) {
  static net_key pub;
  static bool made;
  if (!made) {
    net_wg_public_from_secret(net_wire_wg_private, &pub);
    made = true;
  }
  return &pub;
}

void net_wire_put_u32le(uint8_t *p, uint32_t v) {
  for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i));
}

uint32_t net_wire_get_u32le(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

net_wg_layout net_wire_wg_layout(uint8_t type, size_t len) {
  net_wg_layout l;
  memset(&l, 0, sizeof l);
  switch (type) {
    case NET_WG_INITIATION: /* sender | ephemeral | static 32+16 | timestamp 12+16 | mac1 | mac2 */
      l.sender = 4, l.ephemeral = 8, l.encrypted = 40, l.encrypted_len = 76, l.mac1 = 116, l.mac2 = 132;
      break;
    case NET_WG_RESPONSE: /* sender | receiver | ephemeral | empty 0+16 | mac1 | mac2 */
      l.sender = 4, l.receiver = 8, l.ephemeral = 12, l.encrypted = 44, l.encrypted_len = 16, l.mac1 = 60, l.mac2 = 76;
      break;
    case NET_WG_COOKIE: /* receiver | nonce 24 | cookie 16+16 */
      l.receiver = 4, l.nonce = 8, l.encrypted = 32, l.encrypted_len = 32;
      break;
    case NET_WG_DATA: /* receiver | counter | packet+16 */
      l.receiver = 4, l.counter = 8, l.encrypted = 16, l.encrypted_len = len > 16 ? len - 16 : 0;
      break;
    default: break;
  }
  return l;
}

size_t net_wire_wg_frame(uint8_t type, uint32_t sender, uint32_t receiver, uint64_t counter, unsigned blocks,
                         uint8_t fill_seed, uint8_t *out, size_t cap) {
  uint8_t fill[61]; /* a prime length: the pattern does not repeat per field */
  for (size_t i = 0; i < sizeof fill; i++) fill[i] = (uint8_t)(fill_seed * 31 + i * 7);
  size_t len = net_wg_build(type, fill, sizeof fill, blocks, net_wire_wg_public(), out, cap);
  if (!len) return 0;
  net_wg_layout l = net_wire_wg_layout(out[0], len);
  if (l.sender) net_wire_put_u32le(out + l.sender, sender);
  if (l.receiver) net_wire_put_u32le(out + l.receiver, receiver);
  if (l.counter)
    for (int i = 0; i < 8; i++) out[l.counter + i] = (uint8_t)(counter >> (8 * i));
  net_wg_set_mac1(out, len, net_wire_wg_public());
  return len;
}
