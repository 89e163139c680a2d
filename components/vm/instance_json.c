/* The Instance JSON of §2.3, the body of POST /v1/instance/create and
 * /update (§2.5), read as serde reads it (§0.3): the struct has no serde
 * defaults, so every field is required except the Options (formnet_ip,
 * dns_record, snapshots, gpu, scaling_policy, template_instance_id,
 * build_commit, scheme, a snapshot's description and previous_snapshot),
 * which may be null or missing; unknown fields are ignored; integers must
 * fit their type (u8, u16, u32, i64); IpAddr is its text form; status one of
 * the seven InstanceStatus names. dns_record is null or an object kept as
 * given (FormDnsRecord's fields are not in the fact sheet). The names the
 * fact sheet gives without a type have the one instances.rs declares:
 * strings (description, deployed_by, metrics_endpoint, build_commit, scheme,
 * snapshot_id), booleans (tee, hsm, is_encrypted, logging_enabled), i64
 * (a snapshot's timestamp), u32 (the scaling policy's numbers, §5.7) and
 * i64 (its last_scale_*_time). Written back as serde writes it: every field,
 * None as null. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serde.h"

#define REQ VM_SERDE_REQUIRED
#define OPT VM_SERDE_OPTION
#define SHAPE(fields) {fields, sizeof fields / sizeof fields[0], false}

static const char *const STATUS_NAMES[] = {"Building", "Built", "Created", "Started", "Stopped", "Killed",
                                           "CriticalError"};
static const vm_status STATUS_OF[] = {VM_ST_BUILDING, VM_ST_BUILT,   VM_ST_CREATED,       VM_ST_STARTED,
                                      VM_ST_STOPPED,  VM_ST_COUNT, VM_ST_CRITICAL_ERROR};

static bool is_status(const json_t *v) {
  for (size_t i = 0; json_is_string(v) && i < sizeof STATUS_NAMES / sizeof STATUS_NAMES[0]; i++)
    if (strcmp(json_string_value(v), STATUS_NAMES[i]) == 0) return true;
  return false;
}

static const vm_serde_field GPU_FIELDS[] = {
    {"count", REQ, vm_serde_is_u8, NULL},   {"model", REQ, vm_serde_is_string, NULL},
    {"vram_mb", REQ, vm_serde_is_u32, NULL}, {"usage", REQ, vm_serde_is_u32, NULL}};
static const vm_serde_shape GPU = SHAPE(GPU_FIELDS);

static const vm_serde_field RESOURCES_FIELDS[] = {
    {"vcpus", REQ, vm_serde_is_u8, NULL}, {"memory_mb", REQ, vm_serde_is_u32, NULL},
    {"bandwidth_mbps", REQ, vm_serde_is_u32, NULL}, {"gpu", OPT, NULL, &GPU}};
static const vm_serde_shape RESOURCES = SHAPE(RESOURCES_FIELDS);

static const vm_serde_field MEMBER_FIELDS[] = {
    {"node_id", REQ, vm_serde_is_string, NULL},      {"node_public_ip", REQ, vm_serde_is_ip, NULL},
    {"node_formnet_ip", REQ, vm_serde_is_ip, NULL},  {"instance_id", REQ, vm_serde_is_string, NULL},
    {"instance_formnet_ip", REQ, vm_serde_is_ip, NULL}, {"status", REQ, vm_serde_is_string, NULL},
    {"last_heartbeat", REQ, vm_serde_is_i64, NULL},  {"heartbeats_skipped", REQ, vm_serde_is_u32, NULL}};
static const vm_serde_shape MEMBERS = {MEMBER_FIELDS, sizeof MEMBER_FIELDS / sizeof MEMBER_FIELDS[0], true};

static const vm_serde_field POLICY_FIELDS[] = {
    {"min_instances", REQ, vm_serde_is_u32, NULL},
    {"max_instances", REQ, vm_serde_is_u32, NULL},
    {"target_cpu_utilization", REQ, vm_serde_is_u32, NULL},
    {"scale_in_cooldown_seconds", REQ, vm_serde_is_u32, NULL},
    {"scale_out_cooldown_seconds", REQ, vm_serde_is_u32, NULL},
    {"last_scale_in_time", REQ, vm_serde_is_i64, NULL},
    {"last_scale_out_time", REQ, vm_serde_is_i64, NULL}};
static const vm_serde_shape POLICY = SHAPE(POLICY_FIELDS);

static const vm_serde_field CLUSTER_FIELDS[] = {
    {"members", REQ, NULL, &MEMBERS},
    {"scaling_policy", OPT, NULL, &POLICY},
    {"template_instance_id", OPT, vm_serde_is_string, NULL},
    {"session_affinity_enabled", REQ, vm_serde_is_bool, NULL}};
static const vm_serde_shape CLUSTER = SHAPE(CLUSTER_FIELDS);

static const vm_serde_shape SNAPSHOTS; /* recursive: previous_snapshot */
static const vm_serde_field SNAPSHOT_FIELDS[] = {
    {"snapshot_id", REQ, vm_serde_is_string, NULL},
    {"timestamp", REQ, vm_serde_is_i64, NULL},
    {"description", OPT, vm_serde_is_string, NULL},
    {"previous_snapshot", OPT, NULL, &SNAPSHOTS}}; /* Box<Option<Snapshots>> */
