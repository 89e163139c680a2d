/* scale: the operation health checks (§5.3 check_scaling_operation_health):
 * a timeout rolls back, a terminal operation is reported as completed, the
 * per-phase checks run, and a failing check fails the operation and rolls it
 * back. */
#include <stdio.h>
#include <string.h>

#include "scale.h"

static bool ids_exist_not_template(const scale_cluster *c, size_t n, char ids[][SCALE_ID_MAX], char *why,
                                   size_t cap) {
  for (size_t i = 0; i < n; i++)
    if (!scale_cluster_find(c, ids[i]) || strcmp(ids[i], c->template_id) == 0) {
      snprintf(why, cap, "instance %s missing or the template", ids[i]);
      return false;
    }
  return true;
}

bool scale_phase_check(const scale_system *s, char *why, size_t cap) {
  const scale_cluster *c = &s->cluster;
  const scale_phase *ph = &s->manager.cur;
  const scale_operation *op = &ph->op;
  const scale_policy *p = &c->policy;
  bool out = op->kind == SCALE_OP_OUT, in = op->kind == SCALE_OP_IN;
  switch (ph->kind) {
  case SCALE_PH_ALLOCATING:
    if (!c->has_policy) return snprintf(why, cap, "no policy"), false;
    if (out && op->target_instances > p->max_instances) return snprintf(why, cap, "target above max"), false;
    if (!in && !scale_cluster_template(c)) return snprintf(why, cap, "template missing"), false;
    if (!in && (ph->plan.per_instance.cores < 1 || ph->plan.per_instance.memory_mb < 1024))
      return snprintf(why, cap, "instance estimate below 1 core / 1024 MB"), false;
    if (in && c->n <= p->min_instances) return snprintf(why, cap, "already at min"), false;
    return true;
  case SCALE_PH_PREPARING:
    if (out) {
      for (size_t i = 0; i < ph->nnew; i++)
        if (strlen(ph->new_ids[i]) < 8) return snprintf(why, cap, "id %s too short", ph->new_ids[i]), false;
      return true;
    }
    return ids_exist_not_template(c, ph->nold, (char(*)[SCALE_ID_MAX])ph->old_ids, why, cap);
  case SCALE_PH_CONFIGURING:
    if (out) {
      if (op->target_instances > p->max_instances) return snprintf(why, cap, "target above max"), false;
      if (!scale_cluster_template(c)) return snprintf(why, cap, "template missing"), false;
      return true;
    }
    if (in && op->target_instances < p->min_instances) return snprintf(why, cap, "target below min"), false;
    return ids_exist_not_template(c, ph->nold, (char(*)[SCALE_ID_MAX])ph->old_ids, why, cap);
  default: return true;
  }
}

scale_health_result scale_health_check(scale_system *s, int64_t now) {
  scale_manager *m = &s->manager;
  if (!m->active) return SCALE_HEALTH_NO_OPERATION;
  if (scale_phase_terminal(m->cur.kind)) return SCALE_HEALTH_ALREADY_COMPLETED;
  if (scale_check_timeouts(m, now)) {
    scale_rollback(s, now);
    return SCALE_HEALTH_TIMEOUT_ROLLED_BACK;
  }
  char why[SCALE_REASON_MAX] = "";
  if (scale_phase_check(s, why, sizeof why)) return SCALE_HEALTH_OK;
  scale_fail(m, "HealthCheckFailed", why, now);
  scale_rollback(s, now);
  return SCALE_HEALTH_FAILED_ROLLED_BACK;
}
