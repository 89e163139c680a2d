/* JSON objects with given field names (a component's message types, e.g. a
 * JSON-RPC request): valid objects, objects that break the schema once while
 * staying well-formed JSON, and objects with one crushing or malformed value.
 * See ff_gen_json_object in include/formfuzz/gen_json.h. */
#include <string.h>

#include "json_internal.h"

#define UNKNOWN_FIELD "_ff_unknown"

typedef enum field_how {
  FIELD_VALID,
  FIELD_ABSENT,
  FIELD_NULL,
  FIELD_WRONG_TYPE,
  FIELD_OUT_OF_RANGE,
  FIELD_TWICE,
  FIELD_HOSTILE,
  FIELD_SYNTAX,
} field_how;

static bool type_accepts_null(const ff_json_field *f) {
  return f->type == FF_JSON_ANY || f->type == FF_JSON_NULL ||
         (f->type == FF_JSON_RAW && f->raw && strcmp(f->raw, "null") == 0);
}

static bool applies(field_how how, const ff_json_field *f) {
  switch (how) {
  case FIELD_ABSENT: return !f->optional;
  case FIELD_NULL: return !f->optional && !type_accepts_null(f);
  case FIELD_WRONG_TYPE: return f->type != FF_JSON_ANY;
  case FIELD_OUT_OF_RANGE: return f->type == FF_JSON_INT || f->type == FF_JSON_UINT;
  default: return true;
  }
}

static void wrong_type_value(json_gen *g, const ff_json_field *f) {
  static const char *const RAW_OTHERS[] = {"null", "2", "\"x\""};
  switch (f->type) {
  case FF_JSON_NULL: ff_buf_puts(g->out, ff_bool(g->in) ? "0" : "\"null\""); break;
  case FF_JSON_BOOL: ff_buf_puts(g->out, ff_bool(g->in) ? "1" : "\"true\""); break;
  case FF_JSON_INT:
  case FF_JSON_UINT:
  case FF_JSON_NUMBER: ff_buf_puts(g->out, ff_bool(g->in) ? "true" : "\"1\""); break;
  case FF_JSON_STRING: ff_buf_puts(g->out, ff_bool(g->in) ? "1" : "[\"a\"]"); break;
  case FF_JSON_ARRAY: ff_buf_puts(g->out, ff_bool(g->in) ? "{}" : "\"[]\""); break;
  case FF_JSON_OBJECT: ff_buf_puts(g->out, ff_bool(g->in) ? "[]" : "\"{}\""); break;
  default: { /* FF_JSON_RAW: another value than the one required */
    size_t pick = ff_choose(g->in, FF_COUNT_OF(RAW_OTHERS));
    if (f->raw && strcmp(f->raw, RAW_OTHERS[pick]) == 0) pick = (pick + 1) % FF_COUNT_OF(RAW_OTHERS);
    ff_buf_puts(g->out, RAW_OTHERS[pick]);
    break;
  }
  }
}

static void out_of_range_value(json_gen *g, const ff_json_field *f) {
  static const char *const BAD_INT[] = {"9223372036854775808", "-9223372036854775809", "1.5", "1e3"};
  static const char *const BAD_UINT[] = {"-1", "18446744073709551616", "0.5", "1E2"};
  ff_buf_puts(g->out, f->type == FF_JSON_UINT ? FF_PICK(g->in, BAD_UINT) : FF_PICK(g->in, BAD_INT));
}

static void valid_value(json_gen *g, const ff_json_field *f) {
  if (f->type == FF_JSON_RAW) ff_buf_puts(g->out, f->raw ? f->raw : "null");
  else json_valid_of_type(g, f->type, 2);
}

/* A crushing value that keeps the field's type where it can; returns validity. */
static bool hostile_value(json_gen *g, const ff_json_field *f, bool *needs_end) {
  static const enum json_hostile_kind STRING_KINDS[] = {JSON_HOSTILE_LONG_STRING, JSON_HOSTILE_LONE_SURROGATE,
                                                        JSON_HOSTILE_NUL};
  static const enum json_hostile_kind ARRAY_KINDS[] = {JSON_HOSTILE_DEEP_ARRAY, JSON_HOSTILE_FLAT_ARRAY};
  static const enum json_hostile_kind OBJECT_KINDS[] = {JSON_HOSTILE_DEEP_OBJECT, JSON_HOSTILE_DUP_KEYS,
                                                        JSON_HOSTILE_MANY_DUPS};
  switch (f->type) {
  case FF_JSON_ANY:
    return json_hostile_value(g, (enum json_hostile_kind)ff_choose(g->in, JSON_HOSTILE_KINDS), needs_end);
  case FF_JSON_STRING: return json_hostile_value(g, FF_PICK(g->in, STRING_KINDS), needs_end);
  case FF_JSON_ARRAY: return json_hostile_value(g, FF_PICK(g->in, ARRAY_KINDS), needs_end);
  case FF_JSON_OBJECT: return json_hostile_value(g, FF_PICK(g->in, OBJECT_KINDS), needs_end);
  default: /* scalars: a value that cannot be of the type */
    json_hostile_value(g, ff_bool(g->in) ? JSON_HOSTILE_UNCLOSED : JSON_HOSTILE_BAD_ENCODING, needs_end);
    return false;
  }
}

