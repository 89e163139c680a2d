/* The relay messages in bincode 1.3's legacy encoding (§1.8.2), as the relay
 * server reads and writes them: fixed-width little-endian integers, u64
 * lengths before byte strings, strings and sequences, Option as one tag byte
 * 0/1, bool as 0/1, enums as a u32 variant index, [u8; 32] raw, fields in
 * declaration order (§1.8.1). A datagram is one RelayMessage: the u32 variant
 * index 0..6 and then that struct; no trailing bytes. The bounds below are
 * ours (payload <= 1500 as max_packet_size, strings <= 64 bytes of UTF-8
 * without NUL, <= 4 endpoints or relays, tokens and signatures <= 128). */
#include <string.h>

#include "formfuzz/bug.h"
#include "net_relay.h"

typedef struct wr { uint8_t *p; size_t cap, len; bool bad; } wr;
typedef struct rd { const uint8_t *p; size_t len, pos; bool bad; } rd;

static void put(wr *w, const void *src, size_t n) {
  if (w->bad || w->cap - w->len < n) { w->bad = true; return; }
  memcpy(w->p + w->len, src, n);
  w->len += n;
}
static void put_uint(wr *w, uint64_t v, unsigned bytes) {
  uint8_t b[8];
  for (unsigned i = 0; i < bytes; i++) b[i] = (uint8_t)(v >> (8 * i));
  put(w, b, bytes);
}
static void get(rd *r, void *dst, size_t n) {
  if (r->bad || r->len - r->pos < n) { r->bad = true; memset(dst, 0, n); return; }
  memcpy(dst, r->p + r->pos, n);
  r->pos += n;
}
static uint64_t get_uint(rd *r, unsigned bytes) {
  uint8_t b[8];
  get(r, b, bytes);
  uint64_t v = 0;
  for (unsigned i = bytes; i-- > 0;) v = v << 8 | b[i];
  return v;
}
static bool get_flag(rd *r) {
  uint64_t v = get_uint(r, 1);
  if (v > 1) r->bad = true;
  return v == 1;
}
/* A u64 length no larger than max. */
static size_t get_len(rd *r, size_t max) {
  uint64_t n = get_uint(r, 8);
  if (n > max) { r->bad = true; return 0; }
  return (size_t)n;
}

bool net_relay_text_valid(const char *s, size_t n) {
  if (n > NET_RELAY_MAX_TEXT || memchr(s, 0, n)) return false;
  for (size_t i = 0; i < n;) { /* UTF-8, shortest forms, no surrogates */
    uint8_t c = (uint8_t)s[i];
    size_t k = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
    if (!k || i + k > n || (k == 2 && c < 0xc2) || (k == 4 && c > 0xf4)) return false;
    for (size_t j = 1; j < k; j++)
      if (((uint8_t)s[i + j] & 0xc0) != 0x80) return false;
    uint8_t c1 = k > 1 ? (uint8_t)s[i + 1] : 0;
    if ((k == 3 && c == 0xe0 && c1 < 0xa0) || (k == 3 && c == 0xed && c1 >= 0xa0) || (k == 4 && c == 0xf0 && c1 < 0x90) ||
        (k == 4 && c == 0xf4 && c1 >= 0x90))
      return false;
    i += k;
  }
  return true;
}

static void put_text(wr *w, const net_opt_text *t, bool optional) {
  if (optional) put_uint(w, t->present, 1);
  if (optional && !t->present) return;
  if (!net_relay_text_valid(t->s, t->len)) w->bad = true;
  put_uint(w, t->len, 8);
  put(w, t->s, t->len);
}
static void get_text(rd *r, net_opt_text *t, bool optional) {
  memset(t, 0, sizeof *t);
  t->present = optional ? get_flag(r) : true;
  if (!t->present) return;
  t->len = (uint8_t)get_len(r, NET_RELAY_MAX_TEXT);
  get(r, t->s, t->len);
  if (!net_relay_text_valid(t->s, t->len)) r->bad = true;
}
static void put_bytes(wr *w, const uint8_t *b, size_t n, size_t max) {
  if (n > max) w->bad = true;
  put_uint(w, n, 8);
  put(w, b, n);
}
static uint16_t get_bytes(rd *r, uint8_t *b, size_t max) {
  size_t n = get_len(r, max);
  get(r, b, n);
  return (uint16_t)n;
}

