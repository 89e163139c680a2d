/* The host agent's NodeMetricsRequest messages on the queue (§5.6, §0.4) and
 * form-state's consumer of topic "state" for them: subtopic bytes checked (no
 * panic on an empty message or a byte >= 10), unknown nodes reported, node ids
 * checked, capacity and metrics validated before anything is stored (all or
 * nothing), and heartbeats applied through the never-back-in-time rule. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "econ_json.h"

/* ---- writing ---- */

/* jansson's integers are signed 64-bit: a u64 above that cannot be written. */
static bool fits_json(uint64_t v) { return v <= (uint64_t)INT64_MAX; }

static json_t *capacity_json(const econ_node_capacity *c) {
  if (!fits_json(c->cpu_total_cores) || !fits_json(c->memory_total_bytes) ||
      !fits_json(c->memory_available_bytes) || !fits_json(c->storage_total_bytes) ||
      !fits_json(c->storage_available_bytes))
    return NULL;
  return json_pack("{s:I,s:I,s:I,s:I,s:I,s:I}", "cpu_total_cores", (json_int_t)c->cpu_total_cores,
                   "cpu_available_cores", (json_int_t)c->cpu_available_cores, "memory_total_bytes",
                   (json_int_t)c->memory_total_bytes, "memory_available_bytes",
                   (json_int_t)c->memory_available_bytes, "storage_total_bytes",
                   (json_int_t)c->storage_total_bytes, "storage_available_bytes",
                   (json_int_t)c->storage_available_bytes);
}

/* An Option<u32>: the value or null. */
static json_t *optional_u32(bool has, uint32_t v) { return has ? json_integer(v) : json_null(); }

static json_t *metrics_json(const econ_node_metrics *m) {
  if (!fits_json(m->process_count) || !fits_json(m->disk_read_bytes_per_sec) ||
      !fits_json(m->disk_write_bytes_per_sec) || !fits_json(m->network_in_bytes_per_sec) ||
      !fits_json(m->network_out_bytes_per_sec))
    return NULL;
  return json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:o,s:o,s:o}", "load_avg_1",
                   (json_int_t)m->load_avg_1, "load_avg_5", (json_int_t)m->load_avg_5, "load_avg_15",
                   (json_int_t)m->load_avg_15, "process_count", (json_int_t)m->process_count,
                   "disk_read_bytes_per_sec", (json_int_t)m->disk_read_bytes_per_sec,
                   "disk_write_bytes_per_sec", (json_int_t)m->disk_write_bytes_per_sec,
                   "network_in_bytes_per_sec", (json_int_t)m->network_in_bytes_per_sec,
                   "network_out_bytes_per_sec", (json_int_t)m->network_out_bytes_per_sec,
                   "cpu_temperature", optional_u32(m->has_cpu_temperature, m->cpu_temperature),
                   "gpu_temperature", optional_u32(m->has_gpu_temperature, m->gpu_temperature),
                   "power_usage_watts", optional_u32(m->has_power_usage_watts, m->power_usage_watts));
}

static json_t *capabilities_json(const econ_node_capabilities *c) {
  json_t *gpus = json_array();
  bool complete = gpus != NULL;
  for (size_t i = 0; complete && i < c->ngpus && i < ECON_NODE_GPUS; i++) {
    const econ_gpu_model *g = &c->gpus[i];
    json_t *gj = fits_json(g->total_memory_bytes)
                     ? json_pack("{s:s,s:o,s:I,s:I}", "vendor", g->vendor, "model",
                                 g->has_model ? json_string(g->model) : json_null(), "count",
                                 (json_int_t)g->count, "total_memory_bytes", (json_int_t)g->total_memory_bytes)
                     : NULL;
    complete = json_array_append_new(gpus, gj) == 0;
  }
  if (!complete || !fits_json(c->cpu_cores) || !fits_json(c->total_memory) || !fits_json(c->total_storage)) {
    json_decref(gpus);
    return NULL;
  }
  json_t *o = json_pack("{s:s,s:I,s:I,s:I,s:o}", "cpu_model", c->cpu_model, "cpu_cores",
                        (json_int_t)c->cpu_cores, "total_memory", (json_int_t)c->total_memory,
                        "total_storage", (json_int_t)c->total_storage, "gpu_models", gpus);
  json_t *extra = c->extra[0] ? json_loads(c->extra, JSON_REJECT_DUPLICATES, NULL) : json_object();
  if (!o || !json_is_object(extra) || json_object_update_missing(o, extra) != 0) {
    json_decref(o);
    o = NULL;
  }
  json_decref(extra);
  return o;
}

