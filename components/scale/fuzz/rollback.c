/* scale_rollback: one operation with a fault injected in a phase action (the
 * input's fault plan fails "scale.configure" member by member, or the
 * operation is failed, canceled, timed out or failed by a health check at a
 * phase the input picks), while other controllers delete, add and heartbeat
 * members; then rollback, twice. Oracles (§5.4 #1, #4):
 *   scale.atomic        the failing action left the cluster as it was;
 *   scale.snapshot      the snapshot is the cluster as it was entering Configuring;
 *   scale.rollback      afterwards the cluster equals the snapshot (members
 *                       deleted during the op re-added, added ones gone; only
 *                       newer heartbeats allowed), or, without a snapshot, the
 *                       cluster the op never touched;
 *   scale.idempotent    a second rollback changes nothing (a member that joined
 *                       after the first stays);
 *   scale.restore_check verify_state_restoration accepts the restored cluster
 *                       and refuses it bent (a member dropped, an address or
 *                       status changed, the template id pointed elsewhere). */
#include <stdio.h>
#include <string.h>

#include "formfuzz/fault.h"
#include "formfuzz/oracle.h"
#include "formfuzz/prop.h"
#include "gen.h"

/* The reference of verify_state_restoration. */
static bool ref_restored(const scale_cluster *pre, const scale_cluster *now) {
  if (pre->n != now->n || strcmp(pre->template_id, now->template_id) != 0) return false;
  for (size_t i = 0; i < pre->n; i++) {
    const scale_member *b = scale_cluster_find(now, pre->m[i].id);
    if (!b || strcmp(b->node_id, pre->m[i].node_id) != 0 || b->ip != pre->m[i].ip ||
        strcmp(b->status, pre->m[i].status) != 0)
      return false;
  }
  return now->template_id[0] == '\0' || scale_cluster_template(now) != NULL;
}

static void bend(ff_input *in, scale_cluster *c) {
  if (c->n == 0) return;
  scale_member *m = &c->m[ff_choose(in, c->n)];
  switch (ff_choose(in, 4)) {
  case 0: {
    char id[SCALE_ID_MAX];
    memcpy(id, m->id, SCALE_ID_MAX);
    scale_cluster_remove(c, id);
    break;
  }
  case 1: m->ip ^= (uint32_t)ff_range(in, 1, 255); break;
  case 2: strcpy(m->status, "stopped"); break;
  default: snprintf(c->template_id, sizeof c->template_id, "%s", FF_PICK(in, scale_gen_templates)); break;
  }
}

/* Another controller: the same change on the cluster and on the shadow. */
static void external(ff_input *in, scale_cluster *c, scale_cluster *shadow, int64_t now) {
  size_t mark = in->pos;
  scale_gen_external(in, c, now);
  size_t end = in->pos;
  in->pos = mark;
  scale_gen_external(in, shadow, now);
  in->pos = end;
}

