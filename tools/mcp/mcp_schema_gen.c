/* Schema-driven argument generation (see mcp_schema_gen.h). */
#define _GNU_SOURCE /* strcasestr */
#include "mcp_schema_gen.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mcp_format.h"
#include "mcp_regex.h"
#include "mcp_schema_check.h"

#define GEN_MAX_DEPTH 8
#define GEN_EXTRA_ITEMS 3
#define GEN_EXTRA_CHARS 24
#define DEEP_NESTING 5000
#define GEN_REF_DEPTH 32   /* $refs followed on one path: recursive schemas stop here */
#define GEN_NUDGES 64       /* steps away from a value a `not` refuses */
#define GEN_TRIES 4        /* draws for a value that must also satisfy pattern lengths, not, uniqueItems */

static const char PLAIN[] = "abcdefghijklmnopqrstuvwxyz0123456789 _-.";

typedef struct gen {
  ff_input *in;
  const mcp_gen_ctx *c;
  mcp_gen_mode mode; /* VALID or ATTACK while generating */
  const json_t *root; /* the tool's input schema: where local $refs point */
  int refs;           /* $refs followed on the current path */
} gen;

/* The schema itself, or what its $ref points to (a chain of refs followed). */
static const json_t *resolve(gen *g, const json_t *schema) {
  for (int i = 0; i < GEN_REF_DEPTH && json_is_object(schema); i++) {
    json_t *ref = json_object_get(schema, "$ref");
    if (!json_is_string(ref)) break;
    const json_t *target = mcp_schema_resolve(g->root, json_string_value(ref));
    if (!target) break;
    schema = target;
  }
  return schema;
}

static bool satisfies(gen *g, const json_t *schema, const json_t *v) {
  mcp_check c;
  mcp_schema_check_in(g->root, schema, v, &c);
  return c.valid;
}

static json_t *value(gen *g, const json_t *schema, const char *key, int depth);

static bool name_is_pathlike(const char *key) {
  static const char *const HINTS[] = {"path", "file", "dir", "folder", "source", "destination", "uri", "root"};
  if (!key) return false;
  for (size_t i = 0; i < FF_COUNT_OF(HINTS); i++)
    if (strcasestr(key, HINTS[i])) return true;
  return false;
}

static const char *schema_type(gen *g, const json_t *schema) {
  json_t *t = json_object_get(schema, "type");
  if (json_is_string(t)) return json_string_value(t);
  if (json_is_array(t) && json_array_size(t) > 0) {
    json_t *pick = json_array_get(t, ff_choose(g->in, json_array_size(t)));
    if (json_is_string(pick)) return json_string_value(pick);
  }
  if (json_object_get(schema, "properties")) return "object";
  if (json_object_get(schema, "items")) return "array";
  return NULL;
}

static double number_of(const json_t *schema, const char *key, double dflt) {
  json_t *v = json_object_get(schema, key);
  return json_is_number(v) ? json_number_value(v) : dflt;
}

static json_t *gen_integer(gen *g, const json_t *schema) {
  double lo = number_of(schema, "minimum", -1000), hi = number_of(schema, "maximum", 1000);
  json_t *xl = json_object_get(schema, "exclusiveMinimum"), *xh = json_object_get(schema, "exclusiveMaximum");
  if (json_is_number(xl)) lo = json_number_value(xl) + 1;
  else if (json_is_true(xl)) lo += 1;
  if (json_is_number(xh)) hi = json_number_value(xh) - 1;
  else if (json_is_true(xh)) hi -= 1;
  lo = ceil(lo);
  hi = floor(hi);
  if (hi < lo) hi = lo;
  if (lo < -9e15) lo = -9e15;
  if (hi > 9e15) hi = 9e15;
  json_t *mult = json_object_get(schema, "multipleOf");
  double m = json_number_value(mult);
  if (json_is_number(mult) && m > 0 && m < 1e12) { /* multiples only: k * m for k in range */
    double kl = ceil(lo / m), kh = floor(hi / m);
    if (kh < kl) kh = kl;
    int64_t k;
    switch (ff_choose(g->in, 3)) {
    case 0: k = (int64_t)kl; break;
    case 1: k = (int64_t)kh; break;
    default: k = ff_range_i64(g->in, (int64_t)kl, (int64_t)kh); break;
    }
    return json_is_integer(mult) ? json_integer(k * json_integer_value(mult)) : json_real((double)k * m);
  }
  int64_t l = (int64_t)lo, h = (int64_t)hi, v;
  switch (ff_choose(g->in, 4)) { /* the boundaries are where range checks go wrong */
  case 0: v = l <= 0 && 0 <= h ? (l < 1 && 1 <= h ? 1 : 0) : l; break;
  case 1: v = l; break;
  case 2: v = h; break;
  default: v = ff_range_i64(g->in, l, h); break;
  }
  return json_integer(v);
}

