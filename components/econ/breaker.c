/* The circuit breaker (§5.3) done right: millisecond timeouts (no truncation
 * to seconds), HalfOpen counts probes in flight, outcomes of calls allowed in
 * an older state epoch do not move the state, lost probes are forgotten after
 * reset_timeout, and the configuration refuses values that lock it. From every
 * state, once reset_timeout has passed, allowed_calls successful calls close it. */
#include <stdio.h>
#include <string.h>

#include "econ.h"
#include "formfuzz/bug.h"

econ_cb_config econ_cb_default_config(void) {
  econ_cb_config c = {.failure_threshold = 5, .reset_timeout_ms = 30000, .half_open_allowed_calls = 1};
  return c;
}

econ_err econ_cb_init(econ_cb *cb, const econ_cb_config *cfg, char *reason, size_t cap) {
  memset(cb, 0, sizeof *cb);
  const char *why = NULL;
  if (cfg->failure_threshold == 0) why = "failure_threshold must be at least 1";
  else if (cfg->reset_timeout_ms == 0) why = "reset_timeout must be positive";
  else if (cfg->half_open_allowed_calls == 0 && !FF_BUG("econ.breaker_allowed_zero"))
    why = "half_open_allowed_calls must be at least 1 (0 never lets a probe through)";
  if (why) {
    if (reason && cap) snprintf(reason, cap, "%s", why);
    return ECON_ERR_INVALID;
  }
  cb->cfg = *cfg;
  cb->state = ECON_CB_CLOSED;
  return ECON_OK;
}

static uint64_t timeout_ms(const econ_cb *cb) {
  if (FF_BUG("econ.breaker_subsecond")) return cb->cfg.reset_timeout_ms / 1000 * 1000;
  return cb->cfg.reset_timeout_ms;
}

static void set_state(econ_cb *cb, econ_cb_state s, uint64_t now) {
  cb->state = s;
  cb->generation++;
  cb->opened_at_ms = now;
  cb->successes = 0;
  cb->in_flight = 0;
  if (s == ECON_CB_CLOSED) cb->failures = 0;
}

static bool elapsed(const econ_cb *cb, uint64_t now) {
  return now >= cb->opened_at_ms && now - cb->opened_at_ms >= timeout_ms(cb);
}

econ_cb_state econ_cb_state_at(const econ_cb *cb, uint64_t now_ms) {
  if (cb->state == ECON_CB_OPEN && elapsed(cb, now_ms)) return ECON_CB_HALF_OPEN;
  return cb->state;
}

bool econ_cb_allow(econ_cb *cb, uint64_t now_ms, econ_cb_permit *permit) {
  /* The replicas use the real code's HalfOpen admission. */
  bool buggy = FF_BUG("econ.breaker_open_success") || FF_BUG("econ.breaker_allowed_zero");
  if (cb->state == ECON_CB_OPEN) {
    if (!elapsed(cb, now_ms)) return false;
    set_state(cb, ECON_CB_HALF_OPEN, now_ms);
  }
  if (cb->state == ECON_CB_HALF_OPEN) {
    if (buggy) { /* the real code: completed successes, no in-flight count, no timeout */
      if (cb->successes >= cb->cfg.half_open_allowed_calls) return false;
    } else {
      if (cb->in_flight >= cb->cfg.half_open_allowed_calls) {
        if (!elapsed(cb, now_ms)) return false;
        /* the probes got no outcome within reset_timeout: they are lost */
        cb->in_flight = 0;
        cb->opened_at_ms = now_ms;
      }
      cb->in_flight++;
    }
    permit->generation = cb->generation;
    permit->probe = true;
    return true;
  }
  permit->generation = cb->generation;
  permit->probe = false;
  return true;
}

void econ_cb_success(econ_cb *cb, uint64_t now_ms, const econ_cb_permit *permit) {
  if (FF_BUG("econ.breaker_open_success") && cb->state == ECON_CB_OPEN) {
    set_state(cb, ECON_CB_HALF_OPEN, now_ms);
    cb->successes = 1;
    return;
  }
  if (permit->generation != cb->generation) return; /* from an older epoch */
  switch (cb->state) {
  case ECON_CB_CLOSED: cb->failures = 0; break;
  case ECON_CB_OPEN: break;
  case ECON_CB_HALF_OPEN:
    if (cb->in_flight) cb->in_flight--;
    cb->successes++;
    if (cb->successes >= cb->cfg.half_open_allowed_calls) set_state(cb, ECON_CB_CLOSED, now_ms);
    break;
  }
}

void econ_cb_failure(econ_cb *cb, uint64_t now_ms, const econ_cb_permit *permit) {
  if (permit->generation != cb->generation) return;
  switch (cb->state) {
  case ECON_CB_CLOSED:
    cb->failures++;
    if (cb->failures >= cb->cfg.failure_threshold) set_state(cb, ECON_CB_OPEN, now_ms);
    break;
  case ECON_CB_OPEN: break;
  case ECON_CB_HALF_OPEN: set_state(cb, ECON_CB_OPEN, now_ms); break;
  }
}
