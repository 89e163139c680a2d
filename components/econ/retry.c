/* Retry policy of the publisher (§5.2): which errors are retried and the
 * exact backoff (initial 100 ms, x2, capped at 10 s, whole ms, jitter
 * U[0, floor(backoff x 0.1)) ms, at most max_retries + 1 = 4 attempts). */
#include <math.h>

#include "econ.h"

econ_retry_config econ_retry_default_config(void) {
  econ_retry_config c = {.max_retries = 3, .initial_ms = 100, .max_ms = 10000, .multiplier = 2.0,
                         .jitter = 0.1};
  return c;
}

bool econ_pub_err_retryable(econ_pub_err e) {
  return e == ECON_PUB_CONNECTION || e == ECON_PUB_HTTP || e == ECON_PUB_PUBLISH;
}

/* A saturating cast as Rust's `as u64`: NaN and negatives give 0. */
static uint64_t sat_u64(double v) {
  if (!(v > 0)) return 0;
  if (v >= 18446744073709551615.0) return UINT64_MAX;
  return (uint64_t)v;
}

uint64_t econ_retry_backoff_ms(const econ_retry_config *c, uint32_t attempt) {
  uint64_t b = c->initial_ms;
  for (uint32_t i = 1; i < attempt; i++) {
    uint64_t next = sat_u64((double)b * c->multiplier);
    b = next < c->max_ms ? next : c->max_ms;
  }
  return b;
}

uint64_t econ_retry_sleep_ms(const econ_retry_config *c, uint32_t attempt, uint64_t jitter_draw) {
  uint64_t b = econ_retry_backoff_ms(c, attempt);
  uint64_t span = sat_u64(floor((double)b * c->jitter));
  return b + (span ? jitter_draw % span : 0);
}
