/* The relay server (§1.8.3) with the intended behaviour: requests checked for
 * freshness and limits, session ids from a keyed bijection of a counter (no
 * collisions), the target bound by its own pairing request, payloads forwarded
 * only from a session's bound address to the other bound address, limiters
 * charged once per accepted datagram, counters counted once. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "formfuzz/bug.h"
#include "net_relay_registry.h"

static uint64_t mix(uint64_t x);

static uint64_t splitmix(void *ctx) {
  uint64_t *s = ctx;
  return mix(*s += 0x9e3779b97f4a7c15ull);
}

int net_relay_init(net_relay *r, uint64_t id_key) {
  memset(r, 0, sizeof *r);
  r->sessions = calloc(NET_RELAY_MAX_SESSIONS, sizeof *r->sessions);
  r->id_key = id_key;
  r->rng = id_key;
  net_relay_set_random(r, splitmix, &r->rng);
  return r->sessions ? 0 : -1;
}

void net_relay_set_random(net_relay *r, uint64_t (*fn)(void *ctx), void *ctx) {
  r->random = fn;
  r->random_ctx = ctx;
}

void net_relay_free(net_relay *r) {
  free(r->sessions);
  r->sessions = NULL;
}

static uint64_t mix(uint64_t x) {
  x ^= x >> 30, x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 27, x *= 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

const net_relay_session *net_relay_find(const net_relay *r, uint64_t id) {
  for (size_t i = 0; i < NET_RELAY_MAX_SESSIONS; i++)
    if (r->sessions[i].used && r->sessions[i].id == id) return &r->sessions[i];
  return NULL;
}

size_t net_relay_sessions_of(const net_relay *r, const uint8_t initiator[32]) {
  size_t n = 0;
  for (size_t i = 0; i < NET_RELAY_MAX_SESSIONS; i++)
    n += r->sessions[i].used && memcmp(r->sessions[i].initiator, initiator, 32) == 0;
  return n;
}

void net_relay_maintain(net_relay *r, uint64_t now) {
  for (size_t i = 0; i < NET_RELAY_MAX_SESSIONS; i++) {
    net_relay_session *s = &r->sessions[i];
    if (!s->used) continue;
    if (now >= s->expires_at || now - s->last_activity > NET_RELAY_INACTIVITY) {
      s->used = false;
      r->nsessions--;
    }
  }
  r->last_maintenance = now;
}

/* Sliding one-minute window of accepted connections. */
static bool window_full(const uint64_t *times, unsigned n, uint64_t now) {
  unsigned recent = 0;
  for (unsigned i = 0; i < n; i++) recent += now - times[i] < 60;
  return recent >= NET_RELAY_CONN_PER_MIN;
}
static void window_add(uint64_t *times, unsigned *n, uint64_t now) {
  if (*n < NET_RELAY_CONN_PER_MIN) {
    times[(*n)++] = now;
    return;
  }
  unsigned oldest = 0;
  for (unsigned i = 1; i < *n; i++)
    if (times[i] < times[oldest]) oldest = i;
  times[oldest] = now;
}

static net_rate_ip *ip_slot(net_relay *r, const ff_simip *ip, uint64_t now) {
  net_rate_ip *lru = &r->ips[0];
  for (size_t i = 0; i < NET_RELAY_IP_SLOTS; i++) {
    net_rate_ip *s = &r->ips[i];
    if (s->used && ff_simip_equal(&s->ip, ip)) return s;
    if (!s->used || (lru->used && s->last_seen < lru->last_seen)) lru = s;
  }
  memset(lru, 0, sizeof *lru);
  lru->used = true;
  lru->ip = *ip;
  lru->last_seen = now;
  return lru;
}

static bool packet_allowed(net_relay *r, net_rate_ip *ip, uint64_t now) {
  if (r->pkt_second != now) r->pkt_second = now, r->pkt_count = 0;
  if (ip->pkt_second != now) ip->pkt_second = now, ip->pkt_count = 0;
  if (r->pkt_count >= NET_RELAY_PKT_PER_SEC || ip->pkt_count >= NET_RELAY_PKT_PER_SEC) return false;
  r->pkt_count++, ip->pkt_count++;
  /* Replica net.pkt_limit_twice: service.rs charges the global packet limiter
   * in the receive loop and again in process_packet: about 50 pps (§1.8.3). */
  if (FF_BUG("net.pkt_limit_twice")) r->pkt_count++;
  return true;
}

