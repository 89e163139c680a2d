/* Recent inputs for findings that build up (see mcp_window.h). */
#include "mcp_window.h"

#include <stdlib.h>
#include <string.h>

void mcp_window_add(mcp_window *w, const uint8_t *data, size_t size, size_t records) {
  mcp_record recs[MCP_SEQ_MAX_RECORDS];
  size_t n = mcp_seq_records(data, size, recs, MCP_SEQ_MAX_RECORDS);
  size_t keep = records < n ? recs[records].offset : size; /* what was not run is not kept */
  if (keep == 0) return;
  uint8_t *copy = malloc(keep);
  if (!copy) return;
  memcpy(copy, data, keep);
  free(w->data[w->head]);
  w->data[w->head] = copy;
  w->size[w->head] = keep;
  w->head = (w->head + 1) % MCP_SEQ_MAX_RECORDS;
  if (w->count < MCP_SEQ_MAX_RECORDS) w->count++;
}

int mcp_window_input(const mcp_window *w, uint8_t **out, size_t *out_size, size_t *last_step) {
  *out = NULL;
  *out_size = 0;
  /* newest first, until the records fill one input */
  size_t total = 0;
  int used = 0;
  mcp_record recs[MCP_SEQ_MAX_RECORDS];
  size_t skip_first = 0; /* records of the oldest input used that do not fit */
  for (; used < w->count && total < MCP_SEQ_MAX_RECORDS; used++) {
    int slot = (w->head - 1 - used + 2 * MCP_SEQ_MAX_RECORDS) % MCP_SEQ_MAX_RECORDS;
    size_t n = mcp_seq_records(w->data[slot], w->size[slot], recs, MCP_SEQ_MAX_RECORDS);
    skip_first = total + n > MCP_SEQ_MAX_RECORDS ? total + n - MCP_SEQ_MAX_RECORDS : 0;
    total += n - skip_first;
  }
  if (total == 0) return -1;
  for (int k = used - 1; k >= 0; k--) { /* oldest first */
    int slot = (w->head - 1 - k + 2 * MCP_SEQ_MAX_RECORDS) % MCP_SEQ_MAX_RECORDS;
    size_t n = mcp_seq_records(w->data[slot], w->size[slot], recs, MCP_SEQ_MAX_RECORDS);
    for (size_t i = k == used - 1 ? skip_first : 0; i < n; i++)
      if (mcp_seq_append(out, out_size, recs[i].kind, recs[i].target, recs[i].payload, recs[i].len) != 0) {
        free(*out);
        *out = NULL;
        return -1;
      }
  }
  *last_step = total - 1;
  return 0;
}

void mcp_window_free(mcp_window *w) {
  for (int i = 0; i < MCP_SEQ_MAX_RECORDS; i++) free(w->data[i]);
  memset(w, 0, sizeof *w);
}
