/* net_packet (FF_PROPERTY; also the net_properties test):
 * relay frames, WireGuard frames, control JSON and signed
 * control requests, as a sequence of steps drawn from the input. Oracles:
 *   net.relay_roundtrip   the relay reads a built message's bincode and its
 *                         JSON back as itself, of its own type; accepted raw
 *                         bytes re-encode to exactly those bytes; the relay
 *                         answers in the encoding it was asked in;
 *   net.relay_table       §1.11.7: <= 5 sessions per initiator, <= 1000 total,
 *                         the count matches the table, counters move once per
 *                         forwarded packet, a new session's id is held by no
 *                         live session (ids drawn by the input, collisions
 *                         on purpose);
 *   net.relay_rate        a datagram is refused for the rate exactly when 100
 *                         were accepted in that second, in all or from its IP;
 *   net.registry_learned  a fresh announcement registers its relay; a known
 *                         relay re-announced keeps its measured reliability,
 *                         latency, loss and last result;
 *   net.relay_binding     a payload is forwarded only from the sender's bound
 *                         address to the other side's bound address;
 *   net.wg_mac1           a built handshake passes; a changed msg_alpha byte or
 *                         another responder key fails; the verdict on raw bytes
 *                         matches an incremental-BLAKE2s reference;
 *   net.json_roundtrip    accepted control JSON prints and re-parses to itself;
 *   net.endpoint          valid endpoint text is accepted, accepted text
 *                         round-trips;
 *   net.key               base64 keys accepted exactly when canonical 32 bytes;
 *   net.bootstrap_secret  GET /bootstrap never shows the secret key;
 *   net.alloc_unique      §1.11.1-2: interleaved joins never share an address,
 *                         name or key; each address is assignable and the
 *                         lowest free one;
 *   net.timestring        Timestring agrees with exact 128-bit arithmetic;
 *   net.cidr_tree         CIDR creations keep §1.11.3 (inside the parent,
 *                         unique names and networks, siblings apart);
 *   net.no_panic          the server NAT targets of the device are its peers'
 *                         keys and addresses, and nothing panics;
 *   net.fault_atomic      with storage faults from the input, a failed write
 *                         changes nothing, and a join answered OK is stored;
 *   net.authz             candidates and leave only from the peer's own key
 *                         (leave also from an admin), joins only from admin
 *                         or authorized keys (operators from admins only),
 *                         authorize only from an admin; unsigned or bent
 *                         requests never pass; a refused request changes
 *                         nothing; a joined peer is owned by its signer. */
#include <blake2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formfuzz/fault.h"
#include "formfuzz/gen_json.h"
#include "formfuzz/oracle.h"
#include "formfuzz/prop.h"
#include "gen.h"
#include "refs.h"

#define NOW0 1700000000u
#define CLIENTS 4

/* ---- relay ---- */
#define RELAYS 3
typedef struct relay_world {
  net_relay r;
  net_relay_registry known; /* fed by announcements */
  uint64_t now;
  ff_simaddr addrs[CLIENTS + 1]; /* the last one is an attacker */
  uint8_t keys[CLIENTS][32];
  uint64_t ids[16];
  size_t nids;
  /* datagrams the relay accepted in second `second`, in all and per address */
  uint64_t second;
  unsigned accepted, accepted_from[CLIENTS + 1];
} relay_world;

/* Session ids drawn by the input: small values collide on purpose. */
static uint64_t input_random(void *ctx) {
  ff_input *in = ctx;
  return ff_choose(in, 4) ? ff_range(in, 1, 3) : ff_u64(in);
}

/* Hands a datagram from client `from` to the relay; net.relay_rate: it is
 * refused for the rate exactly when NET_RELAY_PKT_PER_SEC datagrams were
 * accepted in this second, in all or from that address. */
static void relay_deliver(relay_world *w, size_t from, const uint8_t *buf, size_t n, net_relay_action *act) {
  if (w->second != w->now) {
    w->second = w->now, w->accepted = 0;
    memset(w->accepted_from, 0, sizeof w->accepted_from);
  }
  bool full = w->accepted >= NET_RELAY_PKT_PER_SEC || w->accepted_from[from] >= NET_RELAY_PKT_PER_SEC;
  net_relay_handle(&w->r, w->now, &w->addrs[from], buf, n, act);
  bool limited = act->kind == NET_RELAY_NONE && act->err == NET_E_LIMIT;
  FF_INVARIANT(limited == full, "net.relay_rate", "datagram %u of this second (%u from %zu) %s", w->accepted + 1,
               w->accepted_from[from] + 1, from, limited ? "refused for the rate" : "accepted over the limit");
  if (!limited) w->accepted++, w->accepted_from[from]++;
}

/* u64 fields below 2^63: the JSON form carries json_int_t. */
static uint64_t draw_u63(ff_input *in) { return ff_u64(in) & INT64_MAX; }

/* A RelayNodeInfo; its pubkey is key when given, else drawn. */
static void draw_info_of(ff_input *in, net_relay_node_info *n, const uint8_t *key) {
  if (key) memcpy(n->pubkey, key, 32);
  else ff_fill(in, n->pubkey, 32);
  n->nendpoints = (uint8_t)ff_range(in, 0, NET_RELAY_MAX_ENDPOINTS);
  for (unsigned i = 0; i < n->nendpoints; i++) {
    n->endpoints[i].present = true;
    ff_cstr_from(in, n->endpoints[i].s, 24, "0123456789.:[]abcdef");
    n->endpoints[i].len = (uint8_t)strlen(n->endpoints[i].s);
  }
  if ((n->region.present = ff_bool(in))) {
    ff_cstr_from(in, n->region.s, 16, "abcdefghijklmnopqrstuvwxyz-");
    n->region.len = (uint8_t)strlen(n->region.s);
  }
  n->capabilities = ff_u32(in);
  n->load = (uint8_t)ff_range(in, 0, 100);
  if ((n->has_latency = ff_bool(in))) n->latency = ff_u32(in);
  n->max_sessions = ff_u32(in);
  n->protocol_version = 1;
  n->reliability = (uint8_t)ff_range(in, 0, 100);
  if ((n->has_last_result = ff_bool(in))) n->last_result_time = draw_u63(in);
  if ((n->has_loss = ff_bool(in))) n->packet_loss = (uint8_t)ff_range(in, 0, 100);
}

