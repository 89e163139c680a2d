/* Schema-driven argument generation (see mcp_schema_gen.h). */
#define _GNU_SOURCE /* strcasestr */
#include "mcp_schema_gen.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define GEN_MAX_DEPTH 8
#define GEN_EXTRA_ITEMS 3
#define GEN_EXTRA_CHARS 24
#define DEEP_NESTING 5000

static const char PLAIN[] = "abcdefghijklmnopqrstuvwxyz0123456789 _-.";

typedef struct gen {
  ff_input *in;
  const mcp_gen_ctx *c;
  mcp_gen_mode mode; /* VALID or ATTACK while generating */
} gen;

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
  if (ff_bool(g->in)) return gen_integer(g, schema);
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
  for (size_t i = 0; i < n; i++) json_array_append_new(arr, value(g, items, key, depth + 1));
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
  return obj;
}

static json_t *value(gen *g, const json_t *schema, const char *key, int depth) {
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

enum past_kind { PAST_ENUM, PAST_LENGTH, PAST_RANGE, PAST_NESTED, PAST_WRONG_TYPE, PAST_HUGE_NUMBER,
                 PAST_DEEP, PAST_ATTACK, PAST_KINDS };

/* A value that breaks the schema's bounds, or a crushing one: the draw picks
 * among the violations this schema admits, so the ones its keywords invite
 * (enum, lengths, range, nested items) are not drowned by the generic ones. */
static json_t *past_value(gen *g, const json_t *schema) {
  json_t *en = json_object_get(schema, "enum");
  json_t *maxl = json_object_get(schema, "maxLength"), *minl = json_object_get(schema, "minLength");
  json_t *max = json_object_get(schema, "maximum"), *min = json_object_get(schema, "minimum");
  json_t *items = json_object_get(schema, "items"), *props = json_object_get(schema, "properties");
  enum past_kind options[PAST_KINDS];
  size_t n = 0;
  if (json_is_array(en)) options[n++] = PAST_ENUM;
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
  json_t *props = json_object_get(schema, "properties");
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
  case 2: /* a property nobody declared */
    json_object_set_new(args, ff_bool(g->in) ? "__proto__" : "formfuzz_extra", json_string("x"));
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
  gen g = {.in = in, .c = c, .mode = mode == MCP_GEN_ATTACK ? MCP_GEN_ATTACK : MCP_GEN_VALID};
  json_t *args = json_is_object(schema) ? gen_object(&g, schema, 0) : json_object();
  if (mode == MCP_GEN_PAST) args = past(&g, schema, args);
  return args;
}
