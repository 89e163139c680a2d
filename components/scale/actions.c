/* scale: the phase actions (process_scaling_phase, §5.3): one step per call,
 * timeouts first. Validation counts and de-duplicates ids; planning re-reads
 * the membership (no underflow, checked products); allocation checks the
 * capacity model and allocates the new ids and IPs once; preparation takes the
 * snapshot; configuring applies every change to a copy and commits it whole
 * (the only membership mutation); verification checks what it claims;
 * finalizing records the policy's scale time. */
#include <stdio.h>
#include <string.h>

#include "formfuzz/bug.h"
#include "formfuzz/fault.h"
#include "scale.h"

const scale_resources scale_capacity = {.cores = 32, .memory_mb = 131072, .storage_gb = 1024, .bandwidth_mbps = 10000};
const scale_resources scale_instance_estimate = {.cores = 2, .memory_mb = 4096, .storage_gb = 50, .bandwidth_mbps = 1000};

static bool has_duplicates(const scale_operation *op) {
  for (size_t i = 0; i < op->nids; i++)
    for (size_t j = i + 1; j < op->nids; j++)
      if (strcmp(op->ids[i], op->ids[j]) == 0) return true;
  return false;
}

/* Every named id is a member and not the template. */
static bool ids_removable(const scale_cluster *c, const scale_operation *op, char *why, size_t cap) {
  for (size_t i = 0; i < op->nids; i++) {
    if (!scale_cluster_find(c, op->ids[i])) {
      snprintf(why, cap, "instance %s does not exist", op->ids[i]);
      return false;
    }
    if (strcmp(op->ids[i], c->template_id) == 0) {
      snprintf(why, cap, "instance %s is the template", op->ids[i]);
      return false;
    }
  }
  return true;
}

scale_err scale_validate_operation(const scale_cluster *c, const scale_operation *op, int64_t now, char *why,
                                   size_t cap) {
  if (!c->has_policy) {
    snprintf(why, cap, "no scaling policy");
    return SCALE_ERR_NO_POLICY;
  }
  const scale_policy *p = &c->policy;
  uint32_t n = (uint32_t)c->n, t = op->target_instances;
  if (op->nids > SCALE_MAX_IDS) return SCALE_ERR_INVALID;
  switch (op->kind) {
  case SCALE_OP_OUT:
    if (t > p->max_instances || t < p->min_instances || t <= n) {
      snprintf(why, cap, "target %u outside (%u, max %u]", t, n, p->max_instances);
      return SCALE_ERR_INVALID;
    }
    if (!scale_cluster_template(c)) {
      snprintf(why, cap, "no template instance to clone");
      return SCALE_ERR_INVALID;
    }
    if (scale_policy_in_cooldown(p->last_scale_out_time, p->scale_out_cooldown_seconds, now)) {
      snprintf(why, cap, "scale-out cooldown");
      return SCALE_ERR_INVALID;
    }
    return SCALE_OK;
  case SCALE_OP_IN:
    if (t < p->min_instances || t > p->max_instances || t >= n) {
      snprintf(why, cap, "target %u outside [min %u, max %u] or not below %u", t, p->min_instances,
               p->max_instances, n);
      return SCALE_ERR_INVALID;
    }
    if (op->has_ids) {
      if (!ids_removable(c, op, why, cap)) return SCALE_ERR_INVALID;
      if (!FF_BUG("scale.scalein_ids_unchecked")) {
        if (has_duplicates(op)) {
          snprintf(why, cap, "duplicate instance ids");
          return SCALE_ERR_INVALID;
        }
        if (op->nids != n - t) {
          snprintf(why, cap, "%zu ids for %u removals", op->nids, n - t);
          return SCALE_ERR_INVALID;
        }
      }
    }
    if (scale_policy_in_cooldown(p->last_scale_in_time, p->scale_in_cooldown_seconds, now)) {
      snprintf(why, cap, "scale-in cooldown");
      return SCALE_ERR_INVALID;
    }
    return SCALE_OK;
  case SCALE_OP_REPLACE:
    if (!scale_cluster_template(c)) {
      snprintf(why, cap, "no template instance");
      return SCALE_ERR_INVALID;
    }
    if (has_duplicates(op)) {
      snprintf(why, cap, "duplicate instance ids");
      return SCALE_ERR_INVALID;
    }
    return ids_removable(c, op, why, cap) ? SCALE_OK : SCALE_ERR_INVALID;
  }
  return SCALE_ERR_INVALID;
}

