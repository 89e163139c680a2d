/* Threshold rules (§5.4): the three built-in configs, matching ("*" is every
 * user; a null or "*" instance_id is every instance, as the doc comment says),
 * the value compared per resource, and the strict > check (NaN never fires). */
#include <math.h>
#include <string.h>

#include "econ.h"
#include "formfuzz/bug.h"

static econ_threshold make(const char *id, econ_resource r, bool pct, double v, const char *unit,
                           econ_action_kind act, const char *ch1, const char *ch2) {
  econ_threshold t;
  memset(&t, 0, sizeof t);
  strcpy(t.id, id);
  t.resource = r;
  t.percentage = pct;
  t.value = v;
  if (unit) strcpy(t.unit, unit);
  t.action = act;
  strcpy(t.user_id, "*");
  strcpy(t.channels[t.nchannels++], ch1);
  if (ch2) strcpy(t.channels[t.nchannels++], ch2);
  return t;
}

size_t econ_threshold_builtins(econ_threshold *out, size_t cap) {
  econ_threshold b[3] = {
      make("cpu-high", ECON_RES_CPU, true, 80, NULL, ECON_ACT_NOTIFY, "email", NULL),
      make("memory-critical", ECON_RES_MEMORY, true, 90, NULL, ECON_ACT_NOTIFY, "email", "sms"),
      make("storage-warning", ECON_RES_STORAGE, false, 100, "GB", ECON_ACT_LOG, "email", NULL),
  };
  size_t n = cap < 3 ? cap : 3;
  memcpy(out, b, n * sizeof b[0]);
  return n;
}

bool econ_threshold_matches(const econ_threshold *t, const econ_event *ev) {
  if (strcmp(t->user_id, "*") != 0 && strcmp(t->user_id, ev->user_id) != 0) return false;
  if (!t->has_instance) return true;
  if (strcmp(t->instance_id, "*") == 0 && !FF_BUG("econ.instance_wildcard")) return true;
  return strcmp(t->instance_id, ev->instance_id) == 0;
}

double econ_threshold_value(const econ_threshold *t, const econ_event *ev) {
  const econ_metrics *m = &ev->metrics;
  switch (t->resource) {
  case ECON_RES_CPU: return m->cpu_percent_avg;
  case ECON_RES_MEMORY: return t->percentage ? m->memory_percent : m->memory_gb;
  case ECON_RES_STORAGE: return m->storage_gb;
  case ECON_RES_EGRESS: return m->network_egress_mb;
  case ECON_RES_INGRESS: return m->network_ingress_mb;
  case ECON_RES_GPU: return (double)m->gpu_seconds;
  default: return NAN;
  }
}

bool econ_threshold_violated(const econ_threshold *t, const econ_event *ev, double *current) {
  double v = econ_threshold_value(t, ev);
  if (current) *current = v;
  return v > t->value; /* false for NaN on either side */
}
