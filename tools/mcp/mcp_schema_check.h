/* Checking a JSON value against a tool's JSON Schema: the keywords MCP tool
 * schemas use (type, enum, const, properties, required, additionalProperties,
 * items, min/maxItems, min/maxLength, minimum/maximum and their exclusive
 * forms, anyOf/oneOf/allOf). A keyword it does not evaluate (pattern, format,
 * $ref, not, ...) met on the way makes the verdict "valid" uncertain, so an
 * oracle never blames a server on a guess. */
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
} mcp_check;

/* schema NULL or true: anything is valid. */
void mcp_schema_check(const json_t *schema, const json_t *value, mcp_check *out);
/* Code points in UTF-8 text of len bytes. */
size_t mcp_utf8_length(const char *s, size_t len);

#endif