uint32_t scale_expected_count(const scale_phase *ph) {
  if (ph->op.kind == SCALE_OP_REPLACE) return ph->has_snapshot ? (uint32_t)ph->snapshot.n : ph->plan.current;
  return ph->op.target_instances;
}

static bool mul_add(uint64_t *acc, uint64_t a, uint64_t b) {
  uint64_t p;
  if (__builtin_mul_overflow(a, b, &p)) return false;
  return !__builtin_add_overflow(*acc, p, acc);
}

static scale_err plan(const scale_cluster *c, const scale_phase *ph, scale_plan *out, char *why, size_t cap) {
  const scale_operation *op = &ph->op;
  uint32_t n = (uint32_t)c->n, t = op->target_instances;
  memset(out, 0, sizeof *out);
  out->current = n;
  out->per_instance = scale_instance_estimate;
  switch (op->kind) {
  case SCALE_OP_OUT:
    if (t <= n && !FF_BUG("scale.to_add_underflow")) {
      snprintf(why, cap, "membership changed: %u members for target %u", n, t);
      return SCALE_ERR_FAILED;
    }
    out->to_add = t - n; /* the replica wraps here */
    break;
  case SCALE_OP_IN:
    if (t >= n) {
      snprintf(why, cap, "membership changed: %u members for target %u", n, t);
      return SCALE_ERR_FAILED;
    }
    out->to_remove = n - t;
    if (op->has_ids && op->nids != out->to_remove && !FF_BUG("scale.scalein_ids_unchecked")) {
      snprintf(why, cap, "%zu ids for %u removals", op->nids, out->to_remove);
      return SCALE_ERR_FAILED;
    }
    return SCALE_OK;
  case SCALE_OP_REPLACE: out->to_add = (uint32_t)op->nids; break;
  }
  const scale_resources *r = &out->per_instance;
  if (!mul_add(&out->total.cores, r->cores, out->to_add) || !mul_add(&out->total.memory_mb, r->memory_mb, out->to_add) ||
      !mul_add(&out->total.storage_gb, r->storage_gb, out->to_add) ||
      !mul_add(&out->total.bandwidth_mbps, r->bandwidth_mbps, out->to_add)) {
    snprintf(why, cap, "resource estimate overflows");
    return SCALE_ERR_OVERFLOW;
  }
  return SCALE_OK;
}

static bool fits(const scale_resources *need) {
  return need->cores <= scale_capacity.cores && need->memory_mb <= scale_capacity.memory_mb &&
         need->storage_gb <= scale_capacity.storage_gb && need->bandwidth_mbps <= scale_capacity.bandwidth_mbps;
}

static bool picked(char ids[][SCALE_ID_MAX], size_t k, const char *id) {
  for (size_t i = 0; i < k; i++)
    if (strcmp(ids[i], id) == 0) return true;
  return false;
}

/* The lowest free host address of the template's /24 not yet taken. */
static bool free_ip(const scale_cluster *c, uint32_t base, const uint32_t *taken, size_t k, uint32_t *ip) {
  for (uint32_t h = 1; h <= 254; h++) {
    uint32_t cand = (base & 0xffffff00u) | h;
    bool used = scale_cluster_ip_used(c, cand);
    for (size_t i = 0; i < k && !used; i++) used = taken[i] == cand;
    if (!used) {
      *ip = cand;
      return true;
    }
  }
  return false;
}

