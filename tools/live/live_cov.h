/* Edge coverage from the fuzzed server's process for live fuzz --coverage:
 * a POSIX shared-memory map (LIVE_COV_MAP_SIZE bytes) that a server built with
 * -fsanitize-coverage=trace-pc-guard and tools/live/cov/live_cov_rt.c fills
 * (it finds the map by FORMFUZZ_LIVE_COV); cleared before each sequence, and
 * the edges hit compared with every edge seen so far afterwards. */
#ifndef FF_TOOLS_LIVE_COV_H
#define FF_TOOLS_LIVE_COV_H

#include <stddef.h>
#include <stdint.h>

#define LIVE_COV_MAP_SIZE 65536u

typedef struct live_cov {
  char name[64];
  char env[96];      /* "FORMFUZZ_LIVE_COV=<name>" for the server's environment */
  uint8_t *map;
  uint8_t *seen;     /* edges seen in any sequence */
  size_t edges;
} live_cov;

/* 0, or -1 with the reason. */
int live_cov_open(live_cov *c, char *err, size_t err_cap);
void live_cov_clear(live_cov *c);
/* Edges hit since the clear that no earlier sequence hit (they are now seen). */
size_t live_cov_new_edges(live_cov *c);
void live_cov_close(live_cov *c);

#endif
