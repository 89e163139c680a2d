/* scale: rollback and restoration (§5.3, oracle §5.4 #1): a failed or
 * canceled operation's cluster goes back exactly to the snapshot taken in
 * InstancePreparing: added members removed, deleted ones re-added, changed ones
 * restored (a newer heartbeat kept), template id and session affinity
 * restored. A second rollback is a no-op. verify_state_restoration is here too. */
#include <stdio.h>
#include <string.h>

#include "formfuzz/bug.h"
#include "scale.h"

void scale_restore_membership(scale_cluster *c, const scale_cluster *pre) {
  scale_cluster out = *c; /* keeps the policy and the id counter */
  out.n = 0;
  memset(out.m, 0, sizeof out.m);
  for (size_t i = 0; i < pre->n; i++) {
    const scale_member *now = scale_cluster_find(c, pre->m[i].id);
    if (!now && FF_BUG("scale.restore_no_readd")) continue; /* members deleted during the op stay deleted */
    scale_member m = pre->m[i];
    if (now && now->last_heartbeat > m.last_heartbeat) {
      m.last_heartbeat = now->last_heartbeat;
      m.heartbeats_skipped = now->heartbeats_skipped;
    }
    out.m[out.n++] = m; /* pre is sorted, so out is */
  }
  memcpy(out.template_id, pre->template_id, sizeof out.template_id);
  out.session_affinity = pre->session_affinity;
  *c = out;
}

scale_err scale_rollback(scale_system *s, int64_t now) {
  scale_manager *m = &s->manager;
  (void)now;
  if (!m->active || (m->cur.kind != SCALE_PH_FAILED && m->cur.kind != SCALE_PH_CANCELED))
    return SCALE_ERR_INVALID_ROLLBACK;
  scale_op_record *r = scale_manager_record(m);
  if (r->rolled_back && !FF_BUG("scale.rollback_repeat")) return SCALE_OK; /* idempotent */
  /* The real code dispatches on final_phase, which is always "Failed" here,
   * and finds no phase_history: the no-op branch. */
  if (m->cur.has_snapshot && !FF_BUG("scale.rollback_noop")) scale_restore_membership(&s->cluster, &m->cur.snapshot);
  r->rolled_back = true;
  return SCALE_OK;
}

bool scale_verify_restoration(const scale_cluster *pre, const scale_cluster *now, char *why, size_t cap) {
  if (pre->n != now->n) {
    snprintf(why, cap, "%zu members, %zu before", now->n, pre->n);
    return false;
  }
  for (size_t i = 0; i < pre->n; i++) {
    const scale_member *a = &pre->m[i], *b = scale_cluster_find(now, a->id);
    if (!b) {
      snprintf(why, cap, "member %s missing", a->id);
      return false;
    }
    if (strcmp(a->node_id, b->node_id) != 0 || a->ip != b->ip || strcmp(a->status, b->status) != 0) {
      snprintf(why, cap, "member %s differs", a->id);
      return false;
    }
  }
  bool template_ok = strcmp(pre->template_id, now->template_id) == 0 &&
                     (now->template_id[0] == '\0' || scale_cluster_template(now) != NULL);
  if (FF_BUG("scale.template1_accepted") && strcmp(now->template_id, "template-1") == 0) template_ok = true;
  if (!template_ok) {
    snprintf(why, cap, "template %s not restored", now->template_id);
    return false;
  }
  if (now->has_policy && scale_policy_validate(&now->policy) != SCALE_OK) {
    snprintf(why, cap, "policy invalid");
    return false;
  }
  return true;
}
