/* Unit test of the value profile (engine/value_profile.h): an integer compare
 * sets its differing-bits and log-distance features, a closer operand sets new
 * ones, the same compare again sets nothing new, one site's features differ
 * from another's; byte-string compares give equal-prefix features; collect
 * numbers features after first_feature and clears the bitmap, clear drops
 * bits without collecting. */
#include <stdint.h>
#include <string.h>

#include "ff_check.h"
#include "edge_features.h"
#include "value_profile.h"

#define FIRST 1000u

static size_t collect(ff_feature_list *l) {
  l->n = 0;
  ff_vp_collect(l, FIRST);
  return l->n;
}

static int contains(const ff_feature_list *l, uint32_t f) {
  for (size_t i = 0; i < l->n; i++)
    if (l->idx[i] == f) return 1;
  return 0;
}

int main(void) {
  ff_feature_list l;
  CHECK(ff_feature_list_init(&l, FF_VP_BITS) == 0);
  const uintptr_t pc = (uintptr_t)&main + 40, other_pc = (uintptr_t)&main + 90;
  uint32_t site = ff_vp_site(pc);
  CHECK(site < FF_VP_SITES);
  CHECK(ff_vp_site(other_pc) != site);

  /* 0xff vs 0x0f: 4 differing bits, distance 240 (8 bits long) */
  ff_vp_cmp(pc, 0xff, 0x0f);
  CHECK(collect(&l) == 2);
  CHECK(contains(&l, FIRST + site * FF_VP_VALUES + 4));
  CHECK(contains(&l, FIRST + site * FF_VP_VALUES + 128 + 8));
  CHECK(collect(&l) == 0); /* collected means cleared */

  /* a closer operand: 1 differing bit, distance 128; equal: 0 and 0 */
  ff_vp_cmp(pc, 0xff, 0x7f);
  ff_vp_cmp(pc, 0xff, 0xff);
  ff_vp_cmp(pc, 0xff, 0xff); /* the same bits again: nothing more */
  CHECK(collect(&l) == 4);
  CHECK(contains(&l, FIRST + site * FF_VP_VALUES + 1));
  CHECK(contains(&l, FIRST + site * FF_VP_VALUES + 128 + 8));
  CHECK(contains(&l, FIRST + site * FF_VP_VALUES + 0));
  CHECK(contains(&l, FIRST + site * FF_VP_VALUES + 128));

  /* 64-bit operands: 64 differing bits, distance of 64 bits */
  ff_vp_cmp(other_pc, 0, UINT64_MAX);
  CHECK(collect(&l) == 2);
  CHECK(contains(&l, FIRST + ff_vp_site(other_pc) * FF_VP_VALUES + 64));
  CHECK(contains(&l, FIRST + ff_vp_site(other_pc) * FF_VP_VALUES + 128 + 64));

  /* byte strings: 3 equal bytes, then 'd' vs 'g' (2 differing bits) */
  ff_vp_mem(pc, (const uint8_t *)"abcd", (const uint8_t *)"abcg", 4);
  CHECK(collect(&l) == 1);
  CHECK(l.idx[0] == FIRST + site * FF_VP_VALUES + 3 * 8 + 1);
  ff_vp_mem(pc, (const uint8_t *)"abcd", (const uint8_t *)"abcd", 4); /* all equal */
  CHECK(collect(&l) == 1);
  CHECK(l.idx[0] == FIRST + site * FF_VP_VALUES + 4 * 8 + 7);

  /* clear drops what was set */
  ff_vp_cmp(pc, 1, 2);
  ff_vp_clear();
  CHECK(collect(&l) == 0);
  ff_feature_list_free(&l);
  return check_summary("value_profile");
}
