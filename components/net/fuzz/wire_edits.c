/* Field edits of net_wire's mutator (wire_tree.h): a relay message's
 * variant, session id, timestamp, keys, numbers, strings, lengths and
 * payload; a WireGuard frame's type, indices, ephemeral key, counter,
 * encrypted parts, length and mac2, and mac1 bent or made right. */
#include <stdio.h>
#include <string.h>

#include "gen.h"
#include "wire_tree.h"

static net_relay_node_info *info_of(net_relay_msg *m, size_t which) {
  if (m->type == NET_RELAY_ANNOUNCEMENT) return &m->u.ann.info;
  if (m->type == NET_RELAY_DISCOVERY_RESPONSE && m->u.dr.nrelays) return &m->u.dr.relays[which % m->u.dr.nrelays];
  return NULL;
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

static void mutate_text(wire_tree *t, wire_item *x, ff_input *in) {
  net_relay_msg *m = &x->msg;
  net_opt_text *txt = NULL;
  net_relay_node_info *info = info_of(m, ff_u8(in));
  if (m->type == NET_RELAY_CONNECT_RESPONSE) txt = &m->u.resp.error;
  else if (m->type == NET_RELAY_DISCOVERY_QUERY) txt = &m->u.dq.region;
  else if (info && ff_bool(in)) txt = &info->region;
  else if (info) { /* an endpoint: a listed one or a record's source */
    if (!info->nendpoints || (info->nendpoints < NET_RELAY_MAX_ENDPOINTS && ff_bool(in))) info->nendpoints++;
    txt = &info->endpoints[ff_choose(in, info->nendpoints)];
    const wire_item *o = &t->it[ff_choose(in, t->n)];
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
static void mutate_lengths(wire_tree *t, wire_item *x, ff_input *in) {
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
        const wire_item *o = &t->it[ff_choose(in, t->n)];
        if (wire_is_msg(o) && o->msg.type == NET_RELAY_ANNOUNCEMENT) *dst = o->msg.u.ann.info;
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
static void payload_wg(wire_tree *t, wire_item *x, ff_input *in) {
  if (x->msg.type != NET_RELAY_FORWARD) return;
  const wire_item *o = &t->it[ff_choose(in, t->n)];
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
static void retype(wire_tree *t, wire_item *x, size_t i, ff_input *in) {
  net_relay_msg *m = &x->msg;
  uint64_t *s = wire_session_of(m), sid = s ? *s : wire_pick_session(t, in);
  uint8_t key[32], *k = wire_key_of(m, 0);
  if (k) memcpy(key, k, 32);
  else wire_pick_key(t, in, key);
  net_gen_relay_msg_of(in, (net_relay_type)ff_choose(in, NET_RELAY_TYPE_COUNT), m);
  *wire_time_of(m) = wire_clock_at(t, i);
  if ((s = wire_session_of(m))) *s = sid;
  if ((k = wire_key_of(m, 0))) memcpy(k, key, 32);
}

void wire_edit_relay(wire_tree *t, size_t i, ff_input *in) {
  wire_item *x = &t->it[i];
  net_relay_msg *m = &x->msg;
  switch (ff_choose(in, 10)) {
    case 0: retype(t, x, i, in); break;
    case 1: {
      uint64_t *s = wire_session_of(m);
      if (s) *s = wire_pick_session(t, in);
      break;
    }
    case 2: {
      int64_t skew = FF_PICK(in, SKEWS);
      *wire_time_of(m) = (uint64_t)((int64_t)wire_clock_at(t, i) + skew);
      break;
    }
    case 3: {
      uint8_t *k = wire_key_of(m, ff_u8(in));
      if (m->type == NET_RELAY_CONNECT_REQUEST && ff_choose(in, 3) == 0) { /* swapped */
        uint8_t tmp[32];
        memcpy(tmp, m->u.req.peer, 32), memcpy(m->u.req.peer, m->u.req.target, 32), memcpy(m->u.req.target, tmp, 32);
      } else if (k) {
        wire_pick_key(t, in, k);
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
void wire_edit_wg(wire_tree *t, wire_item *x, ff_input *in) {
  net_wg_layout l = net_wire_wg_layout(x->raw[0], x->len);
  switch (ff_choose(in, 8)) {
    case 0: { /* another type: a new frame keeping the indices */
      uint32_t sender = l.sender ? net_wire_get_u32le(x->raw + l.sender) : ff_u32(in);
      uint32_t receiver = l.receiver ? net_wire_get_u32le(x->raw + l.receiver) : wire_pick_index(t, in);
      x->len = (uint16_t)net_wire_wg_frame((uint8_t)ff_range(in, 1, 4), sender, receiver, ff_u64(in) >> ff_range(in, 0, 63),
                                           (unsigned)ff_range(in, 0, 8), ff_u8(in), x->raw, sizeof x->raw);
      x->mac_ok = true;
      return;
    }
    case 1:
      if (l.sender) net_wire_put_u32le(x->raw + l.sender, ff_bool(in) ? ff_u32(in) : wire_pick_index(t, in));
      break;
    case 2:
      if (l.receiver) net_wire_put_u32le(x->raw + l.receiver, wire_pick_index(t, in));
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
