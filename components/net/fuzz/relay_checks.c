/* The relay oracles shared by net_packet and net_wire (relay_checks.h). */
#include <string.h>

#include "formfuzz/oracle.h"
#include "relay_checks.h"

int net_relay_world_init(net_relay_world *w, uint64_t id_key, uint64_t now) {
  memset(w, 0, sizeof *w);
  if (net_relay_init(&w->r, id_key) != 0) return -1;
  net_relay_registry_init(&w->known);
  w->r.known = &w->known;
  w->now = now;
  w->second = now;
  return 0;
}

void net_relay_world_free(net_relay_world *w) { net_relay_free(&w->r); }

/* The harness's count of this second's accepted datagrams from ip; NULL when
 * more IPs sent this second than the relay keeps slots for. */
static unsigned *count_of(net_relay_world *w, const ff_simip *ip) {
  for (size_t i = 0; i < w->nips; i++)
    if (ff_simip_equal(&w->ips[i], ip)) return &w->accepted_from[i];
  if (w->nips == NET_RELAY_IP_SLOTS) return NULL;
  w->ips[w->nips] = *ip;
  w->accepted_from[w->nips] = 0;
  return &w->accepted_from[w->nips++];
}

void net_relay_world_deliver(net_relay_world *w, const ff_simaddr *src, const uint8_t *buf, size_t n,
                             net_relay_action *act) {
  if (w->second != w->now) w->second = w->now, w->accepted = 0, w->nips = 0;
  unsigned *from = count_of(w, &src->ip);
  bool full = w->accepted >= NET_RELAY_PKT_PER_SEC || (from && *from >= NET_RELAY_PKT_PER_SEC);
  bool oversized = n > NET_RELAY_FRAME_MAX;
  net_relay_handle(&w->r, w->now, src, buf, n, act);
  bool limited = act->kind == NET_RELAY_NONE && act->err == NET_E_LIMIT;
  if (from)
    FF_INVARIANT(limited == (full || oversized), "net.relay_rate", "datagram %u of this second (%u from its IP, %zu bytes) %s",
                 w->accepted + 1, *from + 1, n, limited ? "refused for the rate" : "accepted over the limit");
  if (!limited) {
    w->accepted++;
    if (from) (*from)++;
  }
}

static void check_table(const net_relay_world *w, const uint8_t *initiator) {
  size_t used = 0;
  for (size_t i = 0; i < NET_RELAY_MAX_SESSIONS; i++) used += w->r.sessions[i].used;
  FF_INVARIANT(used == w->r.nsessions && used <= NET_RELAY_MAX_SESSIONS, "net.relay_table",
               "%zu sessions in the table, %zu counted", used, w->r.nsessions);
  if (initiator)
    FF_INVARIANT(net_relay_sessions_of(&w->r, initiator) <= NET_RELAY_MAX_PER_CLIENT, "net.relay_table",
                 "an initiator has %zu sessions", net_relay_sessions_of(&w->r, initiator));
}

void net_check_registry_learned(const net_relay_entry *before, const net_relay_entry *after, uint64_t now) {
  FF_INVARIANT(after && after->last_updated == now, "net.registry_learned", "announced relay not registered");
  if (!before) return;
  const net_relay_node_info *a = &after->info, *b = &before->info;
  FF_INVARIANT(a->reliability == b->reliability && a->has_latency == b->has_latency &&
                   (!a->has_latency || a->latency == b->latency) && a->has_loss == b->has_loss &&
                   (!a->has_loss || a->packet_loss == b->packet_loss) && a->has_last_result == b->has_last_result,
               "net.registry_learned", "re-announcement reset what was measured: reliability %u -> %u",
               b->reliability, a->reliability);
}

/* The relay's answer to a ConnectionRequest: in the request's encoding, and
 * a new session's id held by no session that was live before. */
