/* scale generators and shared oracles (see gen.h). */
#include "gen.h"

#include <stdio.h>
#include <string.h>

#include "formfuzz/oracle.h"

const char *const scale_gen_templates[4] = {"template-1", "web", "tpl-a", "api-server"};

void scale_gen_policy(ff_input *in, scale_policy *p) {
  *p = scale_policy_default();
  if (!ff_bool(in)) return;
  p->min_instances = (uint32_t)ff_range(in, 0, 6);
  p->max_instances = (uint32_t)ff_range(in, 0, 12);
  p->target_cpu_utilization = (uint32_t)ff_range(in, 0, 110);
  p->scale_in_cooldown_seconds = (uint32_t)ff_range(in, 0, 600);
  p->scale_out_cooldown_seconds = (uint32_t)ff_range(in, 0, 600);
}

static void add_member(scale_cluster *c, const char *id, uint32_t ip, int64_t hb) {
  scale_member m;
  memset(&m, 0, sizeof m);
  snprintf(m.id, sizeof m.id, "%s", id);
  snprintf(m.node_id, sizeof m.node_id, "node-%zu", c->n % 3);
  m.ip = ip;
  strcpy(m.status, "running");
  m.last_heartbeat = hb;
  scale_cluster_add(c, &m);
}

static bool free_host(const scale_cluster *c, uint32_t base, uint32_t start, uint32_t *ip) {
  for (uint32_t k = 0; k < 254; k++) {
    uint32_t cand = (base & 0xffffff00u) | ((start - 1 + k) % 254 + 1);
    if (!scale_cluster_ip_used(c, cand)) return *ip = cand, true;
  }
  return false;
}

void scale_gen_cluster(ff_input *in, scale_cluster *c, int64_t now) {
  scale_cluster_init(c);
  snprintf(c->template_id, sizeof c->template_id, "%s", FF_PICK(in, scale_gen_templates));
  uint32_t base = 0x0a000000u | (uint32_t)ff_range(in, 0, 3) << 8; /* 10.0.x.0/24 */
  uint32_t host = ff_bool(in) ? 250 + (uint32_t)ff_range(in, 0, 4) : (uint32_t)ff_range(in, 1, 254);
  add_member(c, c->template_id, base | host, now - (int64_t)ff_range(in, 0, 100));
  size_t extra = ff_range(in, 0, 5);
  for (size_t i = 0; i < extra; i++) {
    char id[16];
    uint32_t ip;
    snprintf(id, sizeof id, "m-%u", (unsigned)i);
    if (free_host(c, base, host + 1 + (uint32_t)i, &ip)) add_member(c, id, ip, now - (int64_t)ff_range(in, 0, 100));
  }
  c->session_affinity = ff_bool(in);
  c->has_policy = true;
  scale_gen_policy(in, &c->policy);
  if (scale_policy_validate(&c->policy) != SCALE_OK) c->policy = scale_policy_default();
  c->policy.max_instances += (uint32_t)ff_range(in, 0, 4);
}

void scale_gen_operation(ff_input *in, const scale_cluster *c, scale_operation *op) {
  memset(op, 0, sizeof *op);
  op->kind = (scale_op_kind)ff_choose(in, 3);
  int delta = (int)ff_range(in, 0, 6) - 2;
  int64_t t = (int64_t)c->n + (op->kind == SCALE_OP_IN ? -delta : delta);
  op->target_instances = t < 0 ? 0 : (uint32_t)t;
  if (ff_range(in, 0, 15) == 0) op->target_instances = (uint32_t)ff_u32(in); /* far out of range */
  op->has_ids = op->kind == SCALE_OP_REPLACE || ff_bool(in);
  if (!op->has_ids) return;
  size_t want = op->kind == SCALE_OP_IN && op->target_instances < c->n ? c->n - op->target_instances : 1;
  if (ff_bool(in)) want = ff_range(in, 0, 4);
  for (size_t i = 0; i < want && i < SCALE_MAX_IDS; i++) {
    size_t pick = ff_range(in, 0, 8);
    if (pick == 0 || c->n == 0) snprintf(op->ids[i], SCALE_ID_MAX, "m-%u", (unsigned)ff_range(in, 0, 9));
    else if (pick == 1 && i > 0) memcpy(op->ids[i], op->ids[i - 1], SCALE_ID_MAX); /* a duplicate */
    else memcpy(op->ids[i], c->m[(i + pick) % c->n].id, SCALE_ID_MAX);
    op->nids++;
  }
}

void scale_gen_external(ff_input *in, scale_cluster *c, int64_t now) {
  const scale_member *tpl = scale_cluster_template(c);
  switch (ff_choose(in, 3)) {
  case 0: { /* a member joins */
    char id[16];
    uint32_t ip;
    snprintf(id, sizeof id, "x-%u", (unsigned)ff_range(in, 0, 20));
    if (tpl && !scale_cluster_find(c, id) && free_host(c, tpl->ip, (uint32_t)ff_range(in, 1, 254), &ip))
      add_member(c, id, ip, now);
    break;
  }
  case 1: /* a member leaves */
    if (c->n > 0) {
      const scale_member *m = &c->m[ff_choose(in, c->n)];
      if (strcmp(m->id, c->template_id) != 0) {
        char id[SCALE_ID_MAX];
        memcpy(id, m->id, SCALE_ID_MAX);
        scale_cluster_remove(c, id);
      }
    }
    break;
  default: /* a heartbeat */
    if (c->n > 0) {
      scale_member *m = &c->m[ff_choose(in, c->n)];
      if (now > m->last_heartbeat) m->last_heartbeat = now;
      m->heartbeats_skipped = 0;
    }
    break;
  }
}

