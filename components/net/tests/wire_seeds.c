/* Writes the seeds of net_wire (components/net/seeds/net_wire) into a
 * folder: every relay message variant in bincode and in JSON to the relay,
 * the relay's answers as its client reads them, each WireGuard message type
 * with mac1 for the endpoint's key and a whole handshake, relay flows (a
 * paired session carrying WireGuard frames, a hijack attempt from another
 * address, expiry, a heartbeat burst over the rate limit, an initiator over
 * its session limit, announcements and discovery), and the fact sheet's
 * §1.8.2 examples (the bare structs service.rs reads, a Heartbeat byte for
 * byte, the datagrams its untagged dispatch mistakes). Deterministic: the
 * net_wire_seeds_current test writes them again and compares.
 * usage: net_wire_seeds DIR */
#include <stdio.h>
#include <string.h>

#include "wire_format.h"

typedef struct seed {
  uint8_t b[4096];
  size_t len;
  uint64_t now;
} seed;

static const char *dir;
static int failures;

static void client_addr(int c, uint8_t ip[4], uint16_t *port) {
  if (c < 4) ip[0] = 198, ip[1] = 51, ip[2] = 100, ip[3] = (uint8_t)(10 + c);
  else ip[0] = 203, ip[1] = 0, ip[2] = 113, ip[3] = 66; /* the attacker */
  *port = (uint16_t)(40000 + c);
}

static void key(int c, uint8_t k[32]) { memset(k, c + 1, 32); }

static void start(seed *s) { s->len = 0, s->now = NET_WIRE_NOW0; }

static void record(seed *s, uint8_t to, int from, uint16_t advance, uint8_t repeat, const void *d, size_t n) {
  net_wire_record r = {.to = to, .repeat = repeat, .advance = advance, .len = (uint16_t)n, .data = d};
  client_addr(from, r.ip, &r.port);
  long at = net_wire_put(s->b, sizeof s->b, s->len, &r);
  if (at < 0) {
    fprintf(stderr, "net_wire_seeds: a seed outgrew %zu bytes\n", sizeof s->b);
    failures++;
    return;
  }
  s->len = (size_t)at;
  s->now += advance;
}

/* m to `to` from client `from`, in bincode or JSON, its timestamp the clock. */
static void msg(seed *s, uint8_t to, int from, uint16_t advance, uint8_t repeat, bool json, net_relay_msg m) {
  uint8_t b[NET_RELAY_FRAME_MAX];
  uint64_t now = s->now + advance;
  switch (m.type) {
    case NET_RELAY_CONNECT_REQUEST: m.u.req.timestamp = now; break;
    case NET_RELAY_CONNECT_RESPONSE: m.u.resp.timestamp = now; break;
    case NET_RELAY_FORWARD: m.u.fwd.timestamp = now; break;
    case NET_RELAY_HEARTBEAT: m.u.hb.timestamp = now; break;
    case NET_RELAY_DISCOVERY_QUERY: m.u.dq.timestamp = now; break;
    case NET_RELAY_DISCOVERY_RESPONSE: m.u.dr.timestamp = now; break;
    default: m.u.ann.timestamp = now; break;
  }
  long n = json ? net_relay_to_json(&m, (char *)b, sizeof b) : net_relay_encode(&m, b, sizeof b);
  if (n < 0) {
    fprintf(stderr, "net_wire_seeds: a %s does not encode\n", net_relay_type_name(m.type));
    failures++;
    return;
  }
  record(s, to, from, advance, repeat, b, (size_t)n);
}

static void save(const seed *s, const char *name) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(s->b, 1, s->len, f) != s->len || fclose(f) != 0) {
    fprintf(stderr, "net_wire_seeds: cannot write %s\n", path);
    failures++;
  }
}

static void text(net_opt_text *t, const char *s) {
  t->present = true;
  t->len = (uint8_t)strlen(s);
  memcpy(t->s, s, t->len);
}

static net_relay_node_info relay_info(int i) {
  net_relay_node_info n;
  memset(&n, 0, sizeof n);
  memset(n.pubkey, 0xa0 + i, 32);
  n.nendpoints = 2;
  text(&n.endpoints[0], i ? "203.0.113.20:51820" : "198.51.100.1:51820");
  text(&n.endpoints[1], "[2001:db8::20]:51820");
  text(&n.region, i ? "eu-west" : "us-east");
  n.capabilities = NET_CAP_IPV4 | NET_CAP_IPV6 | (i ? NET_CAP_LOW_LATENCY : 0);
  n.load = (uint8_t)(10 + 30 * i), n.max_sessions = 1000, n.protocol_version = 1, n.reliability = 100;
  n.has_latency = i == 1, n.latency = 40;
  return n;
}

