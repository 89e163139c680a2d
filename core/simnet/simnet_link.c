/* simnet links: the parameters of each hop (latency, jitter, loss, duplication,
 * reordering, corruption, bandwidth, up/down), partitions, and transmitting a
 * packet copy over one hop with those faults applied, plus the fault plan's
 * net.drop, net.dup and net.corrupt sites when a plan is installed. */
#include <stdlib.h>
#include <string.h>

#include "formfuzz/fault.h"
#include "simnet_internal.h"

ff_simlink ff_simlink_ideal(void) {
  ff_simlink l;
  memset(&l, 0, sizeof l);
  return l;
}

void ff_simnet_link_from_input(ff_input *in, ff_simlink *out) {
  static const uint32_t fault_ppm[] = {0, 0, 1000, 10000, 50000, 200000, 500000, FF_SIMNET_PPM};
  memset(out, 0, sizeof *out);
  out->latency = ff_range(in, 0, FF_SIM_MS(500));
  out->jitter = ff_range(in, 0, FF_SIM_MS(100));
  out->loss_ppm = FF_PICK(in, fault_ppm);
  out->dup_ppm = FF_PICK(in, fault_ppm);
  out->reorder_ppm = FF_PICK(in, fault_ppm);
  out->reorder_delay = ff_range(in, 0, FF_SIM_MS(200));
  out->corrupt_ppm = FF_PICK(in, fault_ppm);
  out->bandwidth_bps = ff_bool(in) ? ff_range(in, 8000, 1000000000) : 0;
  out->down = ff_u8(in) == 0xff; /* rare: a dead link */
}

static sim_link *find_link(const ff_simnet *net, int a, int b) {
  if (a > b) {
    int t = a;
    a = b;
    b = t;
  }
  for (size_t i = 0; i < net->n_links; i++)
    if (net->links[i].a == a && net->links[i].b == b) return &net->links[i];
  return NULL;
}

/* The pair's state, created on first use (it holds FIFO and bandwidth state). */
static sim_link *link_state(ff_simnet *net, int a, int b) {
  sim_link *l = find_link(net, a, b);
  if (l) return l;
  if (net->n_links == net->cap_links) {
    size_t cap = net->cap_links ? net->cap_links * 2 : 16;
    sim_link *grown = realloc(net->links, cap * sizeof *grown);
    if (!grown) return NULL;
    net->links = grown;
    net->cap_links = cap;
  }
  l = &net->links[net->n_links++];
  memset(l, 0, sizeof *l);
  l->a = a < b ? a : b;
  l->b = a < b ? b : a;
  return l;
}

void ff_simnet_set_default_link(ff_simnet *net, const ff_simlink *link) {
  net->default_link = *link;
}

int ff_simnet_set_link(ff_simnet *net, int a, int b, const ff_simlink *link) {
  if (!sim_valid_node(net, a) || !sim_valid_node(net, b))
    return sim_fail(net, "no such link %d-%d", a, b);
  sim_link *l = link_state(net, a, b);
  if (!l) return sim_fail(net, "out of memory setting a link");
  l->explicit_params = true;
  l->params = *link;
  return 0;
}

ff_simlink ff_simnet_get_link(const ff_simnet *net, int a, int b) {
  const sim_link *l = find_link(net, a, b);
  return l && l->explicit_params ? l->params : net->default_link;
}

int ff_simnet_partition(ff_simnet *net, int node, int side) {
  if (!sim_valid_node(net, node)) return sim_fail(net, "no node %d", node);
  net->nodes[node].side = side;
  return 0;
}

int ff_simnet_node_side(const ff_simnet *net, int node) {
  return sim_valid_node(net, node) ? net->nodes[node].side : 0;
}

void ff_simnet_heal(ff_simnet *net) {
  for (size_t i = 0; i < net->n_nodes; i++) net->nodes[i].side = 0;
}

ff_simdrop sim_link_blocked(const ff_simnet *net, int from, int to) {
  if (net->nodes[from].side != net->nodes[to].side) return FF_SIMDROP_PARTITION;
  if (ff_simnet_get_link(net, from, to).down) return FF_SIMDROP_LINK_DOWN;
  return FF_SIMDROP_NONE;
}

