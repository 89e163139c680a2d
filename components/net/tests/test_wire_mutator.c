/* net_wire's input form and protocol-aware mutator. Every relay message
 * variant in bincode and in JSON, and every WireGuard message type, parses
 * into the mutator's tree and serializes to the same bytes; a frame whose
 * mac1 was wrong stays wrong. Then 3000 mutations chained from a small flow
 * (a bincode ConnectionRequest, a JSON Heartbeat, a WireGuard initiation;
 * fixed seeds): every structured output is well framed (its records end
 * exactly at the end), most relay datagrams still decode, handshake frames
 * whose fields changed carry the right mac1 for the endpoint's key (bent on
 * purpose in a few), and the edits reach session ids, encodings, sources,
 * record counts and WireGuard indices. With the argument "off" (ctest runs
 * it so, under FORMFUZZ_STRUCT_MUTATOR=off) none may be structured. The
 * endpoint's key is X25519 of RFC 7748 §6.1's Alice key. */
#include <stdlib.h>
#include <string.h>

#include "ff_check.h"
#include "gen.h"
#include "wire_format.h"
#include "wire_mutator.h"

static int fell_back;
static size_t mark_fallback(uint8_t *data, size_t size, size_t max_size) {
  (void)data, (void)max_size;
  fell_back = 1;
  return size;
}

static size_t put(uint8_t *out, size_t at, uint8_t to, const void *d, size_t n) {
  net_wire_record r = {.to = to, .ip = {198, 51, 100, 10}, .port = 40000, .len = (uint16_t)n, .data = d};
  long end = net_wire_put(out, 8192, at, &r);
  REQUIRE(end > 0, "record fits");
  return (size_t)end;
}

/* parse + serialize gives back the same bytes */
static bool same_after_roundtrip(const uint8_t *in, size_t n) {
  void *tree = net_wire_mutator.parse(in, n);
  if (!tree) return false;
  uint8_t out[8192];
  long k = net_wire_mutator.serialize(tree, out, sizeof out);
  net_wire_mutator.release(tree);
  return k == (long)n && memcmp(out, in, n) == 0;
}

static void test_key(void) {
  static const uint8_t alice_pub[32] = {0x85, 0x20, 0xf0, 0x09, 0x89, 0x30, 0xa7, 0x54, 0x74, 0x8b, 0x7d,
                                        0xdc, 0xb4, 0x3e, 0xf7, 0x5a, 0x0d, 0xbf, 0x3a, 0x0d, 0x26, 0x38,
                                        0x1a, 0xf4, 0xeb, 0xa4, 0xa9, 0x8e, 0xaa, 0x9b, 0x4e, 0x6a};
  CHECK(memcmp(net_wire_wg_public()->b, alice_pub, 32) == 0);
}

static void test_roundtrips(void) {
  uint8_t in[8192], d[NET_RELAY_FRAME_MAX];
  ff_input gen;
  static const uint8_t noise[] = {9, 200, 3, 77, 1, 0, 255, 18, 64, 5, 31, 99, 150, 7, 2, 42};
  for (int t = 0; t < NET_RELAY_TYPE_COUNT; t++) {
    ff_input_init(&gen, noise, sizeof noise);
    net_relay_msg m;
    net_gen_relay_msg_of(&gen, (net_relay_type)t, &m);
    long n = net_relay_encode(&m, d, sizeof d);
    CHECK(n > 0 && same_after_roundtrip(in, put(in, 0, NET_WIRE_TO_RELAY, d, (size_t)n)));
    n = net_relay_to_json(&m, (char *)d, sizeof d);
    CHECK(n > 0 && same_after_roundtrip(in, put(in, 0, NET_WIRE_TO_RELAY, d, (size_t)n)));
    CHECK(n > 0 && same_after_roundtrip(in, put(in, 0, NET_WIRE_TO_CLIENT, d, (size_t)n)));
  }
  for (uint8_t type = 1; type <= 4; type++) {
    size_t n = net_wire_wg_frame(type, 1, 2, 3, 1, type, d, sizeof d);
    CHECK(n > 0 && net_wg_accept(d, n, net_wire_wg_public()) == NET_WG_OK);
    CHECK(same_after_roundtrip(in, put(in, 0, NET_WIRE_TO_WG, d, n)));
    if (!net_wg_mac1_offset(type)) continue;
    d[net_wg_mac1_offset(type)] ^= 1; /* a wrong mac1 is kept wrong */
    CHECK(same_after_roundtrip(in, put(in, 0, NET_WIRE_TO_WG, d, n)));
  }
  CHECK(net_wire_mutator.parse(in, 5) == NULL); /* a truncated record is not an input */
}

