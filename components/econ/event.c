/* UsageEvent validation (§5.1): the checks the real code does not make. */
#include <math.h>
#include <stdio.h>

#include "econ.h"

static econ_err check_amount(const char *name, double v, double max, char *reason, size_t cap) {
  if (isnan(v)) return econ_invalid(reason, cap, "%s is NaN", name);
  if (isinf(v)) return econ_invalid(reason, cap, "%s is infinite", name);
  if (v < 0) return econ_invalid(reason, cap, "%s is negative (%g)", name, v);
  if (v > max) return econ_invalid(reason, cap, "%s is %g, above %g", name, v, max);
  return ECON_OK;
}

econ_err econ_event_validate(const econ_event *ev, char *reason, size_t cap) {
  if (!ev->instance_id[0]) return econ_invalid(reason, cap, "instance_id is empty");
  if (!ev->user_id[0]) return econ_invalid(reason, cap, "user_id is empty");
  if (ev->period_end < ev->period_start)
    return econ_invalid(reason, cap, "period end %lld is before start %lld", (long long)ev->period_end,
               (long long)ev->period_start);
  const econ_metrics *m = &ev->metrics;
  struct {
    const char *name;
    double v, max;
  } fields[] = {
      {"cpu_percent_avg", m->cpu_percent_avg, 100.0},
      {"memory_gb", m->memory_gb, INFINITY},
      {"memory_percent", m->memory_percent, 100.0},
      {"storage_gb", m->storage_gb, INFINITY},
      {"network_egress_mb", m->network_egress_mb, INFINITY},
      {"network_ingress_mb", m->network_ingress_mb, INFINITY},
  };
  for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
    double max = fields[i].max;
    if (isinf(max)) max = 1.7976931348623157e308;
    econ_err e = check_amount(fields[i].name, fields[i].v, max, reason, cap);
    if (e != ECON_OK) return e;
  }
  if (reason && cap) reason[0] = 0;
  return ECON_OK;
}
