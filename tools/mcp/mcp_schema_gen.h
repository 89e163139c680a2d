/* Tool arguments drawn from the tool's JSON Schema with ff_input draws (so the
 * same bytes give the same arguments): valid values (types, enums, const,
 * ranges with their boundaries, string lengths, required and optional
 * properties, nested objects and arrays, anyOf/oneOf branches), valid values
 * with attack content in the strings, or a valid value pushed past the schema
 * once (wrong type, out of range, too long/short, outside the enum, missing
 * required, extra property, huge or deeply nested values). Whether the result
 * really violates the schema is decided by mcp_schema_check, not assumed. */
#ifndef FF_MCP_SCHEMA_GEN_H
#define FF_MCP_SCHEMA_GEN_H

#include <jansson.h>

#include "formfuzz/input.h"
#include "mcp_attack.h"

typedef enum { MCP_GEN_VALID, MCP_GEN_ATTACK, MCP_GEN_PAST } mcp_gen_mode;

json_t *mcp_gen_args(const json_t *schema, ff_input *in, const mcp_gen_ctx *c, mcp_gen_mode mode);

#endif