/* A session id no live session holds (see net_relay_set_random). */
static uint64_t new_session_id(net_relay *r) {
  for (int tries = 0; tries < 8; tries++) {
    uint64_t id = r->random(r->random_ctx) & INT64_MAX; /* 63 bits: JSON carries them as json_int_t */
    /* Replica net.session_collision: service.rs takes a random u64 with no
     * collision check (§1.8.3 step 7, §6.6). */
    if (FF_BUG("net.session_collision") || (id && !net_relay_find(r, id))) return id;
  }
  uint64_t id;
  do id = mix(r->id_key ^ mix(++r->next_session)) & INT64_MAX;
  while (!id || net_relay_find(r, id));
  return id;
}

static void reply(net_relay_action *act, const net_relay_msg *m, const ff_simaddr *to) {
  /* Replica net.untagged_relay: service.rs answers as it reads, with
   * bincode::serialize of the bare struct, no RelayMessage variant index
   * (§1.8.2, "ConnectionResponse (sent by relay)"). */
  long n = act->json                        ? net_relay_to_json(m, (char *)act->data, sizeof act->data)
           : FF_BUG("net.untagged_relay") ? net_relay_encode_struct(m, act->data, sizeof act->data)
                                            : net_relay_encode(m, act->data, sizeof act->data);
  if (n < 0) return;
  act->kind = NET_RELAY_REPLY;
  act->to = *to;
  act->len = (size_t)n;
}

static void respond(net_relay_action *act, const ff_simaddr *src, uint64_t now, uint64_t nonce,
                    net_conn_status st, const net_relay_session *s) {
  net_relay_msg m;
  memset(&m, 0, sizeof m);
  m.type = NET_RELAY_CONNECT_RESPONSE;
  m.u.resp.status = (uint8_t)st;
  m.u.resp.has_session = s != NULL;
  m.u.resp.session_id = s ? s->id : 0;
  m.u.resp.timestamp = now;
  m.u.resp.request_nonce = nonce;
  reply(act, &m, src);
}

static void on_request(net_relay *r, uint64_t now, const ff_simaddr *src, net_rate_ip *ip,
                       const net_relay_msg *m, net_relay_action *act) {
  static const uint8_t zero[32];
  r->stats.requests++;
  const uint8_t *peer = m->u.req.peer, *target = m->u.req.target;
  net_conn_status st = NET_CONN_SUCCESS;
  if (!net_relay_fresh(m, now) || memcmp(target, zero, 32) == 0 || memcmp(target, peer, 32) == 0)
    st = NET_CONN_REJECTED;
  else if (window_full(ip->conn_times, ip->nconn, now) || window_full(r->conn_times, r->nconn, now))
    st = NET_CONN_RESOURCE_LIMIT;
  if (st != NET_CONN_SUCCESS) {
    r->stats.rejected++;
    respond(act, src, now, m->u.req.nonce, st, NULL);
    return;
  }
  window_add(ip->conn_times, &ip->nconn, now);
  window_add(r->conn_times, &r->nconn, now);
  /* The target's own request pairs with a waiting session. */
  for (size_t i = 0; i < NET_RELAY_MAX_SESSIONS; i++) {
    net_relay_session *s = &r->sessions[i];
    if (s->used && !s->target_bound && memcmp(s->initiator, target, 32) == 0 &&
        memcmp(s->target, peer, 32) == 0) {
      s->target_bound = true;
      s->target_addr = *src;
      s->last_activity = now;
      respond(act, src, now, m->u.req.nonce, NET_CONN_SUCCESS, s);
      return;
    }
  }
  if (net_relay_sessions_of(r, peer) >= NET_RELAY_MAX_PER_CLIENT || r->nsessions >= NET_RELAY_MAX_SESSIONS) {
    r->stats.rejected++;
    respond(act, src, now, m->u.req.nonce, NET_CONN_RESOURCE_LIMIT, NULL);
    return;
  }
  uint64_t id = new_session_id(r);
  /* (replica net.session_collision) ... and the HashMap insert overwrites the
   * session that held the id. */
  net_relay_session *taken = FF_BUG("net.session_collision") ? (net_relay_session *)net_relay_find(r, id) : NULL;
  if (taken) taken->used = false, r->nsessions--;
  for (size_t i = 0; i < NET_RELAY_MAX_SESSIONS; i++) {
    net_relay_session *s = taken ? taken : &r->sessions[i];
    if (s->used) continue;
    memset(s, 0, sizeof *s);
    s->used = true;
    s->id = id;
    memcpy(s->initiator, peer, 32);
    memcpy(s->target, target, 32);
    s->init_bound = true;
    s->init_addr = *src;
    s->created = s->last_activity = now;
    s->expires_at = now + NET_RELAY_EXPIRATION;
    r->nsessions++;
    r->stats.sessions_created++;
    respond(act, src, now, m->u.req.nonce, NET_CONN_SUCCESS, s);
    return;
  }
}

