/* Strings that push a value past what a tool's author expected: path
 * traversal aimed at the canaries (relative, absolute, encoded, the sibling
 * of the root that shares its prefix), command/SQL/template injection, odd
 * Unicode (bidi overrides, zero-width, NUL, astral), and very long strings. */
#ifndef FF_MCP_ATTACK_H
#define FF_MCP_ATTACK_H

#include <stddef.h>

#include "formfuzz/input.h"

/* Where the canaries are, for path strings that try to reach them. */
typedef struct mcp_gen_ctx {
  const char *root;         /* the directory the server was given ("" when none) */
  const char *canary_path;  /* a secret file outside the root (absolute) */
  const char *sibling_path; /* a secret file in <root>-sibling/ (absolute) */
} mcp_gen_ctx;

enum { MCP_ATTACK_PATH, MCP_ATTACK_INJECTION, MCP_ATTACK_UNICODE, MCP_ATTACK_LONG, MCP_ATTACK_KINDS };

/* One attack string of a drawn kind into a malloc'd buffer; *len is its
 * length (it may hold NUL bytes). */
char *mcp_attack_string(ff_input *in, const mcp_gen_ctx *c, size_t *len);
/* A path attack only: traversal towards a canary, in one of its spellings. */
char *mcp_attack_path(ff_input *in, const mcp_gen_ctx *c, size_t *len);
/* A path inside the root (a plausible valid path: "<root>/a.txt" or "a.txt"). */
char *mcp_inside_path(ff_input *in, const mcp_gen_ctx *c);

#endif
