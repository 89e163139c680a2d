/* simnet packets: bounded payload copies with their header, and the single
 * place where a copy ends as a drop (counted and traced). */
#include <stdlib.h>
#include <string.h>

#include "simnet_internal.h"

sim_packet *sim_packet_new(ff_simnet *net, const void *data, size_t len) {
  sim_packet *p = calloc(1, sizeof *p + len);
  if (!p) return NULL;
  p->id = ++net->next_packet_id;
  p->len = len;
  if (len) memcpy(p->data, data, len);
  return p;
}

sim_packet *sim_packet_copy(ff_simnet *net, const sim_packet *p) {
  sim_packet *c = malloc(sizeof *c + p->len);
  if (!c) return NULL;
  memcpy(c, p, sizeof *c + p->len);
  c->id = ++net->next_packet_id;
  return c;
}

void sim_packet_drop(ff_simnet *net, sim_packet *p, int node, ff_simdrop reason) {
  sim_trace_add(net, FF_SIMEV_DROP, reason, node, p->id, &p->src, &p->dst, p->len);
  net->stats.dropped++;
  net->stats.in_flight--;
  free(p);
}