static void on_forward(net_relay *r, uint64_t now, const ff_simaddr *src, const net_relay_msg *m,
                       net_relay_action *act) {
  net_relay_session *s = (net_relay_session *)net_relay_find(r, m->u.fwd.session_id);
  if (!s || !net_relay_fresh(m, now)) {
    act->err = s ? NET_E_STALE : NET_E_NOT_FOUND;
    return;
  }
  bool to_target = memcmp(m->u.fwd.dest, s->target, 32) == 0;
  bool to_init = memcmp(m->u.fwd.dest, s->initiator, 32) == 0;
  if (!to_target && !to_init) {
    act->err = NET_E_FORBIDDEN;
    return;
  }
  bool *from_bound = to_target ? &s->init_bound : &s->target_bound;
  ff_simaddr *from_addr = to_target ? &s->init_addr : &s->target_addr;
  if (!*from_bound || !ff_simaddr_equal(from_addr, src)) {
    /* Replica net.rebind_hijack: service.rs re-binds the sender to whatever
     * source the packet came from. */
    if (!FF_BUG("net.rebind_hijack")) {
      act->err = NET_E_UNAUTHORIZED;
      return;
    }
    *from_bound = true;
    *from_addr = *src;
  }
  bool dest_bound = to_target ? s->target_bound : s->init_bound;
  if (!dest_bound) {
    act->err = NET_E_NOT_FOUND;
    return;
  }
  act->kind = NET_RELAY_SEND_TO;
  act->to = to_target ? s->target_addr : s->init_addr;
  memcpy(act->data, m->u.fwd.payload, m->u.fwd.len);
  act->len = m->u.fwd.len;
  s->last_activity = now;
  r->stats.packets_forwarded++;
  r->stats.bytes_forwarded += m->u.fwd.len;
  /* Replica net.relay_stats_twice: service.rs increments both counters twice
   * per forwarded packet (§1.8.3, §6.6). */
  if (FF_BUG("net.relay_stats_twice")) r->stats.packets_forwarded++, r->stats.bytes_forwarded += m->u.fwd.len;
}

static void on_heartbeat(net_relay *r, uint64_t now, const ff_simaddr *src, const net_relay_msg *m,
                         net_relay_action *act) {
  net_relay_session *s = (net_relay_session *)net_relay_find(r, m->u.hb.session_id);
  if (!s || !((s->init_bound && ff_simaddr_equal(&s->init_addr, src)) ||
              (s->target_bound && ff_simaddr_equal(&s->target_addr, src)))) {
    act->err = NET_E_NOT_FOUND;
    return;
  }
  s->last_activity = now;
  s->expires_at = now + NET_RELAY_EXPIRATION;
  r->stats.heartbeats++;
}

/* A discovery answer: this relay (no region, IPv4 and IPv6) when it matches,
 * then the known relays find_relays picks for the query, at most max_results
 * (and what fits in one message); more_available says whether any were left. */
