/* The inputs run most recently, kept so that a finding that builds up over
 * many inputs (steady memory growth) can be saved with the call sequence
 * that led to it: the last records run, up to one input's worth
 * (MCP_SEQ_MAX_RECORDS), concatenated oldest first (records are independent,
 * so the concatenation is an input like any other). */
#ifndef FF_MCP_WINDOW_H
#define FF_MCP_WINDOW_H

#include <stddef.h>
#include <stdint.h>

#include "mcp_seq.h"

typedef struct mcp_window {
  uint8_t *data[MCP_SEQ_MAX_RECORDS];
  size_t size[MCP_SEQ_MAX_RECORDS];
  int count, head;
} mcp_window;

/* Remembers an input whose first `records` records were run. */
void mcp_window_add(mcp_window *w, const uint8_t *data, size_t size, size_t records);
/* The last records run, as one malloc'd input; *last_step is the index of
 * its final record. 0, or -1 when out of memory or empty. */
int mcp_window_input(const mcp_window *w, uint8_t **out, size_t *out_size, size_t *last_step);
void mcp_window_free(mcp_window *w);

#endif