static net_relay_msg request(int from, int to) {
  net_relay_msg m;
  memset(&m, 0, sizeof m);
  m.type = NET_RELAY_CONNECT_REQUEST;
  key(from, m.u.req.peer), key(to, m.u.req.target);
  m.u.req.nonce = 7 + (uint64_t)from;
  return m;
}

/* One message of each variant, with every optional field used somewhere. */
static net_relay_msg example(net_relay_type t) {
  net_relay_msg m;
  memset(&m, 0, sizeof m);
  m.type = t;
  switch (t) {
    case NET_RELAY_CONNECT_REQUEST:
      m = request(0, 1);
      m.u.req.has_auth = true, m.u.req.auth_len = 88; /* generate_auth_token's size */
      for (int i = 0; i < 88; i++) m.u.req.auth[i] = (uint8_t)i;
      break;
    case NET_RELAY_CONNECT_RESPONSE:
      m.u.resp.status = NET_CONN_SUCCESS, m.u.resp.has_session = true;
      m.u.resp.session_id = net_wire_session_id(0), m.u.resp.request_nonce = 7;
      break;
    case NET_RELAY_FORWARD:
      key(1, m.u.fwd.dest), m.u.fwd.session_id = net_wire_session_id(0), m.u.fwd.flags = NET_RELAY_FLAG_ACK;
      m.u.fwd.len = (uint16_t)net_wire_wg_frame(NET_WG_INITIATION, 0x11111111, 0, 0, 0, 1, m.u.fwd.payload,
                                                sizeof m.u.fwd.payload);
      break;
    case NET_RELAY_HEARTBEAT: m.u.hb.session_id = net_wire_session_id(0), m.u.hb.sequence = 1; break;
    case NET_RELAY_DISCOVERY_QUERY:
      key(0, m.u.dq.peer), m.u.dq.nonce = 42, text(&m.u.dq.region, "us-east");
      m.u.dq.min_caps = NET_CAP_IPV4, m.u.dq.max_results = 3;
      break;
    case NET_RELAY_DISCOVERY_RESPONSE:
      m.u.dr.request_nonce = 42, m.u.dr.nrelays = 2, m.u.dr.more = true;
      m.u.dr.relays[0] = relay_info(0), m.u.dr.relays[1] = relay_info(1);
      m.u.dr.relays[1].has_loss = true, m.u.dr.relays[1].packet_loss = 3;
      m.u.dr.relays[1].has_last_result = true, m.u.dr.relays[1].last_result_time = NET_WIRE_NOW0 - 60;
      break;
    default:
      m.u.ann.info = relay_info(0), m.u.ann.expires = 0;
      m.u.ann.has_sig = true, m.u.ann.sig_len = 64;
      memset(m.u.ann.sig, 0x5a, 64);
      break;
  }
  return m;
}

static const char *const SHORT[] = {"request", "response", "forward", "heartbeat", "query", "discovery", "announcement"};

static void variants(void) {
  seed s;
  char name[64];
  for (int t = 0; t < NET_RELAY_TYPE_COUNT; t++)
    for (int json = 0; json < 2; json++) {
      start(&s);
      msg(&s, NET_WIRE_TO_RELAY, 0, 0, 0, json, example((net_relay_type)t));
      snprintf(name, sizeof name, "relay-%s-%s", json ? "json" : "bin", SHORT[t]);
      save(&s, name);
    }
  /* What the relay sends its client, as the client reads it. */
  start(&s);
  msg(&s, NET_WIRE_TO_CLIENT, 4, 0, 0, true, example(NET_RELAY_CONNECT_RESPONSE));
  save(&s, "client-json-response");
  net_relay_msg busy = example(NET_RELAY_CONNECT_RESPONSE);
  busy.u.resp.status = NET_CONN_RESOURCE_LIMIT, busy.u.resp.has_session = false;
  text(&busy.u.resp.error, "too many sessions");
  start(&s);
  msg(&s, NET_WIRE_TO_CLIENT, 4, 0, 0, true, busy);
  save(&s, "client-json-resource-limit");
  start(&s);
  msg(&s, NET_WIRE_TO_CLIENT, 4, 0, 0, true, example(NET_RELAY_DISCOVERY_RESPONSE));
  msg(&s, NET_WIRE_TO_CLIENT, 4, 30, 0, true, example(NET_RELAY_DISCOVERY_RESPONSE)); /* learned again */
  save(&s, "client-json-discovery");
}

