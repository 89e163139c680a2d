/* The protocol-aware mutator of net_wire (wire_mutator.h). */
#include "wire_mutator.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"
#include "wire_format.h"

#define MAX_ITEMS 32 /* longer inputs go to byte mutation */

enum { K_RAW, K_BIN, K_JSON, K_WG };
enum { BEND_NONE, BEND_TAG, BEND_UNTAG, BEND_CUT, BEND_TRAIL, BEND_JSON_VARIANT };

typedef struct item {
  net_wire_record h; /* h.data unused */
  uint8_t kind, bend, bend_arg;
  bool mac_ok; /* WireGuard: mac1 is kept right */
  net_relay_msg msg;
  uint16_t len;
  uint8_t raw[NET_RELAY_FRAME_MAX];
} item;

typedef struct wire_tree {
  size_t n;
  item it[MAX_ITEMS];
} wire_tree;

static bool wg_frame_ok(const uint8_t *d, size_t n) { return net_wg_check_frame(d, n) == NET_WG_OK; }

static void *wire_parse(const uint8_t *data, size_t size) {
  wire_tree *t = malloc(sizeof *t);
  if (!t) return NULL;
  t->n = 0;
  size_t pos = 0;
  net_wire_record r;
  while (net_wire_next(data, size, &pos, &r)) {
    if (t->n == MAX_ITEMS || r.len > NET_RELAY_FRAME_MAX) break;
    item *x = &t->it[t->n++];
    x->h = r, x->h.data = NULL;
    x->bend = BEND_NONE, x->len = r.len, x->kind = K_RAW, x->mac_ok = false;
    memcpy(x->raw, r.data, r.len);
    if (r.to == NET_WIRE_TO_WG && wg_frame_ok(r.data, r.len)) {
      x->kind = K_WG;
      x->mac_ok = net_wg_accept(r.data, r.len, net_wire_wg_public()) == NET_WG_OK;
    } else if (r.len && r.data[0] == '{' && net_relay_from_json((const char *)r.data, r.len, &x->msg) == NET_OK) {
      x->kind = K_JSON;
    } else if (r.to != NET_WIRE_TO_CLIENT && net_relay_decode(r.data, r.len, &x->msg) == NET_OK) {
      x->kind = K_BIN;
    }
  }
  if (pos != size || t->n == 0) { /* trailing bytes or no record: not ours */
    free(t);
    return NULL;
  }
  return t;
}

static const char *const VARIANTS[] = {"ConnectionRequest", "ConnectionResponse", "ForwardPacket", "Heartbeat",
                                       "DiscoveryQuery", "DiscoveryResponse", "RelayAnnouncement", "Ping"};

/* The datagram of x as it goes out: written again, then bent if asked. */
static long datagram(const item *x, uint8_t *out, size_t cap) {
  long n;
  if (x->kind == K_BIN) n = net_relay_encode(&x->msg, out, cap);
  else if (x->kind == K_JSON) n = net_relay_to_json(&x->msg, (char *)out, cap);
  else {
    if (x->len > cap) return -1;
    memcpy(out, x->raw, x->len);
    n = x->len;
    if (x->kind == K_WG && x->mac_ok) net_wg_set_mac1(out, (size_t)n, net_wire_wg_public());
  }
  if (n < 0) return -1;
  switch (x->bend) {
    case BEND_TAG:
      if (n >= 4) net_wire_put_u32le(out, x->bend_arg % 9 == 8 ? 0xffffffffu : x->bend_arg % 9);
      break;
    case BEND_UNTAG:
      if (n >= 4) memmove(out, out + 4, (size_t)(n -= 4));
      break;
    case BEND_CUT: n -= n > x->bend_arg ? 1 + x->bend_arg % 8 : 0; break;
    case BEND_TRAIL: {
      size_t k = 1 + x->bend_arg % 8;
      if ((size_t)n + k > cap) return -1;
      memset(out + n, x->bend_arg, k);
      n += (long)k;
      break;
    }
    case BEND_JSON_VARIANT: {
      char *q = memchr(out, '"', (size_t)n), *e = q ? memchr(q + 1, '"', (size_t)n - (size_t)(q + 1 - (char *)out)) : NULL;
      const char *v = VARIANTS[x->bend_arg % 8];
      size_t vl = strlen(v), old = e ? (size_t)(e - q - 1) : 0;
      if (!e || (size_t)n - old + vl > cap) break;
      memmove(q + 1 + vl, e, (size_t)n - (size_t)(e - (char *)out));
      memcpy(q + 1, v, vl);
      n = n - (long)old + (long)vl;
      break;
    }
    default: break;
  }
  return n;
}