static void on_query(const net_relay *r, uint64_t now, const ff_simaddr *src, const net_relay_msg *m,
                     net_relay_action *act) {
  if (!net_relay_fresh(m, now)) {
    act->err = NET_E_STALE;
    return;
  }
  net_relay_msg out;
  memset(&out, 0, sizeof out);
  out.type = NET_RELAY_DISCOVERY_RESPONSE;
  out.u.dr.request_nonce = m->u.dq.nonce;
  out.u.dr.timestamp = now;
  const char *region = m->u.dq.region.present ? m->u.dq.region.s : NULL;
  size_t max = m->u.dq.max_results < NET_RELAY_MAX_RELAYS ? m->u.dq.max_results : NET_RELAY_MAX_RELAYS;
  size_t total = 0;
  uint32_t caps = NET_CAP_IPV4 | NET_CAP_IPV6;
  if ((m->u.dq.min_caps & ~caps) == 0 && !region) {
    total++;
    if (out.u.dr.nrelays < max) {
      net_relay_node_info *info = &out.u.dr.relays[out.u.dr.nrelays++];
      info->capabilities = caps;
      info->load = (uint8_t)(r->nsessions * 100 / NET_RELAY_MAX_SESSIONS);
      info->max_sessions = NET_RELAY_MAX_SESSIONS;
      info->protocol_version = 1;
      info->reliability = 100;
    }
  }
  if (r->known) {
    const net_relay_entry *found[NET_REGISTRY_MAX];
    size_t n = net_relay_find_relays(r->known, region, m->u.dq.min_caps, NET_REGISTRY_MAX, now, found);
    for (size_t i = 0; i < n; i++, total++)
      if (out.u.dr.nrelays < max) out.u.dr.relays[out.u.dr.nrelays++] = found[i]->info;
  }
  out.u.dr.more = total > out.u.dr.nrelays;
  reply(act, &out, src);
}

/* A fresh announcement registers the relay it describes (or refreshes it:
 * what was measured about a known relay stays). */
static void on_announcement(net_relay *r, uint64_t now, const net_relay_msg *m, net_relay_action *act) {
  if (!net_relay_fresh(m, now)) {
    act->err = NET_E_STALE;
    return;
  }
  act->err = r->known ? net_relay_register(r->known, &m->u.ann.info, now) : NET_E_INVALID;
}

net_err net_relay_read(const uint8_t *data, size_t len, net_relay_msg *m, bool *json) {
  /* Replica net.relay_json_mismatch: the relay reads bincode only while the
   * client's RelayManager writes JSON, so they cannot talk (§1.8.2, §6.5).
   * Replica net.untagged_relay: service.rs's trial parsing of bare structs. */
  bool untagged = FF_BUG("net.untagged_relay");
  *json = len > 0 && data[0] == '{' && !untagged && !FF_BUG("net.relay_json_mismatch");
  if (*json) return net_relay_from_json((const char *)data, len, m);
  return untagged ? net_relay_decode_untagged(data, len, m) : net_relay_decode(data, len, m);
}

void net_relay_handle(net_relay *r, uint64_t now, const ff_simaddr *src, const uint8_t *data, size_t len,
                      net_relay_action *act) {
  memset(act, 0, offsetof(net_relay_action, data));
  act->len = 0;
  act->err = NET_OK;
  act->json = false;
  if (now - r->last_maintenance >= NET_RELAY_MAINTENANCE) net_relay_maintain(r, now);
  net_rate_ip *ip = ip_slot(r, &src->ip, now);
  ip->last_seen = now;
  if (len > NET_RELAY_FRAME_MAX || !packet_allowed(r, ip, now)) {
    act->err = NET_E_LIMIT;
    return;
  }
  net_relay_msg m;
  if (net_relay_read(data, len, &m, &act->json) != NET_OK) {
    act->err = NET_E_SYNTAX;
    return;
  }
  switch (m.type) {
    case NET_RELAY_CONNECT_REQUEST: on_request(r, now, src, ip, &m, act); break;
    case NET_RELAY_FORWARD: on_forward(r, now, src, &m, act); break;
    case NET_RELAY_HEARTBEAT: on_heartbeat(r, now, src, &m, act); break;
    case NET_RELAY_DISCOVERY_QUERY: on_query(r, now, src, &m, act); break;
    case NET_RELAY_ANNOUNCEMENT: on_announcement(r, now, &m, act); break;
    default: act->err = NET_E_INVALID; break;
  }
}