FF_PROPERTY(scale_rollback) {
  static scale_system s, before;
  static scale_cluster shadow;
  int64_t now = SCALE_GEN_T0;
  memset(&s, 0, sizeof s);
  scale_gen_cluster(in, &s.cluster, now);
  scale_manager_init(&s.manager);
  scale_operation op;
  scale_gen_operation(in, &s.cluster, &op);
  if (op.kind == SCALE_OP_IN && ff_bool(in)) op.has_ids = false, op.nids = 0;
  scale_phase_kind fail_at = (scale_phase_kind)ff_choose(in, SCALE_NONTERMINAL + 1); /* 8: none */
  unsigned how = (unsigned)ff_choose(in, 4);
  size_t tail_len = 0;
  const uint8_t *tail = NULL;
  ff_fault_plan plan;
  ff_fault_plan_init(&plan);
  if (ff_bool(in)) {
    tail_len = ff_range(in, 0, 4);
    tail = ff_bytes_view(in, tail_len, &tail_len);
    ff_fault_plan_use_input(&plan, tail, tail_len, 2, "scale.configure");
  }
  ff_fault_plan *prev = ff_fault_plan_install(&plan);
  shadow = s.cluster;
  scale_start(&s.manager, &op, now);
  for (int k = 0; k < 16 && scale_manager_busy(&s.manager); k++) {
    if (ff_bool(in)) external(in, &s.cluster, &shadow, now);
    scale_phase_kind at = s.manager.cur.kind;
    if (at == fail_at) {
      before = s;
      if (how == 0) scale_fail(&s.manager, "Injected", "fault in the phase action", now);
      else if (how == 1) scale_cancel(&s.manager, "canceled", now);
      else if (how == 2) scale_step(&s, now + 100000, NULL, NULL); /* past every limit */
      else {
        strcpy(s.cluster.template_id, "gone"); /* the template vanished: a phase check fails, or none applies */
        strcpy(shadow.template_id, "gone");
        scale_health_check(&s, now);
      }
      break;
    }
    before = s;
    now += 1;
    scale_step_result r = scale_step(&s, now, NULL, NULL);
    if (r == SCALE_STEP_FAILED)
      FF_INVARIANT(scale_cluster_same_members(&before.cluster, &s.cluster, false), "scale.atomic",
                   "%s failed (%s) and changed the cluster", scale_phase_name(at), s.manager.cur.reason);
    if (at == SCALE_PH_PREPARING && r == SCALE_STEP_ADVANCED)
      FF_INVARIANT(scale_cluster_same_members(&shadow, &s.manager.cur.snapshot, false), "scale.snapshot",
                   "snapshot differs from the cluster entering Configuring");
    if (at == SCALE_PH_CONFIGURING && r == SCALE_STEP_ADVANCED) shadow = s.cluster; /* the op's own change */
  }
  ff_fault_plan_install(prev);
  scale_manager *m = &s.manager;
  if (!m->active || (m->cur.kind != SCALE_PH_FAILED && m->cur.kind != SCALE_PH_CANCELED)) return;
  bool was_rolled = scale_manager_record(m)->rolled_back; /* a health check rolls back itself */
  for (int k = 0; k < 3 && !was_rolled && ff_bool(in); k++) external(in, &s.cluster, &shadow, now);
  FF_INVARIANT(scale_rollback(&s, now) == SCALE_OK, "scale.rollback", "rollback of %s refused",
               scale_phase_name(m->cur.kind));
  if (!was_rolled) {
    if (m->cur.has_snapshot)
      FF_INVARIANT(scale_cluster_same_members(&m->cur.snapshot, &s.cluster, true), "scale.rollback",
                   "after rollback %zu members, snapshot %zu (failed in %s)", s.cluster.n, m->cur.snapshot.n,
                   scale_phase_name(m->cur.failed_in));
    else
      FF_INVARIANT(scale_cluster_same_members(&shadow, &s.cluster, false), "scale.rollback",
                   "an op without a snapshot changed the cluster");
  }
  const scale_cluster *pre = m->cur.has_snapshot ? &m->cur.snapshot : &shadow;
  char why[SCALE_REASON_MAX];
  if (pre->template_id[0] == '\0' || scale_cluster_template(pre))
    FF_INVARIANT(scale_verify_restoration(pre, &s.cluster, why, sizeof why), "scale.restore_check",
                 "restored refused: %s", why);
  scale_cluster bent = s.cluster;
  bend(in, &bent);
  FF_INVARIANT(scale_verify_restoration(pre, &bent, why, sizeof why) == ref_restored(pre, &bent),
               "scale.restore_check", "verdict on a bent cluster (template %s) differs from the reference",
               bent.template_id);
  /* a member joins, then a second rollback: a no-op */
  scale_gen_external(in, &s.cluster, now);
  scale_cluster once = s.cluster;
  scale_rollback(&s, now + 1);
  FF_INVARIANT(scale_cluster_same_members(&once, &s.cluster, false), "scale.idempotent",
               "a second rollback changed the cluster (%zu -> %zu members)", once.n, s.cluster.n);
}
