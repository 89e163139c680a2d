/* scale_autoscale: the metrics -> scaling integration. A simulated VM (vCPUs,
 * a true load per interval, monotonic and wall clocks) is sampled by econ's
 * in-VM agent (econ_vm_agent_sample, §5.5); the UsageEvent goes through
 * econ's threshold rules (§5.4, under its alerter) and its cpu_percent_avg
 * through the autoscaler (econ §5.7) into the ScalingPolicy and the
 * ScalingManager, whose operations run to their end. Oracles, end to end:
 *   scale.autoscale_alert     cpu-high (80 %) alerts only when the true load is
 *                             at least 80 % (the measurement's float rounding
 *                             at exactly 80 tolerated), the first load above
 *                             80 % raises one, and alerts are at least the
 *                             alerter's 300 s cooldown apart;
 *   scale.autoscale_decision  the decision taken from econ's measurement is
 *                             the one the policy takes on the true load (a unit
 *                             error upstream, basis points read as percent, is
 *                             caught here, not only by econ's own oracle);
 *   scale.autoscale_bounds    a completed operation leaves the count in [min, max];
 *   scale.autoscale_storm     completed scale-outs (scale-ins) are at least the
 *                             scale-out (scale-in) cooldown apart;
 *   scale.policy              §5.4 #6 on every reading, on the cluster's policy
 *                             and on a generated one (0 % CPU, target 0, n = 0). */
#include <math.h>
#include <string.h>

#include "econ.h"
#include "formfuzz/oracle.h"
#include "formfuzz/prop.h"
#include "gen.h"

#define ROUNDS 40
#define NS 1000000000ull

FF_PROPERTY(scale_autoscale) {
  static scale_system s;
  int64_t now = SCALE_GEN_T0;
  memset(&s, 0, sizeof s);
  scale_gen_cluster(in, &s.cluster, now);
  scale_manager_init(&s.manager);
  econ_vm_agent agent;
  if (econ_vm_agent_init(&agent, "inst-1", "acct-a") != ECON_OK) return;
  econ_sample smp;
  memset(&smp, 0, sizeof smp);
  smp.boot_id = 1;
  smp.vcpus = (uint32_t)ff_range(in, 1, 8);
  smp.mem_total = 1ull << 32;
  smp.mem_used = 1ull << 30;
  smp.counter_bits = 64;
  smp.mono_ns = NS;
  smp.wall_s = now;
  econ_event ev;
  bool emitted;
  econ_vm_agent_sample(&agent, &smp, &ev, &emitted); /* the baseline */
  static scale_autoscaler as;
  scale_autoscaler_init(&as);
  int64_t last_out = 0, last_in = 0, last_alert = 0;
  bool alerted_before = false;
  for (int round = 0; round < ROUNDS && ff_more(in); round++) {
    uint64_t secs = ff_range(in, 1, 200);
    uint32_t load = (uint32_t)(ff_bool(in) ? FF_PICK(in, ((const uint32_t[]){0, 100, 50, 55, 70, 71, 85, 15})) : ff_range(in, 0, 100));
    smp.mono_ns += secs * NS;
    smp.wall_s += (int64_t)secs;
    now = smp.wall_s;
    smp.cpu_busy_ns += secs * NS * smp.vcpus / 100 * load;
    if (econ_vm_agent_sample(&agent, &smp, &ev, &emitted) != ECON_OK || !emitted) continue;
    uint32_t n = (uint32_t)s.cluster.n, ref_target = 0;
    bool idle = !scale_manager_busy(&s.manager);
    bool want = scale_policy_target(&s.cluster.policy, n, load, now, &ref_target);
    bool cpu_alert;
    bool started = scale_autoscale_event(&as, &s, &ev, now, &cpu_alert);
    FF_INVARIANT(!cpu_alert || load >= 80, "scale.autoscale_alert", "cpu-high alert at a true load of %u%% (measured %.2f)",
                 load, ev.metrics.cpu_percent_avg);
    FF_INVARIANT(alerted_before || load <= 80 || cpu_alert, "scale.autoscale_alert",
                 "the first load above 80%% (%u%%, measured %.2f) raised no cpu-high alert", load,
                 ev.metrics.cpu_percent_avg);
    if (cpu_alert && alerted_before)
      FF_INVARIANT(now - last_alert >= 300, "scale.autoscale_alert", "cpu-high alerts %lld s apart, cooldown 300 s",
                   (long long)(now - last_alert));
    if (cpu_alert) alerted_before = true, last_alert = now;
    if (idle)
      FF_INVARIANT(started == want && (!started || s.manager.cur.op.target_instances == ref_target),
                   "scale.autoscale_decision", "true load %u%% (measured %.2f) with %u members: %s %u, policy says %s %u",
                   load, ev.metrics.cpu_percent_avg, n, started ? "started" : "no op",
                   started ? s.manager.cur.op.target_instances : 0, want ? "go to" : "stay", ref_target);
    scale_check_policy(&s.cluster.policy, n, load, now);
    scale_policy p;
    scale_gen_policy(in, &p);
    scale_check_policy(&p, (uint32_t)ff_range(in, 0, 12), load, now);
    if (!started) continue;
    scale_step_result r = SCALE_STEP_ADVANCED;
    while (r == SCALE_STEP_ADVANCED) r = scale_step(&s, now += 1, NULL, NULL);
    smp.wall_s = now;
    if (r != SCALE_STEP_COMPLETED) {
      scale_rollback(&s, now);
      continue;
    }
    const scale_policy *pol = &s.cluster.policy;
    FF_INVARIANT(s.cluster.n >= pol->min_instances && s.cluster.n <= pol->max_instances, "scale.autoscale_bounds",
                 "%zu members after scaling, policy [%u, %u]", s.cluster.n, pol->min_instances, pol->max_instances);
    bool out = s.manager.cur.op.kind == SCALE_OP_OUT;
    int64_t *last = out ? &last_out : &last_in;
    uint32_t cool = out ? pol->scale_out_cooldown_seconds : pol->scale_in_cooldown_seconds;
    if (*last != 0)
      FF_INVARIANT(now - *last >= (int64_t)cool, "scale.autoscale_storm", "scale-%s %lld s after the last one, cooldown %u",
                   out ? "out" : "in", (long long)(now - *last), cool);
    *last = now;
  }
}