static const vm_serde_shape SNAPSHOTS = SHAPE(SNAPSHOT_FIELDS);

static const vm_serde_field ANNOTATIONS_FIELDS[] = {
    {"deployed_by", REQ, vm_serde_is_string, NULL}, {"network_id", REQ, vm_serde_is_u16, NULL},
    {"build_commit", OPT, vm_serde_is_string, NULL}};
static const vm_serde_field ENCRYPTION_FIELDS[] = {
    {"is_encrypted", REQ, vm_serde_is_bool, NULL}, {"scheme", OPT, vm_serde_is_string, NULL}};
static const vm_serde_shape ENCRYPTION = SHAPE(ENCRYPTION_FIELDS);
static const vm_serde_field SECURITY_FIELDS[] = {
    {"encryption", REQ, NULL, &ENCRYPTION}, {"tee", REQ, vm_serde_is_bool, NULL}, {"hsm", REQ, vm_serde_is_bool, NULL}};
static const vm_serde_field MONITORING_FIELDS[] = {
    {"logging_enabled", REQ, vm_serde_is_bool, NULL}, {"metrics_endpoint", REQ, vm_serde_is_string, NULL}};
static const vm_serde_shape ANNOTATIONS = SHAPE(ANNOTATIONS_FIELDS), SECURITY = SHAPE(SECURITY_FIELDS),
                            MONITORING = SHAPE(MONITORING_FIELDS);
static const vm_serde_field METADATA_FIELDS[] = {
    {"tags", REQ, vm_serde_is_string_array, NULL}, {"description", REQ, vm_serde_is_string, NULL},
    {"annotations", REQ, NULL, &ANNOTATIONS},     {"security", REQ, NULL, &SECURITY},
    {"monitoring", REQ, NULL, &MONITORING}};
static const vm_serde_shape METADATA = SHAPE(METADATA_FIELDS);

/* The Instance; the first five are the fields the server keeps apart from
 * the client's description (INSTANCE_SERVER_FIELDS of them). */
static const vm_serde_field INSTANCE_FIELDS[] = {
    {"instance_id", REQ, vm_serde_is_string, NULL},  {"instance_owner", REQ, vm_serde_is_string, NULL},
    {"status", REQ, is_status, NULL},                {"created_at", REQ, vm_serde_is_i64, NULL},
    {"updated_at", REQ, vm_serde_is_i64, NULL},      {"node_id", REQ, vm_serde_is_string, NULL},
    {"build_id", REQ, vm_serde_is_string, NULL},     {"formnet_ip", OPT, vm_serde_is_ip, NULL},
    {"dns_record", OPT, vm_serde_is_object, NULL},   {"last_snapshot", REQ, vm_serde_is_i64, NULL},
    {"host_region", REQ, vm_serde_is_string, NULL},  {"resources", REQ, NULL, &RESOURCES},
    {"cluster", REQ, NULL, &CLUSTER},                {"formfile", REQ, vm_serde_is_string, NULL},
    {"snapshots", OPT, NULL, &SNAPSHOTS},            {"metadata", REQ, NULL, &METADATA}};
