/* Unit test of the edge observer: AFL hit-count buckets, features from
 * counters (unaligned heads and tails, zero words skipped), counters reset,
 * collection over registered modules. */
#include <stdint.h>
#include <string.h>

#include "ff_check.h"
#include "coverage.h"
#include "edge_features.h"
#include "globals.h"

int main(void) {
  static const struct { uint8_t count, bucket; } buckets[] = {
      {1, 0}, {2, 1}, {3, 2}, {4, 3}, {7, 3}, {8, 4}, {15, 4}, {16, 5},
      {31, 5}, {32, 6}, {127, 6}, {128, 7}, {255, 7}};
  for (size_t i = 0; i < sizeof buckets / sizeof buckets[0]; i++)
    CHECK(ff_bucket_of(buckets[i].count) == buckets[i].bucket);

  /* 37 counters starting at an odd address: head, whole words, tail */
  static uint8_t storage[64] __attribute__((aligned(8)));
  uint8_t *counters = storage + 3;
  counters[0] = 1;   /* head */
  counters[10] = 5;  /* inside a word */
  counters[20] = 200;
  counters[36] = 2;  /* tail */
  ff_feature_list l;
  CHECK(ff_feature_list_init(&l, 37) == 0);
  ff_features_collect_region(&l, counters, 37, 100);
  CHECK(l.n == 4);
  CHECK(l.idx[0] == 100 * 8 + 0);
  CHECK(l.idx[1] == 110 * 8 + 3);
  CHECK(l.idx[2] == 120 * 8 + 7);
  CHECK(l.idx[3] == 136 * 8 + 1);
  for (size_t i = 0; i < 37; i++) CHECK(counters[i] == 0);

  /* two registered modules get consecutive global indices */
  static uint8_t mod_a[16], mod_b[8];
  ff_cov_register_counters(mod_a, mod_a + 16);
  ff_cov_register_counters(mod_b, mod_b + 8);
  ff_cov_register_counters(mod_a, mod_a + 16); /* duplicate: ignored */
  CHECK(ff_cov.module_count == 2);
  CHECK(ff_cov.total_counters == 24);
  mod_a[15] = 3;
  mod_b[0] = 9;
  ff_feature_list all;
  CHECK(ff_feature_list_init(&all, ff_cov.total_counters) == 0);
  ff_features_collect(&all);
  CHECK(all.n == 2);
  CHECK(all.idx[0] == 15 * 8 + 2);
  CHECK(all.idx[1] == 16 * 8 + 4);
  ff_features_collect(&all);
  CHECK(all.n == 0);
  ff_feature_list_free(&l);
  ff_feature_list_free(&all);
  return check_summary("engine_runtime_features");
}
