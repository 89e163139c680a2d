/* net.wg_mac1 against a reference (wg_checks.h). */
#include <blake2.h>
#include <string.h>

#include "formfuzz/oracle.h"
#include "wg_checks.h"

void net_wg_reference_mac1(const uint8_t *msg, size_t off, const net_key *pub, uint8_t out[16]) {
  blake2s_state st;
  uint8_t key[32];
  blake2s_init(&st, 32);
  blake2s_update(&st, (const uint8_t *)"mac1----", 8);
  blake2s_update(&st, pub->b, 32);
  blake2s_final(&st, key, 32);
  blake2s_init_key(&st, 16, key, 32);
  blake2s_update(&st, msg, off);
  blake2s_final(&st, out, 16);
}

net_wg_verdict net_check_wg_raw(const uint8_t *msg, size_t len, const net_key *pub) {
  net_wg_verdict v = net_wg_accept(msg, len, pub);
  bool expect = net_wg_check_frame(msg, len) == NET_WG_OK;
  size_t off = len >= 4 ? net_wg_mac1_offset(msg[0]) : 0;
  if (expect && off) {
    uint8_t mac[16];
    net_wg_reference_mac1(msg, off, pub, mac);
    expect = memcmp(mac, msg + off, 16) == 0;
  }
  FF_INVARIANT((v == NET_WG_OK) == expect, "net.wg_mac1", "%zu raw bytes: verdict %s, reference says %s", len,
               net_wg_verdict_name(v), expect ? "accept" : "reject");
  return v;
}

void net_check_wg_bent(uint8_t *msg, size_t len, const net_key *pub, size_t at, uint8_t delta, const net_key *other) {
  size_t off = net_wg_mac1_offset(msg[0]);
  if (!off) return;
  if (delta && at < off) {
    msg[at] ^= delta;
    net_wg_verdict v = net_wg_accept(msg, len, pub);
    msg[at] ^= delta;
    FF_INVARIANT(v != NET_WG_OK, "net.wg_mac1", "byte %zu of msg_alpha changed, frame still accepted", at);
  }
  if (!other || net_key_equal(other, pub)) return;
  net_wg_verdict v = net_wg_accept(msg, len, other);
  FF_INVARIANT(v == NET_WG_BAD_MAC1, "net.wg_mac1", "frame for one key accepted by another: %s", net_wg_verdict_name(v));
}