static void wg_record(seed *s, int from, uint8_t type, uint32_t sender, uint32_t receiver, uint64_t counter,
                      unsigned blocks) {
  uint8_t b[NET_RELAY_FRAME_MAX];
  size_t n = net_wire_wg_frame(type, sender, receiver, counter, blocks, (uint8_t)(type + counter), b, sizeof b);
  record(s, NET_WIRE_TO_WG, from, 0, 0, b, n);
}

static void wireguard(void) {
  static const char *const names[] = {"", "wg-initiation", "wg-response", "wg-cookie", "wg-data"};
  seed s;
  for (uint8_t t = 1; t <= 4; t++) {
    start(&s);
    wg_record(&s, 0, t, 0x11111111, 0x22222222, 0, 2);
    save(&s, names[t]);
  }
  start(&s);
  wg_record(&s, 0, NET_WG_DATA, 0, 0x22222222, 5, 0); /* a keepalive: no payload, 32 bytes */
  save(&s, "wg-keepalive");
  start(&s); /* the handshake: the response names the initiator's index, data the responder's */
  wg_record(&s, 0, NET_WG_INITIATION, 0x11111111, 0, 0, 0);
  wg_record(&s, 1, NET_WG_RESPONSE, 0x22222222, 0x11111111, 0, 0);
  wg_record(&s, 0, NET_WG_DATA, 0, 0x22222222, 0, 4);
  wg_record(&s, 1, NET_WG_DATA, 0, 0x11111111, 0, 4);
  wg_record(&s, 0, NET_WG_DATA, 0, 0x22222222, 1, 0);
  save(&s, "wg-handshake");
}

static net_relay_msg forward(int to, unsigned session, uint8_t wg_type) {
  net_relay_msg m = example(NET_RELAY_FORWARD);
  key(to, m.u.fwd.dest), m.u.fwd.session_id = net_wire_session_id(session), m.u.fwd.flags = 0;
  m.u.fwd.len = (uint16_t)net_wire_wg_frame(wg_type, 0x11111111, 0x22222222, 0, 2, wg_type, m.u.fwd.payload,
                                            sizeof m.u.fwd.payload);
  return m;
}

static net_relay_msg heartbeat(unsigned session, uint32_t seq) {
  net_relay_msg m = example(NET_RELAY_HEARTBEAT);
  m.u.hb.session_id = net_wire_session_id(session), m.u.hb.sequence = seq;
  return m;
}

/* Client 0 asks for client 1, client 1 pairs from its own address. */
static void paired(seed *s, bool json) {
  msg(s, NET_WIRE_TO_RELAY, 0, 0, 0, json, request(0, 1));
  msg(s, NET_WIRE_TO_RELAY, 1, 1, 0, json, request(1, 0));
}

