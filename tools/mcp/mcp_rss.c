/* Resident memory trend of the server (see mcp_rss.h). */
#include "mcp_rss.h"

#include <string.h>

void mcp_rss_trend_init(mcp_rss_trend *t, long growth_kib) {
  memset(t, 0, sizeof *t);
  t->growth_kib = growth_kib;
  t->pid = -1;
}

void mcp_rss_trend_reset(mcp_rss_trend *t) { t->count = t->head = 0; }

long mcp_rss_trend_span(void) { return MCP_RSS_WARMUP + (long)MCP_RSS_EVERY * MCP_RSS_WINDOW; }

/* the i-th sample of the window, oldest first */
static long sample(const mcp_rss_trend *t, int i) {
  return t->samples[(t->head - t->count + i + 2 * MCP_RSS_WINDOW) % MCP_RSS_WINDOW];
}

bool mcp_rss_trend_add(mcp_rss_trend *t, pid_t pid, long rss_kib, long *from_kib, long *to_kib) {
  if (t->growth_kib <= 0 || pid <= 0 || rss_kib < 0) return false;
  if (pid != t->pid) { /* another server: start over */
    t->pid = pid;
    t->messages = 0;
    mcp_rss_trend_reset(t);
  }
  t->messages++;
  if (t->messages <= MCP_RSS_WARMUP || (t->messages - MCP_RSS_WARMUP) % MCP_RSS_EVERY) return false;
  t->samples[t->head] = rss_kib;
  t->head = (t->head + 1) % MCP_RSS_WINDOW;
  if (t->count < MCP_RSS_WINDOW) t->count++;
  if (t->count < MCP_RSS_WINDOW) return false;
  long first = sample(t, 0), last = sample(t, MCP_RSS_WINDOW - 1);
  if (last - first < t->growth_kib) return false;
  int growing = 0, q = MCP_RSS_WINDOW / 4;
  for (int k = 0; k < 4; k++) growing += sample(t, (k + 1) * q - 1) > sample(t, k * q);
  if (growing < 3) return false;
  *from_kib = first;
  *to_kib = last;
  return true;
}
