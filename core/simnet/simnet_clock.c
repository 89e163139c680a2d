/* simnet clock and run control: the virtual time, one-shot cancellable timers,
 * and running events one at a time, up to a time, or until idle, always within
 * an event budget so a self-rescheduling loop cannot hang a harness. */
#include <string.h>

#include "simnet_internal.h"

ff_simtime ff_simnet_now(const ff_simnet *net) { return net->now; }

uint64_t ff_simnet_timer(ff_simnet *net, int node, ff_simtime delay, ff_simnet_timer_fn fn,
                         void *ctx) {
  if (!sim_valid_node(net, node) || !fn) {
    sim_fail(net, "timer needs a valid node and a function");
    return 0;
  }
  sim_event ev;
  memset(&ev, 0, sizeof ev);
  ev.at = net->now + delay;
  ev.kind = SIM_EV_TIMER;
  ev.node = node;
  ev.from = node;
  ev.timer_id = ++net->next_timer_id;
  ev.fn = fn;
  ev.ctx = ctx;
  if (sim_schedule(net, &ev) != 0) {
    sim_fail(net, "out of memory scheduling a timer");
    return 0;
  }
  return ev.timer_id;
}

bool ff_simnet_timer_cancel(ff_simnet *net, uint64_t timer_id) {
  sim_heap *h = &net->heap;
  for (size_t i = 0; i < h->n; i++) {
    sim_event *ev = &h->ev[i];
    if (ev->kind == SIM_EV_TIMER && ev->timer_id == timer_id && !ev->cancelled) {
      ev->cancelled = true;
      h->cancelled++;
      return true;
    }
  }
  return false;
}

size_t ff_simnet_pending(const ff_simnet *net) { return net->heap.n - net->heap.cancelled; }

bool ff_simnet_step(ff_simnet *net) {
  sim_event ev;
  if (!sim_heap_pop(&net->heap, &ev)) return false;
  net->now = ev.at;
  net->stats.events++;
  if (ev.kind == SIM_EV_ARRIVE) {
    sim_arrive(net, ev.from, ev.node, ev.pkt);
  } else {
    net->stats.timers_fired++;
    sim_trace_add(net, FF_SIMEV_TIMER, FF_SIMDROP_NONE, ev.node, ev.timer_id, NULL, NULL, 0);
    ev.fn(net, ev.node, ev.timer_id, ev.ctx);
  }
  return true;
}

ff_simnet_stop ff_simnet_run_until(ff_simnet *net, ff_simtime t, uint64_t max_events) {
  for (uint64_t ran = 0;; ran++) {
    const sim_event *next = sim_heap_peek(&net->heap);
    if (!next || next->at > t) break;
    if (ran == max_events) return FF_SIMNET_BUDGET_SPENT;
    ff_simnet_step(net);
  }
  if (net->now < t) net->now = t;
  return FF_SIMNET_TIME_REACHED;
}

ff_simnet_stop ff_simnet_run_idle(ff_simnet *net, uint64_t max_events) {
  for (uint64_t ran = 0; sim_heap_peek(&net->heap); ran++) {
    if (ran == max_events) return FF_SIMNET_BUDGET_SPENT;
    ff_simnet_step(net);
  }
  return FF_SIMNET_IDLE;
}

const char *ff_simnet_stop_name(ff_simnet_stop stop) {
  switch (stop) {
    case FF_SIMNET_IDLE: return "idle";
    case FF_SIMNET_TIME_REACHED: return "time-reached";
    case FF_SIMNET_BUDGET_SPENT: return "budget-spent";
  }
  return "?";
}
