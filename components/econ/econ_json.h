/* Internal jansson helpers of the econ core (json_util.c): serde-style typed
 * field reads (§0.3) and the compact dump with shortest round-trip reals. */
#ifndef ECON_JSON_H
#define ECON_JSON_H

#include <jansson.h>

#include "econ.h"

econ_err econ_json_fail(char *reason, size_t cap, const char *what, const char *field);
/* Parses json (duplicate keys refused) into *out, which must be an object:
 * ECON_OK, or ECON_ERR_PARSE with a reason naming what (e.g. "UsageEvent").
 * The caller json_decref's *out in both cases (NULL on a parse error). */
econ_err econ_json_load_object(const char *json, size_t len, const char *what, json_t **out,
                               char *reason, size_t cap);
/* A string field into out (cap bytes). optional: missing or null is fine (*present false). */
econ_err econ_json_str(json_t *obj, const char *field, char *out, size_t cap, bool optional,
                       bool *present, char *reason, size_t rcap);
econ_err econ_json_i64(json_t *obj, const char *field, int64_t *out, char *reason, size_t rcap);
econ_err econ_json_u64(json_t *obj, const char *field, uint64_t *out, char *reason, size_t rcap);
/* An integer or real (serde accepts both for f64). */
econ_err econ_json_f64(json_t *obj, const char *field, double *out, char *reason, size_t rcap);
/* Compact text, insertion order kept, malloc'd (free()). */
char *econ_json_dump(json_t *v, size_t *len);

#endif
