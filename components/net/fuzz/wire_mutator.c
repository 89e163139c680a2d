/* The protocol-aware mutator of net_wire (wire_mutator.h): parse and
 * serialize (with the bends), record edits, the choice of edit, crossover.
 * The context and the field edits are in wire_context.c and wire_edits.c. */
#include "wire_mutator.h"

#include <stdlib.h>
#include <string.h>

#include "gen.h"
#include "wire_tree.h"

static bool wg_frame_ok(const uint8_t *d, size_t n) { return net_wg_check_frame(d, n) == NET_WG_OK; }

static void *wire_parse(const uint8_t *data, size_t size) {
  wire_tree *t = malloc(sizeof *t);
  if (!t) return NULL;
  t->n = 0;
  size_t pos = 0;
  net_wire_record r;
  while (net_wire_next(data, size, &pos, &r)) {
    if (t->n == WIRE_MAX_ITEMS || r.len > NET_RELAY_FRAME_MAX) break;
    wire_item *x = &t->it[t->n++];
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
static long datagram(const wire_item *x, uint8_t *out, size_t cap) {
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

/* ---- records ---- */
static wire_item *insert_at(wire_tree *t, size_t at) {
  if (t->n == WIRE_MAX_ITEMS) return NULL;
  memmove(&t->it[at + 1], &t->it[at], (t->n - at) * sizeof *t->it);
  t->n++;
  wire_item *x = &t->it[at];
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
  const wire_item *ref = &t->it[i];
  size_t requests = 0;
  const wire_item *req = NULL;
  for (size_t k = 0; k <= i; k++)
    if (wire_is_msg(&t->it[k]) && t->it[k].msg.type == NET_RELAY_CONNECT_REQUEST && t->it[k].h.to == NET_WIRE_TO_RELAY)
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
  wire_item *x = insert_at(t, i + 1);
  if (!x) return;
  *x = *ref;
  x->bend = BEND_NONE, x->h.repeat = 0, x->h.advance = 0, x->h.to = NET_WIRE_TO_RELAY;
  x->kind = ref->kind == K_JSON || ff_choose(in, 4) == 0 ? K_JSON : K_BIN;
  x->msg = m;
  *wire_time_of(&x->msg) = wire_clock_at(t, i + 1);
  if (how == 0 && req) wire_pick_source(t, in, x);
}

static void insert_wg(wire_tree *t, size_t i, ff_input *in) {
  wire_item *x = insert_at(t, i + 1);
  if (!x) return;
  x->h = t->it[i].h;
  x->h.to = NET_WIRE_TO_WG, x->h.repeat = 0, x->h.advance = 0;
  x->kind = K_WG, x->mac_ok = true, x->bend = BEND_NONE;
  x->len = (uint16_t)net_wire_wg_frame((uint8_t)ff_range(in, 1, 4), ff_u32(in), wire_pick_index(t, in), ff_u8(in),
                                       (unsigned)ff_range(in, 0, 4), ff_u8(in), x->raw, sizeof x->raw);
}

static void bend(wire_item *x, ff_input *in) {
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
  wire_item *x = &t->it[i];
  switch (ff_choose(in, 16)) {
    case 0: { /* the same datagram again, maybe from elsewhere */
      wire_item *c = insert_at(t, i + 1);
      if (!c) break;
      *c = t->it[i];
      if (ff_bool(in)) wire_pick_source(t, in, c);
      break;
    }
    case 1:
      if (t->n > 1) remove_at(t, i);
      break;
    case 2: {
      size_t j = ff_choose(in, t->n);
      wire_item tmp = t->it[i];
      t->it[i] = t->it[j], t->it[j] = tmp;
      break;
    }
    case 3: x->h.advance = FF_PICK(in, ADVANCES); break;
    case 4: x->h.repeat = FF_PICK(in, REPEATS); break;
    case 5: wire_pick_source(t, in, x); break;
    case 6: x->h.to = (uint8_t)((x->h.to + ff_range(in, 1, 2)) % NET_WIRE_CHANNELS); break;
    case 7:
    case 8: insert_relay(t, i, in); break;
    case 9: insert_wg(t, i, in); break;
    case 10: bend(x, in); break;
    default:
      if (wire_is_msg(x)) wire_edit_relay(t, i, in);
      else if (x->kind == K_WG) wire_edit_wg(t, x, in);
      else insert_relay(t, i, in);
      break;
  }
}

/* A record of other grafted into tree after a random one. */
static void wire_cross(void *tree, const void *other, ff_input *in) {
  wire_tree *t = tree;
  const wire_tree *o = other;
  wire_item *x = insert_at(t, ff_choose(in, t->n + 1));
  if (x) *x = o->it[ff_choose(in, o->n)];
}

const ff_struct_mutator net_wire_mutator = {"net_wire", wire_parse, wire_mutate, wire_cross, wire_serialize, wire_release, 20};
