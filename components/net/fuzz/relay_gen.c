/* Relay message generators (gen.h): a RelayNodeInfo and any of the seven
 * relay messages of §1.8.1 with every field drawn from the input, inside the
 * bounds both encodings carry (u64 fields below 2^63 for the JSON form).
 * net_packet builds its messages with them; net_wire's mutator draws a new
 * message of a chosen variant. */
#include <string.h>

#include "gen.h"

uint64_t net_gen_u63(ff_input *in) { return ff_u64(in) & INT64_MAX; }

static void draw_text(ff_input *in, net_opt_text *t, size_t max, const char *alphabet) {
  t->present = true;
  ff_cstr_from(in, t->s, max, alphabet);
  t->len = (uint8_t)strlen(t->s);
}

void net_gen_relay_info(ff_input *in, net_relay_node_info *n, const uint8_t *key) {
  if (key) memcpy(n->pubkey, key, 32);
  else ff_fill(in, n->pubkey, 32);
  n->nendpoints = (uint8_t)ff_range(in, 0, NET_RELAY_MAX_ENDPOINTS);
  for (unsigned i = 0; i < n->nendpoints; i++) draw_text(in, &n->endpoints[i], 24, "0123456789.:[]abcdef");
  if ((n->region.present = ff_bool(in))) draw_text(in, &n->region, 16, "abcdefghijklmnopqrstuvwxyz-");
  n->capabilities = ff_u32(in);
  n->load = (uint8_t)ff_range(in, 0, 100);
  if ((n->has_latency = ff_bool(in))) n->latency = ff_u32(in);
  n->max_sessions = ff_u32(in);
  n->protocol_version = 1;
  n->reliability = (uint8_t)ff_range(in, 0, 100);
  if ((n->has_last_result = ff_bool(in))) n->last_result_time = net_gen_u63(in);
  if ((n->has_loss = ff_bool(in))) n->packet_loss = (uint8_t)ff_range(in, 0, 100);
}

void net_gen_relay_msg_of(ff_input *in, net_relay_type type, net_relay_msg *m) {
  memset(m, 0, sizeof *m);
  m->type = type;
  switch (m->type) {
    case NET_RELAY_CONNECT_REQUEST:
      ff_fill(in, m->u.req.peer, 32), ff_fill(in, m->u.req.target, 32);
      m->u.req.timestamp = net_gen_u63(in), m->u.req.nonce = net_gen_u63(in);
      if ((m->u.req.has_auth = ff_bool(in))) m->u.req.auth_len = (uint16_t)ff_bytes(in, m->u.req.auth, NET_RELAY_MAX_AUTH);
      break;
    case NET_RELAY_CONNECT_RESPONSE:
      m->u.resp.status = (uint8_t)ff_choose(in, NET_CONN_STATUS_COUNT);
      if ((m->u.resp.has_session = ff_bool(in))) m->u.resp.session_id = net_gen_u63(in);
      m->u.resp.timestamp = net_gen_u63(in), m->u.resp.request_nonce = net_gen_u63(in);
      if (ff_bool(in)) draw_text(in, &m->u.resp.error, 32, "abcdefgh ");
      break;
    case NET_RELAY_FORWARD:
      ff_fill(in, m->u.fwd.dest, 32), m->u.fwd.session_id = net_gen_u63(in), m->u.fwd.timestamp = net_gen_u63(in);
      m->u.fwd.flags = (uint8_t)ff_range(in, 0, NET_RELAY_FLAGS_KNOWN);
      m->u.fwd.len = (uint16_t)ff_bytes(in, m->u.fwd.payload, 200);
      break;
    case NET_RELAY_HEARTBEAT:
      m->u.hb.session_id = net_gen_u63(in), m->u.hb.timestamp = net_gen_u63(in), m->u.hb.sequence = ff_u32(in);
      break;
    case NET_RELAY_DISCOVERY_QUERY:
      ff_fill(in, m->u.dq.peer, 32), m->u.dq.timestamp = net_gen_u63(in), m->u.dq.nonce = net_gen_u63(in);
      if (ff_bool(in)) draw_text(in, &m->u.dq.region, 16, "abcdefghijklmnopqrstuvwxyz-");
      m->u.dq.min_caps = ff_u32(in), m->u.dq.max_results = ff_u32(in);
      break;
    case NET_RELAY_DISCOVERY_RESPONSE:
      m->u.dr.request_nonce = net_gen_u63(in), m->u.dr.timestamp = net_gen_u63(in);
      m->u.dr.nrelays = (uint8_t)ff_range(in, 0, 2);
      for (unsigned i = 0; i < m->u.dr.nrelays; i++) net_gen_relay_info(in, &m->u.dr.relays[i], NULL);
      m->u.dr.more = ff_bool(in);
      break;
    default:
      m->type = NET_RELAY_ANNOUNCEMENT;
      net_gen_relay_info(in, &m->u.ann.info, NULL);
      m->u.ann.timestamp = net_gen_u63(in), m->u.ann.expires = net_gen_u63(in);
      if ((m->u.ann.has_sig = ff_bool(in))) m->u.ann.sig_len = (uint16_t)ff_bytes(in, m->u.ann.sig, 64);
      break;
  }
}

void net_gen_relay_msg(ff_input *in, net_relay_msg *m) {
  net_gen_relay_msg_of(in, (net_relay_type)ff_choose(in, NET_RELAY_TYPE_COUNT), m);
}
