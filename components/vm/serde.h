/* How serde reads a JSON body (§0.3), for the vm core's request bodies: a
 * struct is described by a table of its fields, each required, an Option
 * (missing or null is None) or defaulted (missing is the default), with the
 * check its type needs or the shape of a nested struct. Reading a value
 * against a shape checks it and projects it: the result holds exactly the
 * struct's fields (unknown ones dropped, a missing Option as null), as serde
 * would write the value back. Internal to the vm core (jansson types). */
#ifndef FORMFUZZ_VM_SERDE_H
#define FORMFUZZ_VM_SERDE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vm.h"

typedef enum vm_serde_presence {
  VM_SERDE_REQUIRED, /* missing is an error */
  VM_SERDE_OPTION,   /* Option<T>: missing or null is None (written as null) */
  VM_SERDE_DEFAULT,  /* #[serde(default)]: missing takes the default (left out of the projection) */
} vm_serde_presence;

typedef struct vm_serde_shape vm_serde_shape;

typedef struct vm_serde_field {
  const char *name;
  vm_serde_presence presence;
  bool (*ok)(const json_t *v);  /* a value's type check, or NULL when shape describes it */
  const vm_serde_shape *shape;  /* a nested struct (or a map of them) */
} vm_serde_field;

struct vm_serde_shape {
  const vm_serde_field *fields;
  size_t count;
  bool map_of; /* a map (BTreeMap<String, struct>) whose values have these fields */
};

/* Parses body: VM_E_BAD_REQUEST (400) when it is not JSON. */
vm_err vm_serde_load(const uint8_t *body, size_t len, json_t **root);
/* The value inside an externally tagged newtype variant {"<variant>": value}, or NULL. */
const json_t *vm_serde_variant(const json_t *root, const char *variant);
/* v read as shape: a new reference to its projection, or NULL when a field
 * is missing or of the wrong type (422). */
json_t *vm_serde_read(const json_t *v, const vm_serde_shape *shape);

/* Type checks, as serde's visitors accept JSON values. */
bool vm_serde_is_string(const json_t *v);
bool vm_serde_is_bool(const json_t *v);
bool vm_serde_is_object(const json_t *v);
bool vm_serde_is_i64(const json_t *v);
bool vm_serde_is_u8(const json_t *v);
bool vm_serde_is_u16(const json_t *v);
bool vm_serde_is_u32(const json_t *v);
bool vm_serde_is_u64(const json_t *v);
bool vm_serde_is_string_array(const json_t *v); /* Vec<String>, BTreeSet<String> */
bool vm_serde_is_ip(const json_t *v);           /* IpAddr: its text form, v4 or v6 */

#endif