static void draw_info(ff_input *in, net_relay_node_info *n) { draw_info_of(in, n, NULL); }

static void draw_relay_msg(ff_input *in, net_relay_msg *m) {
  memset(m, 0, sizeof *m);
  m->type = (net_relay_type)ff_choose(in, NET_RELAY_TYPE_COUNT);
  switch (m->type) {
    case NET_RELAY_CONNECT_REQUEST:
      ff_fill(in, m->u.req.peer, 32), ff_fill(in, m->u.req.target, 32);
      m->u.req.timestamp = draw_u63(in), m->u.req.nonce = draw_u63(in);
      if ((m->u.req.has_auth = ff_bool(in))) m->u.req.auth_len = (uint16_t)ff_bytes(in, m->u.req.auth, NET_RELAY_MAX_AUTH);
      break;
    case NET_RELAY_CONNECT_RESPONSE:
      m->u.resp.status = (uint8_t)ff_choose(in, NET_CONN_STATUS_COUNT);
      if ((m->u.resp.has_session = ff_bool(in))) m->u.resp.session_id = draw_u63(in);
      m->u.resp.timestamp = draw_u63(in), m->u.resp.request_nonce = draw_u63(in);
      if ((m->u.resp.error.present = ff_bool(in))) {
        ff_cstr_from(in, m->u.resp.error.s, 32, "abcdefgh ");
        m->u.resp.error.len = (uint8_t)strlen(m->u.resp.error.s);
      }
      break;
    case NET_RELAY_FORWARD:
      ff_fill(in, m->u.fwd.dest, 32), m->u.fwd.session_id = draw_u63(in), m->u.fwd.timestamp = draw_u63(in);
      m->u.fwd.flags = (uint8_t)ff_range(in, 0, NET_RELAY_FLAGS_KNOWN);
      m->u.fwd.len = (uint16_t)ff_bytes(in, m->u.fwd.payload, 200);
      break;
    case NET_RELAY_HEARTBEAT:
      m->u.hb.session_id = draw_u63(in), m->u.hb.timestamp = draw_u63(in), m->u.hb.sequence = ff_u32(in);
      break;
    case NET_RELAY_DISCOVERY_QUERY:
      ff_fill(in, m->u.dq.peer, 32), m->u.dq.timestamp = draw_u63(in), m->u.dq.nonce = draw_u63(in);
      if ((m->u.dq.region.present = ff_bool(in))) {
        ff_cstr_from(in, m->u.dq.region.s, 16, "abcdefghijklmnopqrstuvwxyz-");
        m->u.dq.region.len = (uint8_t)strlen(m->u.dq.region.s);
      }
      m->u.dq.min_caps = ff_u32(in), m->u.dq.max_results = ff_u32(in);
      break;
    case NET_RELAY_DISCOVERY_RESPONSE:
      m->u.dr.request_nonce = draw_u63(in), m->u.dr.timestamp = draw_u63(in);
      m->u.dr.nrelays = (uint8_t)ff_range(in, 0, 2);
      for (unsigned i = 0; i < m->u.dr.nrelays; i++) draw_info(in, &m->u.dr.relays[i]);
      m->u.dr.more = ff_bool(in);
      break;
    default:
      draw_info(in, &m->u.ann.info);
      m->u.ann.timestamp = draw_u63(in), m->u.ann.expires = draw_u63(in);
      if ((m->u.ann.has_sig = ff_bool(in))) m->u.ann.sig_len = (uint16_t)ff_bytes(in, m->u.ann.sig, 64);
      break;
  }
}

/* A built message: the relay reads its bincode and its JSON back as itself.
 * Raw bytes: what the relay accepts re-encodes to exactly those bytes. */
