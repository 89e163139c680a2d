/* Credits (§5.8): usage accounting without u64 wrap-around, and billing as
 * the only way credits go down. */
#include <math.h>

#include "econ.h"
#include "formfuzz/bug.h"

econ_err econ_account_use_tokens(econ_account *a, uint64_t input, uint64_t output) {
  if (FF_BUG("econ.today_usage_overflow")) {
    a->today_usage = a->today_usage + input + output; /* unchecked, wraps */
    return ECON_OK;
  }
  if (input > UINT64_MAX - output) return ECON_ERR_OVERFLOW;
  uint64_t add = input + output;
  if (a->today_usage > UINT64_MAX - add) return ECON_ERR_OVERFLOW;
  a->today_usage += add;
  return ECON_OK;
}

econ_err econ_account_bill(econ_account *a, uint64_t cost) {
  if (a->credits < cost) return ECON_ERR_INVALID;
  a->credits -= cost;
  return ECON_OK;
}

static bool mul_ok(uint64_t a, uint64_t b, uint64_t *out) {
  if (a && b > UINT64_MAX / a) return false;
  *out = a * b;
  return true;
}

econ_err econ_event_cost(const econ_event *ev, uint64_t per_cpu_s, uint64_t per_gb,
                         uint64_t per_mb, uint64_t *cost) {
  const econ_metrics *m = &ev->metrics;
  if (!(m->storage_gb >= 0) || !(m->network_egress_mb >= 0) || m->storage_gb >= 1.8e19 ||
      m->network_egress_mb >= 1.8e19)
    return ECON_ERR_INVALID;
  uint64_t gb = (uint64_t)ceil(m->storage_gb), mb = (uint64_t)ceil(m->network_egress_mb);
  uint64_t a, b, c;
  if (!mul_ok(m->cpu_seconds, per_cpu_s, &a) || !mul_ok(gb, per_gb, &b) || !mul_ok(mb, per_mb, &c))
    return ECON_ERR_OVERFLOW;
  if (a > UINT64_MAX - b || a + b > UINT64_MAX - c) return ECON_ERR_OVERFLOW;
  *cost = a + b + c;
  return ECON_OK;
}