static json_t *gen_number(gen *g, const json_t *schema) {
  if (ff_bool(g->in) || json_object_get(schema, "multipleOf")) return gen_integer(g, schema);
  double lo = number_of(schema, "minimum", -1e6), hi = number_of(schema, "maximum", 1e6);
  if (json_is_number(json_object_get(schema, "exclusiveMinimum")))
    lo = nextafter(number_of(schema, "exclusiveMinimum", lo), INFINITY);
  if (json_is_number(json_object_get(schema, "exclusiveMaximum")))
    hi = nextafter(number_of(schema, "exclusiveMaximum", hi), -INFINITY);
  if (hi < lo) hi = lo;
  double f = (double)ff_u16(g->in) / 65535.0;
  return json_real(lo + (hi - lo) * f);
}

static json_t *gen_string(gen *g, const json_t *schema, const char *key) {
  json_t *minl = json_object_get(schema, "minLength"), *maxl = json_object_get(schema, "maxLength");
  size_t lo = json_is_integer(minl) && json_integer_value(minl) > 0 ? (size_t)json_integer_value(minl) : 0;
  size_t hi = json_is_integer(maxl) && json_integer_value(maxl) >= 0 ? (size_t)json_integer_value(maxl)
                                                                     : lo + GEN_EXTRA_CHARS;
  if (hi > lo + GEN_EXTRA_CHARS) hi = lo + GEN_EXTRA_CHARS;
  if (hi < lo) hi = lo;
  if (g->mode == MCP_GEN_ATTACK && ff_range(g->in, 0, 3) != 0) {
    size_t len; /* a parameter named like a path gets mostly path attacks */
    char *s = name_is_pathlike(key) && ff_range(g->in, 0, 2) != 0 ? mcp_attack_path(g->in, g->c, &len)
                                                                   : mcp_attack_string(g->in, g->c, &len);
    json_t *v = s ? json_stringn_nocheck(s, len) : json_string("");
    free(s);
    return v;
  }
  if (name_is_pathlike(key) && ff_bool(g->in)) {
    char *p = mcp_inside_path(g->in, g->c);
    json_t *v = json_string(p ? p : "a");
    free(p);
    return v;
  }
  json_t *format = json_object_get(schema, "format");
  if (json_is_string(format) && mcp_format_known(json_string_value(format))) {
    char *f = mcp_format_example(json_string_value(format), g->in);
    json_t *v = json_string(f ? f : "");
    free(f);
    return v;
  }
  json_t *pattern = json_object_get(schema, "pattern");
  mcp_regex *rx = json_is_string(pattern) ? mcp_regex_parse(json_string_value(pattern)) : NULL;
  if (rx) { /* a string the pattern matches, within the lengths when a few draws allow */
    json_t *v = NULL;
    for (int t = 0; t < GEN_TRIES; t++) {
      char *p = mcp_regex_generate(rx, g->in);
      json_decref(v);
      v = json_string(p ? p : "");
      free(p);
      size_t cp = mcp_utf8_length(json_string_value(v), json_string_length(v));
      if (cp >= lo && (!json_is_integer(maxl) || (json_int_t)cp <= json_integer_value(maxl))) break;
    }
    mcp_regex_free(rx);
    return v ? v : json_string("");
  }
  size_t n = (size_t)ff_range(g->in, lo, hi);
  char *s = malloc(n + 1);
  if (!s) return json_string("");
  for (size_t i = 0; i < n; i++) s[i] = PLAIN[ff_choose(g->in, sizeof PLAIN - 1)];
  s[n] = '\0';
  json_t *v = json_string(s);
  free(s);
  return v;
}