static void step_relay_codec(ff_input *in) {
  uint8_t buf[NET_RELAY_FRAME_MAX], again[NET_RELAY_FRAME_MAX];
  char text[NET_RELAY_FRAME_MAX];
  net_relay_msg m, d;
  bool json;
  if (ff_bool(in)) {
    draw_relay_msg(in, &m);
    long n = net_relay_encode(&m, buf, sizeof buf);
    FF_INVARIANT(n > 0, "net.relay_roundtrip", "a valid %s does not encode", net_relay_type_name(m.type));
    net_err e = net_relay_read(buf, (size_t)n, &d, &json);
    FF_INVARIANT(e == NET_OK && !json && d.type == m.type, "net.relay_roundtrip", "bincode %s read as %s (%s)",
                 net_relay_type_name(m.type), e == NET_OK ? net_relay_type_name(d.type) : "-", net_err_name(e));
    FF_INVARIANT(net_relay_msg_equal(&m, &d), "net.relay_roundtrip", "bincode %s fields changed",
                 net_relay_type_name(m.type));
    n = net_relay_to_json(&m, text, sizeof text);
    if (n < 0) return; /* larger than one relay datagram */
    e = net_relay_read((const uint8_t *)text, (size_t)n, &d, &json);
    FF_INVARIANT(e == NET_OK && json && d.type == m.type && net_relay_msg_equal(&m, &d), "net.relay_roundtrip",
                 "JSON %s read back as %s (%s): %s", net_relay_type_name(m.type),
                 e == NET_OK ? net_relay_type_name(d.type) : "-", net_err_name(e), text);
    return;
  }
  size_t len;
  const uint8_t *raw = ff_bytes_view(in, 600, &len);
  uint8_t frame[700] = {0};
  size_t flen = len;
  if (ff_bool(in)) { /* give it a plausible variant index */
    frame[0] = (uint8_t)ff_range(in, 0, 7);
    memcpy(frame + 4, raw, len);
    flen = len + 4;
  } else {
    memcpy(frame, raw, len);
  }
  if (net_relay_read(frame, flen, &d, &json) != NET_OK) return;
  long n = json ? net_relay_to_json(&d, (char *)again, sizeof again) : net_relay_encode(&d, again, sizeof again);
  if (json) { /* JSON spellings vary; what was read must read back the same */
    net_relay_msg d2;
    FF_INVARIANT(n > 0 && net_relay_from_json((const char *)again, (size_t)n, &d2) == NET_OK &&
                     net_relay_msg_equal(&d, &d2), "net.relay_roundtrip", "accepted JSON does not round-trip");
    return;
  }
  FF_INVARIANT(n >= 0 && (size_t)n == flen && memcmp(again, frame, flen) == 0, "net.relay_roundtrip",
               "accepted %zu bytes as %s, re-encoded to %ld different bytes", flen, net_relay_type_name(d.type), n);
}

static void check_table(const relay_world *w) {
  size_t used = 0;
  for (size_t i = 0; i < NET_RELAY_MAX_SESSIONS; i++) used += w->r.sessions[i].used;
  FF_INVARIANT(used == w->r.nsessions && used <= NET_RELAY_MAX_SESSIONS, "net.relay_table",
               "%zu sessions in the table, %zu counted", used, w->r.nsessions);
  for (size_t k = 0; k < CLIENTS; k++)
    FF_INVARIANT(net_relay_sessions_of(&w->r, w->keys[k]) <= NET_RELAY_MAX_PER_CLIENT, "net.relay_table",
                 "client %zu has %zu sessions", k, net_relay_sessions_of(&w->r, w->keys[k]));
}

/* The relay keys announcements use; RELAYS of them. */
static void relay_key(size_t i, uint8_t key[32]) { memset(key, (int)(0xa0 + i), 32); }

/* op 4: a burst of heartbeats in one second; op 5: a relay announcement
 * (net.registry_learned: re-announcing a known relay keeps what was
 * measured); op 6: a measured outcome of using an announced relay. */
static void step_relay_extra(ff_input *in, relay_world *w, size_t from, size_t op) {
  uint8_t buf[NET_RELAY_FRAME_MAX];
  net_relay_msg m;
  memset(&m, 0, sizeof m);
  net_relay_action act;
  if (op == 4) {
    m.type = NET_RELAY_HEARTBEAT;
    for (unsigned k = (unsigned)ff_range(in, 1, 130); k > 0; k--) {
      m.u.hb.session_id = w->nids ? w->ids[ff_choose(in, w->nids)] : draw_u63(in);
      m.u.hb.timestamp = w->now, m.u.hb.sequence = k;
      long n = net_relay_encode(&m, buf, sizeof buf);
      FF_INVARIANT(n > 0, "net.relay_roundtrip", "a heartbeat does not encode");
      relay_deliver(w, from, buf, (size_t)n, &act);
    }
    return;
  }
  uint8_t key[32];
  relay_key(ff_choose(in, RELAYS), key);
  if (op == 6) {
    if (ff_bool(in)) net_relay_record_result(&w->known, key, ff_bool(in), w->now);
    else if (ff_bool(in)) net_relay_record_latency(&w->known, key, (uint32_t)ff_range(in, 1, 400));
    else net_relay_record_loss(&w->known, key, (uint8_t)ff_range(in, 0, 100));
    return;
  }
  m.type = NET_RELAY_ANNOUNCEMENT;
  draw_info_of(in, &m.u.ann.info, key);
  m.u.ann.timestamp = w->now - ff_range(in, 0, 100);
  const net_relay_entry *e = net_relay_registry_get(&w->known, key);
  net_relay_entry before;
  if (e) before = *e;
  long n = net_relay_encode(&m, buf, sizeof buf);
  FF_INVARIANT(n > 0, "net.relay_roundtrip", "an announcement does not encode");
  relay_deliver(w, from, buf, (size_t)n, &act);
  const net_relay_entry *after = net_relay_registry_get(&w->known, key);
  if (act.err != NET_OK || act.kind != NET_RELAY_NONE) return;
  FF_INVARIANT(after && after->last_updated == w->now, "net.registry_learned", "announced relay not registered");
  if (!e) return;
  const net_relay_node_info *a = &after->info, *b = &before.info;
  FF_INVARIANT(a->reliability == b->reliability && a->has_latency == b->has_latency &&
                   (!a->has_latency || a->latency == b->latency) && a->has_loss == b->has_loss &&
                   (!a->has_loss || a->packet_loss == b->packet_loss) && a->has_last_result == b->has_last_result,
               "net.registry_learned", "re-announcement reset what was measured: reliability %u -> %u",
               b->reliability, a->reliability);
}

static void relay_exchange(ff_input *in, relay_world *w, size_t from, const net_relay_msg *mp);

