/* The Account JSON of §2.1 read as serde reads it (§0.3), inside the
 * externally tagged AccountRequest wrappers of the account routes (§2.5):
 * {"Create":Account}, {"Update":Account}. address is required; name may be a
 * string, null or missing; every other field has a serde default and is
 * checked for its type when present (is_global_admin bool, credits u64,
 * owned_instances/owned_agents/owned_models/hired_agents string arrays,
 * authorized_instances a map of level names, created_at/updated_at i64,
 * subscription/usage null or an object); unknown fields are ignored.
 * Malformed JSON is 400, well-formed JSON of the wrong shape 422 (axum's
 * Json extractor: syntax vs data errors). The reading itself is serde.c's,
 * from the field tables below. */
#include <stdio.h>
#include <string.h>

#include "serde.h"

static bool level_map(const json_t *v) {
  if (!json_is_object(v)) return false;
  const char *k;
  json_t *e;
  json_object_foreach((json_t *)v, k, e) {
    static const char *const LEVELS[] = {"Owner", "Manager", "Operator", "ReadOnly"};
    bool ok = false;
    for (size_t i = 0; json_is_string(e) && i < 4; i++) ok = ok || strcmp(json_string_value(e), LEVELS[i]) == 0;
    if (!ok) return false;
  }
  return true;
}

static const vm_serde_field ACCOUNT_FIELDS[] = {
    {"address", VM_SERDE_REQUIRED, vm_serde_is_string, NULL},
    {"name", VM_SERDE_OPTION, vm_serde_is_string, NULL},
    {"is_global_admin", VM_SERDE_DEFAULT, vm_serde_is_bool, NULL},
    {"owned_instances", VM_SERDE_DEFAULT, vm_serde_is_string_array, NULL},
    {"owned_agents", VM_SERDE_DEFAULT, vm_serde_is_string_array, NULL},
    {"owned_models", VM_SERDE_DEFAULT, vm_serde_is_string_array, NULL},
    {"authorized_instances", VM_SERDE_DEFAULT, level_map, NULL},
    {"subscription", VM_SERDE_OPTION, vm_serde_is_object, NULL},
    {"usage", VM_SERDE_OPTION, vm_serde_is_object, NULL},
    {"credits", VM_SERDE_DEFAULT, vm_serde_is_u64, NULL},
    {"hired_agents", VM_SERDE_DEFAULT, vm_serde_is_string_array, NULL},
    {"created_at", VM_SERDE_DEFAULT, vm_serde_is_i64, NULL},
    {"updated_at", VM_SERDE_DEFAULT, vm_serde_is_i64, NULL},
};
static const vm_serde_shape ACCOUNT = {ACCOUNT_FIELDS, sizeof ACCOUNT_FIELDS / sizeof ACCOUNT_FIELDS[0], false};

/* The fields the core keeps, from an Account already read as serde reads it. */
static vm_err take_account(const json_t *a, vm_account_body *out) {
  const json_t *addr = json_object_get(a, "address"), *name = json_object_get(a, "name");
  if (json_string_length(addr) > VM_BODY_TEXT_MAX) return VM_E_JSON_DATA;
  snprintf(out->address, sizeof out->address, "%s", json_string_value(addr));
  if (!json_is_null(name)) {
    if (json_string_length(name) > VM_ACCOUNT_NAME_MAX) return VM_E_JSON_DATA;
    out->has_name = true;
    snprintf(out->name, sizeof out->name, "%s", json_string_value(name));
  }
  out->is_global_admin = json_is_true(json_object_get(a, "is_global_admin"));
  const json_t *credits = json_object_get(a, "credits");
  out->credits = credits ? (uint64_t)json_integer_value(credits) : 0;
  size_t i;
  json_t *e;
  json_array_foreach(json_object_get(a, "owned_instances"), i, e) { /* a set: duplicates collapse; longer ids than any instance's never match one */
    const char *id = json_string_value(e);
    if (strlen(id) > VM_ID_MAX || out->owned_count == VM_MAX_INSTANCES) continue;
    bool dup = false;
    for (size_t k = 0; k < out->owned_count; k++) dup = dup || strcmp(out->owned[k], id) == 0;
    if (!dup) strcpy(out->owned[out->owned_count++], id);
  }
  return VM_OK;
}

vm_err vm_account_request_parse(const uint8_t *body, size_t len, const char *variant, vm_account_body *out) {
  memset(out, 0, sizeof *out);
  json_t *root;
  vm_err e = vm_serde_load(body, len, &root);
  if (e != VM_OK) return e;
  json_t *account = vm_serde_read(vm_serde_variant(root, variant), &ACCOUNT);
  e = account ? take_account(account, out) : VM_E_JSON_DATA;
  json_decref(account);
  json_decref(root);
  return e;
}

