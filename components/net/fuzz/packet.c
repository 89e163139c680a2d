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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formfuzz/fault.h"
#include "formfuzz/gen_json.h"
#include "formfuzz/oracle.h"
#include "formfuzz/prop.h"
#include "gen.h"
#include "refs.h"
#include "relay_checks.h"
#include "wg_checks.h"

#define NOW0 1700000000u
#define CLIENTS 4

/* ---- relay ---- */
#define RELAYS 3
typedef struct relay_world {
  net_relay_world w;            /* the relay and its oracles (relay_checks.h) */
  ff_simaddr addrs[CLIENTS + 1]; /* the last one is an attacker */
  uint8_t keys[CLIENTS][32];
} relay_world;

/* Session ids drawn by the input: small values collide on purpose. */
static uint64_t input_random(void *ctx) {
  ff_input *in = ctx;
  return ff_choose(in, 4) ? ff_range(in, 1, 3) : ff_u64(in);
}

/* A built message: the relay reads its bincode and its JSON back as itself.
 * Raw bytes: what the relay accepts re-encodes to exactly those bytes. */
static void step_relay_codec(ff_input *in) {
  net_relay_msg m;
  if (ff_bool(in)) {
    net_gen_relay_msg(in, &m);
    net_check_relay_built(&m);
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
  net_check_relay_accepted(frame, flen);
}

/* The relay keys announcements use; RELAYS of them. */
static void relay_key(size_t i, uint8_t key[32]) { memset(key, (int)(0xa0 + i), 32); }

/* Sends m from client `from`, in the client's JSON or the relay's bincode. */
static void relay_exchange(ff_input *in, relay_world *rw, size_t from, const net_relay_msg *m) {
  uint8_t buf[NET_RELAY_FRAME_MAX];
  bool as_json = ff_bool(in);
  long n = as_json ? net_relay_to_json(m, (char *)buf, sizeof buf) : net_relay_encode(m, buf, sizeof buf);
  FF_INVARIANT(n > 0, "net.relay_roundtrip", "a %s does not encode", net_relay_type_name(m->type));
  net_relay_action act;
  net_relay_world_send(&rw->w, &rw->addrs[from], buf, (size_t)n, &act);
}

/* op 4: a burst of heartbeats in one second; op 5: a relay announcement
 * (net.registry_learned: re-announcing a known relay keeps what was
 * measured); op 6: a measured outcome of using an announced relay. */
static void step_relay_extra(ff_input *in, relay_world *rw, size_t from, size_t op) {
  net_relay_world *w = &rw->w;
  net_relay_msg m;
  memset(&m, 0, sizeof m);
  if (op == 4) {
    uint8_t buf[NET_RELAY_FRAME_MAX];
    net_relay_action act;
    m.type = NET_RELAY_HEARTBEAT;
    for (unsigned k = (unsigned)ff_range(in, 1, 130); k > 0; k--) {
      m.u.hb.session_id = w->nids ? w->ids[ff_choose(in, w->nids)] : net_gen_u63(in);
      m.u.hb.timestamp = w->now, m.u.hb.sequence = k;
      long n = net_relay_encode(&m, buf, sizeof buf);
      FF_INVARIANT(n > 0, "net.relay_roundtrip", "a heartbeat does not encode");
      net_relay_world_deliver(w, &rw->addrs[from], buf, (size_t)n, &act);
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
  net_gen_relay_info(in, &m.u.ann.info, key);
  m.u.ann.timestamp = w->now - ff_range(in, 0, 100);
  uint8_t buf[NET_RELAY_FRAME_MAX];
  long n = net_relay_encode(&m, buf, sizeof buf);
  FF_INVARIANT(n > 0, "net.relay_roundtrip", "an announcement does not encode");
  net_relay_action act;
  net_relay_world_send(w, &rw->addrs[from], buf, (size_t)n, &act);
}

static void step_relay_session(ff_input *in, relay_world *rw) {
  net_relay_world *w = &rw->w;
  net_relay_msg m;
  memset(&m, 0, sizeof m);
  size_t from = ff_choose(in, CLIENTS + 1);
  size_t op = ff_choose(in, 4);
  if (op == 3) {
    size_t extra = ff_choose(in, 4);
    if (extra == 0) w->now += ff_range(in, 0, 400);
    else step_relay_extra(in, rw, from, 3 + extra);
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
    memcpy(m.u.req.peer, rw->keys[a], 32), memcpy(m.u.req.target, rw->keys[b], 32);
    m.u.req.timestamp = w->now - ff_range(in, 0, 70);
    m.u.req.nonce = ff_u8(in);
  } else {
    uint64_t id = w->nids ? w->ids[ff_choose(in, w->nids)] : net_gen_u63(in);
    if (op == 1) {
      m.type = NET_RELAY_FORWARD;
      memcpy(m.u.fwd.dest, rw->keys[ff_choose(in, CLIENTS)], 32);
      m.u.fwd.session_id = id;
      m.u.fwd.timestamp = w->now;
      m.u.fwd.len = (uint16_t)ff_bytes(in, m.u.fwd.payload, 64);
    } else {
      m.type = NET_RELAY_HEARTBEAT;
      m.u.hb.session_id = id, m.u.hb.timestamp = w->now, m.u.hb.sequence = ff_u32(in);
    }
  }
  relay_exchange(in, rw, from, &m);
  /* The target answers at once from its own address: a paired session. */
  if (m.type == NET_RELAY_CONNECT_REQUEST && pair) {
    net_relay_msg back = m;
    memcpy(back.u.req.peer, m.u.req.target, 32), memcpy(back.u.req.target, m.u.req.peer, 32);
    back.u.req.timestamp = w->now;
    relay_exchange(in, rw, pair_from, &back);
  }
}

/* ---- WireGuard ---- */
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
      net_check_wg_bent(msg, len, &pub, at, (uint8_t)ff_range(in, 1, 255), NULL);
    } else {
      net_gen_wg_key(in, &other);
      net_check_wg_bent(msg, len, &pub, 0, 0, &other);
    }
    return;
  }
  size_t len;
  const uint8_t *raw = ff_bytes_view(in, sizeof msg, &len);
  memcpy(msg, raw, len);
  net_check_wg_raw(msg, len, &pub);
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
  if (!rw || !aw || net_relay_world_init(&rw->w, 0x5eed, NOW0) != 0) {
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
  net_relay_set_random(&rw->w.r, input_random, in);
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
  net_relay_world_free(&rw->w);
  free(rw);
  free(aw);
}
