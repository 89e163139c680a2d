/* scale_operations: sequences of requests, phase steps, direct manager calls,
 * external membership changes, health checks, rollbacks, policy readings and
 * clock ticks against the phase machine (§5.3). Oracles (§5.4):
 *   scale.final_phase       the record's final phase is always the current one;
 *   scale.one_active        at most one non-terminal operation (start refused
 *                           with ConcurrentOperation while one runs);
 *   scale.op_ids            operation ids are unique;
 *   scale.transition_table  a direct call is accepted iff the table allows it:
 *                           Completed only from Finalizing, Finalizing only from
 *                           Verifying with passing results, results only in
 *                           Verifying, fail/cancel only while running;
 *   scale.phase_chain       Completed => the history is the whole chain
 *                           Requested -> ... -> Finalizing -> Completed;
 *   scale.validation        an operation past Validating was valid (ids exist,
 *                           not the template, no duplicates, count = n - target);
 *   scale.no_wrap           the plan: current + to_add = target, no wrap;
 *   scale.ids_as_allocated  Configuring adds exactly the allocated ids and IPs
 *                           and removes exactly the chosen ones;
 *   scale.consistent        ids and IPs unique, IPs hosts of the template's /24;
 *   scale.atomic            a failed phase action leaves the cluster unchanged;
 *   scale.verify_sound      passing verification => the count, removals and
 *                           additions hold;
 *   scale.completed_state   Completed => |members| = target in [min, max]
 *                           (Replace: the count before), template kept;
 *   scale.timeout           a step times out iff now - start > the phase's limit;
 *   scale.rollback          rollback restores the snapshot; a second is a no-op;
 *   scale.policy            the policy decision (§5.4 #6), on the readings. */
#include <string.h>

#include "formfuzz/oracle.h"
#include "formfuzz/prop.h"
#include "gen.h"

#define ACTIONS 48

static bool chain_complete(const scale_op_record *r) {
  if (r->nphases != SCALE_NONTERMINAL + 1) return false;
  for (size_t i = 0; i <= SCALE_NONTERMINAL; i++)
    if (r->phases[i].kind != (scale_phase_kind)i) return false;
  return true;
}

/* What a step's oracles read of the state before it (not the whole system:
 * copying the history on every step would dominate the run time). */
typedef struct before_step {
  scale_cluster cluster;
  scale_phase cur;
  bool busy, has_timeout;
  uint32_t limit;
} before_step;

static void remember(before_step *b, const scale_system *s) {
  b->cluster = s->cluster;
  b->cur = s->manager.cur;
  b->busy = scale_manager_busy(&s->manager);
  b->has_timeout = b->busy && s->manager.has_timeout[b->cur.kind];
  b->limit = b->busy ? s->manager.timeout_s[b->cur.kind] : 0;
}