static long wire_serialize(const void *tree, uint8_t *out, size_t cap) {
  const wire_tree *t = tree;
  uint8_t buf[NET_RELAY_FRAME_MAX + 16];
  long at = 0;
  for (size_t i = 0; i < t->n && at >= 0; i++) {
    long n = datagram(&t->it[i], buf, sizeof buf);
    if (n < 0 || n > 0xffff) return -1;
    net_wire_record r = t->it[i].h;
    r.len = (uint16_t)n, r.data = buf;
    at = net_wire_put(out, cap, (size_t)at, &r);
  }
  return at;
}

static void wire_release(void *tree) { free(tree); }

/* ---- context: the clock, session ids, keys and sources of the input ---- */
static uint64_t clock_at(const wire_tree *t, size_t i) {
  uint64_t now = NET_WIRE_NOW0;
  for (size_t k = 0; k <= i && k < t->n; k++) now += t->it[k].h.advance;
  return now;
}

static bool is_msg(const item *x) { return x->kind == K_BIN || x->kind == K_JSON; }

static uint64_t *session_of(net_relay_msg *m) {
  switch (m->type) {
    case NET_RELAY_CONNECT_RESPONSE: m->u.resp.has_session = true; return &m->u.resp.session_id;
    case NET_RELAY_FORWARD: return &m->u.fwd.session_id;
    case NET_RELAY_HEARTBEAT: return &m->u.hb.session_id;
    default: return NULL;
  }
}

static uint64_t *time_of(net_relay_msg *m) {
  switch (m->type) {
    case NET_RELAY_CONNECT_REQUEST: return &m->u.req.timestamp;
    case NET_RELAY_CONNECT_RESPONSE: return &m->u.resp.timestamp;
    case NET_RELAY_FORWARD: return &m->u.fwd.timestamp;
    case NET_RELAY_HEARTBEAT: return &m->u.hb.timestamp;
    case NET_RELAY_DISCOVERY_QUERY: return &m->u.dq.timestamp;
    case NET_RELAY_DISCOVERY_RESPONSE: return &m->u.dr.timestamp;
    default: return &m->u.ann.timestamp;
  }
}

/* The key fields of m: which < count. */
static uint8_t *key_of(net_relay_msg *m, size_t which) {
  switch (m->type) {
    case NET_RELAY_CONNECT_REQUEST: return which % 2 ? m->u.req.target : m->u.req.peer;
    case NET_RELAY_FORWARD: return m->u.fwd.dest;
    case NET_RELAY_DISCOVERY_QUERY: return m->u.dq.peer;
    case NET_RELAY_DISCOVERY_RESPONSE: return m->u.dr.nrelays ? m->u.dr.relays[which % m->u.dr.nrelays].pubkey : NULL;
    case NET_RELAY_ANNOUNCEMENT: return m->u.ann.info.pubkey;
    default: return NULL;
  }
}

static net_relay_node_info *info_of(net_relay_msg *m, size_t which) {
  if (m->type == NET_RELAY_ANNOUNCEMENT) return &m->u.ann.info;
  if (m->type == NET_RELAY_DISCOVERY_RESPONSE && m->u.dr.nrelays) return &m->u.dr.relays[which % m->u.dr.nrelays];
  return NULL;
}