static void corrupt(ff_simnet *net, sim_packet *p, int at) {
  p->corrupted = true;
  net->stats.corrupted++;
  if (p->len) {
    unsigned flips = 1 + (unsigned)sim_draw_below(net, 3);
    for (unsigned i = 0; i < flips; i++) {
      uint64_t bit = sim_draw_below(net, (uint64_t)p->len * 8);
      p->data[bit / 8] ^= (uint8_t)(1u << (bit % 8));
    }
  }
  sim_trace_add(net, FF_SIMEV_CORRUPT, FF_SIMDROP_NONE, at, p->id, &p->src, &p->dst, p->len);
}

/* When the copy arrives: bandwidth queueing, latency, jitter, then either a
 * reorder hold-back or the FIFO bound of this direction. */
static ff_simtime arrival_time(ff_simnet *net, sim_link *state, int dir, const ff_simlink *lp,
                               size_t len) {
  ff_simtime depart = net->now;
  if (lp->bandwidth_bps) {
    ff_simtime start = state->busy_until[dir] > net->now ? state->busy_until[dir] : net->now;
    ff_simtime tx = ((ff_simtime)len * 8u * 1000000u + lp->bandwidth_bps - 1) / lp->bandwidth_bps;
    state->busy_until[dir] = start + tx;
    depart = state->busy_until[dir];
  }
  ff_simtime at = depart + lp->latency + sim_draw_below(net, lp->jitter + 1);
  if (sim_chance(net, lp->reorder_ppm)) return at + lp->reorder_delay;
  if (at < state->last_arrival[dir]) at = state->last_arrival[dir];
  state->last_arrival[dir] = at;
  return at;
}

static void schedule_arrival(ff_simnet *net, int from, int to, sim_packet *p, ff_simtime at) {
  sim_event ev;
  memset(&ev, 0, sizeof ev);
  ev.at = at;
  ev.kind = SIM_EV_ARRIVE;
  ev.node = to;
  ev.from = from;
  ev.pkt = p;
  if (sim_schedule(net, &ev) != 0) sim_packet_drop(net, p, from, FF_SIMDROP_NO_MEMORY);
}

void sim_link_transmit(ff_simnet *net, int from, int to, sim_packet *p) {
  ff_simdrop blocked = sim_link_blocked(net, from, to);
  if (blocked != FF_SIMDROP_NONE) {
    sim_packet_drop(net, p, from, blocked);
    return;
  }
  ff_simlink lp = ff_simnet_get_link(net, from, to);
  sim_link *state = link_state(net, from, to);
  if (!state) {
    sim_packet_drop(net, p, from, FF_SIMDROP_NO_MEMORY);
    return;
  }
  int dir = from <= to ? 0 : 1;
  /* the installed fault plan (include/formfuzz/fault.h) may add faults to the link's */
  if (ff_fault("net.drop")) {
    sim_packet_drop(net, p, from, FF_SIMDROP_FAULT);
    return;
  }
  if (sim_chance(net, lp.loss_ppm)) {
    sim_packet_drop(net, p, from, FF_SIMDROP_LOSS);
    return;
  }
  sim_packet *dup = NULL;
  bool dup_fault = ff_fault("net.dup");
  if (sim_chance(net, lp.dup_ppm) || dup_fault) {
    dup = sim_packet_copy(net, p);
    if (dup) {
      dup->duplicate = true;
      net->stats.duplicated++;
      net->stats.in_flight++;
      sim_trace_add(net, FF_SIMEV_DUP, FF_SIMDROP_NONE, from, dup->id, &p->src, &p->dst, p->len);
    }
  }
  bool corrupt_fault = ff_fault("net.corrupt");
  if (sim_chance(net, lp.corrupt_ppm) || corrupt_fault) corrupt(net, p, from);
  p->hops++;
  schedule_arrival(net, from, to, p, arrival_time(net, state, dir, &lp, p->len));
  if (dup) {
    dup->hops++;
    schedule_arrival(net, from, to, dup, arrival_time(net, state, dir, &lp, dup->len));
  }
}
