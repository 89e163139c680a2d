/* econ_thresholds: rule sets (built-ins plus generated configs, each through
 * its JSON and back) against series of metric observations over time. Oracles:
 *   econ.th_roundtrip   a config survives to_json/from_json unchanged;
 *   econ.th_fires       the check fires iff the rule matches the event
 *                       (user "*", instance null or "*" are wildcards) and the
 *                       value is strictly over the threshold;
 *   econ.th_storm       alerts: only raised while over, at most one per
 *                       (rule, instance) per cooldown, never two without the
 *                       value clearing the hysteresis band in between. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "formfuzz/oracle.h"
#include "formfuzz/prop.h"
#include "gen.h"

#define RULES 4
#define STEPS 48
#define COOLDOWN 300

static bool ref_matches(const econ_threshold *t, const econ_event *ev) {
  bool user = strcmp(t->user_id, "*") == 0 || strcmp(t->user_id, ev->user_id) == 0;
  bool inst = !t->has_instance || strcmp(t->instance_id, "*") == 0 ||
              strcmp(t->instance_id, ev->instance_id) == 0;
  return user && inst;
}

FF_PROPERTY(econ_thresholds) {
  econ_threshold rules[RULES + 3];
  size_t n = econ_threshold_builtins(rules, 3);
  size_t extra = ff_range(in, 0, RULES);
  for (size_t k = 0; k < extra; k++) {
    econ_threshold t;
    econ_gen_threshold(in, &t, k);
    size_t len;
    char *js = econ_threshold_to_json(&t, &len);
    FF_INVARIANT(js != NULL, "econ.th_roundtrip", "rule %zu cannot be written", k);
    econ_threshold back;
    char reason[ECON_REASON_MAX];
    econ_err e = econ_threshold_from_json(js, len, &back, reason, sizeof reason);
    FF_INVARIANT(e == ECON_OK, "econ.th_roundtrip", "%s: %s", js, reason);
    char *js2 = econ_threshold_to_json(&back, NULL);
    FF_INVARIANT(js2 && strcmp(js, js2) == 0, "econ.th_roundtrip", "%s != %s", js, js2 ? js2 : "(null)");
    free(js);
    free(js2);
    rules[n++] = back;
  }
  econ_alerter al;
  econ_alerter_init(&al, 5.0, COOLDOWN);
  int64_t last_raise[RULES + 3][ECON_GEN_INSTANCES];
  bool cleared[RULES + 3][ECON_GEN_INSTANCES];
  for (size_t r = 0; r < n; r++)
    for (size_t i = 0; i < ECON_GEN_INSTANCES; i++) last_raise[r][i] = INT64_MIN, cleared[r][i] = true;

  int64_t now = 1700000000;
  econ_event ev;
  econ_gen_event(in, &ev);
  for (int step = 0; step < STEPS && ff_remaining(in) > 0; step++) {
    now += (int64_t)ff_range(in, 0, 400);
    size_t inst = ff_choose(in, ECON_GEN_INSTANCES);
    strcpy(ev.instance_id, econ_gen_instances[inst]);
    strcpy(ev.user_id, econ_gen_users[ff_choose(in, ECON_GEN_USERS)]);
    size_t r = ff_choose(in, n);
    /* a value near the rule's threshold: flapping around it is the point */
    double v = rules[r].value + (double)ff_range_i64(in, -20, 20) / 4.0;
    if (ff_range(in, 0, 15) == 0) v = NAN;
    econ_gen_set_metric(&ev, rules[r].resource, rules[r].percentage, v);
    for (size_t k = 0; k < n; k++) {
      const econ_threshold *t = &rules[k];
      double cur;
      bool fired = econ_threshold_matches(t, &ev) && econ_threshold_violated(t, &ev, &cur);
      bool expect = ref_matches(t, &ev) && econ_threshold_value(t, &ev) > t->value;
      FF_INVARIANT(fired == expect, "econ.th_fires",
                   "rule %s (user %s, instance %s) on %s/%s value %g threshold %g: fired %d expected %d",
                   t->id, t->user_id, t->has_instance ? t->instance_id : "null", ev.user_id,
                   ev.instance_id, econ_threshold_value(t, &ev), t->value, fired, expect);
      bool raised = econ_alerter_observe(&al, t, &ev, now);
      double val = econ_threshold_value(t, &ev);
      bool over = expect;
      if (!expect && ref_matches(t, &ev) && !(val > t->value - fabs(t->value) * 0.05)) cleared[k][inst] = true;
      if (raised) {
        FF_INVARIANT(over, "econ.th_storm", "rule %s raised while not over (%g <= %g)", t->id, val, t->value);
        FF_INVARIANT(last_raise[k][inst] == INT64_MIN || now - last_raise[k][inst] >= COOLDOWN,
                     "econ.th_storm", "rule %s on %s raised again after %lld s (cooldown %d)", t->id,
                     ev.instance_id, (long long)(now - last_raise[k][inst]), COOLDOWN);
        FF_INVARIANT(cleared[k][inst], "econ.th_storm",
                     "rule %s on %s raised twice without clearing the hysteresis band", t->id, ev.instance_id);
        last_raise[k][inst] = now;
        cleared[k][inst] = false;
      }
    }
  }
}
