/* econ_events: the circuit breaker (§5.3) under interleaved concurrent calls
 * (permits issued in one state, outcomes recorded in another), sub-second
 * timeouts and clock moves, against a reference model written from the
 * intended semantics; and the retry policy (§5.2). Oracles:
 *   econ.cb_model      allow and the state agree with the reference model;
 *   econ.cb_recovery   from every state reached: once reset_timeout has
 *                      passed, allowed_calls successful calls close it (§5.3);
 *   econ.cb_probes     HalfOpen never has more than allowed_calls probes in flight;
 *   econ.retry_bounds  at most max_retries + 1 attempts, only retryable errors
 *                      retried, each sleep in [backoff, backoff x 1.1), backoff
 *                      doubling from 100 ms and capped at 10 s (no busy loop). */
#include <string.h>

#include "formfuzz/oracle.h"
#include "formfuzz/prop.h"
#include "gen.h"

#define CALLS 4
#define STEPS 64

typedef struct ref {
  econ_cb_state st;
  uint32_t failures, successes, in_flight;
  uint64_t since, gen;
} ref;

static void ref_set(ref *r, econ_cb_state s, uint64_t now) {
  r->st = s;
  r->since = now;
  r->gen++;
  r->successes = r->in_flight = 0;
  if (s == ECON_CB_CLOSED) r->failures = 0;
}

static bool ref_allow(ref *r, const econ_cb_config *c, uint64_t now, uint64_t *gen) {
  bool passed = now - r->since >= c->reset_timeout_ms;
  if (r->st == ECON_CB_OPEN) {
    if (!passed) return false;
    ref_set(r, ECON_CB_HALF_OPEN, now);
    passed = false;
  }
  if (r->st == ECON_CB_HALF_OPEN) {
    if (r->in_flight >= c->half_open_allowed_calls) {
      if (!passed) return false;
      r->in_flight = 0;
      r->since = now;
    }
    r->in_flight++;
  }
  *gen = r->gen;
  return true;
}

static void ref_done(ref *r, const econ_cb_config *c, uint64_t now, uint64_t gen, bool ok) {
  if (gen != r->gen) return;
  if (r->st == ECON_CB_CLOSED) {
    if (ok) r->failures = 0;
    else if (++r->failures >= c->failure_threshold) ref_set(r, ECON_CB_OPEN, now);
  } else if (r->st == ECON_CB_HALF_OPEN) {
    if (!ok) {
      ref_set(r, ECON_CB_OPEN, now);
    } else {
      if (r->in_flight) r->in_flight--;
      if (++r->successes >= c->half_open_allowed_calls) ref_set(r, ECON_CB_CLOSED, now);
    }
  }
}

/* §5.3: wait reset_timeout, then successful calls one at a time. */
static void check_recovery(const econ_cb *cb, uint64_t now) {
  econ_cb copy = *cb;
  uint64_t t = now + cb->cfg.reset_timeout_ms;
  uint32_t need = cb->cfg.half_open_allowed_calls ? cb->cfg.half_open_allowed_calls : 1;
  for (uint32_t i = 0; i < need + 1 && copy.state != ECON_CB_CLOSED; i++) {
    econ_cb_permit p;
    FF_INVARIANT(econ_cb_allow(&copy, t, &p), "econ.cb_recovery",
                 "%s breaker (successes %u, in flight %u, allowed %u) refuses a call %llu ms after "
                 "reset_timeout %llu ms: it can never recover",
                 econ_cb_state_name(copy.state), copy.successes, copy.in_flight,
                 copy.cfg.half_open_allowed_calls, (unsigned long long)(t - now),
                 (unsigned long long)cb->cfg.reset_timeout_ms);
    econ_cb_success(&copy, t, &p);
  }
  FF_INVARIANT(copy.state == ECON_CB_CLOSED, "econ.cb_recovery", "still %s after %u successful calls",
               econ_cb_state_name(copy.state), need);
}

