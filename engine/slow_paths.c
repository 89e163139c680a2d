/* Slow-path feedback (see slow_paths.h): the level of a hit count and the
 * collect/clear pass over the sites the run touched. */
#include "slow_paths.h"

#include "globals.h"

ff_slow_counts ff_slow;
bool ff_slow_on;

uint32_t ff_slow_level(uint32_t hits) {
  if (hits <= FF_SLOW_EXACT) return hits - 1;
  /* 8 levels per doubling above FF_SLOW_EXACT: the octave, then the 3 bits
   * below the leading one (a linear step within the octave) */
  uint32_t bits = 32u - (uint32_t)__builtin_clz(hits); /* >= 5 */
  uint32_t frac = (hits >> (bits - 4)) & 7u;
  uint32_t level = FF_SLOW_EXACT + (bits - 5) * 8 + frac;
  return level < FF_SLOW_LEVELS ? level : FF_SLOW_LEVELS - 1;
}

void ff_slow_collect(ff_feature_list *l, uint32_t first_feature) {
  for (uint32_t i = 0; i < ff_slow.ntouched; i++) {
    uint32_t site = ff_slow.touched[i];
    uint32_t level = ff_slow_level(ff_slow.hits[site]);
    ff_slow.hits[site] = 0;
    if (l->n < l->cap) l->idx[l->n++] = first_feature + site * FF_SLOW_LEVELS + level;
  }
  ff_slow.ntouched = 0;
}

void ff_slow_clear(void) {
  for (uint32_t i = 0; i < ff_slow.ntouched; i++) ff_slow.hits[ff_slow.touched[i]] = 0;
  ff_slow.ntouched = 0;
}
