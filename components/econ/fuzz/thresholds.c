/* econ_thresholds: rule sets (built-ins plus generated configs, each through
 * its JSON and back) against series of metric observations over time. Oracles:
 *   econ.th_roundtrip   a config survives to_json/from_json unchanged;
 *   econ.th_fires       the check fires iff the rule matches the event
 *                       (user "*", instance null or "*" are wildcards) and the
 *                       value is strictly over the threshold;
 *   econ.th_storm       alerts: only raised while over, at most one per
 *                       (rule, instance) per cooldown, never two without the
 *                       value clearing the hysteresis band in between;
 * and, for a share of the inputs, generated ThresholdConfig and UsageEvent
 * JSON (valid, near-valid, hostile: gen_json.h) through the parsers:
 *   econ.json_fixpoint  a document the parser accepts validates, is written
 *                       back, re-read to the same value and re-written to the
 *                       same bytes (no NaN, inf, negative or > 100 % survives). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "formfuzz/gen_json.h"
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

#define DOC 4096

static void gen_metrics(ff_input *in, ff_gen_mode mode, ff_buf *b) {
  static const ff_json_field f[] = {
      {"cpu_seconds", FF_JSON_UINT, NULL, false},       {"cpu_percent_avg", FF_JSON_NUMBER, NULL, false},
      {"memory_gb", FF_JSON_NUMBER, NULL, false},       {"memory_percent", FF_JSON_NUMBER, NULL, false},
      {"storage_gb", FF_JSON_NUMBER, NULL, false},      {"network_egress_mb", FF_JSON_NUMBER, NULL, false},
      {"network_ingress_mb", FF_JSON_NUMBER, NULL, false}, {"gpu_seconds", FF_JSON_UINT, NULL, false}};
  ff_gen_json_object(in, mode, f, FF_COUNT_OF(f), b, NULL);
}

static void event_json_case(ff_input *in) {
  char metrics[DOC], period[256], doc[DOC * 2];
  ff_buf mb, pb, db;
  ff_buf_init(&mb, metrics, sizeof metrics);
  ff_buf_init(&pb, period, sizeof period);
  ff_buf_init(&db, doc, sizeof doc);
  ff_gen_mode mode = ff_gen_resolve_mode(in, FF_GEN_ANY);
  gen_metrics(in, mode == FF_GEN_HOSTILE ? FF_GEN_NEAR : mode, &mb);
  static const ff_json_field pf[] = {{"start", FF_JSON_INT, NULL, false}, {"end", FF_JSON_INT, NULL, false}};
  ff_gen_json_object(in, mode == FF_GEN_HOSTILE ? FF_GEN_NEAR : mode, pf, 2, &pb, NULL);
  const ff_json_field f[] = {{"event_type", FF_JSON_RAW, "\"resource_usage\"", false},
                             {"version", FF_JSON_RAW, "\"1.0\"", false},
                             {"timestamp", FF_JSON_INT, NULL, false},
                             {"instance_id", FF_JSON_STRING, NULL, false},
                             {"user_id", FF_JSON_STRING, NULL, false},
                             {"org_id", FF_JSON_STRING, NULL, true},
                             {"metrics", FF_JSON_RAW, metrics, false},
                             {"period", FF_JSON_RAW, period, false}};
  ff_gen_json_object(in, mode, f, FF_COUNT_OF(f), &db, NULL);
  econ_event ev, back;
  char reason[ECON_REASON_MAX];
  if (econ_event_from_json(db.data, db.len, &ev, reason, sizeof reason) != ECON_OK) return;
  FF_INVARIANT(econ_event_validate(&ev, reason, sizeof reason) == ECON_OK, "econ.json_fixpoint",
               "accepted an invalid event (%s): %s", reason, db.data);
  size_t l1, l2;
  char *j1 = econ_event_to_json(&ev, &l1, reason, sizeof reason);
  FF_INVARIANT(j1, "econ.json_fixpoint", "accepted event cannot be written (%s): %s", reason, db.data);
  FF_INVARIANT(econ_event_from_json(j1, l1, &back, reason, sizeof reason) == ECON_OK, "econ.json_fixpoint",
               "own output refused (%s): %s", reason, j1);
  char *j2 = econ_event_to_json(&back, &l2, reason, sizeof reason);
  FF_INVARIANT(j2 && l1 == l2 && memcmp(j1, j2, l1) == 0, "econ.json_fixpoint", "not a fixed point: %s / %s", j1,
               j2 ? j2 : "(null)");
  free(j1);
  free(j2);
}

static void threshold_json_case(ff_input *in) {
  char tt[512], doc[DOC];
  ff_buf tb, db;
  ff_buf_init(&tb, tt, sizeof tt);
  ff_buf_init(&db, doc, sizeof doc);
  ff_gen_mode mode = ff_gen_resolve_mode(in, FF_GEN_ANY);
  static const char *res[] = {"\"Cpu\"", "\"Memory\"", "\"Storage\"", "\"NetworkEgress\"",
                              "\"NetworkIngress\"", "\"Gpu\"", "\"Disk\"", "{\"Cpu\":null}"};
  static const char *acts[] = {"\"Log\"", "\"Notify\"", "{\"Action\":\"scale\"}", "\"Action\"",
                               "{\"Action\":1}", "{\"Log\":null}"};
  static const ff_json_field absf[] = {{"value", FF_JSON_NUMBER, NULL, false}, {"unit", FF_JSON_STRING, NULL, false}};
  static const ff_json_field pctf[] = {{"value", FF_JSON_NUMBER, NULL, false}};
  bool pct = ff_bool(in);
  ff_buf_puts(&tb, pct ? "{\"Percentage\":" : "{\"Absolute\":");
  ff_gen_json_object(in, mode == FF_GEN_HOSTILE ? FF_GEN_NEAR : mode, pct ? pctf : absf, pct ? 1 : 2, &tb, NULL);
  ff_buf_putc(&tb, '}');
  const ff_json_field f[] = {{"id", FF_JSON_STRING, NULL, false},
                             {"resource_type", FF_JSON_RAW, res[ff_choose(in, FF_COUNT_OF(res))], false},
                             {"threshold_type", FF_JSON_RAW, tt, false},
                             {"action", FF_JSON_RAW, acts[ff_choose(in, FF_COUNT_OF(acts))], false},
                             {"user_id", FF_JSON_STRING, NULL, false},
                             {"instance_id", FF_JSON_STRING, NULL, true},
                             {"notification_channels", FF_JSON_RAW, "[\"email\",\"sms\"]", false},
                             {"description", FF_JSON_STRING, NULL, true}};
  ff_gen_json_object(in, mode, f, FF_COUNT_OF(f), &db, NULL);
  econ_threshold t, back;
  char reason[ECON_REASON_MAX];
  if (econ_threshold_from_json(db.data, db.len, &t, reason, sizeof reason) != ECON_OK) return;
  size_t l1, l2;
  char *j1 = econ_threshold_to_json(&t, &l1);
  FF_INVARIANT(j1, "econ.json_fixpoint", "accepted config cannot be written: %s", db.data);
  FF_INVARIANT(econ_threshold_from_json(j1, l1, &back, reason, sizeof reason) == ECON_OK, "econ.json_fixpoint",
               "own output refused (%s): %s", reason, j1);
  char *j2 = econ_threshold_to_json(&back, &l2);
  FF_INVARIANT(j2 && l1 == l2 && memcmp(j1, j2, l1) == 0, "econ.json_fixpoint", "not a fixed point: %s / %s", j1,
               j2 ? j2 : "(null)");
  free(j1);
  free(j2);
}

FF_PROPERTY(econ_thresholds) {
  switch (ff_choose(in, 4)) {
  case 1: event_json_case(in); return;
  case 2: threshold_json_case(in); return;
  default: break;
  }
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
