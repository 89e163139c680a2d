/* econ generators (see gen.h). */
#include "gen.h"

#include <stdio.h>
#include <string.h>

const char *const econ_gen_users[ECON_GEN_USERS] = {"acct-a", "acct-b", "acct-c"};
const char *const econ_gen_instances[ECON_GEN_INSTANCES] = {"inst-1", "inst-2", "inst-3"};

void econ_gen_event(ff_input *in, econ_event *ev) {
  memset(ev, 0, sizeof *ev);
  strcpy(ev->user_id, econ_gen_users[ff_choose(in, ECON_GEN_USERS)]);
  strcpy(ev->instance_id, econ_gen_instances[ff_choose(in, ECON_GEN_INSTANCES)]);
  ev->timestamp = 1700000000 + (int64_t)ff_range(in, 0, 1u << 20);
  ev->period_end = ev->timestamp;
  ev->period_start = ev->timestamp - (int64_t)ff_range(in, 0, 600);
  econ_metrics *m = &ev->metrics;
  m->cpu_percent_avg = (double)ff_range(in, 0, 10000) / 100.0;
  m->memory_percent = (double)ff_range(in, 0, 10000) / 100.0;
  m->memory_gb = (double)ff_range(in, 0, 1 << 20) / 1024.0;
  m->storage_gb = (double)ff_range(in, 0, 1 << 24) / 1024.0;
  m->network_egress_mb = (double)ff_range(in, 0, 1 << 24) / 16.0;
  m->network_ingress_mb = (double)ff_range(in, 0, 1 << 24) / 16.0;
  m->cpu_seconds = ff_range(in, 0, 600 * 8);
  m->gpu_seconds = ff_range(in, 0, 600 * 4);
}

void econ_gen_set_metric(econ_event *ev, econ_resource r, bool percentage, double v) {
  econ_metrics *m = &ev->metrics;
  switch (r) {
  case ECON_RES_CPU: m->cpu_percent_avg = v; break;
  case ECON_RES_MEMORY:
    if (percentage) m->memory_percent = v;
    else m->memory_gb = v;
    break;
  case ECON_RES_STORAGE: m->storage_gb = v; break;
  case ECON_RES_EGRESS: m->network_egress_mb = v; break;
  case ECON_RES_INGRESS: m->network_ingress_mb = v; break;
  case ECON_RES_GPU: m->gpu_seconds = v > 0 ? (uint64_t)v : 0; break;
  default: break;
  }
}

void econ_gen_threshold(ff_input *in, econ_threshold *t, size_t k) {
  memset(t, 0, sizeof *t);
  snprintf(t->id, sizeof t->id, "rule-%zu", k);
  t->resource = (econ_resource)ff_choose(in, ECON_RES_COUNT);
  t->percentage = ff_bool(in);
  t->value = (double)ff_range(in, 0, 200);
  if (!t->percentage) strcpy(t->unit, "GB");
  t->action = (econ_action_kind)ff_choose(in, 3);
  size_t u = ff_choose(in, ECON_GEN_USERS + 1);
  strcpy(t->user_id, u == 0 ? "*" : econ_gen_users[u - 1]);
  size_t i = ff_choose(in, ECON_GEN_INSTANCES + 2);
  t->has_instance = i != 0;
  if (i == 1) strcpy(t->instance_id, "*");
  else if (i > 1) strcpy(t->instance_id, econ_gen_instances[i - 2]);
  strcpy(t->channels[t->nchannels++], "email");
}
