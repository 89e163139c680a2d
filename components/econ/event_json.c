/* UsageEvent as serde JSON (§5.1, §0.3): written with jansson in the struct's
 * field order, parsed with serde's rules and then validated. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "econ_json.h"

static json_t *metrics_json(const econ_metrics *m) {
  json_t *o = json_object();
  if (!o) return NULL;
  int rc = 0;
  rc |= json_object_set_new(o, "cpu_seconds", json_integer((json_int_t)m->cpu_seconds));
  rc |= json_object_set_new(o, "cpu_percent_avg", json_real(m->cpu_percent_avg));
  rc |= json_object_set_new(o, "memory_gb", json_real(m->memory_gb));
  rc |= json_object_set_new(o, "memory_percent", json_real(m->memory_percent));
  rc |= json_object_set_new(o, "storage_gb", json_real(m->storage_gb));
  rc |= json_object_set_new(o, "network_egress_mb", json_real(m->network_egress_mb));
  rc |= json_object_set_new(o, "network_ingress_mb", json_real(m->network_ingress_mb));
  rc |= json_object_set_new(o, "gpu_seconds", json_integer((json_int_t)m->gpu_seconds));
  if (rc) {
    json_decref(o);
    return NULL;
  }
  return o;
}

char *econ_event_to_json(const econ_event *ev, size_t *len, char *reason, size_t cap) {
  const econ_metrics *m = &ev->metrics;
  const double reals[] = {m->cpu_percent_avg, m->memory_gb, m->memory_percent, m->storage_gb,
                          m->network_egress_mb, m->network_ingress_mb};
  for (size_t i = 0; i < sizeof reals / sizeof reals[0]; i++)
    if (!isfinite(reals[i])) {
      if (reason && cap) snprintf(reason, cap, "a metric is not finite: JSON has no NaN or inf");
      return NULL;
    }
  if (m->cpu_seconds > INT64_MAX || m->gpu_seconds > INT64_MAX) {
    if (reason && cap) snprintf(reason, cap, "a seconds counter exceeds 2^63-1");
    return NULL;
  }
  json_t *o = json_object(), *period = json_object(), *mj = metrics_json(m);
  char *out = NULL;
  if (!o || !period || !mj) goto done;
  int rc = 0;
  rc |= json_object_set_new(o, "event_type", json_string(ECON_EVENT_TYPE));
  rc |= json_object_set_new(o, "version", json_string(ECON_EVENT_VERSION));
  rc |= json_object_set_new(o, "timestamp", json_integer(ev->timestamp));
  rc |= json_object_set_new(o, "instance_id", json_string(ev->instance_id));
  rc |= json_object_set_new(o, "user_id", json_string(ev->user_id));
  rc |= json_object_set_new(o, "org_id", ev->has_org ? json_string(ev->org_id) : json_null());
  rc |= json_object_set(o, "metrics", mj);
  rc |= json_object_set_new(period, "start", json_integer(ev->period_start));
  rc |= json_object_set_new(period, "end", json_integer(ev->period_end));
  rc |= json_object_set(o, "period", period);
  if (rc == 0) out = econ_json_dump(o, len);
done:
  if (!out && reason && cap) snprintf(reason, cap, "out of memory or invalid UTF-8 in an id");
  json_decref(mj);
  json_decref(period);
  json_decref(o);
  return out;
}

static econ_err parse_metrics(json_t *m, econ_metrics *out, char *reason, size_t cap) {
  if (!json_is_object(m)) return econ_json_fail(reason, cap, "expected an object", "metrics");
  econ_err e;
  if ((e = econ_json_u64(m, "cpu_seconds", &out->cpu_seconds, reason, cap))) return e;
  if ((e = econ_json_f64(m, "cpu_percent_avg", &out->cpu_percent_avg, reason, cap))) return e;
  if ((e = econ_json_f64(m, "memory_gb", &out->memory_gb, reason, cap))) return e;
  if ((e = econ_json_f64(m, "memory_percent", &out->memory_percent, reason, cap))) return e;
  if ((e = econ_json_f64(m, "storage_gb", &out->storage_gb, reason, cap))) return e;
  if ((e = econ_json_f64(m, "network_egress_mb", &out->network_egress_mb, reason, cap))) return e;
  if ((e = econ_json_f64(m, "network_ingress_mb", &out->network_ingress_mb, reason, cap))) return e;
  return econ_json_u64(m, "gpu_seconds", &out->gpu_seconds, reason, cap);
}

econ_err econ_event_from_json(const char *json, size_t len, econ_event *ev, char *reason,
                              size_t cap) {
  memset(ev, 0, sizeof *ev);
  json_t *o;
  char tmp[32];
  econ_err e = econ_json_load_object(json, len, "UsageEvent", &o, reason, cap);
  if (e) goto done;
  if ((e = econ_json_str(o, "event_type", tmp, sizeof tmp, false, NULL, reason, cap))) goto done;
  if (strcmp(tmp, ECON_EVENT_TYPE) != 0) {
    e = econ_json_fail(reason, cap, "not \"resource_usage\"", "event_type");
    goto done;
  }
  if ((e = econ_json_str(o, "version", tmp, sizeof tmp, false, NULL, reason, cap))) goto done;
  if (strcmp(tmp, ECON_EVENT_VERSION) != 0) {
    e = econ_json_fail(reason, cap, "not \"1.0\"", "version");
    goto done;
  }
  if ((e = econ_json_i64(o, "timestamp", &ev->timestamp, reason, cap))) goto done;
  if ((e = econ_json_str(o, "instance_id", ev->instance_id, ECON_ID_MAX, false, NULL, reason, cap)))
    goto done;
  if ((e = econ_json_str(o, "user_id", ev->user_id, ECON_ID_MAX, false, NULL, reason, cap))) goto done;
  if ((e = econ_json_str(o, "org_id", ev->org_id, ECON_ID_MAX, true, &ev->has_org, reason, cap)))
    goto done;
  if ((e = parse_metrics(json_object_get(o, "metrics"), &ev->metrics, reason, cap))) goto done;
  json_t *p = json_object_get(o, "period");
  if (!json_is_object(p)) {
    e = econ_json_fail(reason, cap, "expected an object", "period");
    goto done;
  }
  if ((e = econ_json_i64(p, "start", &ev->period_start, reason, cap))) goto done;
  if ((e = econ_json_i64(p, "end", &ev->period_end, reason, cap))) goto done;
  e = econ_event_validate(ev, reason, cap);
done:
  json_decref(o);
  return e;
}
