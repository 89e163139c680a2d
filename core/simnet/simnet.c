/* simnet lifecycle: creating and freeing a simulation, and its counters. The
 * model is described in include/formfuzz/simnet.h; errors are simnet_error.c. */
#include <stdlib.h>
#include <string.h>

#include "simnet_internal.h"

ff_simnet *ff_simnet_new(uint64_t seed) {
  ff_simnet *net = calloc(1, sizeof *net);
  if (!net) return NULL;
  net->seed_state = seed;
  net->default_link = ff_simlink_ideal();
  if (sim_trace_init(&net->trace) != 0) {
    free(net);
    return NULL;
  }
  return net;
}

void ff_simnet_free(ff_simnet *net) {
  if (!net) return;
  sim_heap_free(&net->heap);
  for (size_t i = 0; i < net->n_nodes; i++) sim_node_free(&net->nodes[i]);
  free(net->nodes);
  free(net->links);
  sim_trace_free(&net->trace);
  free(net);
}

ff_simnet_stats ff_simnet_get_stats(const ff_simnet *net) { return net->stats; }