static void breaker_run(ff_input *in) {
  econ_cb_config cfg = {.failure_threshold = (uint32_t)ff_range(in, 1, 6),
                        .reset_timeout_ms = ff_range(in, 1, 3000),
                        .half_open_allowed_calls = (uint32_t)ff_range(in, 0, 3)};
  econ_cb cb;
  char reason[ECON_REASON_MAX];
  if (econ_cb_init(&cb, &cfg, reason, sizeof reason) != ECON_OK) {
    FF_INVARIANT(cfg.half_open_allowed_calls == 0, "econ.cb_model", "valid config refused: %s", reason);
    return;
  }
  ref r;
  memset(&r, 0, sizeof r);
  uint64_t now = ff_range(in, 0, 100000);
  r.since = now;
  cb.opened_at_ms = now;
  bool busy[CALLS] = {false};
  econ_cb_permit permit[CALLS];
  uint64_t rgen[CALLS];
  for (int step = 0; step < STEPS && ff_remaining(in) > 0; step++) {
    size_t op = ff_choose(in, 4), k = ff_choose(in, CALLS);
    if (op == 0) {
      now += ff_range(in, 0, 2 * cfg.reset_timeout_ms + 1);
    } else if (op == 1 && !busy[k]) {
      uint64_t g = 0;
      bool want = ref_allow(&r, &cfg, now, &g);
      bool got = econ_cb_allow(&cb, now, &permit[k]);
      FF_INVARIANT(got == want, "econ.cb_model", "allow at %llu ms: core %d, model %d (model %s since %llu)",
                   (unsigned long long)now, got, want, econ_cb_state_name(r.st), (unsigned long long)r.since);
      busy[k] = got;
      rgen[k] = g;
    } else if (busy[k]) {
      bool ok = op == 2;
      if (ok) econ_cb_success(&cb, now, &permit[k]);
      else econ_cb_failure(&cb, now, &permit[k]);
      ref_done(&r, &cfg, now, rgen[k], ok);
      busy[k] = false;
    }
    FF_INVARIANT(econ_cb_state_at(&cb, now) == (r.st == ECON_CB_OPEN && now - r.since >= cfg.reset_timeout_ms
                                                    ? ECON_CB_HALF_OPEN : r.st),
                 "econ.cb_model", "state %s, model %s", econ_cb_state_name(econ_cb_state_at(&cb, now)),
                 econ_cb_state_name(r.st));
    FF_INVARIANT(cb.state != ECON_CB_HALF_OPEN || cb.in_flight <= cfg.half_open_allowed_calls,
                 "econ.cb_probes", "%u probes in flight, allowed %u", cb.in_flight, cfg.half_open_allowed_calls);
    check_recovery(&cb, now);
  }
}

static void retry_run(ff_input *in) {
  econ_retry_config c = econ_retry_default_config();
  uint32_t attempts = 0;
  uint64_t slept = 0, expect_backoff = 100;
  for (;;) {
    attempts++;
    FF_INVARIANT(attempts <= c.max_retries + 1, "econ.retry_bounds", "attempt %u", attempts);
    econ_pub_err e = (econ_pub_err)ff_choose(in, ECON_PUB_OTHER + 1);
    if (e == ECON_PUB_OK) break;
    if (attempts > c.max_retries || !econ_pub_err_retryable(e)) {
      FF_INVARIANT(!econ_pub_err_retryable(e) || attempts == c.max_retries + 1, "econ.retry_bounds",
                   "%s given up after %u attempts", econ_pub_err_name(e), attempts);
      break;
    }
    uint64_t sleep = econ_retry_sleep_ms(&c, attempts, ff_u32(in));
    FF_INVARIANT(econ_retry_backoff_ms(&c, attempts) == expect_backoff, "econ.retry_bounds",
                 "backoff %llu ms before attempt %u, expected %llu",
                 (unsigned long long)econ_retry_backoff_ms(&c, attempts), attempts + 1,
                 (unsigned long long)expect_backoff);
    FF_INVARIANT(sleep >= expect_backoff && sleep < expect_backoff + expect_backoff / 10 + (expect_backoff < 10),
                 "econ.retry_bounds", "sleep %llu ms for backoff %llu", (unsigned long long)sleep,
                 (unsigned long long)expect_backoff);
    slept += sleep;
    expect_backoff = expect_backoff * 2 < c.max_ms ? expect_backoff * 2 : c.max_ms;
  }
  FF_INVARIANT(slept < 1000, "econ.retry_bounds", "slept %llu ms over 4 attempts", (unsigned long long)slept);
}

FF_PROPERTY(econ_events) {
  if (ff_bool(in)) retry_run(in);
  breaker_run(in);
}
