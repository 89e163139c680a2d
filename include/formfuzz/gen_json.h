/* JSON generators (RFC 8259): whole values, strings, numbers, and objects with
 * given field names for a component's message types (e.g. JSON-RPC requests).
 * "expected_valid" means: strict RFC 8259 grammar, UTF-8 well-formed, and for
 * ff_gen_json_object also the schema (every required field once, right type).
 * Things a strict grammar allows but a consumer may trip over are reported as
 * quirk bits (duplicate keys, lone surrogate escapes, huge numbers, depth). */
#ifndef FORMFUZZ_GEN_JSON_H
#define FORMFUZZ_GEN_JSON_H

#include "formfuzz/gen.h"

enum {
  FF_JSON_Q_DUP_KEYS = 1u << 0,       /* an object repeats a key */
  FF_JSON_Q_LONE_SURROGATE = 1u << 1, /* \uD800-style escape without its pair */
  FF_JSON_Q_NUL_CHAR = 1u << 2,       /* \u0000 inside a string */
  FF_JSON_Q_NUMBER_LIMIT = 1u << 3,   /* beyond 2^53, int64/uint64 edges, -0, 1e308, 1e-400 */
  FF_JSON_Q_DEEP = 1u << 4,           /* nesting deeper than 64 */
  FF_JSON_Q_EXTRA_FIELD = 1u << 5,    /* an object field the schema does not name */
  FF_JSON_Q_LARGE = 1u << 6,          /* a string, number or container sized to the buffer */
};

/* Nesting depth 64 or more counts as deep (FF_JSON_Q_DEEP). */
#define FF_JSON_DEEP_LEVEL 64

/* Any JSON value up to max_depth containers deep (hostile mode may nest far
 * deeper, up to what the buffer holds). quirks (may be NULL) receives FF_JSON_Q_*. */
bool ff_gen_json(ff_input *in, ff_gen_mode mode, unsigned max_depth, ff_buf *out, unsigned *quirks);
/* A JSON string token, quotes included: escapes, \u, surrogate pairs, raw UTF-8. */
bool ff_gen_json_string(ff_input *in, ff_gen_mode mode, ff_buf *out, unsigned *quirks);
/* A JSON number token, with the limits (2^53, 2^63, 2^64, -0, 1e308, 1e-400). */
bool ff_gen_json_number(ff_input *in, ff_gen_mode mode, ff_buf *out, unsigned *quirks);

typedef enum ff_json_type {
  FF_JSON_ANY,    /* any value */
  FF_JSON_NULL,
  FF_JSON_BOOL,
  FF_JSON_INT,    /* an integer that fits int64 */
  FF_JSON_UINT,   /* an integer that fits uint64 */
  FF_JSON_NUMBER, /* any finite number */
  FF_JSON_STRING,
  FF_JSON_ARRAY,
  FF_JSON_OBJECT,
  FF_JSON_RAW, /* exactly the JSON text in ff_json_field.raw, e.g. "\"2.0\"" */
} ff_json_type;

typedef struct ff_json_field {
  const char *name; /* plain text, written as a JSON string */
  ff_json_type type;
  const char *raw; /* FF_JSON_RAW only */
  bool optional;   /* may be left out (like serde's Option) */
} ff_json_field;

/* An object with the given fields. Valid: each required field once with a value
 * of its type (optional ones drawn, sometimes an extra unknown field).
 * Near-valid: well-formed JSON breaking the schema once (field missing, wrong
 * type, null, out-of-range integer, field twice). Hostile: a syntax defect or a
 * crushing value (deep, huge) in one field. */
bool ff_gen_json_object(ff_input *in, ff_gen_mode mode, const ff_json_field *fields,
                        size_t n_fields, ff_buf *out, unsigned *quirks);

#endif
