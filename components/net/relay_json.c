/* The relay messages as the client's RelayManager writes them (§1.8.2):
 * serde_json, externally tagged ({"ConnectionRequest":{...}}), [u8; 32] and
 * Vec<u8> as arrays of numbers, None as null (a missing Option field reads as
 * None), ConnectionStatus as its variant name, RelayNodeInfo's latency,
 * last_result_time and packet_loss left out when None and reliability
 * defaulting to 0 when absent. Strict otherwise (jansson): unknown keys,
 * duplicate keys, wrong types and out-of-range numbers are refused. Integers
 * are jansson's json_int_t, so u64 values above 2^63 - 1 are refused on both
 * sides (the relay's session ids are 63-bit for this reason). */
#include <string.h>

#include "net_json.h"
#include "net_relay.h"

static const char *const status_names[] = {"Success", "Rejected", "TargetUnreachable", "AuthFailed",
                                           "ResourceLimit", "Error"};
static const char *const variant_names[] = {"ConnectionRequest", "ConnectionResponse", "ForwardPacket", "Heartbeat",
                                            "DiscoveryQuery", "DiscoveryResponse", "RelayAnnouncement"};

typedef struct jw { bool bad; } jw;

static json_t *num(jw *w, uint64_t v) {
  if (v > (uint64_t)INT64_MAX) w->bad = true;
  return json_integer((json_int_t)(v & (uint64_t)INT64_MAX));
}
static json_t *bytes(const uint8_t *b, size_t n) {
  json_t *a = json_array();
  for (size_t i = 0; i < n; i++) json_array_append_new(a, json_integer(b[i]));
  return a;
}
static json_t *text(const net_opt_text *t) {
  return t->present ? json_stringn(t->s, t->len) : json_null();
}
static void set(json_t *o, const char *k, json_t *v) { json_object_set_new(o, k, v); }

static json_t *info_json(jw *w, const net_relay_node_info *n) {
  json_t *o = json_object(), *eps = json_array();
  set(o, "pubkey", bytes(n->pubkey, 32));
  for (unsigned i = 0; i < n->nendpoints && i < NET_RELAY_MAX_ENDPOINTS; i++)
    json_array_append_new(eps, json_stringn(n->endpoints[i].s, n->endpoints[i].len));
  set(o, "endpoints", eps);
  set(o, "region", text(&n->region));
  set(o, "capabilities", num(w, n->capabilities));
  set(o, "load", num(w, n->load));
  if (n->has_latency) set(o, "latency", num(w, n->latency));
  set(o, "max_sessions", num(w, n->max_sessions));
  set(o, "protocol_version", num(w, n->protocol_version));
  set(o, "reliability", num(w, n->reliability));
  if (n->has_last_result) set(o, "last_result_time", num(w, n->last_result_time));
  if (n->has_loss) set(o, "packet_loss", num(w, n->packet_loss));
  return o;
}

