/* JSON Schema checking for tool arguments and structured results (see mcp_schema_check.h). */
#include "mcp_schema_check.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mcp_format.h"
#include "mcp_regex.h"

#define CHECK_MAX_DEPTH 64

static const char *const EVALUATED[] = {
    "type", "enum", "const", "properties", "required", "additionalProperties", "items",
    "minItems", "maxItems", "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum",
    "exclusiveMaximum", "anyOf", "oneOf", "allOf", "pattern", "format", "multipleOf", "uniqueItems",
    "not", "$ref", "minProperties", "maxProperties",
    /* annotations: no effect on validity */
    "description", "title", "default", "examples", "$schema", "$id", "$comment", "deprecated",
    "readOnly", "writeOnly", "contentMediaType", "contentEncoding", "definitions", "$defs",
};

size_t mcp_utf8_length(const char *s, size_t len) {
  size_t n = 0;
  for (size_t i = 0; i < len; i++)
    if (((unsigned char)s[i] & 0xC0) != 0x80) n++;
  return n;
}

static size_t utf16_length(const char *s, size_t len) {
  size_t n = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char b = (unsigned char)s[i];
    if ((b & 0xC0) != 0x80) n += b >= 0xF0 ? 2 : 1;
  }
  return n;
}

static bool fail(mcp_check *c, const char *keyword, const char *where) {
  if (c->valid) {
    c->valid = false;
    snprintf(c->keyword, sizeof c->keyword, "%s", keyword);
    snprintf(c->where, sizeof c->where, "%s", where[0] ? where : "/");
  }
  return false;
}

static bool is_integer(const json_t *v) {
  if (json_is_integer(v)) return true;
  if (!json_is_real(v)) return false;
  double d = json_real_value(v);
  return isfinite(d) && d == floor(d);
}

static bool type_matches(const char *type, const json_t *v) {
  if (!strcmp(type, "string")) return json_is_string(v);
  if (!strcmp(type, "integer")) return is_integer(v);
  if (!strcmp(type, "number")) return json_is_number(v);
  if (!strcmp(type, "boolean")) return json_is_boolean(v);
  if (!strcmp(type, "object")) return json_is_object(v);
  if (!strcmp(type, "array")) return json_is_array(v);
  if (!strcmp(type, "null")) return json_is_null(v);
  return true; /* unknown type name: not ours to judge */
}

static bool values_equal(const json_t *a, const json_t *b) {
  if (json_is_number(a) && json_is_number(b)) return json_number_value(a) == json_number_value(b);
  return json_equal((json_t *)a, (json_t *)b);
}

static bool check(const json_t *schema, const json_t *v, const char *where, int depth, mcp_check *c);

static bool check_type(const json_t *schema, const json_t *v, const char *where, mcp_check *c) {
  json_t *type = json_object_get(schema, "type");
  if (json_is_string(type))
    return type_matches(json_string_value(type), v) || fail(c, "type", where);
  if (json_is_array(type)) {
    size_t i;
    json_t *t;
    json_array_foreach(type, i, t) if (json_is_string(t) && type_matches(json_string_value(t), v)) return true;
    return fail(c, "type", where);
  }
  return true;
}

static bool check_number(const json_t *schema, const json_t *v, const char *where, mcp_check *c) {
  if (!json_is_number(v)) return true;
  double d = json_number_value(v);
  json_t *min = json_object_get(schema, "minimum"), *max = json_object_get(schema, "maximum");
  json_t *xmin = json_object_get(schema, "exclusiveMinimum"), *xmax = json_object_get(schema, "exclusiveMaximum");
  bool min_excl = json_is_true(xmin), max_excl = json_is_true(xmax); /* draft-04 booleans */
  if (json_is_number(min) && (min_excl ? d <= json_number_value(min) : d < json_number_value(min)))
    return fail(c, "minimum", where);
  if (json_is_number(max) && (max_excl ? d >= json_number_value(max) : d > json_number_value(max)))
    return fail(c, "maximum", where);
  if (json_is_number(xmin) && d <= json_number_value(xmin)) return fail(c, "exclusiveMinimum", where);
  if (json_is_number(xmax) && d >= json_number_value(xmax)) return fail(c, "exclusiveMaximum", where);
  json_t *mult = json_object_get(schema, "multipleOf");
  if (mult) {
    double m = json_number_value(mult);
    if (!json_is_number(mult) || !(m > 0) || !isfinite(d)) {
      c->certain = false;
    } else if (json_is_integer(mult) && json_is_integer(v)) {
      if (json_integer_value(v) % json_integer_value(mult) != 0) return fail(c, "multipleOf", where);
    } else { /* floats: validators round differently; decide only far from the edge */
      double q = d / m, off = fabs(q - nearbyint(q));
      if (off > 1e-6) return fail(c, "multipleOf", where);
      if (off != 0) c->certain = false;
    }
  }
  return true;
}