static void put_info(wr *w, const net_relay_node_info *n) {
  put(w, n->pubkey, 32);
  if (n->nendpoints > NET_RELAY_MAX_ENDPOINTS || n->load > 100 || n->reliability > 100 ||
      (n->has_loss && n->packet_loss > 100) || n->protocol_version != 1)
    w->bad = true;
  put_uint(w, n->nendpoints, 8);
  for (unsigned i = 0; i < n->nendpoints && i < NET_RELAY_MAX_ENDPOINTS; i++) put_text(w, &n->endpoints[i], false);
  put_text(w, &n->region, true);
  put_uint(w, n->capabilities, 4);
  put_uint(w, n->load, 1);
  /* Replica net.skip_none_bincode: latency, last_result_time and packet_loss
   * carry skip_serializing_if = "Option::is_none", which drops the field (not
   * just its value) from the bincode bytes; the reader still expects it, so a
   * RelayNodeInfo with a None among them does not decode (§1.8.2, §6.5). */
  bool skip = FF_BUG("net.skip_none_bincode");
  if (!skip || n->has_latency) put_uint(w, n->has_latency, 1);
  if (n->has_latency) put_uint(w, n->latency, 4);
  put_uint(w, n->max_sessions, 4);
  put_uint(w, n->protocol_version, 2);
  put_uint(w, n->reliability, 1);
  if (!skip || n->has_last_result) put_uint(w, n->has_last_result, 1);
  if (n->has_last_result) put_uint(w, n->last_result_time, 8);
  if (!skip || n->has_loss) put_uint(w, n->has_loss, 1);
  if (n->has_loss) put_uint(w, n->packet_loss, 1);
}
static void get_info(rd *r, net_relay_node_info *n) {
  memset(n, 0, sizeof *n);
  get(r, n->pubkey, 32);
  n->nendpoints = (uint8_t)get_len(r, NET_RELAY_MAX_ENDPOINTS);
  for (unsigned i = 0; i < n->nendpoints; i++) get_text(r, &n->endpoints[i], false);
  get_text(r, &n->region, true);
  n->capabilities = (uint32_t)get_uint(r, 4);
  n->load = (uint8_t)get_uint(r, 1);
  if ((n->has_latency = get_flag(r))) n->latency = (uint32_t)get_uint(r, 4);
  n->max_sessions = (uint32_t)get_uint(r, 4);
  n->protocol_version = (uint16_t)get_uint(r, 2);
  n->reliability = (uint8_t)get_uint(r, 1);
  if ((n->has_last_result = get_flag(r))) n->last_result_time = get_uint(r, 8);
  if ((n->has_loss = get_flag(r))) n->packet_loss = (uint8_t)get_uint(r, 1);
  if (n->load > 100 || n->reliability > 100 || n->packet_loss > 100 || n->protocol_version != 1) r->bad = true;
}

