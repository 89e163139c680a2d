/* The edge-coverage observer: turns the 8-bit counters of one execution into
 * features (counter index x AFL hit-count bucket) and zeroes the counters for
 * the next run. Feature f = counter_index * 8 + bucket, bucket 0..7 for hit
 * counts 1, 2, 3, 4-7, 8-15, 16-31, 32-127, 128-255. */
#ifndef FF_ENGINE_FEATURES_H
#define FF_ENGINE_FEATURES_H

#include <stddef.h>
#include <stdint.h>

#define FF_BUCKETS 8

typedef struct ff_feature_list {
  uint32_t *idx; /* feature indices of the last run: the edges' ascending, then
                  * the value profile's when it is on (value_profile.h) */
  size_t n;
  size_t cap;    /* >= number of counters (one feature per counter at most),
                  * plus FF_VP_BITS with the value profile */
} ff_feature_list;

/* Bucket (0..7) of a non-zero hit count. */
uint8_t ff_bucket_of(uint8_t count);

int ff_feature_list_init(ff_feature_list *l, size_t cap);
void ff_feature_list_free(ff_feature_list *l);

/* Appends the features of counters[0..n) (global index of counters[0] is
 * first_index) to l and zeroes those counters. Skips zero words 8 bytes at a time. */
void ff_features_collect_region(ff_feature_list *l, uint8_t *counters, size_t n,
                                size_t first_index);
/* Clears l and collects every registered module. */
void ff_features_collect(ff_feature_list *l);

#endif