static scale_err allocate(scale_system *s, char *why, size_t cap, int64_t now) {
  const scale_cluster *c = &s->cluster;
  scale_phase *ph = &s->manager.cur;
  const scale_plan *pl = &ph->plan;
  if (!fits(&pl->total)) {
    snprintf(why, cap, "plan needs %llu cores, capacity %llu", (unsigned long long)pl->total.cores,
             (unsigned long long)scale_capacity.cores);
    return SCALE_ERR_RESOURCES;
  }
  char ids[SCALE_MAX_IDS][SCALE_ID_MAX], old[SCALE_MAX_IDS][SCALE_ID_MAX];
  uint32_t ips[SCALE_MAX_IDS];
  size_t nnew = 0, nold = 0;
  const scale_member *tpl = scale_cluster_template(c);
  uint64_t seq = c->next_instance_seq;
  if (ph->op.kind == SCALE_OP_IN) {
    nold = pl->to_remove;
    if (nold > SCALE_MAX_IDS) return SCALE_ERR_FULL;
    if (ph->op.has_ids) {
      for (size_t i = 0; i < ph->op.nids && i < SCALE_MAX_IDS; i++) memcpy(old[i], ph->op.ids[i], SCALE_ID_MAX);
      nold = ph->op.nids;
    } else if (!scale_select_to_remove(c, nold, old)) {
      snprintf(why, cap, "fewer than %zu removable members", nold);
      return SCALE_ERR_FAILED;
    }
  } else {
    if (!tpl) {
      snprintf(why, cap, "template %s missing", c->template_id);
      return SCALE_ERR_FAILED;
    }
    if (pl->to_add > SCALE_MAX_IDS || c->n + pl->to_add > SCALE_MAX_MEMBERS) return SCALE_ERR_FULL;
    for (size_t i = 0; i < pl->to_add; i++) {
      const char *stem = ph->op.kind == SCALE_OP_OUT ? tpl->id : ph->op.ids[i];
      const char *what = ph->op.kind == SCALE_OP_OUT ? "clone" : "replacement";
      int len;
      do /* ids are never reused: skip any that exists or was just picked */
        len = snprintf(ids[i], SCALE_ID_MAX, "%s-%s-%llu", stem, what, (unsigned long long)++seq);
      while (len < SCALE_ID_MAX && (scale_cluster_find(c, ids[i]) || picked(ids, i, ids[i])));
      if (len >= SCALE_ID_MAX) {
        snprintf(why, cap, "instance id for %s too long", stem);
        return SCALE_ERR_FAILED;
      }
      if (ph->op.kind == SCALE_OP_REPLACE) {
        memcpy(old[i], ph->op.ids[i], SCALE_ID_MAX);
        const scale_member *was = scale_cluster_find(c, old[i]);
        if (!was) {
          snprintf(why, cap, "instance %s left the cluster", old[i]);
          return SCALE_ERR_FAILED;
        }
        ips[i] = was->ip; /* a replacement keeps the address */
      } else if (!free_ip(c, tpl->ip, ips, i, &ips[i])) {
        snprintf(why, cap, "no free address in the template's /24");
        return SCALE_ERR_FULL;
      }
      nnew++;
    }
    nold = ph->op.kind == SCALE_OP_REPLACE ? nnew : 0;
  }
  scale_err e = scale_to_preparing(&s->manager, nnew, ids, ips, nold, old, now);
  if (e == SCALE_OK) s->cluster.next_instance_seq = seq; /* reserved now: never handed out again */
  return e;
}

static scale_err prepare(scale_system *s, char *why, size_t cap, int64_t now) {
  const scale_cluster *c = &s->cluster;
  const scale_phase *ph = &s->manager.cur;
  if (ph->op.kind != SCALE_OP_IN && !scale_cluster_template(c)) {
    snprintf(why, cap, "template missing");
    return SCALE_ERR_FAILED;
  }
  for (size_t i = 0; i < ph->nnew; i++)
    if (scale_cluster_find(c, ph->new_ids[i])) {
      snprintf(why, cap, "new id %s already exists", ph->new_ids[i]);
      return SCALE_ERR_FAILED;
    }
  for (size_t i = 0; i < ph->nold; i++)
    if (!scale_cluster_find(c, ph->old_ids[i]) || strcmp(ph->old_ids[i], c->template_id) == 0) {
      snprintf(why, cap, "instance %s missing or the template", ph->old_ids[i]);
      return SCALE_ERR_FAILED;
    }
  if (ph->op.kind == SCALE_OP_OUT)
    for (size_t i = 0; i < ph->nnew; i++)
      if (scale_cluster_ip_used(c, ph->new_ips[i])) {
        snprintf(why, cap, "address of %s taken", ph->new_ids[i]);
        return SCALE_ERR_FAILED;
      }
  return scale_to_configuring(&s->manager, c, now);
}