static const vm_serde_shape INSTANCE = SHAPE(INSTANCE_FIELDS);
#define INSTANCE_SERVER_FIELDS 5

vm_err vm_instance_request_parse(const uint8_t *body, size_t len, vm_instance_body *out) {
  memset(out, 0, sizeof *out);
  json_t *root;
  vm_err e = vm_serde_load(body, len, &root);
  if (e != VM_OK) return e;
  json_t *inst = vm_serde_read(root, &INSTANCE);
  json_decref(root);
  if (!inst) return VM_E_JSON_DATA;
  const json_t *id = json_object_get(inst, "instance_id");
  const char *status = json_string_value(json_object_get(inst, "status"));
  for (size_t i = 0; i < sizeof STATUS_NAMES / sizeof STATUS_NAMES[0]; i++)
    if (strcmp(status, STATUS_NAMES[i]) == 0) out->status = STATUS_OF[i];
  e = json_string_length(id) > VM_ID_MAX ? VM_E_BAD_ID : VM_OK;
  if (e == VM_OK) snprintf(out->instance_id, sizeof out->instance_id, "%s", json_string_value(id));
  for (size_t i = 0; i < INSTANCE_SERVER_FIELDS; i++) json_object_del(inst, INSTANCE_FIELDS[i].name);
  char *spec = json_dumps(inst, JSON_COMPACT | JSON_SORT_KEYS);
  if (e == VM_OK && (!spec || strlen(spec) > VM_INSTANCE_SPEC_MAX)) e = VM_E_TOO_LARGE;
  if (e == VM_OK) snprintf(out->spec, sizeof out->spec, "%s", spec);
  free(spec);
  json_decref(inst);
  return e;
}

/* Instance::default()'s description: ids of 64 zero digits, zeros, empty
 * strings and collections, None. */
static json_t *default_description(void) {
  static const char ZERO64[] = "0000000000000000000000000000000000000000000000000000000000000000";
  return json_pack("{s:s, s:s, s:n, s:n, s:i, s:s, s:{s:i,s:i,s:i,s:n}, s:{s:{},s:n,s:n,s:b}, s:s, s:n,"
                   " s:{s:[],s:s,s:{s:s,s:i,s:n},s:{s:{s:b,s:n},s:b,s:b},s:{s:b,s:s}}}",
                   "node_id", ZERO64, "build_id", ZERO64, "formnet_ip", "dns_record", "last_snapshot", 0,
                   "host_region", "", "resources", "vcpus", 0, "memory_mb", 0, "bandwidth_mbps", 0, "gpu",
                   "cluster", "members", "scaling_policy", "template_instance_id", "session_affinity_enabled", 0,
                   "formfile", "", "snapshots", "metadata", "tags", "description", "", "annotations",
                   "deployed_by", "", "network_id", 0, "build_commit", "security", "encryption", "is_encrypted",
                   0, "scheme", "tee", 0, "hsm", 0, "monitoring", "logging_enabled", 0, "metrics_endpoint", "");
}

static const char *status_name(vm_status s) {
  for (size_t i = 0; i < sizeof STATUS_OF / sizeof STATUS_OF[0]; i++)
    if (STATUS_OF[i] == s) return STATUS_NAMES[i];
  return "Killed"; /* Deleted: a removed record is never written */
}

bool vm_instance_has_build_id(const vm_instance *in, const char *build_id) {
  json_t *j = vm_instance_json(in);
  bool same = strcmp(json_string_value(json_object_get(j, "build_id")), build_id) == 0;
  json_decref(j);
  return same;
}

void *vm_instance_json(const vm_instance *in) {
  json_t *out = in->spec[0] ? json_loads(in->spec, 0, NULL) : NULL;
  if (!out) out = default_description(); /* no description given (the store's own create) */
  json_object_set_new(out, "instance_id", json_string(in->id));
  json_object_set_new(out, "instance_owner", json_string(in->owner.hex));
  json_object_set_new(out, "status", json_string(status_name(in->machine.status)));
  json_object_set_new(out, "created_at", json_integer(in->created_at));
  json_object_set_new(out, "updated_at", json_integer(in->updated_at));
  return out;
}