static const vm_serde_field TRANSFER_FIELDS[] = {
    {"from_address", VM_SERDE_REQUIRED, vm_serde_is_string, NULL},
    {"to_address", VM_SERDE_REQUIRED, vm_serde_is_string, NULL},
    {"instance_id", VM_SERDE_REQUIRED, vm_serde_is_string, NULL},
};
static const vm_serde_shape TRANSFER = {TRANSFER_FIELDS, 3, false};

/* {"TransferOwnership":{"from_address":s,"to_address":s,"instance_id":s}} */
vm_err vm_transfer_request_parse(const uint8_t *body, size_t len, vm_transfer_body *out) {
  memset(out, 0, sizeof *out);
  json_t *root;
  vm_err e = vm_serde_load(body, len, &root);
  if (e != VM_OK) return e;
  json_t *t = vm_serde_read(vm_serde_variant(root, "TransferOwnership"), &TRANSFER);
  const json_t *from = json_object_get(t, "from_address"), *to = json_object_get(t, "to_address"),
               *id = json_object_get(t, "instance_id");
  e = VM_E_JSON_DATA;
  if (t && json_string_length(from) <= VM_BODY_TEXT_MAX && json_string_length(to) <= VM_BODY_TEXT_MAX &&
      json_string_length(id) <= VM_ID_MAX) {
    snprintf(out->from, sizeof out->from, "%s", json_string_value(from));
    snprintf(out->to, sizeof out->to, "%s", json_string_value(to));
    snprintf(out->instance_id, sizeof out->instance_id, "%s", json_string_value(id));
    e = VM_OK;
  }
  json_decref(t);
  json_decref(root);
  return e;
}

/* The string at key of a JSON object body into out: 400 when the body is
 * not JSON, 422 when the field is missing, not a string or too long, or
 * (sole: an externally tagged newtype variant) when the object has other
 * keys too. */
static vm_err string_field(const uint8_t *body, size_t len, const char *key, bool sole,
                           char out[VM_BODY_TEXT_MAX + 1]) {
  out[0] = '\0';
  json_t *root;
  vm_err e = vm_serde_load(body, len, &root);
  if (e != VM_OK) return e;
  const json_t *v = sole ? vm_serde_variant(root, key) : json_object_get(root, key);
  e = VM_E_JSON_DATA;
  if (json_is_string(v) && json_string_length(v) <= VM_BODY_TEXT_MAX) {
    snprintf(out, VM_BODY_TEXT_MAX + 1, "%s", json_string_value(v));
    e = VM_OK;
  }
  json_decref(root);
  return e;
}

/* {"admin_public_key": s} (a plain struct, not an enum) */
vm_err vm_bootstrap_request_parse(const uint8_t *body, size_t len, char out[VM_BODY_TEXT_MAX + 1]) {
  return string_field(body, len, "admin_public_key", false, out);
}

static json_t *string_set(const char (*ids)[VM_ID_MAX + 1], size_t n) {
  json_t *a = json_array();
  for (size_t i = 0; i < n; i++) json_array_append_new(a, json_string(ids[i]));
  return a;
}

static const char *serde_level(vm_level l) {
  switch (l) {
  case VM_LEVEL_OWNER: return "Owner";
  case VM_LEVEL_MANAGER: return "Manager";
  case VM_LEVEL_OPERATOR: return "Operator";
  default: return "ReadOnly";
  }
}

void *vm_account_json(const vm_store *s, const vm_account *acc) {
  json_t *authorized = json_object(); /* the grants on instances, as the account's map (§2.1) */
  for (size_t i = 0; i < VM_MAX_INSTANCES; i++) {
    const vm_instance *in = &s->instances[i];
    for (size_t g = 0; in->used && g < in->grant_count; g++)
      if (vm_addr_equal(&in->grants[g].who, &acc->address))
        json_object_set_new(authorized, in->id, json_string(serde_level(in->grants[g].level)));
  }
  return json_pack("{s:s, s:o, s:b, s:o, s:[], s:[], s:o, s:n, s:n, s:I, s:[], s:I, s:I}", "address",
                   acc->address.hex, "name", acc->has_name ? json_string(acc->name) : json_null(),
                   "is_global_admin", acc->is_global_admin, "owned_instances",
                   string_set((const char (*)[VM_ID_MAX + 1])acc->owned, acc->owned_count), "owned_agents",
                   "owned_models", "authorized_instances", authorized, "subscription", "usage", "credits",
                   (json_int_t)acc->credits, "hired_agents", "created_at", (json_int_t)0, "updated_at",
                   (json_int_t)0);
}

/* {"Delete": "addr"} */
vm_err vm_delete_request_parse(const uint8_t *body, size_t len, char out[VM_BODY_TEXT_MAX + 1]) {
  return string_field(body, len, "Delete", true, out);
}
