/* simnet's errors: recording a failure's message (sim_fail), reading it
 * (ff_simnet_error) and the node-index check the failing paths start with
 * (sim_valid_node). A leaf of the simulator: it calls nothing else in simnet,
 * so the files that fail (clock, link, node, route) do not depend on the
 * lifecycle file (simnet.c). The message is kept in ff_simnet's err field. */
#include <stdarg.h>
#include <stdio.h>

#include "simnet_internal.h"

int sim_fail(ff_simnet *net, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(net->err, sizeof net->err, fmt, ap);
  va_end(ap);
  return -1;
}

const char *ff_simnet_error(const ff_simnet *net) { return net->err; }

bool sim_valid_node(const ff_simnet *net, int node) {
  return node >= 0 && (size_t)node < net->n_nodes;
}
