/* simnet's event queue: a binary min-heap ordered by (time, sequence number).
 * The sequence number is given at scheduling time, so events due at the same
 * virtual time run in the order they were scheduled: the run is deterministic. */
#include <stdlib.h>

#include "simnet_internal.h"

static bool before(const sim_event *a, const sim_event *b) {
  return a->at < b->at || (a->at == b->at && a->seq < b->seq);
}

static void swap_events(sim_event *a, sim_event *b) {
  sim_event t = *a;
  *a = *b;
  *b = t;
}

int sim_heap_push(sim_heap *h, const sim_event *ev) {
  if (h->n == h->cap) {
    size_t cap = h->cap ? h->cap * 2 : 64;
    sim_event *grown = realloc(h->ev, cap * sizeof *grown);
    if (!grown) return -1;
    h->ev = grown;
    h->cap = cap;
  }
  size_t i = h->n++;
  h->ev[i] = *ev;
  while (i > 0) {
    size_t parent = (i - 1) / 2;
    if (!before(&h->ev[i], &h->ev[parent])) break;
    swap_events(&h->ev[i], &h->ev[parent]);
    i = parent;
  }
  return 0;
}

static void pop_top(sim_heap *h, sim_event *out) {
  *out = h->ev[0];
  h->ev[0] = h->ev[--h->n];
  size_t i = 0;
  for (;;) {
    size_t l = 2 * i + 1, r = l + 1, m = i;
    if (l < h->n && before(&h->ev[l], &h->ev[m])) m = l;
    if (r < h->n && before(&h->ev[r], &h->ev[m])) m = r;
    if (m == i) break;
    swap_events(&h->ev[i], &h->ev[m]);
    i = m;
  }
}

static void discard_cancelled_top(sim_heap *h) {
  sim_event dead;
  while (h->n > 0 && h->ev[0].cancelled) {
    pop_top(h, &dead);
    h->cancelled--;
  }
}

const sim_event *sim_heap_peek(sim_heap *h) {
  discard_cancelled_top(h);
  return h->n ? &h->ev[0] : NULL;
}

bool sim_heap_pop(sim_heap *h, sim_event *out) {
  discard_cancelled_top(h);
  if (h->n == 0) return false;
  pop_top(h, out);
  return true;
}

void sim_heap_free(sim_heap *h) {
  for (size_t i = 0; i < h->n; i++) free(h->ev[i].pkt);
  free(h->ev);
  h->ev = NULL;
  h->n = h->cap = h->cancelled = 0;
}

int sim_schedule(ff_simnet *net, sim_event *ev) {
  ev->seq = net->next_seq++;
  ev->cancelled = false;
  return sim_heap_push(&net->heap, ev);
}