static void step_relay_session(ff_input *in, relay_world *w) {
  net_relay_msg m;
  memset(&m, 0, sizeof m);
  size_t from = ff_choose(in, CLIENTS + 1);
  size_t op = ff_choose(in, 4);
  if (op == 3) {
    size_t extra = ff_choose(in, 4);
    if (extra == 0) w->now += ff_range(in, 0, 400);
    else step_relay_extra(in, w, from, 3 + extra);
    return;
  }
  bool pair = false;
  size_t pair_from = 0;
  if (op == 0) {
    size_t a = ff_choose(in, CLIENTS), b = ff_choose(in, CLIENTS);
    if (from < CLIENTS && ff_bool(in)) { /* from its own address, and maybe answered by the target */
      a = from;
      pair = a != b && ff_bool(in);
      pair_from = b;
    }
    m.type = NET_RELAY_CONNECT_REQUEST;
    memcpy(m.u.req.peer, w->keys[a], 32), memcpy(m.u.req.target, w->keys[b], 32);
    m.u.req.timestamp = w->now - ff_range(in, 0, 70);
    m.u.req.nonce = ff_u8(in);
  } else {
    uint64_t id = w->nids ? w->ids[ff_choose(in, w->nids)] : draw_u63(in);
    if (op == 1) {
      m.type = NET_RELAY_FORWARD;
      memcpy(m.u.fwd.dest, w->keys[ff_choose(in, CLIENTS)], 32);
      m.u.fwd.session_id = id;
      m.u.fwd.timestamp = w->now;
      m.u.fwd.len = (uint16_t)ff_bytes(in, m.u.fwd.payload, 64);
    } else {
      m.type = NET_RELAY_HEARTBEAT;
      m.u.hb.session_id = id, m.u.hb.timestamp = w->now, m.u.hb.sequence = ff_u32(in);
    }
  }
  relay_exchange(in, w, from, &m);
  /* The target answers at once from its own address: a paired session. */
  if (m.type == NET_RELAY_CONNECT_REQUEST && pair) {
    net_relay_msg back = m;
    memcpy(back.u.req.peer, m.u.req.target, 32), memcpy(back.u.req.target, m.u.req.peer, 32);
    back.u.req.timestamp = w->now;
    relay_exchange(in, w, pair_from, &back);
  }
}

/* Sends m from client `from` (in bincode or JSON) and checks what the relay did. */
static void relay_exchange(ff_input *in, relay_world *w, size_t from, const net_relay_msg *mp) {
  const net_relay_msg m = *mp;
  /* What the table holds before the datagram, for the binding oracle. */
  net_relay_session before;
  memset(&before, 0, sizeof before);
  if (m.type == NET_RELAY_FORWARD) {
    const net_relay_session *s = net_relay_find(&w->r, m.u.fwd.session_id);
    if (s) before = *s;
  }
  uint8_t buf[NET_RELAY_FRAME_MAX];
  bool as_json = ff_bool(in); /* the client's encoding or the relay's */
  long n = as_json ? net_relay_to_json(&m, (char *)buf, sizeof buf) : net_relay_encode(&m, buf, sizeof buf);
  FF_INVARIANT(n > 0, "net.relay_roundtrip", "a %s does not encode", net_relay_type_name(m.type));
  uint64_t fwd0 = w->r.stats.packets_forwarded, bytes0 = w->r.stats.bytes_forwarded;
  /* The maintenance the relay runs first, so that "live" means live when
   * the new session is inserted (an expired session's id may come again). */
  if (w->now - w->r.last_maintenance >= NET_RELAY_MAINTENANCE) net_relay_maintain(&w->r, w->now);
  bool live[16];
  for (size_t i = 0; i < w->nids; i++) live[i] = net_relay_find(&w->r, w->ids[i]) != NULL;
  uint64_t created0 = w->r.stats.sessions_created;
  net_relay_action act;
  relay_deliver(w, from, buf, (size_t)n, &act);
  if (act.kind == NET_RELAY_REPLY && m.type == NET_RELAY_CONNECT_REQUEST) {
    net_relay_msg resp;
    net_err re = act.json ? net_relay_from_json((const char *)act.data, act.len, &resp)
                          : net_relay_decode(act.data, act.len, &resp);
    FF_INVARIANT(re == NET_OK && act.json == as_json, "net.relay_roundtrip", "the relay's answer to a %s request: %s",
                 as_json ? "JSON" : "bincode", net_err_name(re));
    if (resp.type == NET_RELAY_CONNECT_RESPONSE &&
        resp.u.resp.has_session) {
      uint64_t id = resp.u.resp.session_id;
      if (w->r.stats.sessions_created != created0)
        for (size_t i = 0; i < w->nids; i++)
          FF_INVARIANT(!(live[i] && w->ids[i] == id), "net.relay_table",
                       "new session got id %llu, which a live session holds", (unsigned long long)id);
      if (w->nids < 16) w->ids[w->nids++] = id;
    }
  }
  bool forwarded = act.kind == NET_RELAY_SEND_TO;
  FF_INVARIANT(w->r.stats.packets_forwarded == fwd0 + forwarded &&
                   w->r.stats.bytes_forwarded == bytes0 + (forwarded ? act.len : 0),
               "net.relay_table", "counters moved by %llu packets for %d forwards",
               (unsigned long long)(w->r.stats.packets_forwarded - fwd0), forwarded);
  if (forwarded) {
    bool to_target = memcmp(m.u.fwd.dest, before.target, 32) == 0;
    const ff_simaddr *sender = to_target ? &before.init_addr : &before.target_addr;
    bool sender_bound = to_target ? before.init_bound : before.target_bound;
    const ff_simaddr *dest = to_target ? &before.target_addr : &before.init_addr;
    char a[FF_SIMADDR_STRLEN], b[FF_SIMADDR_STRLEN];
    FF_INVARIANT(before.used && sender_bound && ff_simaddr_equal(sender, &w->addrs[from]), "net.relay_binding",
                 "forwarded a packet from %s, the sender side is bound to %s",
                 ff_simaddr_format(&w->addrs[from], a, sizeof a), ff_simaddr_format(sender, b, sizeof b));
    FF_INVARIANT(ff_simaddr_equal(dest, &act.to), "net.relay_binding", "forwarded to %s, not the bound %s",
                 ff_simaddr_format(&act.to, a, sizeof a), ff_simaddr_format(dest, b, sizeof b));
  }
  check_table(w);
}