static bool check_string(const json_t *schema, const json_t *v, const char *where, mcp_check *c) {
  if (!json_is_string(v)) return true;
  const char *s = json_string_value(v);
  size_t bytes = json_string_length(v), cp = mcp_utf8_length(s, bytes), u16 = utf16_length(s, bytes);
  json_t *minl = json_object_get(schema, "minLength"), *maxl = json_object_get(schema, "maxLength");
  /* JSON Schema counts code points, JavaScript validators UTF-16 units: where
   * the two disagree, no verdict is certain */
  if (json_is_integer(minl)) {
    json_int_t m = json_integer_value(minl);
    if (((json_int_t)cp < m) != ((json_int_t)u16 < m)) c->certain = false;
    else if ((json_int_t)cp < m) return fail(c, "minLength", where);
  }
  if (json_is_integer(maxl)) {
    json_int_t m = json_integer_value(maxl);
    if (((json_int_t)cp > m) != ((json_int_t)u16 > m)) c->certain = false;
    else if ((json_int_t)cp > m) return fail(c, "maxLength", where);
  }
  json_t *pattern = json_object_get(schema, "pattern");
  if (pattern) {
    int m = json_is_string(pattern) ? mcp_regex_match(json_string_value(pattern), s, bytes) : -1;
    if (m == 0) return fail(c, "pattern", where);
    if (m < 0) c->certain = false;
  }
  json_t *format = json_object_get(schema, "format");
  /* an annotation unless the validator asserts it: never a violation, only vouched for */
  if (format && !(json_is_string(format) && mcp_format_conforms(json_string_value(format), s, bytes)))
    c->certain = false;
  return true;
}

static bool check_object(const json_t *schema, const json_t *v, const char *where, int depth,
                         mcp_check *c) {
  if (!json_is_object(v)) return true;
  json_t *props = json_object_get(schema, "properties");
  json_t *required = json_object_get(schema, "required");
  json_t *additional = json_object_get(schema, "additionalProperties");
  size_t i;
  json_t *r;
  char sub[256];
  if (json_is_array(required))
    json_array_foreach(required, i, r) {
      if (json_is_string(r) && !json_object_get(v, json_string_value(r))) {
        snprintf(sub, sizeof sub, "%s/%s", where, json_string_value(r));
        return fail(c, "required", sub);
      }
    }
  json_t *minp = json_object_get(schema, "minProperties"), *maxp = json_object_get(schema, "maxProperties");
  if (json_is_integer(minp) && (json_int_t)json_object_size(v) < json_integer_value(minp))
    return fail(c, "minProperties", where);
  if (json_is_integer(maxp) && (json_int_t)json_object_size(v) > json_integer_value(maxp))
    return fail(c, "maxProperties", where);
  const char *key;
  json_t *value;
  json_object_foreach((json_t *)v, key, value) {
    snprintf(sub, sizeof sub, "%s/%s", where, key);
    json_t *ps = json_is_object(props) ? json_object_get(props, key) : NULL;
    if (ps) {
      if (!check(ps, value, sub, depth + 1, c)) return false;
    } else if (json_is_false(additional)) {
      return fail(c, "additionalProperties", sub);
    } else if (json_is_object(additional)) {
      if (!check(additional, value, sub, depth + 1, c)) return false;
    }
  }
  return true;
}

static bool check_array(const json_t *schema, const json_t *v, const char *where, int depth,
                        mcp_check *c) {
  if (!json_is_array(v)) return true;
  json_t *mini = json_object_get(schema, "minItems"), *maxi = json_object_get(schema, "maxItems");
  if (json_is_integer(mini) && (json_int_t)json_array_size(v) < json_integer_value(mini))
    return fail(c, "minItems", where);
  if (json_is_integer(maxi) && (json_int_t)json_array_size(v) > json_integer_value(maxi))
    return fail(c, "maxItems", where);
  if (json_is_true(json_object_get(schema, "uniqueItems")))
    for (size_t i = 0; i < json_array_size(v); i++)
      for (size_t k = i + 1; k < json_array_size(v); k++)
        if (values_equal(json_array_get(v, i), json_array_get(v, k))) {
          char sub[256];
          snprintf(sub, sizeof sub, "%s/%zu", where, k);
          return fail(c, "uniqueItems", sub);
        }
  json_t *items = json_object_get(schema, "items");
  if (json_is_object(items) || json_is_boolean(items)) {
    size_t i;
    json_t *e;
    char sub[256];
    json_array_foreach(v, i, e) {
      snprintf(sub, sizeof sub, "%s/%zu", where, i);
      if (!check(items, e, sub, depth + 1, c)) return false;
    }
  } else if (items) {
    c->certain = false; /* tuple form */
  }
  return true;
}

