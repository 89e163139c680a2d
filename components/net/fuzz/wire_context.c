/* The context net_wire's mutator draws from (wire_tree.h): the record's
 * clock, the relay's predictable session ids and those of other records,
 * keys, source addresses and WireGuard indices of the input. */
#include <string.h>

#include "wire_tree.h"

uint64_t wire_clock_at(const wire_tree *t, size_t i) {
  uint64_t now = NET_WIRE_NOW0;
  for (size_t k = 0; k <= i && k < t->n; k++) now += t->it[k].h.advance;
  return now;
}

bool wire_is_msg(const wire_item *x) { return x->kind == K_BIN || x->kind == K_JSON; }

uint64_t *wire_session_of(net_relay_msg *m) {
  switch (m->type) {
    case NET_RELAY_CONNECT_RESPONSE: m->u.resp.has_session = true; return &m->u.resp.session_id;
    case NET_RELAY_FORWARD: return &m->u.fwd.session_id;
    case NET_RELAY_HEARTBEAT: return &m->u.hb.session_id;
    default: return NULL;
  }
}

uint64_t *wire_time_of(net_relay_msg *m) {
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
uint8_t *wire_key_of(net_relay_msg *m, size_t which) {
  switch (m->type) {
    case NET_RELAY_CONNECT_REQUEST: return which % 2 ? m->u.req.target : m->u.req.peer;
    case NET_RELAY_FORWARD: return m->u.fwd.dest;
    case NET_RELAY_DISCOVERY_QUERY: return m->u.dq.peer;
    case NET_RELAY_DISCOVERY_RESPONSE: return m->u.dr.nrelays ? m->u.dr.relays[which % m->u.dr.nrelays].pubkey : NULL;
    case NET_RELAY_ANNOUNCEMENT: return m->u.ann.info.pubkey;
    default: return NULL;
  }
}

uint64_t wire_pick_session(wire_tree *t, ff_input *in) {
  static const uint64_t odd[] = {0, 1, 2, INT64_MAX};
  switch (ff_choose(in, 4)) {
    case 0:
    case 1: return net_wire_session_id((unsigned)ff_range(in, 0, 7));
    case 2:
      for (size_t tries = 0; tries < 4 && t->n; tries++) {
        wire_item *x = &t->it[ff_choose(in, t->n)];
        uint64_t *s = wire_is_msg(x) && x->msg.type != NET_RELAY_CONNECT_RESPONSE ? wire_session_of(&x->msg) : NULL;
        if (s) return *s;
      }
      return net_wire_session_id(0);
    default: return FF_PICK(in, odd);
  }
}

void wire_pick_key(wire_tree *t, ff_input *in, uint8_t out[32]) {
  switch (ff_choose(in, 4)) {
    case 0: memset(out, (int)ff_range(in, 1, 4), 32); return; /* the seeds' clients */
    case 1: memset(out, 0, 32); return;
    case 2:
      for (size_t tries = 0; tries < 4 && t->n; tries++) {
        wire_item *x = &t->it[ff_choose(in, t->n)];
        uint8_t *k = wire_is_msg(x) ? wire_key_of(&x->msg, ff_choose(in, 2)) : NULL;
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

void wire_pick_source(wire_tree *t, ff_input *in, wire_item *x) {
  switch (ff_choose(in, 4)) {
    case 0: memcpy(x->h.ip, SOURCES[ff_choose(in, FF_COUNT_OF(SOURCES))], 4); break;
    case 1: x->h.port = FF_PICK(in, PORTS); break;
    case 2: x->h.port = (uint16_t)(x->h.port + (ff_bool(in) ? 1 : -1)); break; /* same host, another port */
    default: { /* another record's source */
      const wire_item *o = &t->it[ff_choose(in, t->n)];
      memcpy(x->h.ip, o->h.ip, 4), x->h.port = o->h.port;
    }
  }
}

uint32_t wire_pick_index(wire_tree *t, ff_input *in) {
  static const uint32_t odd[] = {0, 1, 0xffffffffu, 0x80000000u};
  for (size_t tries = 0; tries < 4 && ff_choose(in, 4); tries++) { /* an index another frame announced */
    const wire_item *o = &t->it[ff_choose(in, t->n)];
    net_wg_layout l = net_wire_wg_layout(o->raw[0], o->len);
    if (o->kind == K_WG && l.sender) return net_wire_get_u32le(o->raw + l.sender);
  }
  return ff_bool(in) ? FF_PICK(in, odd) : ff_u32(in);
}
