/* scale_health: operations whose verification probes the new members over
 * simnet (scale_probe.h): links with latency, jitter and loss from the input,
 * members that flap (their process stops and starts answering), partitions and
 * heals, slow probes and virtual clock moves. Oracles:
 *   scale.probe_truth   a probe never calls a member healthy that is down or
 *                       cut off, and always calls it healthy over a loss-free,
 *                       unthrottled link that answers within the timeout;
 *   scale.health_gate   no operation reaches Finalizing unless every new member
 *                       was probed healthy in that verification;
 *   scale.timeout       a step times out iff now - start > the phase's limit,
 *                       and a terminal operation never times out. */
#include <string.h>

#include "formfuzz/oracle.h"
#include "formfuzz/prop.h"
#include "gen.h"
#include "scale_probe.h"

typedef struct verdicts {
  scale_prober *p;
  size_t n;
  char id[SCALE_MAX_IDS * 2][SCALE_ID_MAX];
  bool healthy[SCALE_MAX_IDS * 2];
} verdicts;

static bool sure_down(const scale_prober *p, const scale_probe_target *t) {
  ff_simlink l = ff_simnet_get_link(p->net, p->manager, t->node);
  return !t->up || !t->owner || l.down || ff_simnet_node_side(p->net, t->node) != ff_simnet_node_side(p->net, p->manager);
}

static bool sure_up(const scale_prober *p, const scale_probe_target *t) {
  ff_simlink l = ff_simnet_get_link(p->net, p->manager, t->node);
  ff_simtime worst = 2 * (l.latency + l.jitter + (l.reorder_ppm ? l.reorder_delay : 0));
  /* a bandwidth limit adds serialization and queueing delay: then no promise */
  return !sure_down(p, t) && l.loss_ppm == 0 && l.corrupt_ppm == 0 && l.bandwidth_bps == 0 &&
         worst < FF_SIM_MS(p->timeout_ms);
}

/* The health function the verification calls: probe, then judge the verdict. */
static bool judged_health(void *ctx, const scale_member *m) {
  verdicts *v = ctx;
  scale_probe_target *t = scale_prober_target(v->p, m);
  if (!t) return false;
  bool down = sure_down(v->p, t), up = sure_up(v->p, t);
  bool healthy = scale_probe_member(v->p, m);
  FF_INVARIANT(!(healthy && down), "scale.probe_truth", "%s down or cut off but probed healthy", m->id);
  FF_INVARIANT(!(up && !healthy), "scale.probe_truth", "%s reachable within the timeout but probed unhealthy (%u of %u)",
               m->id, t->answers, v->p->attempts);
  if (v->n < SCALE_MAX_IDS * 2) {
    memcpy(v->id[v->n], m->id, SCALE_ID_MAX);
    v->healthy[v->n++] = healthy;
  }
  return healthy;
}

static bool probed_healthy(const verdicts *v, const char *id) {
  for (size_t i = 0; i < v->n; i++)
    if (strcmp(v->id[i], id) == 0) return v->healthy[i];
  return false;
}

FF_PROPERTY(scale_health) {
  static scale_system s, before;
  static scale_prober prober;
  ff_simnet *net = ff_simnet_new(ff_u64(in));
  if (!net) return;
  ff_simnet_draw_from(net, in);
  if (scale_prober_init(&prober, net, (uint32_t)ff_range(in, 1, 2000), (uint32_t)ff_range(in, 1, 3), 1) != SCALE_OK)
    goto out;
  prober.need = (uint32_t)ff_range(in, 1, prober.attempts);
  ff_simlink link = ff_simlink_ideal();
  if (ff_bool(in)) ff_simnet_link_from_input(in, &link);
  ff_simnet_set_default_link(net, &link);
  memset(&s, 0, sizeof s);
  scale_gen_cluster(in, &s.cluster, SCALE_GEN_T0);
  scale_manager_init(&s.manager);
  if (ff_bool(in)) scale_manager_set_all_timeouts(&s.manager, (uint32_t)ff_range(in, 1, 30));
  for (size_t i = 0; i < s.cluster.n; i++) scale_prober_target(&prober, &s.cluster.m[i]);
  for (int step = 0; step < 32 && ff_more(in); step++) {
    int64_t now = SCALE_GEN_T0 + (int64_t)(ff_simnet_now(net) / FF_SIM_S(1));
    switch (ff_choose(in, 6)) {
    case 0: { /* a request: mostly scale-outs */
      scale_operation op;
      scale_gen_operation(in, &s.cluster, &op);
      if (ff_bool(in)) op.kind = SCALE_OP_OUT, op.target_instances = (uint32_t)s.cluster.n + 1;
      scale_start(&s.manager, &op, now);
      break;
    }
    case 1: { /* one step, verification probing */
      static verdicts v;
      memset(&v, 0, sizeof v);
      v.p = &prober;
      before = s;
      const scale_phase *was = &before.manager.cur;
      bool busy = scale_manager_busy(&before.manager);
      bool due = busy && before.manager.has_timeout[was->kind] && now > was->started_at &&
                 (uint64_t)(now - was->started_at) > before.manager.timeout_s[was->kind];
      scale_step_result r = scale_step(&s, now, judged_health, &v);
      FF_INVARIANT(due == (r == SCALE_STEP_TIMED_OUT), "scale.timeout", "%s started %lld, now %lld: %d",
                   scale_phase_name(was->kind), (long long)was->started_at, (long long)now, (int)r);
      if (busy && was->kind == SCALE_PH_VERIFYING && r == SCALE_STEP_ADVANCED)
        for (size_t i = 0; i < was->nnew; i++)
          FF_INVARIANT(probed_healthy(&v, was->new_ids[i]), "scale.health_gate", "finalizing with %s not probed healthy",
                       was->new_ids[i]);
      if (r == SCALE_STEP_FAILED || r == SCALE_STEP_TIMED_OUT) scale_rollback(&s, now);
      if (s.manager.active && scale_phase_terminal(s.manager.cur.kind))
        FF_INVARIANT(!scale_check_timeouts(&s.manager, now + 100000), "scale.timeout", "a terminal operation timed out");
      break;
    }
    case 2: /* a member's process flaps */
      if (prober.n) {
        scale_probe_target *t = &prober.t[ff_choose(in, prober.n)];
        t->up = !t->up;
      }
      break;
    case 3: /* a partition, or the heal */
      if (prober.n && ff_bool(in)) ff_simnet_partition(net, prober.t[ff_choose(in, prober.n)].node, 1);
      else ff_simnet_heal(net);
      break;
    case 4: /* a new member's process starts down */
      for (size_t i = 0; i < s.cluster.n; i++) {
        scale_probe_target *t = scale_prober_target(&prober, &s.cluster.m[i]);
        if (t && ff_bool(in)) t->up = false;
      }
      break;
    default: /* the clock */
      ff_simnet_run_until(net, ff_simnet_now(net) + FF_SIM_MS(ff_range(in, 0, 120000)), 4096);
      break;
    }
    scale_check_manager(&s.manager);
  }
out:
  ff_simnet_free(net);
}