/* anyOf / oneOf / allOf: the branches are checked on scratch results. */
static bool check_combinators(const json_t *schema, const json_t *v, const char *where, int depth,
                              mcp_check *c) {
  static const char *const KEYS[] = {"anyOf", "oneOf", "allOf"};
  for (int k = 0; k < 3; k++) {
    json_t *list = json_object_get(schema, KEYS[k]);
    if (!json_is_array(list)) continue;
    size_t i, matched = 0, n = json_array_size(list);
    json_t *branch;
    bool certain = true;
    json_array_foreach(list, i, branch) {
      mcp_check sub = {.valid = true, .certain = true, .root = c->root};
      if (check(branch, v, where, depth + 1, &sub)) matched++;
      certain = certain && sub.certain;
    }
    if (!certain) c->certain = false;
    bool ok = k == 0 ? matched > 0 : k == 1 ? matched == 1 : matched == n;
    if (!ok && certain) return fail(c, KEYS[k], where);
  }
  json_t *not = json_object_get(schema, "not");
  if (not) {
    mcp_check sub = {.valid = true, .certain = true, .root = c->root};
    bool matched = check(not, v, where, depth + 1, &sub);
    if (!sub.certain) c->certain = false;
    else if (matched) return fail(c, "not", where);
  }
  return true;
}

/* A JSON pointer token: ~1 is '/', ~0 is '~'. */
static void unescape_token(const char *p, size_t n, char *out, size_t cap) {
  size_t o = 0;
  for (size_t i = 0; i < n && o + 1 < cap; i++) {
    if (p[i] == '~' && i + 1 < n && (p[i + 1] == '0' || p[i + 1] == '1')) {
      out[o++] = p[i + 1] == '0' ? '~' : '/';
      i++;
    } else {
      out[o++] = p[i];
    }
  }
  out[o] = '\0';
}

const json_t *mcp_schema_resolve(const json_t *root, const char *ref) {
  if (!root || !ref || ref[0] != '#' || strchr(ref, '%')) return NULL; /* local pointers only */
  const json_t *node = root;
  const char *p = ref + 1;
  if (*p && *p != '/') return NULL; /* "#anchor" */
  while (*p == '/' && node) {
    p++;
    size_t n = strcspn(p, "/");
    char token[256];
    unescape_token(p, n, token, sizeof token);
    if (json_is_object(node)) {
      node = json_object_get(node, token);
    } else if (json_is_array(node)) {
      char *end;
      unsigned long i = strtoul(token, &end, 10);
      node = *token && !*end ? json_array_get(node, i) : NULL;
    } else {
      node = NULL;
    }
    p += n;
  }
  return node;
}

static bool check(const json_t *schema, const json_t *v, const char *where, int depth, mcp_check *c) {
  if (!schema || json_is_true(schema)) return true;
  if (json_is_false(schema)) return fail(c, "false", where);
  if (!json_is_object(schema)) return true;
  if (depth > CHECK_MAX_DEPTH) {
    c->certain = false;
    return true;
  }
  const char *key;
  json_t *ignored;
  json_object_foreach((json_t *)schema, key, ignored) {
    bool known = false;
    for (size_t i = 0; i < sizeof EVALUATED / sizeof *EVALUATED && !known; i++)
      known = strcmp(key, EVALUATED[i]) == 0;
    if (!known) c->certain = false;
  }
  json_t *ref = json_object_get(schema, "$ref");
  if (ref) { /* the target applies, next to the keywords beside it (2019-09 and later) */
    const json_t *target = json_is_string(ref) ? mcp_schema_resolve(c->root, json_string_value(ref)) : NULL;
    if (!target) c->certain = false;
    else if (!check(target, v, where, depth + 1, c)) return false;
  }
  if (!check_type(schema, v, where, c)) return false;
  json_t *en = json_object_get(schema, "enum");
  if (json_is_array(en)) {
    size_t i;
    json_t *e;
    bool found = false;
    json_array_foreach(en, i, e) found = found || values_equal(e, v);
    if (!found) return fail(c, "enum", where);
  }
  json_t *cn = json_object_get(schema, "const");
  if (cn && !values_equal(cn, v)) return fail(c, "const", where);
  return check_number(schema, v, where, c) && check_string(schema, v, where, c) &&
         check_object(schema, v, where, depth, c) && check_array(schema, v, where, depth, c) &&
         check_combinators(schema, v, where, depth, c);
}

void mcp_schema_check_in(const json_t *root, const json_t *schema, const json_t *value, mcp_check *out) {
  memset(out, 0, sizeof *out);
  out->valid = true;
  out->certain = true;
  out->root = root;
  check(schema, value, "", 0, out);
}

void mcp_schema_check(const json_t *schema, const json_t *value, mcp_check *out) {
  mcp_schema_check_in(schema, schema, value, out);
}
