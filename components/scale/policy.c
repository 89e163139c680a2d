/* scale: the ScalingPolicy (§5.2, econ §5.7): validation, the scale-out and
 * scale-in conditions with the 15-point band, cooldowns and the target count,
 * in 64-bit arithmetic (no u32 wrap). Replicas of the real edge cases (0 %
 * CPU, target 0, n = 0) sit behind FF_BUG. */
#include "formfuzz/bug.h"
#include "scale.h"

scale_policy scale_policy_default(void) {
  return (scale_policy){.min_instances = 1,
                        .max_instances = 5,
                        .target_cpu_utilization = 70,
                        .scale_in_cooldown_seconds = 300,
                        .scale_out_cooldown_seconds = 120};
}

scale_err scale_policy_validate(const scale_policy *p) {
  if (p->min_instances > p->max_instances || p->max_instances < 1 || p->target_cpu_utilization > 100)
    return SCALE_ERR_INVALID;
  if (p->target_cpu_utilization == 0 && !FF_BUG("scale.target_zero_max")) return SCALE_ERR_INVALID;
  return SCALE_OK;
}

bool scale_policy_should_scale_out(const scale_policy *p, uint32_t n, uint32_t cpu) {
  return n < p->max_instances && cpu > p->target_cpu_utilization;
}

static uint32_t band_low(const scale_policy *p) {
  return p->target_cpu_utilization > 15 ? p->target_cpu_utilization - 15 : 0;
}

bool scale_policy_should_scale_in(const scale_policy *p, uint32_t n, uint32_t cpu) {
  return n > p->min_instances && cpu < band_low(p);
}

bool scale_policy_in_cooldown(int64_t last, uint32_t cooldown, int64_t now) {
  if (last == 0) return false;
  if (now < last) return true; /* the clock went back: still cooling */
  uint64_t since = (uint64_t)now - (uint64_t)last;
  return since < cooldown;
}

bool scale_policy_target(const scale_policy *p, uint32_t n, uint32_t cpu, int64_t now, uint32_t *target) {
  uint32_t min = p->min_instances, max = p->max_instances, t = p->target_cpu_utilization;
  if (n < min && !(n == 0 && FF_BUG("scale.zero_instances_stuck"))) {
    *target = min;
    return true;
  }
  if (n > max) {
    *target = max;
    return true;
  }
  if (t == 0) { /* only reachable with the target_zero_max replica: util / 0 = inf */
    if (cpu == 0 || n >= max) return false;
    *target = max;
    return true;
  }
  if (scale_policy_should_scale_out(p, n, cpu) &&
      !scale_policy_in_cooldown(p->last_scale_out_time, p->scale_out_cooldown_seconds, now)) {
    uint64_t desired = ((uint64_t)n * cpu + t - 1) / t;
    uint64_t capped = desired < max ? desired : max;
    if (capped > n) {
      *target = (uint32_t)capped;
      return true;
    }
  } else if (scale_policy_should_scale_in(p, n, cpu) &&
             !scale_policy_in_cooldown(p->last_scale_in_time, p->scale_in_cooldown_seconds, now)) {
    /* The real code computes n / (target / cpu): at cpu 0 that is n / 0 = inf,
     * saturating to u32::MAX, so 0 % CPU never scales in. */
    if (cpu == 0 && FF_BUG("scale.zero_cpu_no_scale_in")) return false;
    uint64_t desired = (uint64_t)n * cpu / t;
    uint64_t floored = desired > min ? desired : min;
    if (floored < n) {
      *target = (uint32_t)floored;
      return true;
    }
  }
  return false;
}
