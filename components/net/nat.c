/* NAT traversal rounds on simnet (see net_nat.h). Probe and answer
 * datagrams: 'P' or 'A', then the sender's 32-byte key and the addressee's. */
#include <string.h>

#include "formfuzz/bug.h"
#include "formfuzz/fault.h"
#include "net_nat.h"

#define MSG_LEN 65

size_t net_nat_candidate_list(const ff_simaddr *endpoint, const ff_simaddr *cands, size_t n,
                              ff_simaddr out[NET_NAT_MAX_CANDIDATES]) {
  size_t k = 0;
  if (endpoint) out[k++] = *endpoint;
  for (size_t i = 0; i < n && i < NET_NAT_MAX_CANDIDATES - 1; i++) {
    bool dup = false;
    for (size_t j = 0; j < k && !dup; j++) dup = ff_simaddr_equal(&out[j], &cands[i]);
    if (!dup) out[k++] = cands[i];
  }
  return k;
}

void net_nat_agent_init(net_nat_agent *a, int node, uint16_t port, const uint8_t key[32],
                        const uint8_t peer_key[32], const ff_simaddr *list, size_t n,
                        const ff_simaddr *relay) {
  memset(a, 0, sizeof *a);
  a->node = node;
  a->port = port;
  memcpy(a->key, key, 32);
  memcpy(a->peer_key, peer_key, 32);
  if (n > NET_NAT_MAX_CANDIDATES) n = NET_NAT_MAX_CANDIDATES;
  memcpy(a->cands, list, n * sizeof *list);
  a->ncands = a->tail = n;
  net_timeout_init(&a->own_timeouts);
  a->timeouts = &a->own_timeouts;
  if (relay) {
    a->has_relay = true;
    a->relay = *relay;
  }
}

void net_nat_agent_use_timeouts(net_nat_agent *a, net_timeout_tracker *t) { a->timeouts = t; }

/* 0, or -1 when the send failed for now (fault net.nat.send) and should be
 * retried. An address the node cannot reach at all (another family) counts
 * as sent: nothing would ever answer it. */
static int send_dgram(ff_simnet *net, int node, uint16_t port, const ff_simaddr *to, const void *m, size_t len) {
  if (ff_fault("net.nat.send")) return -1;
  ff_simnet_send(net, node, port, to, m, len);
  return 0;
}

static int send_msg(ff_simnet *net, const net_nat_agent *a, char kind, const ff_simaddr *to) {
  uint8_t m[MSG_LEN];
  m[0] = (uint8_t)kind;
  memcpy(m + 1, a->key, 32);
  memcpy(m + 33, a->peer_key, 32);
  return send_dgram(net, a->node, a->port, to, m, sizeof m);
}

static void on_datagram(ff_simnet *net, int node, const ff_simdgram *d, void *ctx) {
  (void)node;
  net_nat_agent *a = ctx;
  if (d->len == MSG_LEN && (d->data[0] == 'P' || d->data[0] == 'A') &&
      memcmp(d->data + 1, a->peer_key, 32) == 0 && memcmp(d->data + 33, a->key, 32) == 0) {
    if (d->data[0] == 'P') send_msg(net, a, 'A', &d->src);
    if (!a->connected) {
      a->connected = true;
      a->via = d->src;
    }
    return;
  }
  net_relay_msg m;
  if (a->relay_requested && ff_simaddr_equal(&d->src, &a->relay) &&
      net_relay_from_json((const char *)d->data, d->len, &m) == NET_OK &&
      m.type == NET_RELAY_CONNECT_RESPONSE && m.u.resp.status == NET_CONN_SUCCESS && m.u.resp.has_session &&
      !a->relayed && !a->relay_timed_out) {
    a->relayed = true;
    ff_simtime rtt = ff_simnet_now(net) - a->relay_sent;
    net_timeout_record(a->timeouts, (uint32_t)(rtt / 1000));
  }
}

static void relay_datagram(ff_simnet *net, int node, const ff_simdgram *d, void *ctx) {
  net_nat_relay_node *rn = ctx;
  net_relay_action act;
  net_relay_handle(&rn->relay, ff_simnet_now(net) / 1000000u, &d->src, d->data, d->len, &act);
  if (act.kind != NET_RELAY_NONE) send_dgram(net, node, rn->port, &act.to, act.data, act.len);
}

