/* scale: the metrics -> scaling link (econ §5.7): a UsageEvent measured by
 * econ's in-VM agent goes through econ's threshold rules (§5.4, alerts under
 * the alerter's storm control), then its cpu_percent_avg through the
 * ScalingPolicy, and a decision starts a ScaleOut or ScaleIn on the manager. */
#include <math.h>
#include <string.h>

#include "scale.h"

bool scale_autoscale_reading(scale_autoscaler *a, scale_system *s, double cpu_percent, int64_t now) {
  if (!(cpu_percent >= 0.0 && cpu_percent <= 100.0)) return false; /* not a percentage: a unit error upstream */
  if (!s->cluster.has_policy || scale_manager_busy(&s->manager)) return false;
  a->readings++;
  uint32_t cpu = (uint32_t)lround(cpu_percent), target; /* the nearest whole percent */
  uint32_t n = (uint32_t)s->cluster.n;
  if (!scale_policy_target(&s->cluster.policy, n, cpu, now, &target)) return false;
  scale_operation op;
  memset(&op, 0, sizeof op);
  op.kind = target > n ? SCALE_OP_OUT : SCALE_OP_IN;
  op.target_instances = target;
  if (scale_start(&s->manager, &op, now) != SCALE_OK) return false;
  a->started++;
  return true;
}

void scale_autoscaler_init(scale_autoscaler *a) {
  memset(a, 0, sizeof *a);
  econ_alerter_init(&a->alerter, 5.0, 300);
  a->nrules = econ_threshold_builtins(a->rules, SCALE_AUTOSCALE_RULES);
}

bool scale_autoscale_event(scale_autoscaler *a, scale_system *s, const econ_event *ev, int64_t now, bool *cpu_alert) {
  *cpu_alert = false;
  for (size_t i = 0; i < a->nrules; i++)
    if (econ_alerter_observe(&a->alerter, &a->rules[i], ev, now)) {
      a->alerts++;
      if (a->rules[i].resource == ECON_RES_CPU) *cpu_alert = true;
    }
  return scale_autoscale_reading(a, s, ev->metrics.cpu_percent_avg, now);
}
