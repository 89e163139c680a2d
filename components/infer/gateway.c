/* The agent gateway's target selection (§3.3, agent_gateway.rs): the first
 * instance in map-key order built from the target, Started, with a formnet
 * IP; the URL from its task endpoint port and path or their defaults. */
#include <stdio.h>
#include <string.h>

#include "infer.h"

int infer_gateway_select(const infer_instance *inst, size_t n, const char *target, char *url, size_t cap) {
  int best = -1;
  for (size_t i = 0; i < n; i++) {
    const infer_instance *x = &inst[i];
    const char *build = x->build_id[0] ? x->build_id : x->agent_id;
    if (strcmp(build, target) != 0 || x->status != INFER_INST_STARTED || !x->formnet_ip[0]) continue;
    if (best < 0 || strcmp(x->key, inst[best].key) < 0) best = (int)i;
  }
  if (best < 0) return -1;
  const infer_instance *x = &inst[best];
  int w = snprintf(url, cap, "http://%s:%u%s", x->formnet_ip, x->port ? x->port : 8000u,
                   x->path[0] ? x->path : "/default_task");
  return w < 0 || (size_t)w >= cap ? -1 : best;
}