/* {"<variant>": body} as a queue write on topic "state", subtopic 6. Steals body. */
static char *node_request_write(const char *variant, json_t *body, size_t *len) {
  json_t *req = body ? json_pack("{s:o}", variant, body) : NULL;
  if (!req) return NULL;
  size_t ml;
  char *msg = econ_json_dump(req, &ml);
  json_decref(req);
  if (!msg) return NULL;
  char *w = econ_queue_write_json("state", 6, msg, ml, len);
  free(msg);
  return w;
}

char *econ_heartbeat_write_json(const char *node_id, int64_t timestamp, size_t *len) {
  return node_request_write(
      "Heartbeat", json_pack("{s:s,s:I}", "node_id", node_id, "timestamp", (json_int_t)timestamp), len);
}

/* json_pack with an "o" of NULL fails and consumes nothing: build the parts first. */
static json_t *with_id(const char *node_id, const char *k1, json_t *v1, const char *k2, json_t *v2) {
  if (!v1 || !v2) {
    json_decref(v1);
    json_decref(v2);
    return NULL;
  }
  return json_pack("{s:s,s:o,s:o}", "node_id", node_id, k1, v1, k2, v2);
}

char *econ_set_initial_metrics_write_json(const char *node_id, const econ_node_capabilities *caps,
                                          const econ_node_capacity *capacity, size_t *len) {
  return node_request_write("SetInitialMetrics",
                            with_id(node_id, "node_capabilities", capabilities_json(caps),
                                    "node_capacity", capacity_json(capacity)),
                            len);
}

char *econ_update_metrics_write_json(const char *node_id, const econ_node_capacity *capacity,
                                     const econ_node_metrics *metrics, size_t *len) {
  return node_request_write("UpdateMetrics",
                            with_id(node_id, "node_capacity", capacity_json(capacity), "node_metrics",
                                    metrics_json(metrics)),
                            len);
}

/* ---- reading ---- */

const char *econ_state_subtopic_name(uint8_t b) {
  static const char *names[] = {"PeerRequest",        "CidrRequest",    "AssocRequest", "DnsRequest",
                                "InstanceRequest",    "NodeRequest",    "NodeMetricsRequest",
                                "AccountRequest",     "AgentRequest",   "ModelRequest"};
  return b < sizeof names / sizeof names[0] ? names[b] : NULL;
}

static econ_err fail(char *reason, size_t cap, econ_err e, const char *msg) {
  if (reason && cap) snprintf(reason, cap, "%s", msg);
  return e;
}

static econ_err object_field(json_t *o, const char *field, json_t **out, char *reason, size_t cap) {
  *out = json_object_get(o, field);
  return json_is_object(*out) ? ECON_OK : econ_json_fail(reason, cap, "expected an object", field);
}

/* An Option<u32> field: null or missing is None. */
static econ_err read_optional_u32(json_t *o, const char *field, bool *has, uint32_t *v, char *reason,
                                  size_t cap) {
  json_t *x = json_object_get(o, field);
  *has = false;
  if (!x || json_is_null(x)) return ECON_OK;
  uint64_t u;
  econ_err e = econ_json_u64(o, field, &u, reason, cap);
  if (e) return e;
  if (u > UINT32_MAX) return econ_json_fail(reason, cap, "does not fit in u32", field);
  *has = true;
  *v = (uint32_t)u;
  return ECON_OK;
}

static econ_err read_capacity(json_t *o, econ_node_capacity *c, char *reason, size_t cap) {
  econ_err e;
  if ((e = econ_json_u64(o, "cpu_total_cores", &c->cpu_total_cores, reason, cap)) ||
      (e = econ_json_i64(o, "cpu_available_cores", &c->cpu_available_cores, reason, cap)) ||
      (e = econ_json_u64(o, "memory_total_bytes", &c->memory_total_bytes, reason, cap)) ||
      (e = econ_json_u64(o, "memory_available_bytes", &c->memory_available_bytes, reason, cap)) ||
      (e = econ_json_u64(o, "storage_total_bytes", &c->storage_total_bytes, reason, cap)) ||
      (e = econ_json_u64(o, "storage_available_bytes", &c->storage_available_bytes, reason, cap)))
    return e;
  return econ_node_capacity_validate(c, reason, cap);
}