/* Walks the records of an output; false unless they end exactly at its end. */
typedef struct seen {
  unsigned relay, relay_ok, handshakes, handshakes_ok, records;
  bool json, bin, new_session, new_source, index_taken;
} seen;

static bool inspect(const uint8_t *b, size_t n, seen *s) {
  size_t pos = 0;
  net_wire_record r;
  unsigned records = 0;
  while (net_wire_next(b, n, &pos, &r)) {
    records++;
    net_relay_msg m;
    if (r.to == NET_WIRE_TO_RELAY) {
      s->relay++;
      bool json = r.len && r.data[0] == '{';
      net_err e = json ? net_relay_from_json((const char *)r.data, r.len, &m) : net_relay_decode(r.data, r.len, &m);
      if (e == NET_OK) {
        s->relay_ok++, s->json |= json, s->bin |= !json;
        uint64_t id = m.type == NET_RELAY_HEARTBEAT ? m.u.hb.session_id : m.type == NET_RELAY_FORWARD ? m.u.fwd.session_id : 0;
        for (unsigned k = 1; k < 8; k++) s->new_session |= id == net_wire_session_id(k);
      }
    }
    s->new_source |= r.port != 40000 || r.ip[3] != 10;
    if (r.to == NET_WIRE_TO_WG && r.len >= 4 && net_wg_mac1_offset(r.data[0]) &&
        net_wg_check_frame(r.data, r.len) == NET_WG_OK) {
      s->handshakes++;
      s->handshakes_ok += net_wg_accept(r.data, r.len, net_wire_wg_public()) == NET_WG_OK;
      s->index_taken |= r.data[0] == NET_WG_RESPONSE && net_wire_get_u32le(r.data + 8) == 0x11111111;
    }
  }
  s->records += records;
  return pos == n;
}

int main(int argc, char **argv) {
  bool off = argc > 1 && strcmp(argv[1], "off") == 0;
  test_key();
  test_roundtrips();
  static uint8_t seed[8192], buf[8192];
  uint8_t d[NET_RELAY_FRAME_MAX];
  net_relay_msg m;
  memset(&m, 0, sizeof m);
  m.type = NET_RELAY_CONNECT_REQUEST;
  memset(m.u.req.peer, 1, 32), memset(m.u.req.target, 2, 32), m.u.req.timestamp = NET_WIRE_NOW0;
  size_t len = put(seed, 0, NET_WIRE_TO_RELAY, d, (size_t)net_relay_encode(&m, d, sizeof d));
  memset(&m, 0, sizeof m);
  m.type = NET_RELAY_HEARTBEAT, m.u.hb.session_id = net_wire_session_id(0), m.u.hb.timestamp = NET_WIRE_NOW0;
  len = put(seed, len, NET_WIRE_TO_RELAY, d, (size_t)net_relay_to_json(&m, (char *)d, sizeof d));
  len = put(seed, len, NET_WIRE_TO_WG, d, net_wire_wg_frame(NET_WG_INITIATION, 0x11111111, 0, 0, 0, 1, d, sizeof d));
  size_t seed_len = len;
  memcpy(buf, seed, len);
  unsigned structured = 0, fallbacks = 0, framing_errors = 0;
  seen s = {0};
  for (unsigned i = 1; i <= 3000; i++) {
    fell_back = 0;
    len = ff_struct_mutate(&net_wire_mutator, buf, len, 4096, i, mark_fallback);
    if (fell_back) {
      fallbacks++;
      continue;
    }
    structured++;
    if (!inspect(buf, len, &s)) framing_errors++;
    if (len > 3000 || i % 50 == 0) memcpy(buf, seed, len = seed_len); /* start again */
  }
  printf("structured %u fallbacks %u relay %u/%u handshakes %u/%u\n", structured, fallbacks, s.relay_ok, s.relay,
         s.handshakes_ok, s.handshakes);
  if (off) {
    CHECK(structured == 0 && fallbacks == 3000);
    return check_summary("test_wire_mutator off");
  }
  CHECK(framing_errors == 0);
  CHECK(structured >= 2200 && fallbacks >= 450 && fallbacks <= 800);
  CHECK(s.relay_ok * 10 >= s.relay * 7);
  CHECK(s.handshakes_ok * 10 >= s.handshakes * 8 && s.handshakes_ok < s.handshakes);
  CHECK(s.json && s.bin && s.new_session && s.new_source && s.index_taken);
  return check_summary("test_wire_mutator");
}
