/* WireGuard message framing and mac1 gating (see net_wg.h). */
#include <blake2.h>
#include <string.h>

#include "net_wg.h"

const char *net_wg_verdict_name(net_wg_verdict v) {
  switch (v) {
    case NET_WG_OK: return "ok";
    case NET_WG_BAD_TYPE: return "bad-type";
    case NET_WG_BAD_LENGTH: return "bad-length";
    case NET_WG_BAD_RESERVED: return "bad-reserved";
    case NET_WG_BAD_MAC1: return "bad-mac1";
  }
  return "?";
}

size_t net_wg_mac1_offset(uint8_t type) {
  if (type == NET_WG_INITIATION) return NET_WG_INIT_LEN - 2 * NET_WG_MAC_LEN;
  if (type == NET_WG_RESPONSE) return NET_WG_RESP_LEN - 2 * NET_WG_MAC_LEN;
  return 0;
}

net_wg_verdict net_wg_check_frame(const uint8_t *msg, size_t len) {
  if (len < 4) return NET_WG_BAD_LENGTH;
  switch (msg[0]) {
    case NET_WG_INITIATION: if (len != NET_WG_INIT_LEN) return NET_WG_BAD_LENGTH; break;
    case NET_WG_RESPONSE: if (len != NET_WG_RESP_LEN) return NET_WG_BAD_LENGTH; break;
    case NET_WG_COOKIE: if (len != NET_WG_COOKIE_LEN) return NET_WG_BAD_LENGTH; break;
    case NET_WG_DATA: if (len < NET_WG_DATA_MIN || len % 16 != 0) return NET_WG_BAD_LENGTH; break;
    default: return NET_WG_BAD_TYPE;
  }
  if (msg[1] || msg[2] || msg[3]) return NET_WG_BAD_RESERVED;
  return NET_WG_OK;
}

void net_wg_mac1(const uint8_t *msg_alpha, size_t len, const net_key *responder_public,
                 uint8_t out[NET_WG_MAC_LEN]) {
  uint8_t label[8 + NET_KEY_LEN], key[32];
  memcpy(label, "mac1----", 8);
  memcpy(label + 8, responder_public->b, NET_KEY_LEN);
  blake2s(key, label, NULL, sizeof key, sizeof label, 0);
  blake2s(out, msg_alpha, key, NET_WG_MAC_LEN, len, sizeof key);
}

void net_wg_set_mac1(uint8_t *msg, size_t len, const net_key *responder_public) {
  size_t off = net_wg_mac1_offset(msg[0]);
  if (off && len >= off + NET_WG_MAC_LEN) net_wg_mac1(msg, off, responder_public, msg + off);
}

net_wg_verdict net_wg_accept(const uint8_t *msg, size_t len, const net_key *our_public) {
  net_wg_verdict v = net_wg_check_frame(msg, len);
  if (v != NET_WG_OK) return v;
  size_t off = net_wg_mac1_offset(msg[0]);
  if (!off) return NET_WG_OK;
  uint8_t mac[NET_WG_MAC_LEN];
  net_wg_mac1(msg, off, our_public, mac);
  uint8_t diff = 0;
  for (size_t i = 0; i < NET_WG_MAC_LEN; i++) diff |= (uint8_t)(mac[i] ^ msg[off + i]);
  return diff ? NET_WG_BAD_MAC1 : NET_WG_OK;
}

size_t net_wg_build(uint8_t type, const uint8_t *fill, size_t fill_len, unsigned extra_blocks,
                    const net_key *responder_public, uint8_t *out, size_t cap) {
  size_t len;
  switch (type) {
    case NET_WG_INITIATION: len = NET_WG_INIT_LEN; break;
    case NET_WG_RESPONSE: len = NET_WG_RESP_LEN; break;
    case NET_WG_COOKIE: len = NET_WG_COOKIE_LEN; break;
    default: type = NET_WG_DATA; len = NET_WG_DATA_MIN + 16u * extra_blocks; break;
  }
  if (len > cap) return 0;
  for (size_t i = 0; i < len; i++) out[i] = fill_len ? fill[i % fill_len] : (uint8_t)i;
  out[0] = type;
  out[1] = out[2] = out[3] = 0;
  size_t off = net_wg_mac1_offset(type);
  if (off) memset(out + off + NET_WG_MAC_LEN, 0, NET_WG_MAC_LEN); /* mac2 without a cookie */
  net_wg_set_mac1(out, len, responder_public);
  return len;
}