bool scale_ref_valid(const scale_cluster *c, const scale_operation *op, int64_t now) {
  const scale_policy *p = &c->policy;
  uint64_t n = c->n, t = op->target_instances;
  bool cooling;
  switch (op->kind) {
  case SCALE_OP_OUT:
    cooling = p->last_scale_out_time != 0 && (now < p->last_scale_out_time ||
                                              (uint64_t)(now - p->last_scale_out_time) < p->scale_out_cooldown_seconds);
    return c->has_policy && t > n && t >= p->min_instances && t <= p->max_instances && scale_cluster_template(c) &&
           !cooling;
  case SCALE_OP_IN:
    cooling = p->last_scale_in_time != 0 && (now < p->last_scale_in_time ||
                                             (uint64_t)(now - p->last_scale_in_time) < p->scale_in_cooldown_seconds);
    if (!c->has_policy || t >= n || t < p->min_instances || t > p->max_instances || cooling) return false;
    break;
  case SCALE_OP_REPLACE:
    if (!scale_cluster_template(c)) return false;
    break;
  }
  if (!op->has_ids) return true;
  if (op->kind == SCALE_OP_IN && op->nids != n - t) return false;
  for (size_t i = 0; i < op->nids; i++) {
    if (!scale_cluster_find(c, op->ids[i]) || strcmp(op->ids[i], c->template_id) == 0) return false;
    for (size_t j = 0; j < i; j++)
      if (strcmp(op->ids[i], op->ids[j]) == 0) return false;
  }
  return true;
}

void scale_check_policy(const scale_policy *p, uint32_t n, uint32_t cpu, int64_t now) {
  bool valid = scale_policy_validate(p) == SCALE_OK;
  bool ref_valid = p->min_instances <= p->max_instances && p->max_instances >= 1 && p->target_cpu_utilization >= 1 &&
                   p->target_cpu_utilization <= 100;
  FF_INVARIANT(valid == ref_valid, "scale.policy", "validate %d for min %u max %u target %u", valid,
               p->min_instances, p->max_instances, p->target_cpu_utilization);
  if (!valid) return;
  uint32_t t = 0;
  bool decided = scale_policy_target(p, n, cpu, now, &t);
  uint32_t min = p->min_instances, max = p->max_instances;
  if (n < min || n > max)
    FF_INVARIANT(decided, "scale.policy", "n %u outside [%u, %u] and no decision", n, min, max);
  if (!decided) {
    uint32_t low = p->target_cpu_utilization > 15 ? p->target_cpu_utilization - 15 : 0;
    bool in_cool = scale_policy_in_cooldown(p->last_scale_in_time, p->scale_in_cooldown_seconds, now);
    FF_INVARIANT(!(cpu == 0 && n > min && low > 0 && !in_cool), "scale.policy",
                 "0 %% CPU with %u > min %u and no cooldown: no scale-in", n, min);
    return;
  }
  FF_INVARIANT(t >= min && t <= max && t != n, "scale.policy", "target %u for n %u, [%u, %u]", t, n, min, max);
  if (t > n && n >= min)
    FF_INVARIANT(cpu > p->target_cpu_utilization, "scale.policy", "scale-out to %u at cpu %u <= target %u", t, cpu,
                 p->target_cpu_utilization);
  if (t < n && n <= max)
    FF_INVARIANT(cpu + 15 < p->target_cpu_utilization, "scale.policy", "scale-in to %u at cpu %u, target %u", t, cpu,
                 p->target_cpu_utilization);
}

void scale_check_manager(const scale_manager *m) {
  if (!m->active) {
    FF_INVARIANT(m->nhistory == 0, "scale.final_phase", "no current phase but %zu records", m->nhistory);
    return;
  }
  const scale_op_record *r = scale_manager_record_c(m);
  FF_INVARIANT(r && r->final_phase == m->cur.kind, "scale.final_phase", "record says %s, current is %s",
               r ? scale_phase_name(r->final_phase) : "-", scale_phase_name(m->cur.kind));
  for (size_t i = 0; i < m->nhistory; i++) {
    const scale_op_record *a = &m->history[i];
    if (i + 1 < m->nhistory)
      FF_INVARIANT(scale_phase_terminal(a->final_phase), "scale.one_active", "record %s still %s behind a newer one",
                   a->id, scale_phase_name(a->final_phase));
    for (size_t j = 0; j < i; j++)
      FF_INVARIANT(strcmp(a->id, m->history[j].id) != 0, "scale.op_ids", "operation id %s used twice", a->id);
  }
}