static json_t *gen_array(gen *g, const json_t *schema, const char *key, int depth) {
  json_t *mini = json_object_get(schema, "minItems"), *maxi = json_object_get(schema, "maxItems");
  size_t lo = json_is_integer(mini) && json_integer_value(mini) > 0 ? (size_t)json_integer_value(mini) : 0;
  size_t hi = json_is_integer(maxi) && json_integer_value(maxi) >= 0 ? (size_t)json_integer_value(maxi)
                                                                     : lo + GEN_EXTRA_ITEMS;
  if (hi > lo + GEN_EXTRA_ITEMS) hi = lo + GEN_EXTRA_ITEMS;
  if (hi < lo) hi = lo;
  size_t n = depth >= GEN_MAX_DEPTH ? lo : (size_t)ff_range(g->in, lo, hi);
  json_t *items = json_object_get(schema, "items"), *arr = json_array();
  bool unique = json_is_true(json_object_get(schema, "uniqueItems"));
  for (size_t tries = 0; json_array_size(arr) < n && tries < n * GEN_TRIES; tries++) {
    json_t *item = value(g, items, key, depth + 1);
    bool dup = false;
    for (size_t k = 0; unique && k < json_array_size(arr) && !dup; k++) dup = json_equal(json_array_get(arr, k), item);
    if (dup) json_decref(item);
    else json_array_append_new(arr, item);
  }
  return arr;
}

static bool is_required(const json_t *schema, const char *name) {
  json_t *req = json_object_get(schema, "required");
  size_t i;
  json_t *r;
  json_array_foreach(req, i, r) if (json_is_string(r) && !strcmp(json_string_value(r), name)) return true;
  return false;
}

static json_t *gen_object(gen *g, const json_t *schema, int depth) {
  json_t *obj = json_object(), *props = json_object_get(schema, "properties");
  const char *name;
  json_t *ps;
  json_object_foreach(props, name, ps) {
    if (!is_required(schema, name) && (depth >= GEN_MAX_DEPTH || !ff_bool(g->in))) continue;
    json_object_set_new(obj, name, value(g, ps, name, depth + 1));
  }
  json_t *req = json_object_get(schema, "required"); /* required names without a property schema */
  size_t i;
  json_t *r;
  json_array_foreach(req, i, r) if (json_is_string(r) && !json_object_get(obj, json_string_value(r)))
      json_object_set_new(obj, json_string_value(r), json_string("x"));
  json_t *additional = json_object_get(schema, "additionalProperties");
  if (json_is_object(additional) && depth < GEN_MAX_DEPTH && ff_bool(g->in)) { /* a property it admits */
    char name[32];
    snprintf(name, sizeof name, "extra_%u", (unsigned)ff_range(g->in, 0, 99));
    if (!json_object_get(obj, name)) json_object_set_new(obj, name, value(g, additional, name, depth + 1));
  }
  return obj;
}

/* allOf folded into one schema: properties merged, required joined, the
 * tightest bounds kept, other keywords from the first that names them. */
static json_t *merge_all_of(gen *g, const json_t *schema) {
  json_t *merged = json_deep_copy(schema), *props = json_object(), *required = json_array();
  json_object_del(merged, "allOf");
  json_t *parts = json_array();
  json_array_append(parts, merged);
  size_t i;
  json_t *branch;
  json_array_foreach(json_object_get(schema, "allOf"), i, branch) json_array_append(parts, (json_t *)resolve(g, branch));
  static const char *const LOWER[] = {"minimum", "minLength", "minItems", "exclusiveMinimum"};
  static const char *const UPPER[] = {"maximum", "maxLength", "maxItems", "exclusiveMaximum"};
  json_t *part;
  json_array_foreach(parts, i, part) {
    if (!json_is_object(part)) continue;
    json_object_update(props, json_object_get(part, "properties"));
    json_array_extend(required, json_object_get(part, "required"));
    const char *key;
    json_t *v;
    json_object_foreach(part, key, v) {
      json_t *have = json_object_get(merged, key);
      bool tighter = false;
      for (size_t b = 0; b < 4 && have && json_is_number(v) && json_is_number(have); b++)
        tighter = tighter || (!strcmp(key, LOWER[b]) && json_number_value(v) > json_number_value(have)) ||
                  (!strcmp(key, UPPER[b]) && json_number_value(v) < json_number_value(have));
      if (!have || tighter) json_object_set(merged, key, v);
    }
  }
  json_object_del(merged, "allOf");
  if (json_object_size(props)) json_object_set(merged, "properties", props);
  if (json_array_size(required)) json_object_set(merged, "required", required);
  json_decref(props);
  json_decref(required);
  json_decref(parts);
  return merged;
}