static void put_body(wr *w, const net_relay_msg *m) {
  switch (m->type) {
    case NET_RELAY_CONNECT_REQUEST:
      put(w, m->u.req.peer, 32), put(w, m->u.req.target, 32);
      put_uint(w, m->u.req.timestamp, 8), put_uint(w, m->u.req.nonce, 8);
      put_uint(w, m->u.req.has_auth, 1);
      if (m->u.req.has_auth) put_bytes(w, m->u.req.auth, m->u.req.auth_len, NET_RELAY_MAX_AUTH);
      break;
    case NET_RELAY_CONNECT_RESPONSE:
      if (m->u.resp.status >= NET_CONN_STATUS_COUNT) w->bad = true;
      put_uint(w, m->u.resp.status, 4), put_uint(w, m->u.resp.has_session, 1);
      if (m->u.resp.has_session) put_uint(w, m->u.resp.session_id, 8);
      put_uint(w, m->u.resp.timestamp, 8), put_uint(w, m->u.resp.request_nonce, 8);
      put_text(w, &m->u.resp.error, true);
      break;
    case NET_RELAY_FORWARD:
      if (m->u.fwd.flags & ~NET_RELAY_FLAGS_KNOWN) w->bad = true;
      put(w, m->u.fwd.dest, 32), put_uint(w, m->u.fwd.session_id, 8), put_uint(w, m->u.fwd.timestamp, 8);
      put_uint(w, m->u.fwd.flags, 1);
      put_bytes(w, m->u.fwd.payload, m->u.fwd.len, NET_RELAY_MAX_PAYLOAD);
      break;
    case NET_RELAY_HEARTBEAT:
      put_uint(w, m->u.hb.session_id, 8), put_uint(w, m->u.hb.timestamp, 8), put_uint(w, m->u.hb.sequence, 4);
      break;
    case NET_RELAY_DISCOVERY_QUERY:
      put(w, m->u.dq.peer, 32), put_uint(w, m->u.dq.timestamp, 8), put_uint(w, m->u.dq.nonce, 8);
      put_text(w, &m->u.dq.region, true);
      put_uint(w, m->u.dq.min_caps, 4), put_uint(w, m->u.dq.max_results, 4);
      break;
    case NET_RELAY_DISCOVERY_RESPONSE:
      if (m->u.dr.nrelays > NET_RELAY_MAX_RELAYS) { w->bad = true; return; }
      put_uint(w, m->u.dr.request_nonce, 8), put_uint(w, m->u.dr.timestamp, 8), put_uint(w, m->u.dr.nrelays, 8);
      for (unsigned i = 0; i < m->u.dr.nrelays; i++) put_info(w, &m->u.dr.relays[i]);
      put_uint(w, m->u.dr.more, 1);
      break;
    case NET_RELAY_ANNOUNCEMENT:
      put_info(w, &m->u.ann.info);
      put_uint(w, m->u.ann.timestamp, 8), put_uint(w, m->u.ann.expires, 8), put_uint(w, m->u.ann.has_sig, 1);
      if (m->u.ann.has_sig) put_bytes(w, m->u.ann.sig, m->u.ann.sig_len, NET_RELAY_MAX_SIG);
      break;
    default: w->bad = true;
  }
}

static void get_body(rd *r, net_relay_msg *m) {
  switch (m->type) {
    case NET_RELAY_CONNECT_REQUEST:
      get(r, m->u.req.peer, 32), get(r, m->u.req.target, 32);
      m->u.req.timestamp = get_uint(r, 8), m->u.req.nonce = get_uint(r, 8);
      if ((m->u.req.has_auth = get_flag(r))) m->u.req.auth_len = get_bytes(r, m->u.req.auth, NET_RELAY_MAX_AUTH);
      break;
    case NET_RELAY_CONNECT_RESPONSE: {
      uint64_t st = get_uint(r, 4);
      if (st >= NET_CONN_STATUS_COUNT) r->bad = true;
      m->u.resp.status = (uint8_t)st;
      if ((m->u.resp.has_session = get_flag(r))) m->u.resp.session_id = get_uint(r, 8);
      m->u.resp.timestamp = get_uint(r, 8), m->u.resp.request_nonce = get_uint(r, 8);
      get_text(r, &m->u.resp.error, true);
      break;
    }
    case NET_RELAY_FORWARD:
      get(r, m->u.fwd.dest, 32), m->u.fwd.session_id = get_uint(r, 8), m->u.fwd.timestamp = get_uint(r, 8);
      m->u.fwd.flags = (uint8_t)get_uint(r, 1);
      if (m->u.fwd.flags & ~NET_RELAY_FLAGS_KNOWN) r->bad = true;
      m->u.fwd.len = get_bytes(r, m->u.fwd.payload, NET_RELAY_MAX_PAYLOAD);
      break;
    case NET_RELAY_HEARTBEAT:
      m->u.hb.session_id = get_uint(r, 8), m->u.hb.timestamp = get_uint(r, 8);
      m->u.hb.sequence = (uint32_t)get_uint(r, 4);
      break;
    case NET_RELAY_DISCOVERY_QUERY:
      get(r, m->u.dq.peer, 32), m->u.dq.timestamp = get_uint(r, 8), m->u.dq.nonce = get_uint(r, 8);
      get_text(r, &m->u.dq.region, true);
      m->u.dq.min_caps = (uint32_t)get_uint(r, 4), m->u.dq.max_results = (uint32_t)get_uint(r, 4);
      break;
    case NET_RELAY_DISCOVERY_RESPONSE:
      m->u.dr.request_nonce = get_uint(r, 8), m->u.dr.timestamp = get_uint(r, 8);
      m->u.dr.nrelays = (uint8_t)get_len(r, NET_RELAY_MAX_RELAYS);
      for (unsigned i = 0; i < m->u.dr.nrelays; i++) get_info(r, &m->u.dr.relays[i]);
      m->u.dr.more = get_flag(r);
      break;
    case NET_RELAY_ANNOUNCEMENT:
      get_info(r, &m->u.ann.info);
      m->u.ann.timestamp = get_uint(r, 8), m->u.ann.expires = get_uint(r, 8);
      if ((m->u.ann.has_sig = get_flag(r))) m->u.ann.sig_len = get_bytes(r, m->u.ann.sig, NET_RELAY_MAX_SIG);
      break;
    default: r->bad = true;
  }
}