static void check_step(const before_step *before, const scale_system *s, scale_step_result res, int64_t now) {
  const scale_phase *was = &before->cur, *ph = &s->manager.cur;
  const scale_cluster *c0 = &before->cluster, *c = &s->cluster;
  bool due = before->busy && before->has_timeout && now > was->started_at &&
             (uint64_t)(now - was->started_at) > before->limit;
  FF_INVARIANT(due == (res == SCALE_STEP_TIMED_OUT), "scale.timeout", "%s started %lld, now %lld, limit %u: %d",
               scale_phase_name(was->kind), (long long)was->started_at, (long long)now, before->limit, (int)res);
  char why[SCALE_REASON_MAX];
  if (res == SCALE_STEP_FAILED || res == SCALE_STEP_TIMED_OUT) {
    FF_INVARIANT(scale_cluster_same_members(c0, c, false), "scale.atomic", "%s failed (%s) and changed the cluster",
                 scale_phase_name(was->kind), ph->reason);
    return;
  }
  if (res != SCALE_STEP_ADVANCED && res != SCALE_STEP_COMPLETED) return;
  FF_INVARIANT(scale_cluster_consistent(c, why, sizeof why), "scale.consistent", "after %s: %s",
               scale_phase_name(was->kind), why);
  switch (was->kind) {
  case SCALE_PH_VALIDATING:
    FF_INVARIANT(scale_ref_valid(c0, &was->op, now), "scale.validation", "op kind %d target %u with %zu ids passed",
                 (int)was->op.kind, was->op.target_instances, was->op.nids);
    break;
  case SCALE_PH_PLANNING:
    if (ph->op.kind == SCALE_OP_OUT)
      FF_INVARIANT((uint64_t)ph->plan.current + ph->plan.to_add == ph->op.target_instances &&
                       ph->plan.to_add <= c->policy.max_instances,
                   "scale.no_wrap", "plan: %u members + %u to add for target %u", ph->plan.current, ph->plan.to_add,
                   ph->op.target_instances);
    FF_INVARIANT(ph->plan.total.cores == ph->plan.per_instance.cores * ph->plan.to_add, "scale.no_wrap",
                 "plan total %llu cores", (unsigned long long)ph->plan.total.cores);
    break;
  case SCALE_PH_CONFIGURING: {
    size_t added = 0, removed = 0;
    for (size_t i = 0; i < c->n; i++)
      if (!scale_cluster_find(c0, c->m[i].id)) added++;
    for (size_t i = 0; i < c0->n; i++)
      if (!scale_cluster_find(c, c0->m[i].id)) removed++;
    FF_INVARIANT(added == was->nnew && removed == was->nold, "scale.ids_as_allocated", "added %zu of %zu, removed %zu of %zu",
                 added, was->nnew, removed, was->nold);
    for (size_t i = 0; i < was->nnew; i++) {
      const scale_member *m = scale_cluster_find(c, was->new_ids[i]);
      FF_INVARIANT(m && m->ip == was->new_ips[i], "scale.ids_as_allocated", "allocated %s not added as allocated",
                   was->new_ids[i]);
    }
    for (size_t i = 0; i < was->nold; i++)
      FF_INVARIANT(!scale_cluster_find(c, was->old_ids[i]), "scale.ids_as_allocated", "%s not removed", was->old_ids[i]);
    break;
  }
  case SCALE_PH_VERIFYING: {
    FF_INVARIANT(c->n == scale_expected_count(was), "scale.verify_sound", "verified with %zu members, expected %u", c->n,
                 scale_expected_count(was));
    for (size_t i = 0; i < was->nold; i++)
      FF_INVARIANT(!scale_cluster_find(c, was->old_ids[i]), "scale.verify_sound", "verified with %s present",
                   was->old_ids[i]);
    for (size_t i = 0; i < was->nnew; i++)
      FF_INVARIANT(scale_cluster_find(c, was->new_ids[i]) != NULL, "scale.verify_sound", "verified without %s",
                   was->new_ids[i]);
    break;
  }
  default: break;
  }
  if (res == SCALE_STEP_COMPLETED) {
    const scale_op_record *r = scale_manager_record_c(&s->manager);
    FF_INVARIANT(chain_complete(r), "scale.phase_chain", "completed %s with %zu phases recorded", r->id, r->nphases);
    FF_INVARIANT(r->successful && r->ended_at == now, "scale.phase_chain", "completed but not ended successfully");
    uint32_t want = scale_expected_count(ph);
    FF_INVARIANT(c->n == want && (ph->op.kind == SCALE_OP_REPLACE ||
                                  (want >= c->policy.min_instances && want <= c->policy.max_instances)),
                 "scale.completed_state", "completed with %zu members, target %u", c->n, want);
    FF_INVARIANT(scale_cluster_template(c) != NULL, "scale.completed_state", "template %s gone", c->template_id);
  }
}

/* A direct call of one table method; accepted iff the table allows it. */
static void direct_call(ff_input *in, scale_system *s, int64_t now) {
  scale_manager *m = &s->manager;
  bool active = m->active, running = scale_manager_busy(m);
  scale_phase_kind k = m->cur.kind;
  size_t nresults = m->cur.nresults;
  bool results_pass = m->cur.nresults > 0;
  for (size_t i = 0; i < m->cur.nresults; i++) results_pass = results_pass && m->cur.results[i].passed;
  scale_err e;
  bool allowed;
  const char *what;
  switch (ff_choose(in, 6)) {
  case 0:
    what = "complete";
    e = scale_complete(m, now);
    allowed = active && k == SCALE_PH_FINALIZING;
    break;
  case 1:
    what = "to_finalizing";
    e = scale_to_finalizing(m, 1, now);
    allowed = active && k == SCALE_PH_VERIFYING && results_pass;
    break;
  case 2:
    what = "add_verification_result";
    e = scale_add_verification_result(m, "probe", ff_bool(in));
    allowed = active && k == SCALE_PH_VERIFYING && nresults < SCALE_MAX_RESULTS;
    break;
  case 3:
    what = "fail";
    e = scale_fail(m, "Injected", "by the fuzzer", now);
    allowed = running;
    break;
  case 4:
    what = "cancel";
    e = scale_cancel(m, "by the fuzzer", now);
    allowed = running;
    break;
  default:
    what = "to_validating";
    e = scale_to_validating(m, now);
    allowed = active && k == SCALE_PH_REQUESTED;
    break;
  }
  FF_INVARIANT((e == SCALE_OK) == allowed, "scale.transition_table", "%s from %s: %s", what,
               active ? scale_phase_name(k) : "none", scale_err_name(e));
}