static econ_err read_metrics(json_t *o, econ_node_metrics *m, char *reason, size_t cap) {
  econ_err e;
  if ((e = econ_json_i64(o, "load_avg_1", &m->load_avg_1, reason, cap)) ||
      (e = econ_json_i64(o, "load_avg_5", &m->load_avg_5, reason, cap)) ||
      (e = econ_json_i64(o, "load_avg_15", &m->load_avg_15, reason, cap)) ||
      (e = econ_json_u64(o, "process_count", &m->process_count, reason, cap)) ||
      (e = econ_json_u64(o, "disk_read_bytes_per_sec", &m->disk_read_bytes_per_sec, reason, cap)) ||
      (e = econ_json_u64(o, "disk_write_bytes_per_sec", &m->disk_write_bytes_per_sec, reason, cap)) ||
      (e = econ_json_u64(o, "network_in_bytes_per_sec", &m->network_in_bytes_per_sec, reason, cap)) ||
      (e = econ_json_u64(o, "network_out_bytes_per_sec", &m->network_out_bytes_per_sec, reason, cap)) ||
      (e = read_optional_u32(o, "cpu_temperature", &m->has_cpu_temperature, &m->cpu_temperature, reason, cap)) ||
      (e = read_optional_u32(o, "gpu_temperature", &m->has_gpu_temperature, &m->gpu_temperature, reason, cap)) ||
      (e = read_optional_u32(o, "power_usage_watts", &m->has_power_usage_watts, &m->power_usage_watts, reason, cap)))
    return e;
  if (m->load_avg_1 < 0 || m->load_avg_5 < 0 || m->load_avg_15 < 0)
    return fail(reason, cap, ECON_ERR_INVALID, "a load average is negative");
  return econ_node_metrics_validate(m, reason, cap);
}

static econ_err read_gpu(json_t *g, econ_gpu_model *out, char *reason, size_t cap) {
  if (!json_is_object(g)) return econ_json_fail(reason, cap, "expected an object", "gpu_models[]");
  uint64_t count;
  econ_err e;
  if ((e = econ_json_str(g, "vendor", out->vendor, sizeof out->vendor, false, NULL, reason, cap)) ||
      (e = econ_json_str(g, "model", out->model, sizeof out->model, true, &out->has_model, reason, cap)) ||
      (e = econ_json_u64(g, "count", &count, reason, cap)) ||
      (e = econ_json_u64(g, "total_memory_bytes", &out->total_memory_bytes, reason, cap)))
    return e;
  if (count == 0 || count > UINT32_MAX)
    return fail(reason, cap, ECON_ERR_INVALID, "gpu_models[].count must be 1..u32 max");
  out->count = (uint32_t)count;
  return ECON_OK;
}

static const char *const typed_capability_fields[] = {"cpu_model", "cpu_cores", "total_memory",
                                                      "total_storage", "gpu_models"};

/* The untyped fields, kept as one compact JSON object. */
static econ_err keep_extra(json_t *o, econ_node_capabilities *c, char *reason, size_t cap) {
  json_t *extra = json_deep_copy(o);
  if (!extra) return fail(reason, cap, ECON_ERR_NOMEM, "out of memory");
  for (size_t i = 0; i < sizeof typed_capability_fields / sizeof *typed_capability_fields; i++)
    json_object_del(extra, typed_capability_fields[i]);
  size_t n;
  char *text = econ_json_dump(extra, &n);
  json_decref(extra);
  if (!text) return fail(reason, cap, ECON_ERR_NOMEM, "out of memory");
  econ_err e = ECON_OK;
  if (n >= sizeof c->extra)
    e = fail(reason, cap, ECON_ERR_INVALID, "node_capabilities: untyped fields too large");
  else
    memcpy(c->extra, text, n + 1);
  free(text);
  return e;
}

static econ_err read_capabilities(json_t *o, econ_node_capabilities *c, char *reason, size_t cap) {
  econ_err e;
  if ((e = econ_json_str(o, "cpu_model", c->cpu_model, sizeof c->cpu_model, false, NULL, reason, cap)) ||
      (e = econ_json_u64(o, "cpu_cores", &c->cpu_cores, reason, cap)) ||
      (e = econ_json_u64(o, "total_memory", &c->total_memory, reason, cap)) ||
      (e = econ_json_u64(o, "total_storage", &c->total_storage, reason, cap)))
    return e;
  if (c->cpu_cores == 0) return fail(reason, cap, ECON_ERR_INVALID, "cpu_cores is 0");
  json_t *gpus = json_object_get(o, "gpu_models");
  if (!json_is_array(gpus)) return econ_json_fail(reason, cap, "expected an array", "gpu_models");
  if (json_array_size(gpus) > ECON_NODE_GPUS)
    return fail(reason, cap, ECON_ERR_INVALID, "gpu_models: too many models");
  c->ngpus = json_array_size(gpus);
  for (size_t i = 0; i < c->ngpus; i++)
    if ((e = read_gpu(json_array_get(gpus, i), &c->gpus[i], reason, cap))) return e;
  return keep_extra(o, c, reason, cap);
}

