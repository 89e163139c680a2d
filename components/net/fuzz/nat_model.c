/* The reference model of NAT traversal on perfect links (see nat_model.h):
 * its own NAT tables and a FIFO of hop arrivals, independent of simnet's code. */
#include <stdlib.h>
#include <string.h>

#include "nat_model.h"

#define MAPS 64
#define PERMS 64
#define EVENTS 2048

typedef struct nm_map {
  ff_simaddr key; /* the remote the mapping depends on (zero for endpoint-independent) */
  uint16_t ext;
  ff_simaddr perms[PERMS];
  size_t nperms;
} nm_map;

typedef struct nm_nat {
  nm_map maps[MAPS];
  size_t n;
  uint16_t next_port;
} nm_nat;

typedef enum nm_where { AT_NAT_FROM_INSIDE, AT_NAT_FROM_OUTSIDE, AT_AGENT } nm_where;
typedef struct nm_event {
  nm_where where;
  int side;       /* whose NAT or agent */
  int origin;     /* the sending agent, -1 for other senders */
  char kind;      /* 'P' probe, 'A' answer, 'O' other */
  ff_simaddr src, dst;
} nm_event;

typedef struct nm_world {
  const nat_model_side *sides;
  nm_nat nat[2];
  nm_event q[EVENTS];
  size_t head, tail;
  bool connected[2];
} nm_world;

static bool symmetric(nat_model_type t) { return t == NM_SYMMETRIC; }

static void push(nm_world *w, nm_event e) {
  if (w->tail < EVENTS) w->q[w->tail++] = e;
}

/* The hop after a packet is in the internet with destination dst. */
static void route_internet(nm_world *w, nm_event e) {
  for (int s = 0; s < 2; s++) {
    if (!ff_simip_equal(&w->sides[s].public_ip, &e.dst.ip)) continue;
    e.side = s;
    e.where = w->sides[s].type == NM_NONE ? AT_AGENT : AT_NAT_FROM_OUTSIDE;
    push(w, e);
    return;
  }
  /* the server, the relay, or nobody: nothing there changes the agents' NATs */
}

static void send(nm_world *w, int s, char kind, const ff_simaddr *dst) {
  const nat_model_side *me = &w->sides[s];
  if (dst->ip.family != 4) return; /* the agents have IPv4 addresses only: the send fails */
  nm_event e = {.side = s, .origin = s, .kind = kind, .dst = *dst};
  if (me->type == NM_NONE) {
    e.src = ff_simaddr_make(me->public_ip, NET_NAT_PORT);
    route_internet(w, e);
    return;
  }
  if (ff_simip_equal(&dst->ip, &me->private_ip)) return; /* to itself on its LAN: ignored */
  e.src = ff_simaddr_make(me->private_ip, NET_NAT_PORT);
  e.where = AT_NAT_FROM_INSIDE;
  push(w, e);
}

static nm_map *outbound_mapping(nm_nat *nat, nat_model_type type, const ff_simaddr *remote) {
  ff_simaddr key;
  memset(&key, 0, sizeof key);
  if (symmetric(type)) key = *remote;
  for (size_t i = 0; i < nat->n; i++)
    if (ff_simaddr_equal(&nat->maps[i].key, &key)) return &nat->maps[i];
  if (nat->n == MAPS) return NULL;
  nm_map *m = &nat->maps[nat->n++];
  memset(m, 0, sizeof *m);
  m->key = key;
  m->ext = nat->next_port++;
  return m;
}

static void permit(nm_map *m, const ff_simaddr *remote) {
  for (size_t i = 0; i < m->nperms; i++)
    if (ff_simaddr_equal(&m->perms[i], remote)) return;
  if (m->nperms < PERMS) m->perms[m->nperms++] = *remote;
}

static bool filter_passes(nat_model_type type, const nm_map *m, const ff_simaddr *remote) {
  if (type == NM_FULL) return true;
  for (size_t i = 0; i < m->nperms; i++) {
    if (!ff_simip_equal(&m->perms[i].ip, &remote->ip)) continue;
    if (type == NM_RESTRICTED || m->perms[i].port == remote->port) return true;
  }
  return false;
}

static void process(nm_world *w, nm_event e) {
  const nat_model_side *side = &w->sides[e.side];
  nm_nat *nat = &w->nat[e.side];
  switch (e.where) {
    case AT_NAT_FROM_INSIDE: {
      if (ff_simip_equal(&e.dst.ip, &side->public_ip)) return; /* hairpin: dropped */
      nm_map *m = outbound_mapping(nat, side->type, &e.dst);
      if (!m) return;
      permit(m, &e.dst);
      e.src = ff_simaddr_make(side->public_ip, m->ext);
      route_internet(w, e);
      return;
    }
    case AT_NAT_FROM_OUTSIDE:
      for (size_t i = 0; i < nat->n; i++) {
        if (nat->maps[i].ext != e.dst.port) continue;
        if (!filter_passes(side->type, &nat->maps[i], &e.src)) return;
        e.dst = ff_simaddr_make(side->private_ip, NET_NAT_PORT);
        e.where = AT_AGENT;
        push(w, e);
        return;
      }
      return;
    case AT_AGENT:
      if (e.dst.port != NET_NAT_PORT || e.origin < 0 || e.origin == e.side || e.kind == 'O') return;
      if (e.kind == 'P') send(w, e.side, 'A', &e.src);
      w->connected[e.side] = true;
      return;
  }
}

int nat_model_run(const nat_model_side sides[2], const ff_simaddr *server, const ff_simaddr *relay,
                  bool connected[2]) {
  nm_world *w = calloc(1, sizeof *w);
  if (!w) return -1;
  w->sides = sides;
  for (int s = 0; s < 2; s++) {
    w->nat[s].next_port = 10000;
    if (sides[s].type != NM_NONE) permit(outbound_mapping(&w->nat[s], sides[s].type, server), server);
  }
  size_t head[2] = {0, 0};
  bool done[2] = {false, false}, relay_asked[2] = {false, false};
  unsigned failed[2] = {0, 0}, relay_round[2] = {0, 0};
  for (unsigned round = 1; round <= NET_NAT_MAX_ROUNDS && !(done[0] && done[1]); round++) {
    w->head = w->tail = 0;
    for (int s = 0; s < 2; s++) {
      if (done[s]) continue;
      if (w->connected[s]) {
        done[s] = true;
        continue;
      }
      size_t nb = 0;
      for (; nb < NET_NAT_PARALLEL && head[s] < sides[s].n; nb++) send(w, s, 'P', &sides[s].list[head[s]++]);
      if (relay && !relay_asked[s] && failed[s] >= NET_NAT_MIN_DIRECT_ROUNDS) {
        send(w, s, 'O', relay);
        relay_asked[s] = true;
        relay_round[s] = round;
      }
      /* without the relay's answer in view, "settled" is: asked in an earlier round */
      bool settled = !relay || (relay_asked[s] && round > relay_round[s]);
      if (nb == 0 && settled) done[s] = true;
    }
    while (w->head < w->tail) process(w, w->q[w->head++]);
    for (int s = 0; s < 2; s++)
      if (!w->connected[s]) failed[s]++;
  }
  connected[0] = w->connected[0];
  connected[1] = w->connected[1];
  bool overflow = w->tail == EVENTS;
  free(w);
  return overflow ? -1 : 0;
}