static json_t *body_json(jw *w, const net_relay_msg *m) {
  json_t *o = json_object();
  switch (m->type) {
    case NET_RELAY_CONNECT_REQUEST:
      set(o, "peer_pubkey", bytes(m->u.req.peer, 32));
      set(o, "target_pubkey", bytes(m->u.req.target, 32));
      set(o, "timestamp", num(w, m->u.req.timestamp));
      set(o, "nonce", num(w, m->u.req.nonce));
      set(o, "auth_token", m->u.req.has_auth ? bytes(m->u.req.auth, m->u.req.auth_len) : json_null());
      break;
    case NET_RELAY_CONNECT_RESPONSE:
      if (m->u.resp.status >= NET_CONN_STATUS_COUNT) { w->bad = true; break; }
      set(o, "status", json_string(status_names[m->u.resp.status]));
      set(o, "session_id", m->u.resp.has_session ? num(w, m->u.resp.session_id) : json_null());
      set(o, "timestamp", num(w, m->u.resp.timestamp));
      set(o, "request_nonce", num(w, m->u.resp.request_nonce));
      set(o, "error", text(&m->u.resp.error));
      break;
    case NET_RELAY_FORWARD: {
      json_t *h = json_object();
      set(h, "dest_peer_id", bytes(m->u.fwd.dest, 32));
      set(h, "session_id", num(w, m->u.fwd.session_id));
      set(h, "timestamp", num(w, m->u.fwd.timestamp));
      set(h, "flags", num(w, m->u.fwd.flags));
      set(o, "header", h);
      set(o, "payload", bytes(m->u.fwd.payload, m->u.fwd.len));
      break;
    }
    case NET_RELAY_HEARTBEAT:
      set(o, "session_id", num(w, m->u.hb.session_id));
      set(o, "timestamp", num(w, m->u.hb.timestamp));
      set(o, "sequence", num(w, m->u.hb.sequence));
      break;
    case NET_RELAY_DISCOVERY_QUERY:
      set(o, "peer_pubkey", bytes(m->u.dq.peer, 32));
      set(o, "timestamp", num(w, m->u.dq.timestamp));
      set(o, "nonce", num(w, m->u.dq.nonce));
      set(o, "region", text(&m->u.dq.region));
      set(o, "min_capabilities", num(w, m->u.dq.min_caps));
      set(o, "max_results", num(w, m->u.dq.max_results));
      break;
    case NET_RELAY_DISCOVERY_RESPONSE: {
      json_t *a = json_array();
      for (unsigned i = 0; i < m->u.dr.nrelays && i < NET_RELAY_MAX_RELAYS; i++)
        json_array_append_new(a, info_json(w, &m->u.dr.relays[i]));
      set(o, "request_nonce", num(w, m->u.dr.request_nonce));
      set(o, "timestamp", num(w, m->u.dr.timestamp));
      set(o, "relays", a);
      set(o, "more_available", json_boolean(m->u.dr.more));
      break;
    }
    case NET_RELAY_ANNOUNCEMENT:
      set(o, "relay_info", info_json(w, &m->u.ann.info));
      set(o, "timestamp", num(w, m->u.ann.timestamp));
      set(o, "expires", num(w, m->u.ann.expires));
      set(o, "signature", m->u.ann.has_sig ? bytes(m->u.ann.sig, m->u.ann.sig_len) : json_null());
      break;
    default: w->bad = true;
  }
  return o;
}

long net_relay_to_json(const net_relay_msg *m, char *out, size_t cap) {
  /* The same bounds as the binary form: what one side writes the other reads. */
  uint8_t scratch[NET_RELAY_FRAME_MAX];
  if (net_relay_encode(m, scratch, sizeof scratch) < 0) return -1;
  jw w = {false};
  json_t *root = json_object();
  set(root, variant_names[m->type], body_json(&w, m));
  if (w.bad) {
    json_decref(root);
    return -1;
  }
  return net_json_dump(root, out, cap);
}

/* ---- parsing ---- */
typedef struct jr { bool bad; } jr;

static uint64_t get_num(jr *r, json_t *o, const char *k, uint64_t max) {
  json_t *v = json_object_get(o, k);
  if (!json_is_integer(v) || json_integer_value(v) < 0 || (uint64_t)json_integer_value(v) > max) {
    r->bad = true;
    return 0;
  }
  return (uint64_t)json_integer_value(v);
}
/* An optional number: absent or null is None. */
static bool get_opt_num(jr *r, json_t *o, const char *k, uint64_t max, uint64_t *v) {
  json_t *j = json_object_get(o, k);
  if (!j || json_is_null(j)) return false;
  *v = get_num(r, o, k, max);
  return true;
}
static size_t get_byte_array(jr *r, json_t *v, uint8_t *out, size_t max, bool exact) {
  if (!json_is_array(v) || json_array_size(v) > max || (exact && json_array_size(v) != max)) {
    r->bad = true;
    return 0;
  }
  size_t i;
  json_t *e;
  json_array_foreach(v, i, e) {
    if (!json_is_integer(e) || json_integer_value(e) < 0 || json_integer_value(e) > 255) {
      r->bad = true;
      return 0;
    }
    out[i] = (uint8_t)json_integer_value(e);
  }
  return json_array_size(v);
}
static void get_key(jr *r, json_t *o, const char *k, uint8_t out[32]) {
  get_byte_array(r, json_object_get(o, k), out, 32, true);
}
static bool get_opt_bytes(jr *r, json_t *o, const char *k, uint8_t *out, size_t max, uint16_t *len) {
  json_t *v = json_object_get(o, k);
  if (!v || json_is_null(v)) return false;
  *len = (uint16_t)get_byte_array(r, v, out, max, false);
  return true;
}
static void get_str(jr *r, json_t *v, net_opt_text *t) {
  memset(t, 0, sizeof *t);
  if (!json_is_string(v) || !net_relay_text_valid(json_string_value(v), json_string_length(v))) {
    r->bad = true;
    return;
  }
  t->present = true;
  t->len = (uint8_t)json_string_length(v);
  memcpy(t->s, json_string_value(v), t->len);
}
static void get_opt_str(jr *r, json_t *o, const char *k, net_opt_text *t) {
  json_t *v = json_object_get(o, k);
  memset(t, 0, sizeof *t);
  if (v && !json_is_null(v)) get_str(r, v, t);
}
static void only(jr *r, json_t *o, const char *const *keys) {
  if (!json_is_object(o) || !net_json_only_keys(o, keys)) r->bad = true;
}