static uint64_t pick_session(wire_tree *t, ff_input *in) {
  static const uint64_t odd[] = {0, 1, 2, INT64_MAX};
  switch (ff_choose(in, 4)) {
    case 0:
    case 1: return net_wire_session_id((unsigned)ff_range(in, 0, 7));
    case 2:
      for (size_t tries = 0; tries < 4 && t->n; tries++) {
        item *x = &t->it[ff_choose(in, t->n)];
        uint64_t *s = is_msg(x) && x->msg.type != NET_RELAY_CONNECT_RESPONSE ? session_of(&x->msg) : NULL;
        if (s) return *s;
      }
      return net_wire_session_id(0);
    default: return FF_PICK(in, odd);
  }
}

static void pick_key(wire_tree *t, ff_input *in, uint8_t out[32]) {
  switch (ff_choose(in, 4)) {
    case 0: memset(out, (int)ff_range(in, 1, 4), 32); return; /* the seeds' clients */
    case 1: memset(out, 0, 32); return;
    case 2:
      for (size_t tries = 0; tries < 4 && t->n; tries++) {
        item *x = &t->it[ff_choose(in, t->n)];
        uint8_t *k = is_msg(x) ? key_of(&x->msg, ff_choose(in, 2)) : NULL;
        if (k) {
          memmove(out, k, 32);
          return;
        }
      }
      /* fall through */
    default: ff_fill(in, out, 32); return;
  }
}

static const uint8_t SOURCES[][4] = {{198, 51, 100, 10}, {198, 51, 100, 11}, {198, 51, 100, 12},
                                     {198, 51, 100, 13}, {203, 0, 113, 66},  {10, 0, 0, 1}};
static const uint16_t PORTS[] = {0, 1, 51820, 51821, 40000, 40001, 65535};

static void pick_source(wire_tree *t, ff_input *in, item *x) {
  switch (ff_choose(in, 4)) {
    case 0: memcpy(x->h.ip, SOURCES[ff_choose(in, FF_COUNT_OF(SOURCES))], 4); break;
    case 1: x->h.port = FF_PICK(in, PORTS); break;
    case 2: x->h.port = (uint16_t)(x->h.port + (ff_bool(in) ? 1 : -1)); break; /* same host, another port */
    default: { /* another record's source */
      const item *o = &t->it[ff_choose(in, t->n)];
      memcpy(x->h.ip, o->h.ip, 4), x->h.port = o->h.port;
    }
  }
}

/* ---- relay fields ---- */
typedef struct num_ref {
  void *p;
  unsigned bytes;
  uint64_t max;
} num_ref;

static size_t add_num(num_ref *r, size_t n, void *p, unsigned bytes, uint64_t max) {
  r[n].p = p, r[n].bytes = bytes, r[n].max = max;
  return n + 1;
}

/* The plain numeric fields of m (not ids or timestamps), with their bounds. */
static size_t numbers_of(net_relay_msg *m, size_t which, num_ref *r) {
  size_t n = 0;
  switch (m->type) {
    case NET_RELAY_CONNECT_REQUEST: n = add_num(r, n, &m->u.req.nonce, 8, INT64_MAX); break;
    case NET_RELAY_CONNECT_RESPONSE:
      n = add_num(r, n, &m->u.resp.request_nonce, 8, INT64_MAX);
      n = add_num(r, n, &m->u.resp.status, 1, NET_CONN_STATUS_COUNT - 1);
      break;
    case NET_RELAY_FORWARD: n = add_num(r, n, &m->u.fwd.flags, 1, NET_RELAY_FLAGS_KNOWN); break;
    case NET_RELAY_HEARTBEAT: n = add_num(r, n, &m->u.hb.sequence, 4, UINT32_MAX); break;
    case NET_RELAY_DISCOVERY_QUERY:
      n = add_num(r, n, &m->u.dq.nonce, 8, INT64_MAX);
      n = add_num(r, n, &m->u.dq.min_caps, 4, UINT32_MAX);
      n = add_num(r, n, &m->u.dq.max_results, 4, UINT32_MAX);
      break;
    case NET_RELAY_DISCOVERY_RESPONSE: n = add_num(r, n, &m->u.dr.request_nonce, 8, INT64_MAX); break;
    default: n = add_num(r, n, &m->u.ann.expires, 8, INT64_MAX); break;
  }
  net_relay_node_info *info = info_of(m, which);
  if (info) {
    n = add_num(r, n, &info->capabilities, 4, UINT32_MAX);
    n = add_num(r, n, &info->load, 1, 100);
    n = add_num(r, n, &info->latency, 4, UINT32_MAX);
    n = add_num(r, n, &info->max_sessions, 4, UINT32_MAX);
    n = add_num(r, n, &info->reliability, 1, 100);
    n = add_num(r, n, &info->packet_loss, 1, 100);
    n = add_num(r, n, &info->last_result_time, 8, INT64_MAX);
  }
  return n;
}