/* The member a new instance becomes: the template's node, its allocated id and IP. */
static scale_member new_member(const scale_cluster *c, const scale_phase *ph, size_t i, int64_t now) {
  const scale_member *tpl = scale_cluster_template(c);
  scale_member m;
  memset(&m, 0, sizeof m);
  memcpy(m.node_id, tpl ? tpl->node_id : "", tpl ? SCALE_ID_MAX : 1);
  memcpy(m.id, ph->new_ids[i], SCALE_ID_MAX);
  m.ip = ph->new_ips[i];
  if (FF_BUG("scale.inst_id_collision")) /* ids re-derived, not the allocated ones */
    snprintf(m.id, sizeof m.id, "inst-%s-%zu", c->template_id, i);
  if (FF_BUG("scale.ip_octet_wrap") && tpl && ph->op.kind == SCALE_OP_OUT)
    m.ip = (tpl->ip & 0xffffff00u) | (uint8_t)((tpl->ip & 0xff) + i + 1);
  strcpy(m.status, "starting");
  m.last_heartbeat = now;
  return m;
}

/* Applies the operation to c (a copy, or in place with the replica). */
static scale_err apply(scale_cluster *c, const scale_phase *ph, int64_t now, char *why, size_t cap) {
  scale_cluster before = *c; /* the template's fields, read while adding */
  for (size_t i = 0; i < ph->nold; i++) {
    if (ff_fault("scale.configure") || scale_cluster_remove(c, ph->old_ids[i]) != SCALE_OK) {
      snprintf(why, cap, "removing %s failed", ph->old_ids[i]);
      return SCALE_ERR_FAILED;
    }
  }
  for (size_t i = 0; i < ph->nnew; i++) {
    scale_member m = new_member(&before, ph, i, now);
    bool taken = scale_cluster_ip_used(c, m.ip) && !FF_BUG("scale.ip_octet_wrap"); /* no check in the real code */
    if (ff_fault("scale.configure") || taken || scale_cluster_add(c, &m) != SCALE_OK) {
      snprintf(why, cap, "adding %s failed", m.id);
      return SCALE_ERR_FAILED;
    }
  }
  if (c->n != scale_expected_count(ph)) {
    snprintf(why, cap, "%zu members after configuring, expected %u", c->n, scale_expected_count(ph));
    return SCALE_ERR_FAILED;
  }
  return SCALE_OK;
}

static scale_err configure(scale_system *s, char *why, size_t cap, int64_t now) {
  const scale_phase *ph = &s->manager.cur;
  scale_err e;
  if (FF_BUG("scale.configure_not_atomic")) { /* members changed before the error stay changed */
    e = apply(&s->cluster, ph, now, why, cap);
  } else {
    scale_cluster next = s->cluster;
    e = apply(&next, ph, now, why, cap);
    if (e == SCALE_OK) s->cluster = next;
  }
  return e == SCALE_OK ? scale_to_verifying(&s->manager, now) : e;
}

static bool default_health(void *ctx, const scale_member *m) {
  (void)ctx;
  return strcmp(m->status, "running") == 0 || strcmp(m->status, "starting") == 0;
}