static json_t *plain_value(gen *g, const json_t *schema, const char *key, int depth);

static json_t *value(gen *g, const json_t *schema, const char *key, int depth) {
  if (json_is_object(schema) && json_object_get(schema, "$ref")) {
    if (g->refs >= GEN_REF_DEPTH) return json_null(); /* a recursion too deep: the checker decides */
    g->refs++;
    json_t *v = value(g, resolve(g, schema), key, depth);
    g->refs--;
    return v;
  }
  if (json_is_object(schema) && json_is_array(json_object_get(schema, "allOf"))) {
    json_t *merged = merge_all_of(g, schema);
    json_t *v = value(g, merged, key, depth);
    json_decref(merged);
    return v;
  }
  json_t *not = json_is_object(schema) ? json_object_get(schema, "not") : NULL;
  if (!not) return plain_value(g, schema, key, depth);
  json_t *v = NULL; /* a few draws for one that the `not` schema refuses */
  for (int t = 0; t < GEN_TRIES; t++) {
    json_decref(v);
    v = plain_value(g, schema, key, depth);
    if (!satisfies(g, not, v)) return v;
  }
  /* the draws keep landing on what `not` names (a short payload reads as
   * zeros): step away from it, a number by a few units, a string by a suffix */
  for (int k = 1; k <= GEN_NUDGES; k++) {
    json_t *cand = NULL;
    if (json_is_integer(v))
      cand = json_integer(json_integer_value(v) + (k % 2 ? (k + 1) / 2 : -(k / 2)));
    else if (json_is_string(v))
      cand = json_sprintf("%s%d", json_string_value(v), k);
    if (!cand) break;
    if (satisfies(g, schema, cand)) {
      json_decref(v);
      return cand;
    }
    json_decref(cand);
  }
  return v;
}

static json_t *plain_value(gen *g, const json_t *schema, const char *key, int depth) {
  if (!json_is_object(schema)) return json_string("x");
  json_t *cn = json_object_get(schema, "const");
  if (cn) return json_deep_copy(cn);
  json_t *en = json_object_get(schema, "enum");
  if (json_is_array(en) && json_array_size(en) > 0)
    return json_deep_copy(json_array_get(en, ff_choose(g->in, json_array_size(en))));
  static const char *const COMBINATORS[] = {"anyOf", "oneOf"};
  for (int k = 0; k < 2; k++) {
    json_t *list = json_object_get(schema, COMBINATORS[k]);
    if (json_is_array(list) && json_array_size(list) > 0)
      return value(g, json_array_get(list, ff_choose(g->in, json_array_size(list))), key, depth + 1);
  }
  const char *type = schema_type(g, schema);
  if (!type) type = "string";
  if (!strcmp(type, "object")) return gen_object(g, schema, depth);
  if (!strcmp(type, "array")) return gen_array(g, schema, key, depth);
  if (!strcmp(type, "integer")) return gen_integer(g, schema);
  if (!strcmp(type, "number")) return gen_number(g, schema);
  if (!strcmp(type, "boolean")) return json_boolean(ff_bool(g->in));
  if (!strcmp(type, "null")) return json_null();
  return gen_string(g, schema, key);
}

/* A value of another type than the schema wants. */
static json_t *wrong_type(gen *g, const json_t *schema) {
  const char *type = schema_type(g, schema);
  switch (ff_choose(g->in, 6)) {
  case 0: return type && !strcmp(type, "string") ? json_integer(12345) : json_string("12345");
  case 1: return type && !strcmp(type, "object") ? json_pack("[s]", "x") : json_pack("{s:s}", "x", "y");
  case 2: return type && !strcmp(type, "array") ? json_string("[]") : json_pack("[i]", 1);
  case 3: return type && !strcmp(type, "boolean") ? json_string("true") : json_true();
  case 4: return type && !strcmp(type, "integer") ? json_real(1.5) : json_null();
  default: return json_null();
  }
}

static json_t *deep_value(void) {
  json_t *v = json_integer(1);
  for (int i = 0; i < DEEP_NESTING; i++) {
    json_t *a = json_array();
    json_array_append_new(a, v);
    v = a;
  }
  return v;
}

enum past_kind { PAST_ENUM, PAST_CONST, PAST_LENGTH, PAST_RANGE, PAST_NESTED, PAST_PATTERN, PAST_FORMAT,
                 PAST_MULTIPLE, PAST_UNIQUE, PAST_NOT, PAST_WRONG_TYPE, PAST_HUGE_NUMBER, PAST_DEEP, PAST_ATTACK,
                 PAST_KINDS };

