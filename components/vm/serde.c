/* serde's reading of JSON bodies (§0.3): see serde.h. Text that is not JSON
 * is 400 (axum's syntax error); JSON of the wrong shape is 422 (its data
 * error), and so is a key repeated inside one object, which serde's derived
 * struct visitor refuses as a duplicate field. */
#include "serde.h"

#include <arpa/inet.h>
#include <string.h>

vm_err vm_serde_load(const uint8_t *body, size_t len, json_t **root) {
  *root = json_loadb((const char *)body, len, JSON_REJECT_DUPLICATES, NULL);
  if (*root) return VM_OK;
  json_t *again = json_loadb((const char *)body, len, 0, NULL);
  json_decref(again);
  return again ? VM_E_JSON_DATA : VM_E_BAD_REQUEST;
}

const json_t *vm_serde_variant(const json_t *root, const char *variant) {
  return json_is_object(root) && json_object_size(root) == 1 ? json_object_get(root, variant) : NULL;
}

bool vm_serde_is_string(const json_t *v) { return json_is_string(v); }
bool vm_serde_is_bool(const json_t *v) { return json_is_boolean(v); }
bool vm_serde_is_object(const json_t *v) { return json_is_object(v); }
bool vm_serde_is_i64(const json_t *v) { return json_is_integer(v); }

static bool unsigned_below(const json_t *v, json_int_t limit) {
  return json_is_integer(v) && json_integer_value(v) >= 0 && json_integer_value(v) <= limit;
}
bool vm_serde_is_u8(const json_t *v) { return unsigned_below(v, UINT8_MAX); }
bool vm_serde_is_u16(const json_t *v) { return unsigned_below(v, UINT16_MAX); }
bool vm_serde_is_u32(const json_t *v) { return unsigned_below(v, UINT32_MAX); }
bool vm_serde_is_u64(const json_t *v) { return unsigned_below(v, INT64_MAX); } /* jansson's integers end at i64 */

bool vm_serde_is_string_array(const json_t *v) {
  if (!json_is_array(v)) return false;
  size_t i;
  json_t *e;
  json_array_foreach(v, i, e) if (!json_is_string(e)) return false;
  return true;
}

bool vm_serde_is_ip(const json_t *v) {
  uint8_t addr[16];
  const char *text = json_string_value(v);
  return text && strlen(text) == json_string_length(v) &&
         (inet_pton(AF_INET, text, addr) == 1 || inet_pton(AF_INET6, text, addr) == 1);
}

static json_t *read_value(const json_t *v, const vm_serde_field *f) {
  if (f->shape) return vm_serde_read(v, f->shape);
  return f->ok(v) ? json_deep_copy(v) : NULL;
}

static json_t *read_struct(const json_t *v, const vm_serde_field *fields, size_t count) {
  if (!json_is_object(v)) return NULL;
  json_t *out = json_object();
  for (size_t i = 0; i < count; i++) {
    const vm_serde_field *f = &fields[i];
    const json_t *value = json_object_get(v, f->name);
    json_t *read = NULL;
    if (!value && f->presence == VM_SERDE_DEFAULT) continue;
    if ((!value || json_is_null(value)) && f->presence == VM_SERDE_OPTION)
      read = json_null();
    else if (value)
      read = read_value(value, f);
    if (!read) {
      json_decref(out);
      return NULL;
    }
    json_object_set_new(out, f->name, read);
  }
  return out;
}

json_t *vm_serde_read(const json_t *v, const vm_serde_shape *shape) {
  if (!shape->map_of) return read_struct(v, shape->fields, shape->count);
  if (!json_is_object(v)) return NULL;
  json_t *out = json_object();
  const char *key;
  json_t *value;
  json_object_foreach((json_t *)v, key, value) {
    json_t *read = read_struct(value, shape->fields, shape->count);
    if (!read) {
      json_decref(out);
      return NULL;
    }
    json_object_set_new(out, key, read);
  }
  return out;
}