static void set_num(const num_ref *r, uint64_t v) {
  if (v > r->max) v = r->max;
  switch (r->bytes) {
    case 1: *(uint8_t *)r->p = (uint8_t)v; break;
    case 4: *(uint32_t *)r->p = (uint32_t)v; break;
    default: *(uint64_t *)r->p = v; break;
  }
}

static const uint64_t NUMBERS[] = {0, 1, 2, 3, 4, 5, 16, 24, 31, 32, 80, 81, 99, 100, 101, 255, 256, 1000,
                                   65535, 0x7fffffffu, 0xffffffffu, 0x100000000ull, INT64_MAX};
/* Seconds around the freshness windows (§1.8.1): 5 s skew, 30 s and 60 s
 * ages, 300 s skew and a day's age for announcements. */
static const int64_t SKEWS[] = {0, -1, 1, 4, 5, 6, -29, -30, -31, -59, -60, -61, 299, 300, 301, -86400, -86401};
static const char *const TEXTS[] = {"", "us-east", "US-EAST", "eu-west-1", "203.0.113.7:51820",
                                    "[2001:db8::7]:51820", "relay.formation.cloud:51820", "10.0.0.1:0",
                                    "10.0.0.1:65536", "::1", "r\xc3\xa9gion", "\xf0\x9f\x9b\xb0",
                                    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"};

static void set_text(net_opt_text *t, const char *s) {
  t->present = true;
  t->len = (uint8_t)strlen(s);
  memcpy(t->s, s, t->len + 1u);
}

static void mutate_text(wire_tree *t, item *x, ff_input *in) {
  net_relay_msg *m = &x->msg;
  net_opt_text *txt = NULL;
  net_relay_node_info *info = info_of(m, ff_u8(in));
  if (m->type == NET_RELAY_CONNECT_RESPONSE) txt = &m->u.resp.error;
  else if (m->type == NET_RELAY_DISCOVERY_QUERY) txt = &m->u.dq.region;
  else if (info && ff_bool(in)) txt = &info->region;
  else if (info) { /* an endpoint: a listed one or a record's source */
    if (!info->nendpoints || (info->nendpoints < NET_RELAY_MAX_ENDPOINTS && ff_bool(in))) info->nendpoints++;
    txt = &info->endpoints[ff_choose(in, info->nendpoints)];
    const item *o = &t->it[ff_choose(in, t->n)];
    char ep[32];
    snprintf(ep, sizeof ep, "%u.%u.%u.%u:%u", o->h.ip[0], o->h.ip[1], o->h.ip[2], o->h.ip[3], o->h.port);
    set_text(txt, ff_bool(in) ? ep : FF_PICK(in, TEXTS));
    return;
  }
  if (!txt) return;
  if (txt->present && ff_choose(in, 4) == 0) txt->present = false;
  else set_text(txt, FF_PICK(in, TEXTS));
}

/* Option presence, list and byte-string lengths. */
static void mutate_lengths(wire_tree *t, item *x, ff_input *in) {
  static const uint16_t LENS[] = {0, 1, 16, 32, 64, 88, 128};
  net_relay_msg *m = &x->msg;
  net_relay_node_info *info = info_of(m, ff_u8(in));
  if (info && ff_bool(in)) {
    switch (ff_choose(in, 4)) {
      case 0: info->nendpoints = (uint8_t)ff_range(in, 0, NET_RELAY_MAX_ENDPOINTS); break;
      case 1: info->has_latency ^= 1; break;
      case 2: info->has_last_result ^= 1; break;
      default: info->has_loss ^= 1; break;
    }
    for (unsigned i = 0; i < info->nendpoints; i++)
      if (!info->endpoints[i].present) set_text(&info->endpoints[i], TEXTS[4]);
    return;
  }
  switch (m->type) {
    case NET_RELAY_CONNECT_REQUEST:
      if ((m->u.req.has_auth = ff_choose(in, 4) != 0)) {
        m->u.req.auth_len = FF_PICK(in, LENS);
        ff_fill(in, m->u.req.auth, m->u.req.auth_len);
      }
      break;
    case NET_RELAY_CONNECT_RESPONSE: m->u.resp.has_session ^= 1; break;
    case NET_RELAY_FORWARD: {
      static const uint16_t PAYLOADS[] = {0, 1, 32, 148, 1280, 1500};
      m->u.fwd.len = FF_PICK(in, PAYLOADS);
      ff_fill(in, m->u.fwd.payload, m->u.fwd.len);
      break;
    }
    case NET_RELAY_DISCOVERY_RESPONSE:
      if (ff_bool(in)) m->u.dr.more ^= 1;
      else if (m->u.dr.nrelays && ff_bool(in)) m->u.dr.nrelays--;
      else if (m->u.dr.nrelays < NET_RELAY_MAX_RELAYS) { /* a relay announced in the input, or a new one */
        net_relay_node_info *dst = &m->u.dr.relays[m->u.dr.nrelays++];
        const item *o = &t->it[ff_choose(in, t->n)];
        if (is_msg(o) && o->msg.type == NET_RELAY_ANNOUNCEMENT) *dst = o->msg.u.ann.info;
        else memset(dst, 0, sizeof *dst), net_gen_relay_info(in, dst, NULL);
      }
      break;
    case NET_RELAY_ANNOUNCEMENT:
      if ((m->u.ann.has_sig = ff_choose(in, 4) != 0)) {
        m->u.ann.sig_len = FF_PICK(in, LENS);
        ff_fill(in, m->u.ann.sig, m->u.ann.sig_len);
      }
      break;
    default: break;
  }
}

/* A WireGuard datagram as the relay payload (RelayPacket carries one):
 * a WireGuard record's frame or a new one. */
static void payload_wg(wire_tree *t, item *x, ff_input *in) {
  if (x->msg.type != NET_RELAY_FORWARD) return;
  const item *o = &t->it[ff_choose(in, t->n)];
  if (o->kind == K_WG && o->len <= NET_RELAY_MAX_PAYLOAD) {
    memcpy(x->msg.u.fwd.payload, o->raw, o->len);
    x->msg.u.fwd.len = o->len;
    if (o->mac_ok) net_wg_set_mac1(x->msg.u.fwd.payload, o->len, net_wire_wg_public());
    return;
  }
  x->msg.u.fwd.len = (uint16_t)net_wire_wg_frame((uint8_t)ff_range(in, 1, 4), ff_u32(in), ff_u32(in), ff_u64(in),
                                                 (unsigned)ff_range(in, 0, 4), ff_u8(in), x->msg.u.fwd.payload,
                                                 NET_RELAY_MAX_PAYLOAD);
}

/* A new message of another variant that keeps the old one's clock, session
 * and key where it has them. */
static void retype(wire_tree *t, item *x, size_t i, ff_input *in) {
  net_relay_msg *m = &x->msg;
  uint64_t *s = session_of(m), sid = s ? *s : pick_session(t, in);
  uint8_t key[32], *k = key_of(m, 0);
  if (k) memcpy(key, k, 32);
  else pick_key(t, in, key);
  net_gen_relay_msg_of(in, (net_relay_type)ff_choose(in, NET_RELAY_TYPE_COUNT), m);
  *time_of(m) = clock_at(t, i);
  if ((s = session_of(m))) *s = sid;
  if ((k = key_of(m, 0))) memcpy(k, key, 32);
}

static void mutate_relay(wire_tree *t, size_t i, ff_input *in) {
  item *x = &t->it[i];
  net_relay_msg *m = &x->msg;
  switch (ff_choose(in, 10)) {
    case 0: retype(t, x, i, in); break;
    case 1: {
      uint64_t *s = session_of(m);
      if (s) *s = pick_session(t, in);
      break;
    }
    case 2: {
      int64_t skew = FF_PICK(in, SKEWS);
      *time_of(m) = (uint64_t)((int64_t)clock_at(t, i) + skew);
      break;
    }
    case 3: {
      uint8_t *k = key_of(m, ff_u8(in));
      if (m->type == NET_RELAY_CONNECT_REQUEST && ff_choose(in, 3) == 0) { /* swapped */
        uint8_t tmp[32];
        memcpy(tmp, m->u.req.peer, 32), memcpy(m->u.req.peer, m->u.req.target, 32), memcpy(m->u.req.target, tmp, 32);
      } else if (k) {
        pick_key(t, in, k);
      }
      break;
    }
    case 4:
    case 5: {
      num_ref r[16];
      size_t n = numbers_of(m, ff_u8(in), r);
      const num_ref *f = &r[ff_choose(in, n)];
      set_num(f, ff_bool(in) ? FF_PICK(in, NUMBERS) : ff_u64(in) >> ff_range(in, 0, 63));
      break;
    }
    case 6: mutate_text(t, x, in); break;
    case 7: mutate_lengths(t, x, in); break;
    case 8: payload_wg(t, x, in); break;
    default: /* the other encoding, where the record's receiver reads both */
      if (x->h.to == NET_WIRE_TO_RELAY) x->kind = x->kind == K_BIN ? K_JSON : K_BIN;
      break;
  }
}

/* ---- WireGuard fields ---- */
static uint32_t pick_index(wire_tree *t, ff_input *in) {
  static const uint32_t odd[] = {0, 1, 0xffffffffu, 0x80000000u};
  for (size_t tries = 0; tries < 4 && ff_choose(in, 4); tries++) { /* an index another frame announced */
    const item *o = &t->it[ff_choose(in, t->n)];
    net_wg_layout l = net_wire_wg_layout(o->raw[0], o->len);
    if (o->kind == K_WG && l.sender) return net_wire_get_u32le(o->raw + l.sender);
  }
  return ff_bool(in) ? FF_PICK(in, odd) : ff_u32(in);
}

static void mutate_wg(wire_tree *t, item *x, ff_input *in) {
  net_wg_layout l = net_wire_wg_layout(x->raw[0], x->len);
  switch (ff_choose(in, 8)) {
    case 0: { /* another type: a new frame keeping the indices */
      uint32_t sender = l.sender ? net_wire_get_u32le(x->raw + l.sender) : ff_u32(in);
      uint32_t receiver = l.receiver ? net_wire_get_u32le(x->raw + l.receiver) : pick_index(t, in);
      x->len = (uint16_t)net_wire_wg_frame((uint8_t)ff_range(in, 1, 4), sender, receiver, ff_u64(in) >> ff_range(in, 0, 63),
                                           (unsigned)ff_range(in, 0, 8), ff_u8(in), x->raw, sizeof x->raw);
      x->mac_ok = true;
      return;
    }
    case 1:
      if (l.sender) net_wire_put_u32le(x->raw + l.sender, ff_bool(in) ? ff_u32(in) : pick_index(t, in));
      break;
    case 2:
      if (l.receiver) net_wire_put_u32le(x->raw + l.receiver, pick_index(t, in));
      break;
    case 3:
      if (l.ephemeral) {
        size_t how = ff_choose(in, 3);
        if (how == 0) memset(x->raw + l.ephemeral, 0, 32);
        else if (how == 1) memcpy(x->raw + l.ephemeral, net_wire_wg_public()->b, 32); /* our own key */
        else ff_fill(in, x->raw + l.ephemeral, 32);
      }
      break;
    case 4:
      if (l.counter) {
        static const uint64_t counters[] = {0, 1, 2, 8191, 8192, (1ull << 60) - 8193, (1ull << 60), UINT64_MAX};
        uint64_t c = FF_PICK(in, counters);
        for (int i = 0; i < 8; i++) x->raw[l.counter + i] = (uint8_t)(c >> (8 * i));
      } else if (l.nonce) {
        ff_fill(in, x->raw + l.nonce, 24);
      }
      break;
    case 5:
      if (l.encrypted_len) {
        size_t at = l.encrypted + ff_choose(in, l.encrypted_len);
        x->raw[at] = (uint8_t)(x->raw[at] ^ ff_range(in, 1, 255));
      }
      break;
    case 6:
      if (x->raw[0] == NET_WG_DATA) { /* one block more or less */
        if (ff_bool(in) && x->len + 16 <= NET_RELAY_MAX_PAYLOAD) ff_fill(in, x->raw + x->len, 16), x->len += 16;
        else if (x->len >= NET_WG_DATA_MIN + 16) x->len -= 16;
      } else if (l.mac2) {
        if (ff_bool(in)) memset(x->raw + l.mac2, 0, 16);
        else ff_fill(in, x->raw + l.mac2, 16);
      }
      break;
    default: /* bent: mac1 wrong on purpose, or made right again */
      if (l.mac1 && x->mac_ok) {
        x->mac_ok = false;
        x->raw[l.mac1 + ff_choose(in, 16)] ^= (uint8_t)ff_range(in, 1, 255);
      } else {
        x->mac_ok = true;
      }
      break;
  }
}

/* ---- records ---- */
static item *insert_at(wire_tree *t, size_t at) {
  if (t->n == MAX_ITEMS) return NULL;
  memmove(&t->it[at + 1], &t->it[at], (t->n - at) * sizeof *t->it);
  t->n++;
  item *x = &t->it[at];
  x->bend = BEND_NONE, x->h.repeat = 0, x->h.advance = 0;
  return x;
}

static void remove_at(wire_tree *t, size_t at) {
  memmove(&t->it[at], &t->it[at + 1], (t->n - at - 1) * sizeof *t->it);
  t->n--;
}

/* A new relay message for the relay after record i: drawn, or on the
 * session the relay will hand out for the k-th ConnectionRequest before it. */
static void insert_relay(wire_tree *t, size_t i, ff_input *in) {
  const item *ref = &t->it[i];
  size_t requests = 0;
  const item *req = NULL;
  for (size_t k = 0; k <= i; k++)
    if (is_msg(&t->it[k]) && t->it[k].msg.type == NET_RELAY_CONNECT_REQUEST && t->it[k].h.to == NET_WIRE_TO_RELAY)
      req = &t->it[k], requests++;
  net_relay_msg m;
  size_t how = ff_choose(in, 4);
  if (req && how < 3) {
    m = req->msg;
    uint64_t sid = net_wire_session_id((unsigned)(requests - 1));
    if (how == 0) { /* the target pairs: its own request, from another address */
      memcpy(m.u.req.peer, req->msg.u.req.target, 32), memcpy(m.u.req.target, req->msg.u.req.peer, 32);
    } else if (how == 1) {
      memset(&m, 0, sizeof m);
      m.type = NET_RELAY_FORWARD;
      memcpy(m.u.fwd.dest, ff_bool(in) ? req->msg.u.req.target : req->msg.u.req.peer, 32);
      m.u.fwd.session_id = sid;
      m.u.fwd.len = (uint16_t)net_wire_wg_frame(NET_WG_DATA, 0, ff_u32(in), ff_u8(in), 0, ff_u8(in), m.u.fwd.payload,
                                                sizeof m.u.fwd.payload);
    } else {
      memset(&m, 0, sizeof m);
      m.type = NET_RELAY_HEARTBEAT;
      m.u.hb.session_id = sid, m.u.hb.sequence = ff_u32(in);
    }
  } else {
    net_gen_relay_msg(in, &m);
  }
  item *x = insert_at(t, i + 1);
  if (!x) return;
  *x = *ref;
  x->bend = BEND_NONE, x->h.repeat = 0, x->h.advance = 0, x->h.to = NET_WIRE_TO_RELAY;
  x->kind = ref->kind == K_JSON || ff_choose(in, 4) == 0 ? K_JSON : K_BIN;
  x->msg = m;
  *time_of(&x->msg) = clock_at(t, i + 1);
  if (how == 0 && req) pick_source(t, in, x);
}

static void insert_wg(wire_tree *t, size_t i, ff_input *in) {
  item *x = insert_at(t, i + 1);
  if (!x) return;
  x->h = t->it[i].h;
  x->h.to = NET_WIRE_TO_WG, x->h.repeat = 0, x->h.advance = 0;
  x->kind = K_WG, x->mac_ok = true, x->bend = BEND_NONE;
  x->len = (uint16_t)net_wire_wg_frame((uint8_t)ff_range(in, 1, 4), ff_u32(in), pick_index(t, in), ff_u8(in),
                                       (unsigned)ff_range(in, 0, 4), ff_u8(in), x->raw, sizeof x->raw);
}

static void bend(item *x, ff_input *in) {
  x->bend_arg = ff_u8(in);
  if (x->kind == K_BIN) x->bend = ff_bool(in) ? (ff_bool(in) ? BEND_TAG : BEND_UNTAG) : (ff_bool(in) ? BEND_CUT : BEND_TRAIL);
  else if (x->kind == K_JSON && ff_bool(in)) x->bend = BEND_JSON_VARIANT;
  else x->bend = ff_bool(in) ? BEND_CUT : BEND_TRAIL;
}

static void wire_mutate(void *tree, ff_input *in) {
  static const uint16_t ADVANCES[] = {0, 1, 5, 6, 29, 30, 31, 59, 60, 61, 299, 300, 301, 3599, 3600, 3601, 65535};
  static const uint8_t REPEATS[] = {0, 1, 2, 59, 60, 99, 100, 101, 130};
  wire_tree *t = tree;
  size_t i = ff_choose(in, t->n);
  item *x = &t->it[i];
  switch (ff_choose(in, 16)) {
    case 0: { /* the same datagram again, maybe from elsewhere */
      item *c = insert_at(t, i + 1);
      if (!c) break;
      *c = t->it[i];
      if (ff_bool(in)) pick_source(t, in, c);
      break;
    }
    case 1:
      if (t->n > 1) remove_at(t, i);
      break;
    case 2: {
      size_t j = ff_choose(in, t->n);
      item tmp = t->it[i];
      t->it[i] = t->it[j], t->it[j] = tmp;
      break;
    }
    case 3: x->h.advance = FF_PICK(in, ADVANCES); break;
    case 4: x->h.repeat = FF_PICK(in, REPEATS); break;
    case 5: pick_source(t, in, x); break;
    case 6: x->h.to = (uint8_t)((x->h.to + ff_range(in, 1, 2)) % NET_WIRE_CHANNELS); break;
    case 7:
    case 8: insert_relay(t, i, in); break;
    case 9: insert_wg(t, i, in); break;
    case 10: bend(x, in); break;
    default:
      if (is_msg(x)) mutate_relay(t, i, in);
      else if (x->kind == K_WG) mutate_wg(t, x, in);
      else insert_relay(t, i, in);
      break;
  }
}

/* A record of other grafted into tree after a random one. */
static void wire_cross(void *tree, const void *other, ff_input *in) {
  wire_tree *t = tree;
  const wire_tree *o = other;
  item *x = insert_at(t, ff_choose(in, t->n + 1));
  if (x) *x = o->it[ff_choose(in, o->n)];
}

const ff_struct_mutator net_wire_mutator = {
    .name = "net_wire",
    .parse = wire_parse,
    .mutate = wire_mutate,
    .cross = wire_cross,
    .serialize = wire_serialize,
    .release = wire_release,
    .byte_share = 20,
};
