/* Pieces of the JSON generators shared between json_value.c (values, strings,
 * numbers, defects) and json_object.c (objects with given fields). */
#ifndef FORMFUZZ_GEN_JSON_INTERNAL_H
#define FORMFUZZ_GEN_JSON_INTERNAL_H

#include "formfuzz/gen_json.h"

typedef struct json_gen {
  ff_input *in;
  ff_buf *out;
  unsigned quirks;
  unsigned max_items; /* elements per container */
} json_gen;

/* A valid value of the given type (FF_JSON_ANY: any), nesting up to depth. */
void json_valid_of_type(json_gen *g, ff_json_type type, unsigned depth);
/* One syntax defect in the place of a value; returns true when the defect
 * must stand at the end of the document (nothing may follow it). */
bool json_defect(json_gen *g, bool at_end_allowed);
/* Crushing values (deep nesting, huge sizes, odd encodings). */
enum json_hostile_kind {
  JSON_HOSTILE_DEEP_ARRAY,
  JSON_HOSTILE_DEEP_OBJECT,
  JSON_HOSTILE_UNCLOSED,
  JSON_HOSTILE_NUMBER,
  JSON_HOSTILE_LONG_STRING,
  JSON_HOSTILE_LONE_SURROGATE,
  JSON_HOSTILE_NUL,
  JSON_HOSTILE_DUP_KEYS,
  JSON_HOSTILE_FLAT_ARRAY,
  JSON_HOSTILE_WHITESPACE,
  JSON_HOSTILE_BAD_ENCODING,
  JSON_HOSTILE_MANY_DUPS,
  JSON_HOSTILE_KINDS
};
/* One crushing value of the given kind. Returns whether it is still valid
 * JSON; *needs_end when nothing may follow it. */
bool json_hostile_value(json_gen *g, enum json_hostile_kind kind, bool *needs_end);
/* A JSON string token holding exactly this plain text (escaping as needed). */
void json_put_plain_string(ff_buf *out, const char *text);

#endif