int net_nat_relay_attach(ff_simnet *net, net_nat_relay_node *rn, int node, uint16_t port, uint64_t id_key) {
  rn->node = node;
  rn->port = port;
  if (net_relay_init(&rn->relay, id_key) != 0) return -1;
  if (ff_simnet_bind(net, node, port) < 0) return -1;
  ff_simnet_set_receiver(net, node, relay_datagram, rn);
  return 0;
}

/* Undoes the last pop of c (its probe could not be sent). */
static void unpop_candidate(net_nat_agent *a, const ff_simaddr *c) {
  a->popped--;
  if (FF_BUG("net.pop_from_end")) a->cands[a->tail++] = *c;
  else a->cands[--a->head] = *c;
}

static ff_simaddr pop_candidate(net_nat_agent *a) {
  a->popped++;
  /* Replica net.pop_from_end: nat.rs consumes candidates with pop(), so the
   * server endpoint and the best candidates are tried last. */
  if (FF_BUG("net.pop_from_end")) return a->cands[--a->tail];
  return a->cands[a->head++];
}

static void request_relay(ff_simnet *net, net_nat_agent *a, unsigned round) {
  net_relay_msg m;
  memset(&m, 0, sizeof m);
  m.type = NET_RELAY_CONNECT_REQUEST;
  memcpy(m.u.req.peer, a->key, 32);
  memcpy(m.u.req.target, a->peer_key, 32);
  m.u.req.timestamp = ff_simnet_now(net) / 1000000u;
  m.u.req.nonce = round;
  char buf[NET_RELAY_FRAME_MAX]; /* the client's RelayManager speaks JSON (§1.8.2) */
  long n = net_relay_to_json(&m, buf, sizeof buf);
  if (n <= 0 || send_dgram(net, a->node, a->port, &a->relay, buf, (size_t)n) != 0) return; /* asked next round */
  a->relay_requested = true;
  a->relay_round = round;
  a->relay_sent = ff_simnet_now(net);
  a->relay_wait_ms = net_timeout_current(a->timeouts);
}

static void step(ff_simnet *net, net_nat_agent *a, unsigned round) {
  if (a->done) return;
  if (a->connected) {
    a->done = true;
    return;
  }
  ff_simaddr batch[NET_NAT_PARALLEL];
  size_t nb = 0;
  while (nb < NET_NAT_PARALLEL && a->head < a->tail) batch[nb++] = pop_candidate(a);
  size_t sent = 0;
  for (size_t i = 0; i < nb; i++, sent++) {
    /* Replica net.parallel_drop: step_parallel applies only the first
     * resolution of the batch; the other two popped candidates are lost. */
    if (i > 0 && FF_BUG("net.parallel_drop")) {
      sent = nb;
      break;
    }
    if (send_msg(net, a, 'P', &batch[i]) != 0) break; /* this one and the rest go back, in order */
    a->tried[a->ntried] = batch[i];
    a->tried_round[a->ntried++] = round;
  }
  for (size_t i = nb; i-- > sent;) unpop_candidate(a, &batch[i]);
  if (a->has_relay && !a->relay_requested && a->failed_rounds >= NET_NAT_MIN_DIRECT_ROUNDS)
    request_relay(net, a, round);
  if (a->relay_requested && !a->relayed && !a->relay_timed_out &&
      ff_simnet_now(net) - a->relay_sent >= (ff_simtime)a->relay_wait_ms * 1000u)
    a->relay_timed_out = true; /* no answer in time: not a sample */
  bool relay_settled = !a->has_relay || (a->relay_requested && (a->relayed || a->relay_timed_out));
  if (sent == 0 && a->head >= a->tail && relay_settled) a->done = true;
}

unsigned net_nat_run(ff_simnet *net, net_nat_agent **agents, size_t n) {
  for (size_t i = 0; i < n; i++) ff_simnet_set_receiver(net, agents[i]->node, on_datagram, agents[i]);
  unsigned round = 0;
  while (round < NET_NAT_MAX_ROUNDS) {
    bool all_done = true;
    for (size_t i = 0; i < n; i++) all_done &= agents[i]->done;
    if (all_done) break;
    round++;
    for (size_t i = 0; i < n; i++) step(net, agents[i], round);
    ff_simnet_run_until(net, ff_simnet_now(net) + NET_NAT_ROUND, 100000);
    for (size_t i = 0; i < n; i++)
      if (!agents[i]->connected) agents[i]->failed_rounds++;
  }
  for (size_t i = 0; i < n; i++) {
    if (agents[i]->connected || agents[i]->relayed) agents[i]->done = true;
  }
  return round;
}