/* A value that breaks the schema's bounds, or a crushing one: the draw picks
 * among the violations this schema admits, so the ones its keywords invite
 * (enum, lengths, range, nested items) are not drowned by the generic ones. */
static json_t *past_value(gen *g, const json_t *schema) {
  schema = resolve(g, schema);
  json_t *en = json_object_get(schema, "enum"), *cn = json_object_get(schema, "const");
  json_t *pattern = json_object_get(schema, "pattern"), *format = json_object_get(schema, "format");
  json_t *mult = json_object_get(schema, "multipleOf"), *not = json_object_get(schema, "not");
  json_t *maxl = json_object_get(schema, "maxLength"), *minl = json_object_get(schema, "minLength");
  json_t *max = json_object_get(schema, "maximum"), *min = json_object_get(schema, "minimum");
  json_t *items = json_object_get(schema, "items"), *props = json_object_get(schema, "properties");
  enum past_kind options[PAST_KINDS];
  size_t n = 0;
  if (json_is_array(en)) options[n++] = PAST_ENUM;
  if (cn) options[n++] = PAST_CONST;
  if (json_is_string(pattern)) options[n++] = PAST_PATTERN;
  if (json_is_string(format) && mcp_format_known(json_string_value(format))) options[n++] = PAST_FORMAT;
  if (json_is_number(mult) && json_number_value(mult) > 0) options[n++] = PAST_MULTIPLE;
  if (json_is_true(json_object_get(schema, "uniqueItems"))) options[n++] = PAST_UNIQUE;
  if (not) options[n++] = PAST_NOT;
  if ((json_is_integer(maxl) && json_integer_value(maxl) < (1 << 20)) ||
      (json_is_integer(minl) && json_integer_value(minl) > 0))
    options[n++] = PAST_LENGTH;
  if (json_is_number(max) || json_is_number(min)) options[n++] = PAST_RANGE;
  if (json_is_object(items) || json_object_size(props)) options[n++] = PAST_NESTED;
  options[n++] = PAST_WRONG_TYPE;
  options[n++] = PAST_HUGE_NUMBER;
  options[n++] = PAST_DEEP;
  options[n++] = PAST_ATTACK;
  switch (options[ff_choose(g->in, n)]) {
  case PAST_ENUM: return json_string("__not_in_enum__");
  case PAST_CONST: return json_is_string(cn) ? json_sprintf("%s_not_const", json_string_value(cn)) : wrong_type(g, schema);
  case PAST_PATTERN: {
    mcp_regex *rx = mcp_regex_parse(json_string_value(pattern));
    char *s = rx ? mcp_regex_counterexample(rx, g->in) : NULL;
    mcp_regex_free(rx);
    json_t *v = json_string(s ? s : "~");
    free(s);
    return v;
  }
  case PAST_FORMAT: return json_string(mcp_format_violation(json_string_value(format), g->in));
  case PAST_MULTIPLE: { /* a value in range, half a step off */
    json_t *v = gen_integer(g, schema);
    double m = json_number_value(mult), d = json_number_value(v);
    json_decref(v);
    json_t *max = json_object_get(schema, "maximum");
    double step = json_is_integer(mult) && m > 1 ? 1 : m / 2; /* downwards when upwards leaves the range */
    if (json_is_number(max) && d + step > json_number_value(max)) step = -step;
    if (json_is_integer(mult) && m > 1 && fabs(d) < 9e15) return json_integer((json_int_t)(d + step));
    return json_real(d + step);
  }
  case PAST_UNIQUE: { /* one item twice */
    json_t *arr = gen_array(g, schema, NULL, 1), *first = json_array_get(arr, 0);
    if (first) json_array_append(arr, first);
    else json_array_append_new(arr, json_integer(1)), json_array_append_new(arr, json_integer(1));
    return arr;
  }
  case PAST_NOT: return value(g, not, NULL, 1); /* what the schema refuses by name */
  case PAST_LENGTH:
    if (json_is_integer(maxl) && json_integer_value(maxl) < (1 << 20)) {
      size_t len = (size_t)json_integer_value(maxl) + 1;
      char *s = malloc(len + 1);
      if (!s) return json_null();
      memset(s, 'x', len);
      s[len] = '\0';
      json_t *v = json_string(s);
      free(s);
      return v;
    }
    return json_string("");
  case PAST_RANGE:
    if (json_is_number(max) && (!json_is_number(min) || ff_bool(g->in)))
      return json_is_integer(max) ? json_integer(json_integer_value(max) + 1) : json_real(json_number_value(max) + 1);
    return json_is_integer(min) ? json_integer(json_integer_value(min) - 1) : json_real(json_number_value(min) - 1);
  case PAST_NESTED: /* one level down: an item or a property of the wrong type */
    if (json_is_object(items)) {
      json_t *arr = json_array();
      json_array_append_new(arr, value(g, items, NULL, 1));
      json_array_append_new(arr, wrong_type(g, items));
      return arr;
    } else {
      json_t *obj = gen_object(g, schema, 1);
      const char *name;
      json_t *ps;
      size_t pick = ff_choose(g->in, json_object_size(props)), i = 0;
      json_object_foreach(props, name, ps) if (i++ == pick) json_object_set_new(obj, name, wrong_type(g, ps));
      return obj;
    }
  case PAST_HUGE_NUMBER: return json_real(ff_bool(g->in) ? 1.7976931348623157e308 : -9.3e18);
  case PAST_DEEP: return deep_value();
  case PAST_ATTACK: {
    size_t len;
    char *s = mcp_attack_string(g->in, g->c, &len);
    json_t *v = s ? json_stringn_nocheck(s, len) : json_null();
    free(s);
    return v;
  }
  default: return wrong_type(g, schema);
  }
}

