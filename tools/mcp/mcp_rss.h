/* The "grows without bound" oracle: the server's resident memory (VmRSS)
 * sampled every few messages after a warm-up, judged over a sliding window
 * of samples. Growth is steady when the window's last sample is at least the
 * threshold above its first and at least three of its four quarters grew
 * (a one-off jump, such as one huge argument, fills one quarter; a leak per
 * call fills all of them). The samples belong to one server process: a new
 * pid starts over. */
#ifndef FF_MCP_RSS_H
#define FF_MCP_RSS_H

#include <stdbool.h>
#include <sys/types.h>

#define MCP_RSS_WARMUP 20 /* messages after a start before the first sample */
#define MCP_RSS_EVERY 2   /* messages between samples */
#define MCP_RSS_WINDOW 24 /* samples judged together */

typedef struct mcp_rss_trend {
  long growth_kib; /* growth over the window that is a finding; 0: off */
  pid_t pid;       /* the server sampled */
  long messages;   /* seen since it started */
  long samples[MCP_RSS_WINDOW];
  int count, head; /* samples held; the next slot */
} mcp_rss_trend;

void mcp_rss_trend_init(mcp_rss_trend *t, long growth_kib);
/* Counts one message answered by server pid whose RSS is rss_kib (-1:
 * unknown); true when the window shows steady growth, with its first and last
 * sample in *from_kib, *to_kib. The verdict stays until mcp_rss_trend_reset. */
bool mcp_rss_trend_add(mcp_rss_trend *t, pid_t pid, long rss_kib, long *from_kib, long *to_kib);
/* Forgets the samples (after a finding: the next one needs a new window). */
void mcp_rss_trend_reset(mcp_rss_trend *t);
/* Messages one server must answer before a verdict is possible. */
long mcp_rss_trend_span(void);

#endif