static void rollback_twice(scale_system *s, int64_t now) {
  scale_manager *m = &s->manager;
  bool can = m->active && (m->cur.kind == SCALE_PH_FAILED || m->cur.kind == SCALE_PH_CANCELED);
  bool first = can && !scale_manager_record(m)->rolled_back;
  scale_err e = scale_rollback(s, now);
  FF_INVARIANT((e == SCALE_OK) == can, "scale.rollback", "rollback from %s: %s",
               m->active ? scale_phase_name(m->cur.kind) : "none", scale_err_name(e));
  if (!can) return;
  if (first && m->cur.has_snapshot)
    FF_INVARIANT(scale_cluster_same_members(&m->cur.snapshot, &s->cluster, true), "scale.rollback",
                 "after rollback %zu members, snapshot had %zu", s->cluster.n, m->cur.snapshot.n);
  scale_cluster once = s->cluster;
  scale_rollback(s, now);
  FF_INVARIANT(scale_cluster_same_members(&once, &s->cluster, false), "scale.rollback", "a second rollback changed the cluster");
}

FF_PROPERTY(scale_operations) {
  static scale_system s;
  static before_step before;
  int64_t now = SCALE_GEN_T0;
  memset(&s, 0, sizeof s);
  scale_gen_cluster(in, &s.cluster, now);
  scale_manager_init(&s.manager);
  if (ff_bool(in)) scale_manager_set_all_timeouts(&s.manager, (uint32_t)ff_range(in, 0, 400));
  for (int step = 0; step < ACTIONS && ff_more(in); step++) {
    static const unsigned weights[] = {8, 3, 3, 2, 2, 2, 1, 2, 1};
    switch (ff_weighted(in, weights, FF_COUNT_OF(weights))) {
    case 0: { /* one phase step, a little later */
      now += (int64_t)ff_range(in, 0, 3) * (int64_t)ff_range(in, 0, 200);
      remember(&before, &s);
      scale_step_result r = scale_step(&s, now, NULL, NULL);
      check_step(&before, &s, r, now);
      break;
    }
    case 1: { /* a request */
      scale_operation op;
      scale_gen_operation(in, &s.cluster, &op);
      bool busy = scale_manager_busy(&s.manager);
      scale_err e = scale_start(&s.manager, &op, now);
      FF_INVARIANT(busy ? e == SCALE_ERR_CONCURRENT : e == SCALE_OK, "scale.one_active", "start while %s: %s",
                   busy ? "running" : "idle", scale_err_name(e));
      break;
    }
    case 2: now += (int64_t)ff_range(in, 0, 700); break; /* the clock */
    case 3: scale_gen_external(in, &s.cluster, now); break;
    case 4: direct_call(in, &s, now); break;
    case 5: rollback_twice(&s, now); break;
    case 6: { /* a health check */
      remember(&before, &s);
      scale_health_result h = scale_health_check(&s, now);
      if (h == SCALE_HEALTH_TIMEOUT_ROLLED_BACK || h == SCALE_HEALTH_FAILED_ROLLED_BACK) {
        FF_INVARIANT(s.manager.cur.kind == SCALE_PH_FAILED, "scale.rollback", "health check left %s",
                     scale_phase_name(s.manager.cur.kind));
        if (s.manager.cur.has_snapshot)
          FF_INVARIANT(scale_cluster_same_members(&s.manager.cur.snapshot, &s.cluster, true), "scale.rollback",
                       "health rollback did not restore the snapshot");
      }
      if (h == SCALE_HEALTH_ALREADY_COMPLETED || h == SCALE_HEALTH_NO_OPERATION)
        FF_INVARIANT(memcmp(&before.cluster, &s.cluster, sizeof s.cluster) == 0, "scale.timeout",
                     "a terminal operation timed out or changed the cluster");
      break;
    }
    case 7: { /* a policy reading on this cluster and on a generated policy */
      uint32_t cpu = (uint32_t)ff_range(in, 0, 100);
      scale_check_policy(&s.cluster.policy, (uint32_t)s.cluster.n, cpu, now);
      scale_policy p;
      scale_gen_policy(in, &p);
      p.last_scale_out_time = ff_bool(in) ? now - (int64_t)ff_range(in, 0, 700) : 0;
      p.last_scale_in_time = ff_bool(in) ? now - (int64_t)ff_range(in, 0, 700) : 0;
      scale_check_policy(&p, (uint32_t)ff_range(in, 0, 14), cpu, now);
      break;
    }
    default: { /* drive the running operation to its end */
      for (int k = 0; k < 10 && scale_manager_busy(&s.manager); k++) {
        now += 1;
        remember(&before, &s);
        scale_step_result r = scale_step(&s, now, NULL, NULL);
        check_step(&before, &s, r, now);
      }
      break;
    }
    }
    scale_check_manager(&s.manager);
  }
}
