/* Storm control for threshold alerts (on top of §5.4's memoryless check, in
 * the spirit of the autoscaler's band and cooldown, §5.7): per (config,
 * instance) an alert is raised when the value goes over the threshold while
 * the key is clear and the cooldown since the last alert has passed; the key
 * stays active (de-duplicated) until the value drops to threshold minus the
 * hysteresis band or below. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "econ.h"
#include "formfuzz/bug.h"

void econ_alerter_init(econ_alerter *a, double hysteresis_pct, int64_t cooldown_s) {
  memset(a, 0, sizeof *a);
  a->hysteresis_pct = hysteresis_pct >= 0 && isfinite(hysteresis_pct) ? hysteresis_pct : 0;
  a->cooldown_s = cooldown_s > 0 ? cooldown_s : 0;
}

static econ_alert_key *key_for(econ_alerter *a, const char *cfg, const char *inst) {
  for (size_t i = 0; i < a->nkeys; i++)
    if (strcmp(a->keys[i].config_id, cfg) == 0 && strcmp(a->keys[i].instance_id, inst) == 0)
      return &a->keys[i];
  econ_alert_key *k;
  if (a->nkeys < ECON_ALERT_KEYS) {
    k = &a->keys[a->nkeys++];
  } else { /* full: reuse the least recently raised clear key, else the oldest */
    k = &a->keys[0];
    for (size_t i = 1; i < a->nkeys; i++) {
      econ_alert_key *c = &a->keys[i];
      if ((c->active < k->active) || (c->active == k->active && c->last_raised < k->last_raised)) k = c;
    }
  }
  memset(k, 0, sizeof *k);
  snprintf(k->config_id, sizeof k->config_id, "%s", cfg);
  snprintf(k->instance_id, sizeof k->instance_id, "%s", inst);
  return k;
}

bool econ_alerter_observe(econ_alerter *a, const econ_threshold *t, const econ_event *ev, int64_t now) {
  if (!econ_threshold_matches(t, ev)) return false;
  double v;
  bool over = econ_threshold_violated(t, ev, &v);
  if (FF_BUG("econ.threshold_storm")) return over; /* the real code: every event over fires */
  econ_alert_key *k = key_for(a, t->id, ev->instance_id);
  if (!over) {
    double clear_at = t->value - fabs(t->value) * a->hysteresis_pct / 100.0;
    if (!(v > clear_at)) k->active = false; /* NaN clears too: no reading over */
    return false;
  }
  if (k->active) return false;
  if (k->ever && now >= k->last_raised && now - k->last_raised < a->cooldown_s) return false;
  if (k->ever && now < k->last_raised) return false; /* clock went back: still cooling down */
  k->active = true;
  k->ever = true;
  k->last_raised = now;
  return true;
}
