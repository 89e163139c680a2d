/* Novelty and input-reduction feedback (see feedback.h). The judge pass runs
 * after every execution; the commit pass only for the rare interesting ones. */
#include "feedback.h"

#include <stdlib.h>
#include <string.h>

int ff_feedback_init(ff_feedback *fb, size_t counters, size_t extra_features) {
  memset(fb, 0, sizeof *fb);
  /* extra features are kept as groups of FF_BUCKETS after the counters' ones */
  size_t groups = (counters ? counters : 1) + (extra_features + FF_BUCKETS - 1) / FF_BUCKETS;
  size_t nf = groups * FF_BUCKETS;
  fb->counters = counters;
  fb->first_slow = UINT32_MAX;
  fb->seen_buckets = calloc(groups, 1);
  fb->min_size = malloc(nf * sizeof *fb->min_size);
  fb->owner = malloc(nf * sizeof *fb->owner);
  fb->hits = calloc(nf, sizeof *fb->hits);
  if (!fb->seen_buckets || !fb->min_size || !fb->owner || !fb->hits) {
    ff_feedback_free(fb);
    return -1;
  }
  return 0;
}

void ff_feedback_free(ff_feedback *fb) {
  free(fb->seen_buckets);
  free(fb->min_size);
  free(fb->owner);
  free(fb->hits);
  memset(fb, 0, sizeof *fb);
}

static inline int is_seen(const ff_feedback *fb, uint32_t f) {
  return (fb->seen_buckets[f / FF_BUCKETS] >> (f % FF_BUCKETS)) & 1;
}

ff_verdict ff_feedback_judge(ff_feedback *fb, const ff_feature_list *run, size_t size) {
  ff_verdict v = {0, 0, 0};
  for (size_t i = 0; i < run->n; i++) {
    uint32_t f = run->idx[i];
    if (fb->hits[f] != UINT32_MAX) fb->hits[f]++;
    if (!is_seen(fb, f)) {
      v.new_features++;
      if (f >= fb->first_slow) v.new_slow++;
    } else if (size < fb->min_size[f])
      v.smaller++;
  }
  return v;
}

void ff_feedback_commit(ff_feedback *fb, const ff_feature_list *run, size_t size, uint32_t id,
                        ff_corpus *corpus) {
  ff_entry *e = corpus->entries[id];
  for (size_t i = 0; i < run->n; i++) {
    uint32_t f = run->idx[i];
    uint32_t counter = f / FF_BUCKETS;
    if (!is_seen(fb, f)) {
      if (fb->seen_buckets[counter] == 0 && counter < fb->counters) fb->edges++;
      fb->seen_buckets[counter] |= (uint8_t)(1u << (f % FF_BUCKETS));
      fb->features++;
    } else if (size < fb->min_size[f]) {
      ff_corpus_release(corpus, fb->owner[f]);
    } else {
      continue;
    }
    fb->min_size[f] = (uint32_t)size;
    fb->owner[f] = id;
    e->owned++;
  }
  if (e->owned == 0) {
    e->owned = 1;
    ff_corpus_release(corpus, id);
  }
}
