/* The relay messages on the wire against the fact sheet's vectors (§1.8.2):
 * bincode byte layouts and minimum sizes of the bare structs, a Heartbeat
 * byte for byte, the tagged RelayMessage, the consequences of service.rs's
 * untagged dispatch (what each datagram is taken for), the client's JSON
 * shape with its key order, and the relay answering in the request's
 * encoding. */
#include <stdio.h>
#include <string.h>

#include "ff_check.h"
#include "net.h"

static net_relay_msg msg(net_relay_type t) {
  net_relay_msg m;
  memset(&m, 0, sizeof m);
  m.type = t;
  return m;
}

static void test_sizes(void) {
  uint8_t b[NET_RELAY_FRAME_MAX];
  net_relay_msg m = msg(NET_RELAY_FORWARD);
  m.u.fwd.len = 5;
  CHECK(net_relay_encode_struct(&m, b, sizeof b) == 57 + 5);
  CHECK(net_relay_encode(&m, b, sizeof b) == 4 + 57 + 5 && b[0] == 2 && b[1] == 0 && b[2] == 0 && b[3] == 0);
  m = msg(NET_RELAY_CONNECT_REQUEST);
  CHECK(net_relay_encode_struct(&m, b, sizeof b) == 81);
  m.u.req.has_auth = true, m.u.req.auth_len = 3;
  CHECK(net_relay_encode_struct(&m, b, sizeof b) == 81 + 8 + 3);
  m = msg(NET_RELAY_HEARTBEAT);
  CHECK(net_relay_encode_struct(&m, b, sizeof b) == 20);
  m = msg(NET_RELAY_DISCOVERY_QUERY);
  CHECK(net_relay_encode_struct(&m, b, sizeof b) == 57);
}

static void test_heartbeat_bytes(void) {
  static const uint8_t want[] = {3, 0, 0, 0, /* variant Heartbeat, u32 LE */
                                 0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01,
                                 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11,
                                 0xdd, 0xcc, 0xbb, 0xaa};
  net_relay_msg m = msg(NET_RELAY_HEARTBEAT), back;
  m.u.hb.session_id = 0x0102030405060708ull, m.u.hb.timestamp = 0x1122334455667788ull;
  m.u.hb.sequence = 0xaabbccddu;
  uint8_t b[64];
  CHECK(net_relay_encode(&m, b, sizeof b) == sizeof want && memcmp(b, want, sizeof want) == 0);
  CHECK(net_relay_decode(want, sizeof want, &back) == NET_OK && net_relay_msg_equal(&m, &back));
  CHECK(net_relay_decode(want, sizeof want - 1, &back) != NET_OK);
  uint8_t bad[sizeof want];
  memcpy(bad, want, sizeof want);
  bad[0] = 7; /* no such variant */
  CHECK(net_relay_decode(bad, sizeof bad, &back) != NET_OK);
}

static void test_response_layout(void) {
  net_relay_msg m = msg(NET_RELAY_CONNECT_RESPONSE);
  m.u.resp.status = NET_CONN_RESOURCE_LIMIT;
  m.u.resp.error.present = true, m.u.resp.error.len = 2, memcpy(m.u.resp.error.s, "no", 2);
  uint8_t b[64];
  long n = net_relay_encode_struct(&m, b, sizeof b);
  /* status u32 | None | ts u64 | nonce u64 | Some | len u64 | "no" */
  CHECK(n == 4 + 1 + 8 + 8 + 1 + 8 + 2 && b[0] == 4 && b[4] == 0 && b[21] == 1 && b[22] == 2 && b[30] == 'n');
  m.u.resp.error.s[0] = (char)0xff; /* not UTF-8 */
  CHECK(net_relay_encode_struct(&m, b, sizeof b) < 0);
}

static void test_untagged(void) {
  net_relay_msg m;
  uint8_t b[NET_RELAY_FRAME_MAX];
  /* Any 20 bytes that are no RelayPacket or ConnectionRequest are a Heartbeat. */
  memset(b, 0xff, 20);
  CHECK(net_relay_decode_untagged(b, 20, &m) == NET_OK && m.type == NET_RELAY_HEARTBEAT);
  CHECK(net_relay_decode_untagged(b, 19, &m) != NET_OK);
  /* A DiscoveryQuery with min_caps = max_results = 0 is an empty RelayPacket. */
  net_relay_msg q = msg(NET_RELAY_DISCOVERY_QUERY);
  memset(q.u.dq.peer, 9, 32);
  long n = net_relay_encode_struct(&q, b, sizeof b);
  CHECK(net_relay_decode_untagged(b, (size_t)n, &m) == NET_OK && m.type == NET_RELAY_FORWARD && m.u.fwd.len == 0);
  /* A ConnectionRequest whose target bytes 17..25 (LE u64) are <= 24 is a RelayPacket. */
  net_relay_msg r = msg(NET_RELAY_CONNECT_REQUEST);
  memset(r.u.req.peer, 1, 32);
  r.u.req.target[17] = 24;
  n = net_relay_encode_struct(&r, b, sizeof b);
  CHECK(net_relay_decode_untagged(b, (size_t)n, &m) == NET_OK && m.type == NET_RELAY_FORWARD && m.u.fwd.len == 24);
  r.u.req.target[17] = 25;
  n = net_relay_encode_struct(&r, b, sizeof b);
  CHECK(net_relay_decode_untagged(b, (size_t)n, &m) == NET_OK && m.type == NET_RELAY_CONNECT_REQUEST);
  /* The client's JSON falls through to a Heartbeat: session id = its first 8 bytes. */
  char text[NET_RELAY_FRAME_MAX];
  memset(r.u.req.target, 2, 32);
  n = net_relay_to_json(&r, text, sizeof text);
  uint64_t first8 = 0;
  for (int i = 7; i >= 0; i--) first8 = first8 << 8 | (uint8_t)text[i];
  CHECK(n > 81 && net_relay_decode_untagged((const uint8_t *)text, (size_t)n, &m) == NET_OK &&
        m.type == NET_RELAY_HEARTBEAT && m.u.hb.session_id == first8);
  /* The strict reader refuses it as bincode. */
  CHECK(net_relay_decode((const uint8_t *)text, (size_t)n, &m) != NET_OK);
}

