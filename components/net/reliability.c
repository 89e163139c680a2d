/* The formnet client loop on simnet (see net_reliability.h): fetch, backoff,
 * keepalive with flap backoff, up/down and flap tracking, suspend and resume.
 * Messages:
 * "F"<seq u64> fetch, "V"<seq u64><mask u32> view, "K"<id u8> keepalive. */
#include <string.h>

#include "formfuzz/bug.h"
#include "net_reliability.h"

static void put64(uint8_t *p, uint64_t v) { for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (56 - 8 * i)); }
static uint64_t get64(const uint8_t *p) { uint64_t v = 0; for (int i = 0; i < 8; i++) v = v << 8 | p[i]; return v; }

static void server_rx(ff_simnet *net, int node, const ff_simdgram *d, void *ctx) {
  net_rel_server *s = ctx;
  if (d->len != 9 || d->data[0] != 'F') return;
  uint8_t m[13] = {'V'};
  memcpy(m + 1, d->data + 1, 8);
  for (int i = 0; i < 4; i++) m[9 + i] = (uint8_t)(s->members >> (24 - 8 * i));
  s->fetches_answered++;
  ff_simnet_send(net, node, NET_REL_PORT, &d->src, m, sizeof m);
}

int net_rel_server_attach(ff_simnet *net, net_rel_server *s, int node) {
  s->node = node;
  if (ff_simnet_bind(net, node, NET_REL_PORT) < 0) return -1;
  ff_simnet_set_receiver(net, node, server_rx, s);
  return 0;
}

ff_simtime net_backoff_delay(unsigned k) {
  ff_simtime d = NET_BACKOFF_BASE;
  for (unsigned i = 1; i < k && d < NET_BACKOFF_MAX; i++) d *= 2;
  return d > NET_BACKOFF_MAX ? NET_BACKOFF_MAX : d;
}

static uint64_t next_rand(net_rel_client *c) {
  c->rng ^= c->rng << 13, c->rng ^= c->rng >> 7, c->rng ^= c->rng << 17;
  return c->rng;
}

static void set_up(net_rel_client *c, unsigned p, bool up) {
  if (c->up[p] == up) return;
  c->up[p] = up;
  ff_simtime now = ff_simnet_now(c->net);
  if (c->nchanges[p] < NET_FLAP_CHANGES) {
    c->changes[p][c->nchanges[p]++] = now;
  } else {
    memmove(c->changes[p], c->changes[p] + 1, (NET_FLAP_CHANGES - 1) * sizeof c->changes[p][0]);
    c->changes[p][NET_FLAP_CHANGES - 1] = now;
  }
  if (c->observe) c->observe(c->observe_ctx, c, up ? NET_REL_PEER_UP : NET_REL_PEER_DOWN, p);
}

bool net_rel_client_flapping(const net_rel_client *c, unsigned p) {
  if (c->nchanges[p] < NET_FLAP_CHANGES) return false;
  return ff_simnet_now(c->net) - c->changes[p][0] <= NET_FLAP_WINDOW;
}

void net_rel_client_refresh(net_rel_client *c) {
  ff_simtime now = ff_simnet_now(c->net);
  for (unsigned p = 0; p < NET_REL_MAX_PEERS; p++) {
    bool in_view = (c->view >> p & 1) && p != c->id;
    set_up(c, p, in_view && c->heard[p] && now - c->last_rx[p] <= NET_REJECT_AFTER);
  }
}

static void fetch(ff_simnet *net, int node, uint64_t timer, void *ctx);

static void schedule_fetch(net_rel_client *c, ff_simtime delay) {
  c->fetch_armed = true;
  c->fetch_due = ff_simnet_now(c->net) + delay;
  c->fetch_timer = ff_simnet_timer(c->net, c->node, delay, fetch, c);
}

static void keepalive(ff_simnet *net, int node, uint64_t timer, void *ctx);

static void schedule_keepalive(net_rel_client *c, ff_simtime delay) {
  c->keepalive_due = ff_simnet_now(c->net) + delay;
  c->keepalive_timer = ff_simnet_timer(c->net, c->node, delay, keepalive, c);
}

static void on_timeout(ff_simnet *net, int node, uint64_t timer, void *ctx);

static void schedule_timeout(net_rel_client *c, ff_simtime delay) {
  c->timeout_armed = true;
  c->timeout_due = ff_simnet_now(c->net) + delay;
  c->timeout_timer = ff_simnet_timer(c->net, c->node, delay, on_timeout, c);
}

static void on_timeout(ff_simnet *net, int node, uint64_t timer, void *ctx) {
  (void)net, (void)node, (void)timer;
  net_rel_client *c = ctx;
  c->timeout_armed = false;
  if (!c->fetch_pending) return;
  c->fetch_pending = false;
  c->fetch_errors++;
  c->failures++;
  /* Replica net.fetch_stops: up.rs ends its loop on the first fetch error. */
  if (FF_BUG("net.fetch_stops")) {
    c->running = false;
    return;
  }
  ff_simtime base = net_backoff_delay(c->failures);
  ff_simtime jitter = next_rand(c) % (base / 2 + 1);
  c->last_backoff = base + jitter;
  schedule_fetch(c, base + jitter);
}

