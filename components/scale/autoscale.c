/* scale: the metrics -> scaling link (econ §5.7): a CPU percentage measured
 * by econ's in-VM agent (UsageEvent.cpu_percent_avg) goes through the
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
