/* Unit test of the slow-path feedback (engine/slow_paths.h): hit counts up to
 * 16 are levels of their own, larger ones 8 levels per doubling, monotone and
 * bounded; each site a run touched gives one feature, its count's level;
 * collect numbers features after first_feature and clears the counts, clear
 * drops them without collecting. */
#include <stdint.h>

#include "edge_features.h"
#include "ff_check.h"
#include "slow_paths.h"

#define FIRST 5000u

static size_t collect(ff_feature_list *l) {
  l->n = 0;
  ff_slow_collect(l, FIRST);
  return l->n;
}

static void hit(uintptr_t pc, uint32_t times) {
  for (uint32_t i = 0; i < times; i++) ff_slow_hit(pc);
}

int main(void) {
  CHECK(ff_slow_level(1) == 0);
  CHECK(ff_slow_level(16) == 15);
  CHECK(ff_slow_level(17) == 16);
  CHECK(ff_slow_level(32) == 24);
  CHECK(ff_slow_level(64) == 32);
  CHECK(ff_slow_level(UINT32_MAX) < FF_SLOW_LEVELS);
  uint32_t previous = 0, steps = 0;
  for (uint32_t h = 2; h < (1u << 20); h += 1 + h / 64) {
    uint32_t level = ff_slow_level(h);
    CHECK(level >= previous);
    if (level > previous) steps++;
    previous = level;
  }
  CHECK(steps > 100); /* 15 exact levels, then 8 per doubling up to 2^20 */

  ff_feature_list l;
  CHECK(ff_feature_list_init(&l, FF_SLOW_SITES) == 0);
  const uintptr_t loop_pc = (uintptr_t)&main + 40, other_pc = (uintptr_t)&main + 90;
  uint32_t loop = ff_slow_site(loop_pc), other = ff_slow_site(other_pc);
  CHECK(loop < FF_SLOW_SITES && other != loop);
  hit(loop_pc, 300);
  hit(other_pc, 1);
  CHECK(collect(&l) == 2);
  CHECK(l.idx[0] == FIRST + loop * FF_SLOW_LEVELS + ff_slow_level(300));
  CHECK(l.idx[1] == FIRST + other * FF_SLOW_LEVELS + 0);
  CHECK(collect(&l) == 0); /* collected means cleared */
  hit(loop_pc, 330); /* 10% more iterations: a level of its own */
  CHECK(collect(&l) == 1);
  CHECK(l.idx[0] == FIRST + loop * FF_SLOW_LEVELS + ff_slow_level(330));
  CHECK(ff_slow_level(330) > ff_slow_level(300));
  hit(loop_pc, 5);
  ff_slow_clear();
  CHECK(collect(&l) == 0);
  ff_feature_list_free(&l);
  return check_summary("slow_paths");
}