static void check_answer(net_relay_world *w, const net_relay_action *act, bool json, const bool *live,
                         uint64_t created0) {
  net_relay_msg resp;
  net_err re = act->json ? net_relay_from_json((const char *)act->data, act->len, &resp)
                         : net_relay_decode(act->data, act->len, &resp);
  FF_INVARIANT(re == NET_OK && act->json == json, "net.relay_roundtrip", "the relay's answer to a %s request: %s",
               json ? "JSON" : "bincode", net_err_name(re));
  if (resp.type != NET_RELAY_CONNECT_RESPONSE || !resp.u.resp.has_session) return;
  uint64_t id = resp.u.resp.session_id;
  if (w->r.stats.sessions_created != created0)
    for (size_t i = 0; i < w->nids; i++)
      FF_INVARIANT(!(live[i] && w->ids[i] == id), "net.relay_table", "new session got id %llu, which a live session holds",
                   (unsigned long long)id);
  if (w->nids < NET_WORLD_IDS) w->ids[w->nids++] = id;
}

static void check_binding(const net_relay_msg *m, const net_relay_session *before, const ff_simaddr *src,
                          const net_relay_action *act) {
  bool to_target = memcmp(m->u.fwd.dest, before->target, 32) == 0;
  const ff_simaddr *sender = to_target ? &before->init_addr : &before->target_addr;
  bool sender_bound = to_target ? before->init_bound : before->target_bound;
  const ff_simaddr *dest = to_target ? &before->target_addr : &before->init_addr;
  char a[FF_SIMADDR_STRLEN], b[FF_SIMADDR_STRLEN];
  FF_INVARIANT(before->used && sender_bound && ff_simaddr_equal(sender, src), "net.relay_binding",
               "forwarded a packet from %s, the sender side is bound to %s", ff_simaddr_format(src, a, sizeof a),
               ff_simaddr_format(sender, b, sizeof b));
  FF_INVARIANT(ff_simaddr_equal(dest, &act->to), "net.relay_binding", "forwarded to %s, not the bound %s",
               ff_simaddr_format(&act->to, a, sizeof a), ff_simaddr_format(dest, b, sizeof b));
}

void net_relay_world_send(net_relay_world *w, const ff_simaddr *src, const uint8_t *buf, size_t n,
                          net_relay_action *act) {
  net_relay_msg m;
  bool json = false;
  bool read = n <= NET_RELAY_FRAME_MAX && net_relay_read(buf, n, &m, &json) == NET_OK;
  net_relay_type type = read ? m.type : NET_RELAY_TYPE_COUNT;
  /* JSON as the client's RelayManager writes it, which the relay must read. */
  net_relay_msg as_client;
  bool client_json = (read && json) || (n && n <= NET_RELAY_FRAME_MAX && buf[0] == '{' &&
                                        net_relay_from_json((const char *)buf, n, &as_client) == NET_OK);
  /* What the table and the registry hold before the datagram. */
  net_relay_session before;
  memset(&before, 0, sizeof before);
  if (type == NET_RELAY_FORWARD) {
    const net_relay_session *s = net_relay_find(&w->r, m.u.fwd.session_id);
    if (s) before = *s;
  }
  net_relay_entry known_before;
  const net_relay_entry *e = type == NET_RELAY_ANNOUNCEMENT ? net_relay_registry_get(&w->known, m.u.ann.info.pubkey) : NULL;
  if (e) known_before = *e;
  uint64_t fwd0 = w->r.stats.packets_forwarded, bytes0 = w->r.stats.bytes_forwarded;
  /* The maintenance the relay runs first, so that "live" means live when
   * the new session is inserted (an expired session's id may come again). */
  if (w->now - w->r.last_maintenance >= NET_RELAY_MAINTENANCE) net_relay_maintain(&w->r, w->now);
  bool live[NET_WORLD_IDS];
  for (size_t i = 0; i < w->nids; i++) live[i] = net_relay_find(&w->r, w->ids[i]) != NULL;
  uint64_t created0 = w->r.stats.sessions_created;
  net_relay_world_deliver(w, src, buf, n, act);
  FF_INVARIANT(!client_json || act->err != NET_E_SYNTAX, "net.relay_roundtrip",
               "the relay refuses the JSON its client writes");
  if (act->kind == NET_RELAY_REPLY && type == NET_RELAY_CONNECT_REQUEST) check_answer(w, act, json, live, created0);
  bool forwarded = act->kind == NET_RELAY_SEND_TO;
  FF_INVARIANT(w->r.stats.packets_forwarded == fwd0 + forwarded &&
                   w->r.stats.bytes_forwarded == bytes0 + (forwarded ? act->len : 0),
               "net.relay_table", "counters moved by %llu packets for %d forwards",
               (unsigned long long)(w->r.stats.packets_forwarded - fwd0), forwarded);
  if (forwarded) check_binding(&m, &before, src, act);
  if (type == NET_RELAY_ANNOUNCEMENT && act->err == NET_OK && act->kind == NET_RELAY_NONE)
    net_check_registry_learned(e ? &known_before : NULL, net_relay_registry_get(&w->known, m.u.ann.info.pubkey),
                               w->now);
  check_table(w, type == NET_RELAY_CONNECT_REQUEST ? m.u.req.peer : NULL);
}

