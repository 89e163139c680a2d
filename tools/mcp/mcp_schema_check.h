/* Checking a JSON value against a tool's JSON Schema: the keywords MCP tool
 * schemas use (type, enum, const, properties, required, additionalProperties
 * (false or a schema), min/maxProperties, items, min/maxItems, uniqueItems,
 * min/maxLength, pattern (mcp_regex.h), format (mcp_format.h, one-sided),
 * minimum/maximum and their exclusive forms, multipleOf, anyOf/oneOf/allOf,
 * not, and $ref to a local JSON pointer (#, #/$defs/.., #/definitions/..)).
 * A keyword it does not evaluate (patternProperties, if/then/else, a remote
 * $ref, ...) or a case it cannot decide (a pattern outside the regex subset,
 * a format it cannot vouch for, a float multipleOf at rounding distance) met
 * on the way makes the verdict uncertain, so an oracle never blames a server
 * on a guess. */
#ifndef FF_MCP_SCHEMA_CHECK_H
#define FF_MCP_SCHEMA_CHECK_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct mcp_check {
  bool valid;
  bool certain;        /* every keyword met was evaluated */
  char keyword[32];    /* the first violated keyword ("type", "required", ...) */
  char where[256];     /* its JSON pointer in the value: "/path" */
  const json_t *root;  /* the schema checked: where local $refs point */
} mcp_check;

/* schema NULL or true: anything is valid. */
void mcp_schema_check(const json_t *schema, const json_t *value, mcp_check *out);
/* The same for a part of a larger schema (root): its $refs point into root. */
void mcp_schema_check_in(const json_t *root, const json_t *schema, const json_t *value, mcp_check *out);
/* The schema a local $ref ("#" or "#/a/b~1c") points to in root, or NULL. */
const json_t *mcp_schema_resolve(const json_t *root, const char *ref);
/* Code points in UTF-8 text of len bytes. */
size_t mcp_utf8_length(const char *s, size_t len);

#endif