static bool node_id_ok(const char *id) {
  if (strlen(id) != ECON_NODE_ID_LEN) return false;
  for (const char *p = id; *p; p++)
    if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'))) return false;
  return true;
}

/* The record a message names: ECON_ERR_INVALID for a malformed id, NOTFOUND for an unknown one. */
static econ_err find_node(econ_node_record *nodes, size_t n, json_t *body, econ_node_record **out,
                          char *reason, size_t cap) {
  char id[ECON_NODE_ID_LEN + 2];
  econ_err e = econ_json_str(body, "node_id", id, sizeof id, false, NULL, reason, cap);
  if (e) return e;
  if (!node_id_ok(id))
    return fail(reason, cap, ECON_ERR_INVALID, "node_id is not 40 lowercase hex characters");
  for (size_t i = 0; i < n; i++)
    if (strcmp(nodes[i].node_id, id) == 0) {
      *out = &nodes[i];
      return ECON_OK;
    }
  return fail(reason, cap, ECON_ERR_NOTFOUND, "unknown node_id");
}

static econ_err consume_request(econ_node_record *nodes, size_t n, json_t *req, int64_t now,
                                char *reason, size_t cap) {
  const char *variant = json_object_iter_key(json_object_iter(req));
  json_t *body = json_object_iter_value(json_object_iter(req));
  econ_node_record *node;
  econ_err e;
  if (!json_is_object(body)) return econ_json_fail(reason, cap, "expected an object", variant);
  if (strcmp(variant, "Heartbeat") == 0) {
    int64_t ts;
    if ((e = econ_json_i64(body, "timestamp", &ts, reason, cap)) ||
        (e = find_node(nodes, n, body, &node, reason, cap)))
      return e;
    return econ_node_heartbeat(node, ts, now, reason, cap);
  }
  json_t *a, *b;
  econ_node_capacity capacity = {0};
  if (strcmp(variant, "SetInitialMetrics") == 0) {
    econ_node_capabilities caps = {0};
    if ((e = object_field(body, "node_capabilities", &a, reason, cap)) ||
        (e = object_field(body, "node_capacity", &b, reason, cap)) ||
        (e = read_capabilities(a, &caps, reason, cap)) || (e = read_capacity(b, &capacity, reason, cap)) ||
        (e = find_node(nodes, n, body, &node, reason, cap)))
      return e;
    node->capabilities = caps;
    node->has_capabilities = true;
  } else if (strcmp(variant, "UpdateMetrics") == 0) {
    econ_node_metrics metrics = {0};
    if ((e = object_field(body, "node_capacity", &a, reason, cap)) ||
        (e = object_field(body, "node_metrics", &b, reason, cap)) ||
        (e = read_capacity(a, &capacity, reason, cap)) || (e = read_metrics(b, &metrics, reason, cap)) ||
        (e = find_node(nodes, n, body, &node, reason, cap)))
      return e;
    node->metrics = metrics;
    node->has_metrics = true;
  } else {
    return fail(reason, cap, ECON_ERR_PARSE, "unknown NodeMetricsRequest variant");
  }
  node->capacity = capacity;
  node->has_capacity = true;
  return ECON_OK;
}

econ_err econ_state_consume(econ_node_record *nodes, size_t n, const uint8_t *content, size_t len,
                            int64_t now, char *reason, size_t cap) {
  if (len == 0) return fail(reason, cap, ECON_ERR_PARSE, "empty message (no subtopic byte)");
  if (!econ_state_subtopic_name(content[0])) return fail(reason, cap, ECON_ERR_PARSE, "unknown subtopic");
  if (content[0] != 6) return fail(reason, cap, ECON_ERR_INVALID, "subtopic not modelled by the econ core");
  json_t *req = json_loadb((const char *)content + 1, len - 1, JSON_REJECT_DUPLICATES, NULL);
  econ_err e = json_is_object(req) && json_object_size(req) == 1
                   ? consume_request(nodes, n, req, now, reason, cap)
                   : fail(reason, cap, ECON_ERR_PARSE, "not a NodeMetricsRequest");
  json_decref(req);
  return e;
}