static void info_parse(jr *r, json_t *o, net_relay_node_info *n) {
  static const char *const keys[] = {"pubkey", "endpoints", "region", "capabilities", "load", "latency",
                                     "max_sessions", "protocol_version", "reliability", "last_result_time",
                                     "packet_loss", NULL};
  memset(n, 0, sizeof *n);
  only(r, o, keys);
  if (r->bad) return;
  get_key(r, o, "pubkey", n->pubkey);
  json_t *eps = json_object_get(o, "endpoints");
  if (!json_is_array(eps) || json_array_size(eps) > NET_RELAY_MAX_ENDPOINTS) {
    r->bad = true;
    return;
  }
  size_t i;
  json_t *e;
  json_array_foreach(eps, i, e) get_str(r, e, &n->endpoints[i]);
  n->nendpoints = (uint8_t)json_array_size(eps);
  get_opt_str(r, o, "region", &n->region);
  n->capabilities = (uint32_t)get_num(r, o, "capabilities", UINT32_MAX);
  n->load = (uint8_t)get_num(r, o, "load", 100);
  uint64_t v = 0;
  if ((n->has_latency = get_opt_num(r, o, "latency", UINT32_MAX, &v))) n->latency = (uint32_t)v;
  n->max_sessions = (uint32_t)get_num(r, o, "max_sessions", UINT32_MAX);
  n->protocol_version = (uint16_t)get_num(r, o, "protocol_version", UINT16_MAX);
  if (n->protocol_version != 1) r->bad = true;
  n->reliability = json_object_get(o, "reliability") ? (uint8_t)get_num(r, o, "reliability", 100) : 0;
  if ((n->has_last_result = get_opt_num(r, o, "last_result_time", INT64_MAX, &v))) n->last_result_time = v;
  if ((n->has_loss = get_opt_num(r, o, "packet_loss", 100, &v))) n->packet_loss = (uint8_t)v;
}