static scale_err verify(scale_system *s, scale_health_fn health, void *ctx, char *why, size_t cap, int64_t now) {
  const scale_cluster *c = &s->cluster;
  scale_manager *m = &s->manager;
  const scale_phase *ph = &m->cur;
  uint32_t want = scale_expected_count(ph);
  uint32_t have = (uint32_t)c->n;
  if (FF_BUG("scale.replace_verify_tautology") && ph->op.kind == SCALE_OP_REPLACE) have = want; /* len vs len */
  bool count_ok = have == want;
  bool template_ok = c->template_id[0] == '\0' || scale_cluster_template(c) != NULL;
  bool old_gone = true, new_healthy = true;
  for (size_t i = 0; i < ph->nold; i++) old_gone = old_gone && !scale_cluster_find(c, ph->old_ids[i]);
  for (size_t i = 0; i < ph->nnew; i++) {
    const scale_member *nm = scale_cluster_find(c, ph->new_ids[i]);
    new_healthy = new_healthy && nm && (health ? health(ctx, nm) : default_health(NULL, nm));
  }
  char detail[SCALE_REASON_MAX];
  bool addresses_ok = scale_cluster_consistent(c, detail, sizeof detail);
  scale_add_verification_result(m, "member_count", count_ok);
  scale_add_verification_result(m, "template_present", template_ok);
  scale_add_verification_result(m, "old_instances_removed", old_gone);
  scale_add_verification_result(m, "new_instances_healthy", new_healthy);
  scale_add_verification_result(m, "ids_and_addresses", addresses_ok);
  if (scale_to_finalizing(m, 3, now) == SCALE_OK) return SCALE_OK;
  snprintf(why, cap, "%s", !count_ok ? "member count differs from the target"
                           : !template_ok ? "template missing"
                           : !old_gone ? "removed instances still present"
                           : !new_healthy ? "a new instance is not healthy"
                                          : detail);
  return SCALE_ERR_FAILED;
}

static scale_err finalize(scale_system *s, char *why, size_t cap, int64_t now) {
  const scale_phase *ph = &s->manager.cur;
  if (s->cluster.n != scale_expected_count(ph) || !scale_cluster_template(&s->cluster)) {
    snprintf(why, cap, "membership changed since verification");
    return SCALE_ERR_FAILED;
  }
  if (ph->op.kind == SCALE_OP_OUT) s->cluster.policy.last_scale_out_time = now;
  if (ph->op.kind == SCALE_OP_IN) s->cluster.policy.last_scale_in_time = now;
  return scale_complete(&s->manager, now);
}

static const char *const error_types[SCALE_NONTERMINAL] = {
    "RequestFailed",       "ValidationFailed",    "PlanningFailed",     "AllocationFailed",
    "PreparationFailed",   "ConfigurationFailed", "VerificationFailed", "FinalizationFailed"};

scale_step_result scale_step(scale_system *s, int64_t now, scale_health_fn health, void *health_ctx) {
  scale_manager *m = &s->manager;
  if (!scale_manager_busy(m)) return SCALE_STEP_IDLE;
  if (scale_check_timeouts(m, now)) return SCALE_STEP_TIMED_OUT;
  scale_phase_kind at = m->cur.kind;
  char why[SCALE_REASON_MAX] = "";
  scale_err e = SCALE_OK;
  switch (at) {
  case SCALE_PH_REQUESTED: e = scale_to_validating(m, now); break;
  case SCALE_PH_VALIDATING:
    e = scale_validate_operation(&s->cluster, &m->cur.op, now, why, sizeof why);
    if (e == SCALE_OK) {
      scale_plan pre = {.current = (uint32_t)s->cluster.n};
      e = scale_to_planning(m, &pre, now);
    }
    break;
  case SCALE_PH_PLANNING: {
    scale_plan p;
    e = plan(&s->cluster, &m->cur, &p, why, sizeof why);
    if (e == SCALE_OK) {
      m->cur.plan = p;
      e = scale_to_allocating(m, now);
    }
    break;
  }
  case SCALE_PH_ALLOCATING: e = allocate(s, why, sizeof why, now); break;
  case SCALE_PH_PREPARING: e = prepare(s, why, sizeof why, now); break;
  case SCALE_PH_CONFIGURING: e = configure(s, why, sizeof why, now); break;
  case SCALE_PH_VERIFYING: e = verify(s, health, health_ctx, why, sizeof why, now); break;
  case SCALE_PH_FINALIZING: e = finalize(s, why, sizeof why, now); break;
  default: return SCALE_STEP_IDLE;
  }
  if (e != SCALE_OK) {
    if (!why[0]) snprintf(why, sizeof why, "%s", scale_err_name(e));
    scale_fail(m, error_types[at], why, now);
    return SCALE_STEP_FAILED;
  }
  return m->cur.kind == SCALE_PH_COMPLETED ? SCALE_STEP_COMPLETED : SCALE_STEP_ADVANCED;
}