/* ---- WireGuard ---- */
static void reference_mac1(const uint8_t *msg, size_t off, const net_key *pub, uint8_t out[16]) {
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

static void step_wg(ff_input *in) {
  net_key pub, other;
  net_gen_wg_key(in, &pub);
  uint8_t msg[NET_WG_INIT_LEN + 16 * 8];
  if (ff_bool(in)) {
    uint8_t type = (uint8_t)ff_range(in, 1, 4);
    size_t len = net_wg_build(type, NULL, 0, (unsigned)ff_range(in, 0, 7), &pub, msg, sizeof msg);
    net_wg_verdict v = net_wg_accept(msg, len, &pub);
    FF_INVARIANT(v == NET_WG_OK, "net.wg_mac1", "a built type-%u frame is refused: %s", type, net_wg_verdict_name(v));
    size_t off = net_wg_mac1_offset(type);
    if (!off) return;
    if (ff_bool(in)) {
      size_t at = ff_choose(in, off);
      msg[at] ^= (uint8_t)ff_range(in, 1, 255);
      v = net_wg_accept(msg, len, &pub);
      FF_INVARIANT(v != NET_WG_OK, "net.wg_mac1", "byte %zu of msg_alpha changed, frame still accepted", at);
    } else {
      net_gen_wg_key(in, &other);
      if (net_key_equal(&other, &pub)) return;
      v = net_wg_accept(msg, len, &other);
      FF_INVARIANT(v == NET_WG_BAD_MAC1, "net.wg_mac1", "frame for one key accepted by another: %s",
                   net_wg_verdict_name(v));
    }
    return;
  }
  size_t len;
  const uint8_t *raw = ff_bytes_view(in, sizeof msg, &len);
  memcpy(msg, raw, len);
  net_wg_verdict v = net_wg_accept(msg, len, &pub);
  net_wg_verdict framing = net_wg_check_frame(msg, len);
  bool expect = framing == NET_WG_OK;
  size_t off = len >= 4 ? net_wg_mac1_offset(msg[0]) : 0;
  if (expect && off) {
    uint8_t mac[16];
    reference_mac1(msg, off, &pub, mac);
    expect = memcmp(mac, msg + off, 16) == 0;
  }
  FF_INVARIANT((v == NET_WG_OK) == expect, "net.wg_mac1", "%zu raw bytes: verdict %s, reference says %s", len,
               net_wg_verdict_name(v), expect ? "accept" : "reject");
}

/* ---- Timestring, CIDR tree, server NAT targets ---- */
/* net.timestring: the parse agrees with exact 128-bit arithmetic. */
static void step_timestring(ff_input *in) {
  char s[48];
  if (ff_bool(in))
    snprintf(s, sizeof s, "%llu%c", (unsigned long long)(ff_u64(in) >> ff_range(in, 0, 63)), "smhdwx"[ff_choose(in, 6)]);
  else
    ff_cstr_from(in, s, 26, "0123456789smhdw");
  size_t len = strlen(s);
  uint64_t got = 0, want = 0;
  net_err e = net_timestring_parse(s, len, &got), r = net_timestring_reference(s, len, &want);
  FF_INVARIANT(e == r && (e != NET_OK || got == want), "net.timestring", "\"%s\": %s %llu, exact %s %llu", s,
               net_err_name(e), (unsigned long long)got, net_err_name(r), (unsigned long long)want);
}

/* net.cidr_tree: CIDR creations keep the tree rules; a refused one changes nothing. */
static void step_cidr(ff_input *in, net_cidr_tree *t) {
  static const char *const names[] = {"formnet", "infra", "a", "b"};
  net_ip ip;
  memset(&ip, 0, sizeof ip);
  ip.family = 4, ip.b[0] = 10, ip.b[1] = 42, ip.b[2] = (uint8_t)(ff_range(in, 0, 3) << 6);
  net_ipnet n;
  if (net_ipnet_make(&n, &ip, (unsigned)ff_range(in, 16, 26)) != 0) return;
  const char *name = FF_PICK(in, names);
  const char *parent = ff_range(in, 0, 3) == 0 ? NULL : FF_PICK(in, names);
  net_cidr_tree before = *t;
  net_err e = net_cidr_add(t, name, &n, parent);
  FF_INVARIANT(e == NET_OK || memcmp(&before, t, sizeof *t) == 0, "net.cidr_tree", "refused %s changed the tree", name);
  net_check_cidr_tree(t);
}

/* net.no_panic: the server NAT targets of the device built from the
 * registry are its enabled peers' keys and addresses, and nothing panics. */
static void step_server_nat(const net_registry *r) {
  net_wg_peer dev[NET_MAX_PEERS];
  net_nat_target out[NET_MAX_PEERS];
  size_t nd = 0, n;
  memset(dev, 0, sizeof dev);
  for (size_t i = 0; i < NET_MAX_PEERS; i++) {
    const net_peer *p = &r->peers[i];
    if (!p->used || p->is_disabled) continue;
    dev[nd].key = p->key, dev[nd].allowed_ip = p->ip, dev[nd++].has_allowed = true;
  }
  net_err e = net_server_nat_targets(dev, nd, out, NET_MAX_PEERS, &n);
  FF_INVARIANT(e != NET_E_PANIC, "net.no_panic", "server NAT traversal over %zu device peers panics", nd);
  FF_INVARIANT(e == NET_OK && n == nd, "net.no_panic", "%zu targets for %zu peers (%s)", n, nd, net_err_name(e));
  for (size_t i = 0; i < n; i++)
    FF_INVARIANT(net_key_equal(&out[i].key, &dev[i].key) && net_ip_equal(&out[i].ip, &dev[i].allowed_ip),
                 "net.no_panic", "target %zu is not its device peer", i);
}

/* ---- control JSON ---- */
static void step_json(ff_input *in) {
  char text[NET_JSON_MAX], again[NET_JSON_MAX];
  ff_buf b;
  ff_buf_init(&b, text, sizeof text);
  size_t kind = ff_choose(in, 4);
  if (kind == 0) {
    static const ff_json_field fields[] = {
        {"id", FF_JSON_STRING, NULL, false},          {"peer_type", FF_JSON_STRING, NULL, false},
        {"cidr_id", FF_JSON_RAW, "\"formnet\"", false}, {"pubkey", FF_JSON_STRING, NULL, false},
        {"internal_endpoint", FF_JSON_NULL, NULL, true}, {"external_endpoint", FF_JSON_NULL, NULL, true}};
    ff_gen_json_object(in, FF_GEN_ANY, fields, FF_COUNT_OF(fields), &b, NULL);
    net_bootstrap_info bi, bj;
    if (net_bootstrap_parse(b.data, b.len, &bi) != NET_OK) return;
    long n = net_bootstrap_format(&bi, again, sizeof again);
    FF_INVARIANT(n > 0 && net_bootstrap_parse(again, (size_t)n, &bj) == NET_OK && memcmp(&bi, &bj, sizeof bi) == 0,
                 "net.json_roundtrip", "BootstrapInfo %s does not round-trip", again);
  } else if (kind == 1) {
    bool valid = net_gen_endpoint_text(in, &b);
    net_endpoint ep, ep2;
    net_err e = net_endpoint_parse(&ep, b.data, b.len);
    FF_INVARIANT(!valid || e == NET_OK, "net.endpoint", "valid endpoint \"%s\" refused: %s", b.data, net_err_name(e));
    if (e != NET_OK) return;
    long n = net_endpoint_format(&ep, again, sizeof again);
    FF_INVARIANT(n > 0 && net_endpoint_parse(&ep2, again, (size_t)n) == NET_OK && net_endpoint_equal(&ep, &ep2),
                 "net.endpoint", "\"%s\" printed as \"%s\" does not parse back", b.data, again);
  } else if (kind == 2) {
    net_key k, k2;
    net_gen_wg_key(in, &k);
    ff_gen_mode mode = ff_gen_resolve_mode(in, FF_GEN_ANY);
    bool valid = net_gen_key_text(in, mode, &k, &b);
    net_err e = net_key_from_base64(&k2, b.data, b.len);
    FF_INVARIANT((e == NET_OK) == valid, "net.key", "key text \"%s\": %s, expected %s", b.data, net_err_name(e),
                 valid ? "accept" : "reject");
    FF_INVARIANT(e != NET_OK || net_key_equal(&k, &k2), "net.key", "key text decoded to other bytes");
  } else {
    uint8_t secret[32];
    ff_fill(in, secret, 32);
    net_ip internal;
    net_ip_parse(&internal, "10.42.0.1");
    net_bootstrap_info bi;
    net_bootstrap_advertise("bootstrap", secret, &internal, NULL, &bi);
    long n = net_bootstrap_format(&bi, text, sizeof text);
    FF_INVARIANT(n > 0, "net.json_roundtrip", "BootstrapInfo does not print");
    net_key s;
    memcpy(s.b, secret, 32);
    char b64[NET_KEY_B64_LEN + 1], hex[65];
    net_key_to_base64(&s, b64);
    for (int i = 0; i < 32; i++) snprintf(hex + 2 * i, 3, "%02x", secret[i]);
    FF_INVARIANT(!strstr(text, b64) && !strstr(text, hex) && memcmp(bi.pubkey.b, secret, 32) != 0,
                 "net.bootstrap_secret", "GET /bootstrap shows the secret key: %s", text);
  }
}

/* ---- allocation and authorization ---- */
typedef struct alloc_world {
  net_cidr_tree cidrs;
  net_control ctl;
  net_control snapshot; /* the state before a control request */
  int slots[NET_MAX_PENDING];
  size_t nslots;
} alloc_world;

static void check_registry(net_registry *r) {
  for (size_t i = 0; i < NET_MAX_PEERS; i++) {
    const net_peer *p = &r->peers[i];
    if (!p->used) continue;
    char ip[NET_IP_STRLEN];
    FF_INVARIANT(net_ipnet_is_assignable(&r->root, &p->ip), "net.alloc_unique", "peer %s has unassignable %s",
                 p->name, net_ip_format(&p->ip, ip, sizeof ip));
    for (size_t j = i + 1; j < NET_MAX_PEERS; j++) {
      const net_peer *q = &r->peers[j];
      if (!q->used) continue;
      FF_INVARIANT(!net_ip_equal(&p->ip, &q->ip) && strcmp(p->name, q->name) != 0 && !net_key_equal(&p->key, &q->key),
                   "net.alloc_unique", "peers %s and %s share an address, name or key (%s)", p->name, q->name,
                   net_ip_format(&p->ip, ip, sizeof ip));
    }
  }
}

static void step_alloc(ff_input *in, alloc_world *w) {
  net_registry *r = &w->ctl.reg;
  static const char *const names[] = {"alpha", "beta", "gamma", "delta", "eps", "zeta"};
  size_t op = ff_choose(in, 3);
  if (op == 0 && w->nslots < NET_MAX_PENDING) {
    size_t who = ff_choose(in, FF_COUNT_OF(names));
    net_key k;
    memset(&k, 0, sizeof k);
    k.b[0] = (uint8_t)(ff_bool(in) ? who : ff_choose(in, 8));
    /* the lowest free address by the definition, before the join */
    net_ip expect = r->root.addr, got;
    bool have = false;
    do {
      if (!net_ipnet_is_assignable(&r->root, &expect) || net_registry_find_ip(r, &expect)) continue;
      bool reserved = false;
      for (size_t i = 0; i < NET_MAX_PENDING; i++)
        reserved |= r->pending[i].active && !r->pending[i].rejoin && net_ip_equal(&r->pending[i].ip, &expect);
      if (!reserved) { have = true; break; }
    } while (net_ip_next(&expect) && net_ipnet_contains(&r->root, &expect));
    int slot;
    uint8_t owner[20] = {0};
    net_err e = net_join_begin(r, names[who], &k, owner, false, &slot, &got);
    if (e == NET_OK) {
      w->slots[w->nslots++] = slot;
      net_peer *old = net_registry_find_name(r, names[who]);
      char a[NET_IP_STRLEN], b2[NET_IP_STRLEN];
      FF_INVARIANT(old || (have && net_ip_equal(&got, &expect)), "net.alloc_unique",
                   "join got %s, the lowest free address is %s", net_ip_format(&got, a, sizeof a),
                   have ? net_ip_format(&expect, b2, sizeof b2) : "none");
    } else {
      FF_INVARIANT(e != NET_E_EXHAUSTED || !have, "net.alloc_unique", "exhausted with a free address left");
    }
  } else if (op == 1 && w->nslots) {
    size_t i = ff_choose(in, w->nslots);
    net_registry before = *r;
    net_err e = net_join_commit(r, w->slots[i]);
    FF_INVARIANT(e == NET_OK || memcmp(&before, r, sizeof before) == 0, "net.fault_atomic",
                 "a failed commit (%s) changed the registry", net_err_name(e));
    if (e != NET_E_IO) w->slots[i] = w->slots[--w->nslots]; /* a failed write stays pending, to retry */
  } else {
    /* a signed candidates claim for some peer's address by some key */
    size_t signer = ff_choose(in, NET_GEN_KEYS);
    net_ip target = r->root.addr;
    for (size_t k = ff_range(in, 0, 6); k > 0; k--) net_ip_next(&target);
    net_peer *p = net_registry_find_ip(r, &target);
    if (p && ff_bool(in)) memcpy(p->owner, net_gen_key(ff_choose(in, NET_GEN_KEYS))->addr, 20);
    net_request req = {.op = NET_OP_CANDIDATES, .body = "[\"1.2.3.4:51820\"]", .body_len = 17};
    net_ip_format(&target, req.path_ip, sizeof req.path_ip);
    net_request_sign(&req, net_gen_key(signer));
    net_err e = net_control_handle(&w->ctl, &req, NULL);
    bool owner = p && !p->is_disabled && memcmp(p->owner, net_gen_key(signer)->addr, 20) == 0;
    /* a storage fault fails the owner's claim too, after the check */
    FF_INVARIANT((e == NET_OK || e == NET_E_IO) == owner, "net.authz", "key %zu claiming %s: %s", signer, req.path_ip,
                 net_err_name(e));
  }
  check_registry(r);
}

/* ---- control-plane authority ---- */
static bool listed(const uint8_t (*list)[20], size_t n, const uint8_t a[20]) {
  for (size_t i = 0; i < n; i++)
    if (memcmp(list[i], a, 20) == 0) return true;
  return false;
}

/* A join, leave, authorize or candidates request signed by one of the
 * generator's keys (key 0 is the admin), unsigned, or with its signature
 * bent; the verdict must follow the authority the state gives that key, and
 * a refused request must leave the state as it was. */
static void step_control(ff_input *in, alloc_world *w) {
  static const char *const names[] = {"alpha", "beta", "gamma", "delta"};
  net_control *c = &w->ctl;
  size_t signer = ff_choose(in, NET_GEN_KEYS);
  const uint8_t *who = net_gen_key(signer)->addr;
  bool admin = listed(c->admins, c->nadmins, who), authorized = listed(c->authorized, c->nauthorized, who);
  char body[NET_JSON_MAX];
  long blen = -1;
  net_request req;
  memset(&req, 0, sizeof req);
  req.op = (net_op)ff_choose(in, 4);
  bool allowed = false;
  net_peer *target = NULL;
  bool operator_join = false;
  if (req.op == NET_OP_JOIN) {
    net_bootstrap_info bi;
    memset(&bi, 0, sizeof bi);
    snprintf(bi.id, sizeof bi.id, "%s", FF_PICK(in, names));
    snprintf(bi.cidr_id, sizeof bi.cidr_id, "formnet");
    bi.peer_type = (net_peer_type)ff_choose(in, 3);
    bi.pubkey.b[0] = (uint8_t)ff_choose(in, 6);
    operator_join = bi.peer_type == NET_PEER_OPERATOR;
    blen = net_bootstrap_format(&bi, body, sizeof body);
    target = net_registry_find_name(&c->reg, bi.id);
    allowed = (admin || (authorized && !operator_join)) && (!target || memcmp(target->owner, who, 20) == 0);
  } else if (req.op == NET_OP_LEAVE) {
    const char *name = FF_PICK(in, names);
    blen = net_leave_format(name, body, sizeof body);
    target = net_registry_find_name(&c->reg, name);
    allowed = target && (admin || memcmp(target->owner, who, 20) == 0);
  } else if (req.op == NET_OP_AUTHORIZE) {
    char hex[41];
    const uint8_t *grant = net_gen_key(ff_choose(in, NET_GEN_KEYS))->addr;
    for (int i = 0; i < 20; i++) snprintf(hex + 2 * i, 3, "%02x", grant[i]);
    blen = net_leave_format(hex, body, sizeof body);
    allowed = admin;
  } else {
    net_ip ip = c->reg.root.addr;
    for (size_t k = ff_range(in, 0, 6); k > 0; k--) net_ip_next(&ip);
    net_ip_format(&ip, req.path_ip, sizeof req.path_ip);
    blen = snprintf(body, sizeof body, "[\"198.51.100.%u:51820\"]", (unsigned)ff_range(in, 1, 254));
    target = net_registry_find_ip(&c->reg, &ip);
    allowed = target && !target->is_disabled && memcmp(target->owner, who, 20) == 0;
  }
  FF_INVARIANT(blen > 0, "net.authz", "a %s body does not print", net_op_name(req.op));
  req.body = body, req.body_len = (size_t)blen;
  net_request_sign(&req, net_gen_key(signer));
  size_t bend = ff_choose(in, 4);
  if (bend == 1) req.signed_ = false;
  if (bend == 2) req.sig[ff_choose(in, 64)] ^= (uint8_t)ff_range(in, 1, 255);
  if (bend == 3) req.op = (net_op)((req.op + 1) % 4); /* signed for another operation */
  memcpy(&w->snapshot, c, sizeof *c);
  net_ip got;
  net_err e = net_control_handle(c, &req, &got);
  FF_INVARIANT(e != NET_OK || bend == 0, "net.authz", "%s with a bent signature (%zu) accepted", net_op_name(req.op),
               bend);
  FF_INVARIANT(e != NET_OK || allowed, "net.authz", "%s by key %zu accepted without the authority", net_op_name(req.op),
               signer);
  FF_INVARIANT(e == NET_OK || memcmp(&w->snapshot, c, sizeof *c) == 0, "net.authz",
               "a refused %s (%s) changed the state", net_op_name(req.op), net_err_name(e));
  if (e == NET_OK && req.op == NET_OP_JOIN) {
    net_peer *p = net_registry_find_ip(&c->reg, &got);
    char a[NET_IP_STRLEN];
    FF_INVARIANT(p != NULL, "net.fault_atomic", "join answered OK with %s, which no peer holds (%u storage faults)",
                 net_ip_format(&got, a, sizeof a), ff_fault_fired(ff_fault_plan_current(), "storage"));
    FF_INVARIANT(p && memcmp(p->owner, who, 20) == 0 && (target || p->is_admin == operator_join), "net.authz",
                 "joined peer not owned by its signer, or admin without an operator join");
  }
}

FF_PROPERTY(net_packet) {
  relay_world *rw = calloc(1, sizeof *rw);
  alloc_world *aw = calloc(1, sizeof *aw);
  if (!rw || !aw || net_relay_init(&rw->r, 0x5eed) != 0) {
    free(rw), free(aw);
    return;
  }
  /* In one input of four, storage faults from the input: 3 bits per write,
   * failing when all are 1. */
  ff_fault_plan plan;
  ff_fault_plan_init(&plan);
  size_t flen = 0;
  const uint8_t *fbits = ff_u8(in) >= 192 ? ff_bytes_view(in, 8, &flen) : NULL;
  ff_fault_plan_use_input(&plan, fbits, flen, 3, "storage");
  ff_fault_plan *old_plan = ff_fault_plan_install(&plan);
  rw->now = NOW0;
  net_relay_set_random(&rw->r, input_random, in);
  net_relay_registry_init(&rw->known);
  rw->r.known = &rw->known;
  for (size_t i = 0; i <= CLIENTS; i++) {
    rw->addrs[i] = ff_simaddr_make(ff_simip_v4(198, 51, 100, (uint8_t)(10 + i)), (uint16_t)(40000 + i));
    if (i < CLIENTS) memset(rw->keys[i], (int)(i + 1), 32);
  }
  net_ipnet root;
  net_ipnet_parse(&root, ff_bool(in) ? "10.42.0.0/29" : "fd00:42::/125");
  net_control_init(&aw->ctl, &root, net_gen_key(0)->addr);
  net_cidr_tree_init(&aw->cidrs);
  for (unsigned steps = 0; steps < 48 && ff_more(in); steps++) {
    switch (ff_choose(in, 6)) {
      case 0: step_relay_codec(in); break;
      case 1: step_relay_session(in, rw); break;
      case 2: step_wg(in); break;
      case 3:
        switch (ff_choose(in, 5)) {
          case 0: step_timestring(in); break;
          case 1: step_cidr(in, &aw->cidrs); break;
          case 2: step_server_nat(&aw->ctl.reg); break;
          default: step_json(in); break;
        }
        break;
      case 4: step_alloc(in, aw); break;
      default: step_control(in, aw); break;
    }
  }
  ff_fault_plan_install(old_plan);
  net_relay_free(&rw->r);
  free(rw);
  free(aw);
}
