/* ThresholdConfig as serde JSON (§5.4, §0.3): externally tagged enums
 * (resource_type unit variants, threshold_type {"Absolute":{value,unit}} or
 * {"Percentage":{value}}, action "Log" | "Notify" | {"Action":str}), instance_id
 * and description nullable, channels a list of strings. */
#include <stdio.h>
#include <string.h>

#include "econ_json.h"

static econ_err parse_resource(json_t *v, econ_resource *out, char *reason, size_t cap) {
  if (!json_is_string(v)) return econ_json_fail(reason, cap, "expected a variant name", "resource_type");
  for (int r = 0; r < ECON_RES_COUNT; r++)
    if (strcmp(json_string_value(v), econ_resource_name((econ_resource)r)) == 0) {
      *out = (econ_resource)r;
      return ECON_OK;
    }
  return econ_json_fail(reason, cap, "unknown variant", "resource_type");
}

static econ_err parse_type(json_t *v, econ_threshold *t, char *reason, size_t cap) {
  const char *f = "threshold_type";
  if (!json_is_object(v) || json_object_size(v) != 1) return econ_json_fail(reason, cap, "expected one variant", f);
  json_t *abs = json_object_get(v, "Absolute"), *pct = json_object_get(v, "Percentage");
  json_t *body = abs ? abs : pct;
  if (!json_is_object(body)) return econ_json_fail(reason, cap, "unknown variant or not a struct", f);
  t->percentage = pct != NULL;
  econ_err e = econ_json_f64(body, "value", &t->value, reason, cap);
  if (e) return e;
  if (abs) return econ_json_str(body, "unit", t->unit, sizeof t->unit, false, NULL, reason, cap);
  t->unit[0] = 0;
  return ECON_OK;
}

static econ_err parse_action(json_t *v, econ_threshold *t, char *reason, size_t cap) {
  if (json_is_string(v)) {
    if (strcmp(json_string_value(v), "Log") == 0) t->action = ECON_ACT_LOG;
    else if (strcmp(json_string_value(v), "Notify") == 0) t->action = ECON_ACT_NOTIFY;
    else return econ_json_fail(reason, cap, "unknown variant", "action");
    return ECON_OK;
  }
  if (json_is_object(v) && json_object_size(v) == 1 && json_object_get(v, "Action")) {
    t->action = ECON_ACT_ACTION;
    return econ_json_str(v, "Action", t->action_arg, sizeof t->action_arg, false, NULL, reason, cap);
  }
  return econ_json_fail(reason, cap, "expected \"Log\", \"Notify\" or {\"Action\":...}", "action");
}

econ_err econ_threshold_from_json(const char *json, size_t len, econ_threshold *t, char *reason,
                                  size_t cap) {
  memset(t, 0, sizeof *t);
  json_t *o;
  econ_err e = econ_json_load_object(json, len, "ThresholdConfig", &o, reason, cap);
  if (e) goto done;
  if ((e = econ_json_str(o, "id", t->id, sizeof t->id, false, NULL, reason, cap))) goto done;
  if ((e = parse_resource(json_object_get(o, "resource_type"), &t->resource, reason, cap))) goto done;
  if ((e = parse_type(json_object_get(o, "threshold_type"), t, reason, cap))) goto done;
  if ((e = parse_action(json_object_get(o, "action"), t, reason, cap))) goto done;
  if ((e = econ_json_str(o, "user_id", t->user_id, sizeof t->user_id, false, NULL, reason, cap))) goto done;
  if ((e = econ_json_str(o, "instance_id", t->instance_id, sizeof t->instance_id, true,
                         &t->has_instance, reason, cap)))
    goto done;
  json_t *ch = json_object_get(o, "notification_channels");
  e = ECON_ERR_PARSE;
  if (!json_is_array(ch)) {
    econ_json_fail(reason, cap, "expected a list of strings", "notification_channels");
    goto done;
  }
  if (json_array_size(ch) > ECON_TH_CHANNELS) {
    econ_json_fail(reason, cap, "more channels than supported (4)", "notification_channels");
    goto done;
  }
  for (size_t i = 0; i < json_array_size(ch); i++) {
    json_t *s = json_array_get(ch, i);
    if (!json_is_string(s) || json_string_length(s) >= sizeof t->channels[0] ||
        strlen(json_string_value(s)) != json_string_length(s)) {
      econ_json_fail(reason, cap, "an element is not a short string", "notification_channels");
      goto done;
    }
    strcpy(t->channels[t->nchannels++], json_string_value(s));
  }
  e = econ_json_str(o, "description", t->description, sizeof t->description, true,
                    &t->has_description, reason, cap);
done:
  json_decref(o);
  return e;
}

char *econ_threshold_to_json(const econ_threshold *t, size_t *len) {
  json_t *o = json_object(), *tt = json_object(), *body = json_object(), *ch = json_array();
  json_t *act = NULL;
  char *out = NULL;
  if (!o || !tt || !body || !ch) goto done;
  int rc = json_object_set_new(body, "value", json_real(t->value));
  if (!t->percentage) rc |= json_object_set_new(body, "unit", json_string(t->unit));
  rc |= json_object_set(tt, t->percentage ? "Percentage" : "Absolute", body);
  if (t->action == ECON_ACT_ACTION) act = json_pack("{s:s}", "Action", t->action_arg);
  else act = json_string(t->action == ECON_ACT_LOG ? "Log" : "Notify");
  for (size_t i = 0; i < t->nchannels; i++) rc |= json_array_append_new(ch, json_string(t->channels[i]));
  rc |= json_object_set_new(o, "id", json_string(t->id));
  rc |= json_object_set_new(o, "resource_type", json_string(econ_resource_name(t->resource)));
  rc |= json_object_set(o, "threshold_type", tt);
  rc |= json_object_set(o, "action", act);
  rc |= json_object_set_new(o, "user_id", json_string(t->user_id));
  rc |= json_object_set_new(o, "instance_id", t->has_instance ? json_string(t->instance_id) : json_null());
  rc |= json_object_set(o, "notification_channels", ch);
  rc |= json_object_set_new(o, "description", t->has_description ? json_string(t->description) : json_null());
  if (rc == 0) out = econ_json_dump(o, len);
done:
  json_decref(act);
  json_decref(ch);
  json_decref(body);
  json_decref(tt);
  json_decref(o);
  return out;
}