static void flows(void) {
  seed s;
  for (int json = 0; json < 2; json++) {
    start(&s);
    paired(&s, json);
    msg(&s, NET_WIRE_TO_RELAY, 0, 1, 0, json, forward(1, 0, NET_WG_INITIATION));
    msg(&s, NET_WIRE_TO_RELAY, 1, 0, 0, json, forward(0, 0, NET_WG_RESPONSE));
    msg(&s, NET_WIRE_TO_RELAY, 0, 1, 0, json, forward(1, 0, NET_WG_DATA));
    msg(&s, NET_WIRE_TO_RELAY, 0, 25, 0, json, heartbeat(0, 1));
    msg(&s, NET_WIRE_TO_RELAY, 1, 0, 0, json, heartbeat(0, 1));
    save(&s, json ? "flow-session-json" : "flow-session-bin");
  }
  start(&s); /* the attacker knows the session id and the keys */
  paired(&s, false);
  msg(&s, NET_WIRE_TO_RELAY, 4, 1, 0, false, forward(1, 0, NET_WG_DATA));
  msg(&s, NET_WIRE_TO_RELAY, 0, 0, 0, false, forward(1, 0, NET_WG_DATA));
  save(&s, "flow-hijack");
  start(&s);
  paired(&s, false);
  msg(&s, NET_WIRE_TO_RELAY, 0, 301, 0, false, heartbeat(0, 2)); /* inactive for > 300 s: gone */
  msg(&s, NET_WIRE_TO_RELAY, 2, 3600, 0, false, request(2, 3));
  msg(&s, NET_WIRE_TO_RELAY, 2, 1, 0, false, heartbeat(1, 1));
  save(&s, "flow-expiry");
  start(&s);
  paired(&s, false);
  msg(&s, NET_WIRE_TO_RELAY, 0, 1, 120, false, heartbeat(0, 9)); /* 121 in one second: over 100 */
  msg(&s, NET_WIRE_TO_RELAY, 1, 0, 0, false, heartbeat(0, 9));
  save(&s, "flow-burst");
  start(&s);
  for (int target = 1; target <= 4; target++) msg(&s, NET_WIRE_TO_RELAY, 0, 0, 0, target % 2, request(0, target));
  net_relay_msg more = request(0, 1);
  key(7, more.u.req.target);
  msg(&s, NET_WIRE_TO_RELAY, 0, 0, 0, false, more);
  key(8, more.u.req.target);
  msg(&s, NET_WIRE_TO_RELAY, 0, 0, 0, false, more); /* the sixth */
  save(&s, "flow-session-limit");
  start(&s);
  net_relay_msg ann = example(NET_RELAY_ANNOUNCEMENT);
  msg(&s, NET_WIRE_TO_RELAY, 2, 0, 0, false, ann);
  ann.u.ann.info = relay_info(1);
  msg(&s, NET_WIRE_TO_RELAY, 3, 0, 0, true, ann);
  net_relay_msg q = example(NET_RELAY_DISCOVERY_QUERY);
  q.u.dq.region.present = false, q.u.dq.max_results = 4;
  msg(&s, NET_WIRE_TO_RELAY, 0, 1, 0, true, q);
  msg(&s, NET_WIRE_TO_RELAY, 0, 0, 0, false, example(NET_RELAY_DISCOVERY_QUERY));
  ann.u.ann.info.load = 70, ann.u.ann.info.reliability = 60; /* re-announced: what it advertises */
  msg(&s, NET_WIRE_TO_RELAY, 3, 10, 0, false, ann);
  save(&s, "flow-discovery");
}

/* §1.8.2: the bare structs the real relay reads (bincode::serialize of the
 * struct, no RelayMessage tag) and what its untagged dispatch takes them for. */
static void sheet(void) {
  seed s;
  uint8_t b[NET_RELAY_FRAME_MAX];
  net_relay_msg hb = example(NET_RELAY_HEARTBEAT);
  hb.u.hb.session_id = 0x0102030405060708ull, hb.u.hb.timestamp = 0x1122334455667788ull, hb.u.hb.sequence = 0xaabbccddu;
  long n = net_relay_encode_struct(&hb, b, sizeof b); /* 20 bytes */
  start(&s);
  record(&s, NET_WIRE_TO_RELAY, 0, 0, 0, b, (size_t)n);
  save(&s, "sheet-heartbeat-bare");
  start(&s);
  n = net_relay_encode(&hb, b, sizeof b);
  record(&s, NET_WIRE_TO_RELAY, 0, 0, 0, b, (size_t)n);
  save(&s, "sheet-heartbeat-tagged");
  net_relay_msg q = example(NET_RELAY_DISCOVERY_QUERY); /* zero caps and results: an empty RelayPacket */
  q.u.dq.region.present = false, q.u.dq.min_caps = 0, q.u.dq.max_results = 0, q.u.dq.timestamp = NET_WIRE_NOW0;
  n = net_relay_encode_struct(&q, b, sizeof b);
  start(&s);
  record(&s, NET_WIRE_TO_RELAY, 0, 0, 0, b, (size_t)n);
  save(&s, "sheet-query-as-packet");
  net_relay_msg r = request(0, 1); /* target bytes 17..25 <= 24: a RelayPacket */
  memset(r.u.req.target + 17, 0, 8), r.u.req.target[17] = 24, r.u.req.timestamp = NET_WIRE_NOW0;
  n = net_relay_encode_struct(&r, b, sizeof b);
  start(&s);
  record(&s, NET_WIRE_TO_RELAY, 0, 0, 0, b, (size_t)n);
  save(&s, "sheet-request-as-packet");
  net_relay_msg resp = example(NET_RELAY_CONNECT_RESPONSE); /* as the relay sends it: a bare struct */
  resp.u.resp.timestamp = NET_WIRE_NOW0;
  n = net_relay_encode_struct(&resp, b, sizeof b);
  start(&s);
  record(&s, NET_WIRE_TO_CLIENT, 4, 0, 0, b, (size_t)n);
  save(&s, "sheet-response-bare");
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: net_wire_seeds DIR\n");
    return 2;
  }
  dir = argv[1];
  variants();
  wireguard();
  flows();
  sheet();
  return failures ? 1 : 0;
}
