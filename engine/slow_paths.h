/* Slow-path feedback (SlowFuzz's idea, -slow_paths=1): loop iteration counts
 * as features, so an input that runs a loop more often than any input before
 * is kept, and loops that can be made endless (pointer cycles, unbounded
 * retries) turn into timeouts. The AFL hit-count buckets of the edges stop at
 * 128+ and the 8-bit edge counters wrap at 256, so they cannot tell 20 hops
 * from 30 or 300 from 3000; the compare hooks can: every integer compare and
 * switch the target makes counts one hit of its call site (the return address,
 * hashed to FF_SLOW_SITES slots as the value profile's, value_profile.h), in a
 * 32-bit counter. After the run each site's count becomes one feature:
 * site x level, the level exact for counts up to 16, then 8 steps per doubling
 * (a step is 9% more iterations). A new level at a site is a new feature.
 *
 * Hot path: the hooks test ff_slow_on (one predictable branch when off); when
 * on, a hash and an increment, the first hit of a site in a run lists it, so
 * collecting costs the sites the run touched. Written by the hooks (cmplog.c),
 * read by ff_slow_collect after each fuzzing run (engine.c). */
#ifndef FF_ENGINE_SLOW_PATHS_H
#define FF_ENGINE_SLOW_PATHS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "edge_features.h"

#define FF_SLOW_SITE_BITS 10
#define FF_SLOW_SITES (1u << FF_SLOW_SITE_BITS)
#define FF_SLOW_LEVELS 256u
#define FF_SLOW_BITS (FF_SLOW_SITES * FF_SLOW_LEVELS)
#define FF_SLOW_EXACT 16u /* counts up to this are levels of their own */

typedef struct ff_slow_counts {
  uint32_t hits[FF_SLOW_SITES];
  uint32_t touched[FF_SLOW_SITES]; /* sites hit since the last collect */
  uint32_t ntouched;
} ff_slow_counts;

/* The process's counts and their switch (globals.h): the hooks count only
 * while ff_slow_on, which main.c sets from -slow_paths in the fuzzing mode. */
extern ff_slow_counts ff_slow;
extern bool ff_slow_on;

static inline uint32_t ff_slow_site(uintptr_t pc) {
  uint64_t offset = (uint64_t)(pc - (uintptr_t)&ff_slow);
  return (uint32_t)((offset * 0x9e3779b97f4a7c15ull) >> (64 - FF_SLOW_SITE_BITS));
}

/* One execution of the compare at call site pc. */
static inline void ff_slow_hit(uintptr_t pc) {
  uint32_t site = ff_slow_site(pc);
  uint32_t h = ff_slow.hits[site];
  if (h == 0) ff_slow.touched[ff_slow.ntouched++] = site; /* at most FF_SLOW_SITES sites */
  if (h != UINT32_MAX) ff_slow.hits[site] = h + 1;
}

/* The level (0 .. FF_SLOW_LEVELS - 1) of a non-zero hit count. */
uint32_t ff_slow_level(uint32_t hits);
/* Appends one feature per site hit since the last call (first_feature +
 * site * FF_SLOW_LEVELS + level) to l and clears the counts. */
void ff_slow_collect(ff_feature_list *l, uint32_t first_feature);
/* Clears the counts since the last collect (runs whose coverage is discarded). */
void ff_slow_clear(void);

#endif
