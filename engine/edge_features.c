/* Edge-coverage observer (see edge_features.h): one pass over the counters per
 * run, reading 8 counters per load and skipping zero words, zeroing what it read. */
#include "edge_features.h"

#include <stdlib.h>
#include <string.h>

#include "coverage.h"
#include "globals.h"

uint8_t ff_bucket_of(uint8_t c) {
  if (c <= 3) return (uint8_t)(c - 1);
  if (c < 8) return 3;
  if (c < 16) return 4;
  if (c < 32) return 5;
  if (c < 128) return 6;
  return 7;
}

int ff_feature_list_init(ff_feature_list *l, size_t cap) {
  l->n = 0;
  l->cap = cap ? cap : 1;
  l->idx = malloc(l->cap * sizeof *l->idx);
  return l->idx ? 0 : -1;
}

void ff_feature_list_free(ff_feature_list *l) {
  free(l->idx);
  l->idx = NULL;
  l->n = l->cap = 0;
}

static inline void add_counter(ff_feature_list *l, size_t index, uint8_t count) {
  if (l->n < l->cap) l->idx[l->n++] = (uint32_t)(index * FF_BUCKETS + ff_bucket_of(count));
}

void ff_features_collect_region(ff_feature_list *l, uint8_t *counters, size_t n,
                                size_t first_index) {
  size_t i = 0;
  while (i < n && ((uintptr_t)(counters + i) & 7) != 0) {
    if (counters[i]) {
      add_counter(l, first_index + i, counters[i]);
      counters[i] = 0;
    }
    i++;
  }
  for (; i + 8 <= n; i += 8) {
    uint64_t word;
    memcpy(&word, counters + i, 8);
    if (word == 0) continue;
    for (size_t k = 0; k < 8; k++) {
      uint8_t c = counters[i + k];
      if (c) add_counter(l, first_index + i + k, c);
    }
    memset(counters + i, 0, 8);
  }
  for (; i < n; i++) {
    if (counters[i]) {
      add_counter(l, first_index + i, counters[i]);
      counters[i] = 0;
    }
  }
}

void ff_features_collect(ff_feature_list *l) {
  l->n = 0;
  for (size_t m = 0; m < ff_cov.module_count; m++) {
    const ff_cov_module *mod = &ff_cov.modules[m];
    ff_features_collect_region(l, mod->counters, mod->counter_count, mod->first_index);
  }
}