/* Pushes a valid argument object past its schema once. */
static json_t *past(gen *g, const json_t *schema, json_t *args) {
  json_t *props = json_object_get(schema, "properties"), *additional = json_object_get(schema, "additionalProperties");
  size_t nprops = json_object_size(args);
  /* a present property pushed past its own schema is the likeliest to get
   * through a server's checks: it gets half of the draws */
  static const unsigned WEIGHTS[] = {4, 1, 1, 1, 1};
  switch (ff_weighted(g->in, WEIGHTS, FF_COUNT_OF(WEIGHTS))) {
  case 0: { /* replace one present property */
    if (!nprops) break;
    size_t pick = ff_choose(g->in, nprops), i = 0;
    const char *name;
    json_t *v;
    json_object_foreach(args, name, v) {
      if (i++ != pick) continue;
      json_object_set_new(args, name, past_value(g, json_object_get(props, name)));
      break;
    }
    return args;
  }
  case 1: { /* drop a required property */
    json_t *req = json_object_get(schema, "required");
    if (!json_array_size(req)) break;
    json_t *r = json_array_get(req, ff_choose(g->in, json_array_size(req)));
    if (json_is_string(r)) json_object_del(args, json_string_value(r));
    return args;
  }
  case 2: /* a property nobody declared (of a type additionalProperties refuses, when it is a schema) */
    json_object_set_new(args, ff_bool(g->in) ? "__proto__" : "formfuzz_extra",
                        json_is_object(additional) ? past_value(g, additional) : json_string("x"));
    return args;
  case 3: /* arguments that are not an object at all */
    json_decref(args);
    return wrong_type(g, schema);
  default: break;
  }
  if (nprops) { /* a wrong type in a present property */
    const char *name;
    json_t *v;
    json_object_foreach(args, name, v) {
      json_object_set_new(args, name, wrong_type(g, json_object_get(props, name)));
      break;
    }
  } else {
    json_object_set_new(args, "formfuzz_extra", deep_value());
  }
  return args;
}

json_t *mcp_gen_args(const json_t *schema, ff_input *in, const mcp_gen_ctx *c, mcp_gen_mode mode) {
  gen g = {.in = in, .c = c, .mode = mode == MCP_GEN_ATTACK ? MCP_GEN_ATTACK : MCP_GEN_VALID, .root = schema};
  /* the arguments' own schema: behind a $ref, or spread over allOf */
  const json_t *top = resolve(&g, schema);
  json_t *flat = json_is_object(top) && json_is_array(json_object_get(top, "allOf")) ? merge_all_of(&g, top)
                                                                                     : json_incref((json_t *)top);
  json_t *args = json_is_object(flat) ? gen_object(&g, flat, 0) : json_object();
  if (mode == MCP_GEN_PAST) args = past(&g, flat, args);
  json_decref(flat);
  return args;
}