void net_check_relay_built(const net_relay_msg *m) {
  uint8_t buf[NET_RELAY_FRAME_MAX];
  char text[NET_RELAY_FRAME_MAX];
  net_relay_msg d;
  bool json;
  long n = net_relay_encode(m, buf, sizeof buf);
  FF_INVARIANT(n > 0, "net.relay_roundtrip", "a valid %s does not encode", net_relay_type_name(m->type));
  net_err e = net_relay_read(buf, (size_t)n, &d, &json);
  FF_INVARIANT(e == NET_OK && !json && d.type == m->type, "net.relay_roundtrip", "bincode %s read as %s (%s)",
               net_relay_type_name(m->type), e == NET_OK ? net_relay_type_name(d.type) : "-", net_err_name(e));
  FF_INVARIANT(net_relay_msg_equal(m, &d), "net.relay_roundtrip", "bincode %s fields changed",
               net_relay_type_name(m->type));
  n = net_relay_to_json(m, text, sizeof text);
  if (n < 0) return; /* larger than one relay datagram */
  e = net_relay_read((const uint8_t *)text, (size_t)n, &d, &json);
  FF_INVARIANT(e == NET_OK && json && d.type == m->type && net_relay_msg_equal(m, &d), "net.relay_roundtrip",
               "JSON %s read back as %s (%s): %s", net_relay_type_name(m->type),
               e == NET_OK ? net_relay_type_name(d.type) : "-", net_err_name(e), text);
}

bool net_check_relay_accepted(const uint8_t *buf, size_t n) {
  uint8_t again[NET_RELAY_FRAME_MAX];
  net_relay_msg d, d2;
  bool json;
  if (n > NET_RELAY_FRAME_MAX || net_relay_read(buf, n, &d, &json) != NET_OK) return false;
  long k = json ? net_relay_to_json(&d, (char *)again, sizeof again) : net_relay_encode(&d, again, sizeof again);
  if (json) { /* JSON spellings vary; what was read must read back the same */
    FF_INVARIANT(k > 0 && net_relay_from_json((const char *)again, (size_t)k, &d2) == NET_OK && net_relay_msg_equal(&d, &d2),
                 "net.relay_roundtrip", "accepted JSON does not round-trip");
    return true;
  }
  FF_INVARIANT(k >= 0 && (size_t)k == n && memcmp(again, buf, n) == 0, "net.relay_roundtrip",
               "accepted %zu bytes as %s, re-encoded to %ld different bytes", n, net_relay_type_name(d.type), k);
  return true;
}
