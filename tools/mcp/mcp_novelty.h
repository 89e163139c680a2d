/* Response novelty as coverage for a black-box server: each reply is reduced
 * to a class (method and tool, outcome, error code, result shape, and the
 * message with numbers, quoted parts and paths blurred), and an input that
 * reaches a class not seen before is kept. */
#ifndef FF_MCP_NOVELTY_H
#define FF_MCP_NOVELTY_H

#include <stddef.h>
#include <stdint.h>

#include "mcp_seq.h"
#include "mcp_session.h"

typedef struct mcp_classes {
  uint64_t *slots; /* open addressing; 0 = empty */
  size_t cap, count;
} mcp_classes;

/* The class of one exchange as text ("tools/call|echo|result|-|text|Echo: 9"). */
void mcp_class_of(const mcp_step *st, const mcp_exchange *x, char *out, size_t cap);
/* Adds a class; returns 1 when it is new, 0 when known, -1 out of memory. */
int mcp_classes_add(mcp_classes *c, const char *cls);
void mcp_classes_free(mcp_classes *c);

#endif