static void key(json_gen *g, const char *name, bool *first) {
  if (!*first) ff_buf_putc(g->out, ',');
  *first = false;
  json_put_plain_string(g->out, name);
  ff_buf_putc(g->out, ':');
}

/* Writes one field as told; returns its validity, sets *needs_end when the
 * document must stop here. */
static bool write_field(json_gen *g, const ff_json_field *f, field_how how, bool *first, bool *needs_end) {
  *needs_end = false;
  switch (how) {
  case FIELD_ABSENT: return f->optional;
  case FIELD_VALID:
    key(g, f->name, first);
    valid_value(g, f);
    return true;
  case FIELD_NULL:
    key(g, f->name, first);
    ff_buf_puts(g->out, "null");
    return type_accepts_null(f) || f->optional;
  case FIELD_WRONG_TYPE:
    key(g, f->name, first);
    wrong_type_value(g, f);
    return false;
  case FIELD_OUT_OF_RANGE:
    key(g, f->name, first);
    out_of_range_value(g, f);
    return false;
  case FIELD_TWICE:
    key(g, f->name, first);
    valid_value(g, f);
    key(g, f->name, first);
    valid_value(g, f);
    g->quirks |= FF_JSON_Q_DUP_KEYS;
    return false;
  case FIELD_HOSTILE:
    key(g, f->name, first);
    return hostile_value(g, f, needs_end);
  default:
    key(g, f->name, first);
    *needs_end = json_defect(g, true);
    return false;
  }
}

/* Picks which field gets bent and how; -1 when no field can be bent that way. */
static long pick_bent_field(ff_input *in, const ff_json_field *fields, size_t n, field_how how) {
  size_t candidates = 0;
  for (size_t i = 0; i < n; i++) candidates += applies(how, &fields[i]);
  if (candidates == 0) return -1;
  size_t k = ff_choose(in, candidates);
  for (size_t i = 0; i < n; i++) {
    if (applies(how, &fields[i]) && k-- == 0) return (long)i;
  }
  return -1;
}

bool ff_gen_json_object(ff_input *in, ff_gen_mode mode, const ff_json_field *fields, size_t n_fields,
                        ff_buf *out, unsigned *quirks) {
  static const field_how NEAR_HOWS[] = {FIELD_ABSENT, FIELD_WRONG_TYPE, FIELD_NULL, FIELD_OUT_OF_RANGE,
                                        FIELD_TWICE};
  json_gen g = {.in = in, .out = out, .quirks = 0, .max_items = 4};
  mode = ff_gen_resolve_mode(in, mode);
  field_how bent_how = FIELD_VALID;
  long bent = -1;
  if (mode == FF_GEN_NEAR) {
    size_t start = ff_choose(in, FF_COUNT_OF(NEAR_HOWS));
    for (size_t t = 0; t < FF_COUNT_OF(NEAR_HOWS) && bent < 0; t++) {
      bent_how = NEAR_HOWS[(start + t) % FF_COUNT_OF(NEAR_HOWS)];
      bent = pick_bent_field(in, fields, n_fields, bent_how);
    }
  } else if (mode == FF_GEN_HOSTILE && n_fields > 0) {
    bent_how = ff_bool(in) ? FIELD_SYNTAX : FIELD_HOSTILE;
    bent = (long)ff_choose(in, n_fields);
  }
  if (mode != FF_GEN_VALID && bent < 0) { /* nothing to bend: not an object at all */
    ff_buf_puts(out, "[]");
    if (quirks) *quirks = 0;
    return false;
  }
  if (bent >= 0) ff_note(in, "json object: field \"%s\" bent (%d)", fields[bent].name, (int)bent_how);

  bool ok = true, first = true, needs_end = false;
  ff_buf_putc(out, '{');
  for (size_t i = 0; i < n_fields; i++) {
    field_how how = FIELD_VALID;
    if ((long)i == bent) {
      how = bent_how;
    } else if (fields[i].optional) {
      static const field_how OPTIONAL_HOWS[] = {FIELD_VALID, FIELD_ABSENT, FIELD_NULL};
      how = FF_PICK(in, OPTIONAL_HOWS);
    }
    ok &= write_field(&g, &fields[i], how, &first, &needs_end);
    if (needs_end) break;
  }
  if (!needs_end) {
    if (mode == FF_GEN_VALID && ff_bool(in)) { /* serde ignores unknown fields */
      key(&g, UNKNOWN_FIELD, &first);
      json_valid_of_type(&g, FF_JSON_ANY, 1);
      g.quirks |= FF_JSON_Q_EXTRA_FIELD;
    }
    ff_buf_putc(out, '}');
  }
  if (quirks) *quirks = g.quirks;
  return ok && !out->overflow;
}