static void test_json(void) {
  char want[1024], got[1024];
  int o = snprintf(want, sizeof want, "{\"ConnectionRequest\":{\"peer_pubkey\":[");
  for (int i = 0; i < 32; i++) o += snprintf(want + o, sizeof want - (size_t)o, i ? ",1" : "1");
  o += snprintf(want + o, sizeof want - (size_t)o, "],\"target_pubkey\":[");
  for (int i = 0; i < 32; i++) o += snprintf(want + o, sizeof want - (size_t)o, i ? ",2" : "2");
  snprintf(want + o, sizeof want - (size_t)o, "],\"timestamp\":1700000000,\"nonce\":7,\"auth_token\":null}}");
  net_relay_msg m = msg(NET_RELAY_CONNECT_REQUEST), back;
  memset(m.u.req.peer, 1, 32), memset(m.u.req.target, 2, 32);
  m.u.req.timestamp = 1700000000, m.u.req.nonce = 7;
  CHECK(net_relay_to_json(&m, got, sizeof got) > 0 && strcmp(got, want) == 0);
  CHECK(net_relay_from_json(want, strlen(want), &back) == NET_OK && net_relay_msg_equal(&m, &back));
  const char *resp = "{\"ConnectionResponse\":{\"status\":\"ResourceLimit\",\"session_id\":null,\"timestamp\":1,"
                     "\"request_nonce\":2,\"error\":\"busy\"}}";
  CHECK(net_relay_from_json(resp, strlen(resp), &back) == NET_OK && back.u.resp.status == NET_CONN_RESOURCE_LIMIT &&
        !back.u.resp.has_session && back.u.resp.error.len == 4);
  const char *extra = "{\"Heartbeat\":{\"session_id\":1,\"timestamp\":2,\"sequence\":3,\"x\":0}}";
  const char *two = "{\"Heartbeat\":{\"session_id\":1,\"timestamp\":2,\"sequence\":3},\"Heartbeat2\":{}}";
  const char *neg = "{\"Heartbeat\":{\"session_id\":-1,\"timestamp\":2,\"sequence\":3}}";
  CHECK(net_relay_from_json(extra, strlen(extra), &back) != NET_OK);
  CHECK(net_relay_from_json(two, strlen(two), &back) != NET_OK);
  CHECK(net_relay_from_json(neg, strlen(neg), &back) != NET_OK);
  /* RelayNodeInfo leaves out None latency, last_result_time and packet_loss. */
  net_relay_msg a = msg(NET_RELAY_ANNOUNCEMENT);
  a.u.ann.info.protocol_version = 1, a.u.ann.info.reliability = 100;
  CHECK(net_relay_to_json(&a, got, sizeof got) > 0 && !strstr(got, "latency") && !strstr(got, "packet_loss") &&
        strstr(got, "\"region\":null"));
  CHECK(net_relay_from_json(got, strlen(got), &back) == NET_OK && net_relay_msg_equal(&a, &back));
  m.u.req.nonce = 1ull << 63; /* beyond json_int_t */
  CHECK(net_relay_to_json(&m, got, sizeof got) < 0);
}

static void test_relay_answers_in_kind(void) {
  net_relay r;
  CHECK(net_relay_init(&r, 1) == 0);
  ff_simaddr a = ff_simaddr_make(ff_simip_v4(198, 51, 100, 7), 4000);
  net_relay_msg m = msg(NET_RELAY_CONNECT_REQUEST), back;
  memset(m.u.req.peer, 1, 32), memset(m.u.req.target, 2, 32);
  m.u.req.timestamp = 1700000000, m.u.req.nonce = 9;
  char text[NET_RELAY_FRAME_MAX];
  long n = net_relay_to_json(&m, text, sizeof text);
  net_relay_action act;
  net_relay_handle(&r, 1700000000, &a, (const uint8_t *)text, (size_t)n, &act);
  CHECK(act.kind == NET_RELAY_REPLY && act.json &&
        net_relay_from_json((const char *)act.data, act.len, &back) == NET_OK &&
        back.type == NET_RELAY_CONNECT_RESPONSE && back.u.resp.has_session && back.u.resp.request_nonce == 9);
  uint8_t bin[NET_RELAY_FRAME_MAX];
  m.u.req.nonce = 10, memset(m.u.req.peer, 3, 32);
  n = net_relay_encode(&m, bin, sizeof bin);
  net_relay_handle(&r, 1700000000, &a, bin, (size_t)n, &act);
  CHECK(act.kind == NET_RELAY_REPLY && !act.json && net_relay_decode(act.data, act.len, &back) == NET_OK &&
        back.u.resp.request_nonce == 10 && back.u.resp.session_id <= (uint64_t)INT64_MAX);
  net_relay_free(&r);
}

int main(void) {
  test_sizes();
  test_heartbeat_bytes();
  test_response_layout();
  test_untagged();
  test_json();
  test_relay_answers_in_kind();
  return check_summary("net relay wire");
}