long net_relay_encode_struct(const net_relay_msg *m, uint8_t *out, size_t cap) {
  wr w = {out, cap, 0, false};
  put_body(&w, m);
  return w.bad ? -1 : (long)w.len;
}

net_err net_relay_decode_struct(net_relay_type type, const uint8_t *in, size_t len, bool trailing_ok,
                                net_relay_msg *m) {
  memset(m, 0, sizeof *m);
  m->type = type;
  rd r = {in, len, 0, false};
  get_body(&r, m);
  return r.bad || (!trailing_ok && r.pos != len) ? NET_E_SYNTAX : NET_OK;
}

long net_relay_encode(const net_relay_msg *m, uint8_t *out, size_t cap) {
  wr w = {out, cap, 0, false};
  put_uint(&w, (uint64_t)m->type, 4);
  put_body(&w, m);
  return w.bad ? -1 : (long)w.len;
}

/* Replica net.untagged_relay: service.rs::process_packet does not read a
 * RelayMessage; it tries the bare structs RelayPacket, ConnectionRequest,
 * Heartbeat, DiscoveryQuery in turn, trailing bytes allowed, and the first
 * that parses wins (§1.8.2, §6.5). */
net_err net_relay_decode_untagged(const uint8_t *in, size_t len, net_relay_msg *m) {
  static const net_relay_type order[] = {NET_RELAY_FORWARD, NET_RELAY_CONNECT_REQUEST, NET_RELAY_HEARTBEAT,
                                         NET_RELAY_DISCOVERY_QUERY};
  for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
    if (net_relay_decode_struct(order[i], in, len, true, m) == NET_OK) return NET_OK;
  return NET_E_SYNTAX;
}

net_err net_relay_decode(const uint8_t *in, size_t len, net_relay_msg *m) {
  memset(m, 0, sizeof *m);
  if (len < 4) return NET_E_SYNTAX;
  uint32_t tag = (uint32_t)in[0] | (uint32_t)in[1] << 8 | (uint32_t)in[2] << 16 | (uint32_t)in[3] << 24;
  if (tag >= NET_RELAY_TYPE_COUNT) return NET_E_SYNTAX;
  return net_relay_decode_struct((net_relay_type)tag, in + 4, len - 4, false, m);
}

const char *net_relay_type_name(net_relay_type t) {
  static const char *const names[] = {"ConnectionRequest", "ConnectionResponse", "ForwardPacket", "Heartbeat",
                                      "DiscoveryQuery", "DiscoveryResponse", "RelayAnnouncement"};
  return (unsigned)t < NET_RELAY_TYPE_COUNT ? names[t] : "?";
}
