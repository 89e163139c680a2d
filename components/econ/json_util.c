/* jansson helpers shared by the econ JSON codecs: typed field reads with
 * serde's rules (§0.3) and a dump whose reals use the fewest digits that
 * read back to the same double, as serde_json writes them. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "econ_json.h"

econ_err econ_json_fail(char *reason, size_t cap, const char *what, const char *field) {
  if (reason && cap) snprintf(reason, cap, "%s: %s", field, what);
  return ECON_ERR_PARSE;
}

econ_err econ_json_load_object(const char *json, size_t len, const char *what, json_t **out,
                               char *reason, size_t cap) {
  json_error_t jerr;
  *out = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
  if (!*out) {
    if (reason && cap) snprintf(reason, cap, "not JSON: %s", jerr.text);
    return ECON_ERR_PARSE;
  }
  if (!json_is_object(*out)) return econ_json_fail(reason, cap, "expected an object", what);
  return ECON_OK;
}

econ_err econ_json_str(json_t *obj, const char *field, char *out, size_t cap, bool optional,
                       bool *present, char *reason, size_t rcap) {
  json_t *v = json_object_get(obj, field);
  if (present) *present = false;
  if (!v || (optional && json_is_null(v))) {
    if (optional) return ECON_OK;
    return econ_json_fail(reason, rcap, "missing field", field);
  }
  if (!json_is_string(v)) return econ_json_fail(reason, rcap, "expected a string", field);
  size_t n = json_string_length(v);
  const char *s = json_string_value(v);
  if (strlen(s) != n) return econ_json_fail(reason, rcap, "contains a NUL character", field);
  if (n >= cap) return econ_json_fail(reason, rcap, "too long", field);
  memcpy(out, s, n + 1);
  if (present) *present = true;
  return ECON_OK;
}

econ_err econ_json_i64(json_t *obj, const char *field, int64_t *out, char *reason, size_t rcap) {
  json_t *v = json_object_get(obj, field);
  if (!v) return econ_json_fail(reason, rcap, "missing field", field);
  if (!json_is_integer(v)) return econ_json_fail(reason, rcap, "expected an integer", field);
  *out = (int64_t)json_integer_value(v);
  return ECON_OK;
}

econ_err econ_json_u64(json_t *obj, const char *field, uint64_t *out, char *reason, size_t rcap) {
  json_t *v = json_object_get(obj, field);
  if (!v) return econ_json_fail(reason, rcap, "missing field", field);
  if (!json_is_integer(v)) return econ_json_fail(reason, rcap, "expected an integer", field);
  json_int_t i = json_integer_value(v);
  if (i < 0) return econ_json_fail(reason, rcap, "negative for an unsigned integer", field);
  *out = (uint64_t)i;
  return ECON_OK;
}

econ_err econ_json_f64(json_t *obj, const char *field, double *out, char *reason, size_t rcap) {
  json_t *v = json_object_get(obj, field);
  if (!v) return econ_json_fail(reason, rcap, "missing field", field);
  if (!json_is_number(v)) return econ_json_fail(reason, rcap, "expected a number", field);
  *out = json_number_value(v);
  return ECON_OK;
}

/* The fewest %g digits that read back to v, and at least the digits of its
 * integer part below 1e16 so %g keeps decimal notation ("50.0", not "5e1"). */
static int shortest_digits(double v) {
  char buf[40];
  int lo = 1;
  double a = fabs(v);
  if (a >= 1 && a < 1e16) lo = (int)floor(log10(a)) + 1;
  for (int p = lo; p < 17; p++) {
    snprintf(buf, sizeof buf, "%.*g", p, v);
    if (strtod(buf, NULL) == v) return p;
  }
  return 17;
}

static int max_digits(json_t *v) {
  int best = 1;
  if (json_is_real(v)) return shortest_digits(json_real_value(v));
  if (json_is_object(v)) {
    const char *k;
    json_t *x;
    json_object_foreach(v, k, x) {
      int d = max_digits(x);
      if (d > best) best = d;
    }
  } else if (json_is_array(v)) {
    size_t i;
    json_t *x;
    json_array_foreach(v, i, x) {
      int d = max_digits(x);
      if (d > best) best = d;
    }
  }
  return best;
}

char *econ_json_dump(json_t *v, size_t *len) {
  char *s = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY |
                              JSON_REAL_PRECISION(max_digits(v)));
  if (s && len) *len = strlen(s);
  return s;
}
