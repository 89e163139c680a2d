/* Edge coverage from the fuzzed server's process, for live fuzz --coverage
 * and mcp --coverage: a POSIX shared-memory map (layout in
 * cov/live_cov_shm.h) named to the server in FORMFUZZ_LIVE_COV. A server
 * built with trace-pc-guard and cov/live_cov_rt.c counts into it directly; a
 * server built with inline 8-bit counters (`formfuzz cc --server`, the
 * builtin preset's component servers) and cov/live_cov_counters_rt.c is asked
 * to clear its counters and to fold them in. Cleared before each input and
 * read after it; every slot's count is put in an AFL hit-count bucket (1, 2,
 * 3, 4-7, 8-15, 16-31, 32-127, 128+), and an edge or a bucket of an edge not
 * seen before is new. */
#ifndef FF_TOOLS_LIVE_COV_H
#define FF_TOOLS_LIVE_COV_H

#include <stddef.h>
#include <stdint.h>

#include "cov/live_cov_shm.h"

typedef struct live_cov {
  char name[64];
  char env[96];      /* "FORMFUZZ_LIVE_COV=<name>" for the server's environment */
  live_cov_header *header;
  uint8_t *map;
  uint8_t *seen;     /* per slot: the buckets seen in any input (one bit each) */
  size_t edges;      /* slots hit in any input */
  size_t features;   /* (slot, bucket) pairs seen */
  size_t last_new_slots; /* slots first hit by the last input read */
} live_cov;

/* 0, or -1 with the reason. */
int live_cov_open(live_cov *c, char *err, size_t err_cap);
/* Before an input: the map and (counters runtime) the server's counters zeroed. */
void live_cov_clear(live_cov *c);
/* The counters runtime's counts folded into the map now (before its process
 * is stopped); live_cov_new_edges does it too. */
void live_cov_collect(live_cov *c);
/* After an input: edges or hit-count buckets no earlier input reached (they
 * are now seen). */
size_t live_cov_new_edges(live_cov *c);
/* Which runtime the server attached (LIVE_COV_RT_*), for error messages. */
uint32_t live_cov_runtime(const live_cov *c);
/* The bucket bit of a hit count (0 for 0). */
uint8_t live_cov_bucket(uint8_t count);
void live_cov_close(live_cov *c);

#endif
