/* Unit tests of the memory-growth oracle's trend (tools/mcp/mcp_rss.c): no
 * verdict during the warm-up or before the window is full, steady growth
 * past the threshold found, a one-off jump of the same size and growth below
 * the threshold not, a new pid starts over, off when the threshold is 0. */
#include <stdbool.h>

#include "ff_check.h"
#include "mcp_rss.h"

/* Feeds messages with rss(i) for i = 0..count-1; the first message with a verdict, or -1. */
static long feed(mcp_rss_trend *t, pid_t pid, long count, long (*rss)(long)) {
  for (long i = 0; i < count; i++) {
    long from, to;
    if (mcp_rss_trend_add(t, pid, rss(i), &from, &to)) return i;
  }
  return -1;
}

static long steady(long i) { return 50000 + i * 1024; }     /* 1 MiB per message */
static long slow(long i) { return 50000 + i * 100; }        /* 100 KiB per message */
static long jump(long i) { return i < 60 ? 50000 : 150000; } /* one step of ~98 MiB */
static long flat(long i) { return 50000 + (i % 7) * 300; }  /* noise */

int main(void) {
  mcp_rss_trend t;
  mcp_rss_trend_init(&t, 32 * 1024);
  long at = feed(&t, 100, 400, steady);
  /* the window spans (24 - 1) * 2 = 46 messages, about 46 MiB: full at the 20 + 48th message */
  CHECK_MSG(at == MCP_RSS_WARMUP + MCP_RSS_EVERY * MCP_RSS_WINDOW - 1, "steady growth found at message %ld", at);
  CHECK(mcp_rss_trend_span() == MCP_RSS_WARMUP + MCP_RSS_EVERY * MCP_RSS_WINDOW);

  mcp_rss_trend_init(&t, 32 * 1024);
  CHECK(feed(&t, 100, 1000, slow) == -1); /* 4.5 MiB per window: under the threshold */
  mcp_rss_trend_init(&t, 32 * 1024);
  CHECK(feed(&t, 100, 1000, jump) == -1); /* one quarter grew, not three */
  mcp_rss_trend_init(&t, 32 * 1024);
  CHECK(feed(&t, 100, 1000, flat) == -1);

  mcp_rss_trend_init(&t, 32 * 1024);
  CHECK(feed(&t, 100, 60, steady) == -1);  /* not enough samples yet */
  CHECK(feed(&t, 101, 60, steady) == -1);  /* another server: the count starts again */
  CHECK(feed(&t, 101, 100, steady) >= 0);

  mcp_rss_trend_init(&t, 0);
  CHECK(feed(&t, 100, 1000, steady) == -1); /* off */
  mcp_rss_trend_init(&t, 32 * 1024);
  CHECK(feed(&t, -1, 1000, steady) == -1);  /* no process to read */
  return check_summary("mcp_rss_unit");
}