static void body_parse(jr *r, json_t *o, net_relay_msg *m) {
  static const char *const req_keys[] = {"peer_pubkey", "target_pubkey", "timestamp", "nonce", "auth_token", NULL};
  static const char *const resp_keys[] = {"status", "session_id", "timestamp", "request_nonce", "error", NULL};
  static const char *const fwd_keys[] = {"header", "payload", NULL};
  static const char *const hdr_keys[] = {"dest_peer_id", "session_id", "timestamp", "flags", NULL};
  static const char *const hb_keys[] = {"session_id", "timestamp", "sequence", NULL};
  static const char *const dq_keys[] = {"peer_pubkey", "timestamp", "nonce", "region", "min_capabilities",
                                        "max_results", NULL};
  static const char *const dr_keys[] = {"request_nonce", "timestamp", "relays", "more_available", NULL};
  static const char *const ann_keys[] = {"relay_info", "timestamp", "expires", "signature", NULL};
  uint64_t v = 0;
  switch (m->type) {
    case NET_RELAY_CONNECT_REQUEST:
      only(r, o, req_keys);
      if (r->bad) return;
      get_key(r, o, "peer_pubkey", m->u.req.peer), get_key(r, o, "target_pubkey", m->u.req.target);
      m->u.req.timestamp = get_num(r, o, "timestamp", INT64_MAX), m->u.req.nonce = get_num(r, o, "nonce", INT64_MAX);
      m->u.req.has_auth = get_opt_bytes(r, o, "auth_token", m->u.req.auth, NET_RELAY_MAX_AUTH, &m->u.req.auth_len);
      break;
    case NET_RELAY_CONNECT_RESPONSE: {
      only(r, o, resp_keys);
      if (r->bad) return;
      json_t *st = json_object_get(o, "status");
      m->u.resp.status = NET_CONN_STATUS_COUNT;
      for (unsigned i = 0; i < NET_CONN_STATUS_COUNT; i++)
        if (json_is_string(st) && strcmp(json_string_value(st), status_names[i]) == 0) m->u.resp.status = (uint8_t)i;
      if (m->u.resp.status == NET_CONN_STATUS_COUNT) r->bad = true;
      if ((m->u.resp.has_session = get_opt_num(r, o, "session_id", INT64_MAX, &v))) m->u.resp.session_id = v;
      m->u.resp.timestamp = get_num(r, o, "timestamp", INT64_MAX);
      m->u.resp.request_nonce = get_num(r, o, "request_nonce", INT64_MAX);
      get_opt_str(r, o, "error", &m->u.resp.error);
      break;
    }
    case NET_RELAY_FORWARD: {
      only(r, o, fwd_keys);
      if (r->bad) return;
      json_t *h = json_object_get(o, "header");
      only(r, h, hdr_keys);
      if (r->bad) return;
      get_key(r, h, "dest_peer_id", m->u.fwd.dest);
      m->u.fwd.session_id = get_num(r, h, "session_id", INT64_MAX);
      m->u.fwd.timestamp = get_num(r, h, "timestamp", INT64_MAX);
      m->u.fwd.flags = (uint8_t)get_num(r, h, "flags", NET_RELAY_FLAGS_KNOWN);
      m->u.fwd.len = (uint16_t)get_byte_array(r, json_object_get(o, "payload"), m->u.fwd.payload,
                                              NET_RELAY_MAX_PAYLOAD, false);
      break;
    }
    case NET_RELAY_HEARTBEAT:
      only(r, o, hb_keys);
      if (r->bad) return;
      m->u.hb.session_id = get_num(r, o, "session_id", INT64_MAX);
      m->u.hb.timestamp = get_num(r, o, "timestamp", INT64_MAX);
      m->u.hb.sequence = (uint32_t)get_num(r, o, "sequence", UINT32_MAX);
      break;
    case NET_RELAY_DISCOVERY_QUERY:
      only(r, o, dq_keys);
      if (r->bad) return;
      get_key(r, o, "peer_pubkey", m->u.dq.peer);
      m->u.dq.timestamp = get_num(r, o, "timestamp", INT64_MAX), m->u.dq.nonce = get_num(r, o, "nonce", INT64_MAX);
      get_opt_str(r, o, "region", &m->u.dq.region);
      m->u.dq.min_caps = (uint32_t)get_num(r, o, "min_capabilities", UINT32_MAX);
      m->u.dq.max_results = (uint32_t)get_num(r, o, "max_results", UINT32_MAX);
      break;
    case NET_RELAY_DISCOVERY_RESPONSE: {
      only(r, o, dr_keys);
      if (r->bad) return;
      m->u.dr.request_nonce = get_num(r, o, "request_nonce", INT64_MAX);
      m->u.dr.timestamp = get_num(r, o, "timestamp", INT64_MAX);
      json_t *a = json_object_get(o, "relays"), *more = json_object_get(o, "more_available");
      if (!json_is_array(a) || json_array_size(a) > NET_RELAY_MAX_RELAYS || !json_is_boolean(more)) {
        r->bad = true;
        return;
      }
      size_t i;
      json_t *e;
      json_array_foreach(a, i, e) info_parse(r, e, &m->u.dr.relays[i]);
      m->u.dr.nrelays = (uint8_t)json_array_size(a);
      m->u.dr.more = json_is_true(more);
      break;
    }
    case NET_RELAY_ANNOUNCEMENT:
      only(r, o, ann_keys);
      if (r->bad) return;
      info_parse(r, json_object_get(o, "relay_info"), &m->u.ann.info);
      m->u.ann.timestamp = get_num(r, o, "timestamp", INT64_MAX);
      m->u.ann.expires = get_num(r, o, "expires", INT64_MAX);
      m->u.ann.has_sig = get_opt_bytes(r, o, "signature", m->u.ann.sig, NET_RELAY_MAX_SIG, &m->u.ann.sig_len);
      break;
    default: r->bad = true;
  }
}

net_err net_relay_from_json(const char *text, size_t len, net_relay_msg *m) {
  memset(m, 0, sizeof *m);
  json_t *root = net_json_load(text, len);
  if (!json_is_object(root) || json_object_size(root) != 1) {
    json_decref(root);
    return NET_E_SYNTAX;
  }
  const char *variant = json_object_iter_key(json_object_iter(root));
  m->type = NET_RELAY_TYPE_COUNT;
  for (unsigned i = 0; i < NET_RELAY_TYPE_COUNT; i++)
    if (strcmp(variant, variant_names[i]) == 0) m->type = (net_relay_type)i;
  jr r = {m->type == NET_RELAY_TYPE_COUNT};
  if (!r.bad) body_parse(&r, json_object_get(root, variant), m);
  json_decref(root);
  if (r.bad) memset(m, 0, sizeof *m);
  return r.bad ? NET_E_SYNTAX : NET_OK;
}