static void fetch(ff_simnet *net, int node, uint64_t timer, void *ctx) {
  (void)timer;
  net_rel_client *c = ctx;
  c->fetch_armed = false;
  if (!c->running) return;
  uint8_t m[9] = {'F'};
  put64(m + 1, ++c->fetch_seq);
  c->fetch_pending = true;
  c->fetches_sent++;
  ff_simnet_send(net, node, NET_REL_PORT, &c->server, m, sizeof m);
  schedule_timeout(c, NET_FETCH_TIMEOUT);
}

static void keepalive(ff_simnet *net, int node, uint64_t timer, void *ctx) {
  (void)timer;
  net_rel_client *c = ctx;
  uint8_t m[2] = {'K', (uint8_t)c->id};
  net_rel_client_refresh(c);
  ff_simtime now = ff_simnet_now(net);
  for (unsigned p = 0; p < NET_REL_MAX_PEERS; p++) {
    if (!(c->view >> p & 1) || p == c->id) continue;
    /* a flapping peer is backed off */
    if (c->sent_keepalive[p] && net_rel_client_flapping(c, p) && now - c->last_keepalive[p] < NET_FLAP_KEEPALIVE)
      continue;
    ff_simnet_send(net, node, NET_REL_PORT, &c->peer_addrs[p], m, sizeof m);
    c->keepalives_sent++;
    c->sent_keepalive[p] = true;
    c->last_keepalive[p] = now;
    if (c->observe) c->observe(c->observe_ctx, c, NET_REL_KEEPALIVE, p);
  }
  schedule_keepalive(c, NET_KEEPALIVE);
}

static void client_rx(ff_simnet *net, int node, const ff_simdgram *d, void *ctx) {
  (void)node;
  net_rel_client *c = ctx;
  if (c->suspended) return; /* asleep: the datagram is lost */
  if (d->len == 13 && d->data[0] == 'V' && c->fetch_pending && get64(d->data + 1) == c->fetch_seq &&
      ff_simaddr_equal(&d->src, &c->server)) {
    c->fetch_pending = false;
    ff_simnet_timer_cancel(net, c->timeout_timer);
    c->timeout_armed = false;
    uint32_t mask = (uint32_t)d->data[9] << 24 | (uint32_t)d->data[10] << 16 | (uint32_t)d->data[11] << 8 | d->data[12];
    c->view = mask & ((1u << NET_REL_MAX_PEERS) - 1);
    c->failures = 0;
    schedule_fetch(c, NET_FETCH_INTERVAL);
  } else if (d->len == 2 && d->data[0] == 'K' && d->data[1] < NET_REL_MAX_PEERS &&
             ff_simaddr_equal(&d->src, &c->peer_addrs[d->data[1]])) {
    c->last_rx[d->data[1]] = ff_simnet_now(net);
    c->heard[d->data[1]] = true;
  }
  net_rel_client_refresh(c);
}

int net_rel_client_start(ff_simnet *net, net_rel_client *c, int node, unsigned id, const ff_simaddr *server,
                         const ff_simaddr *peer_addrs, uint64_t jitter_seed) {
  memset(c, 0, sizeof *c);
  c->net = net;
  c->node = node;
  c->id = id;
  c->server = *server;
  c->peer_addrs = peer_addrs;
  c->rng = jitter_seed | 1;
  c->running = true;
  if (ff_simnet_bind(net, node, NET_REL_PORT) < 0) return -1;
  ff_simnet_set_receiver(net, node, client_rx, c);
  schedule_fetch(c, 0);
  schedule_keepalive(c, NET_KEEPALIVE);
  return 0;
}

void net_rel_client_observe(net_rel_client *c, net_rel_observer fn, void *ctx) {
  c->observe = fn;
  c->observe_ctx = ctx;
}

void net_rel_client_suspend(net_rel_client *c) {
  if (c->suspended) return;
  c->suspended = true;
  if (c->fetch_armed) ff_simnet_timer_cancel(c->net, c->fetch_timer);
  if (c->timeout_armed) ff_simnet_timer_cancel(c->net, c->timeout_timer);
  ff_simnet_timer_cancel(c->net, c->keepalive_timer);
}

static ff_simtime remaining(const net_rel_client *c, ff_simtime due) {
  ff_simtime now = ff_simnet_now(c->net);
  return due > now ? due - now : 0;
}

void net_rel_client_resume(net_rel_client *c) {
  if (!c->suspended) return;
  c->suspended = false;
  if (c->timeout_armed) schedule_timeout(c, remaining(c, c->timeout_due));
  if (c->fetch_armed) schedule_fetch(c, remaining(c, c->fetch_due));
  schedule_keepalive(c, remaining(c, c->keepalive_due));
}
