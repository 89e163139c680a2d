/* What counts as new (LibAFL's "feedback"): a run is interesting when it
 * reaches a feature never seen, or reaches a known feature with a smaller input
 * than any kept so far (libFuzzer's input reduction: the smaller input takes
 * the feature over and an entry left without features is retired, so a
 * smaller input with the same features replaces its entry). Also counts how
 * often each feature is hit, which the scheduler uses to find rare ones. */
#ifndef FF_ENGINE_FEEDBACK_H
#define FF_ENGINE_FEEDBACK_H

#include <stddef.h>
#include <stdint.h>

#include "corpus.h"
#include "edge_features.h"

typedef struct ff_feedback {
  size_t counters;       /* edge counters; the features after theirs are extra (value profile) */
  uint8_t *seen_buckets; /* per group of FF_BUCKETS features (a counter's buckets): bit b set
                          * when feature group * FF_BUCKETS + b was seen */
  uint32_t *min_size;    /* per feature: size of the smallest input reaching it */
  uint32_t *owner;       /* per feature: corpus id of that input */
  uint32_t *hits;        /* per feature: runs that reached it (saturating) */
  uint32_t first_slow;   /* the first slow-path feature (slow_paths.h); UINT32_MAX: none */
  size_t edges;          /* counters ever non-zero (extra features are not edges) */
  size_t features;       /* features ever seen */
} ff_feedback;

typedef struct ff_verdict {
  uint32_t new_features; /* never seen before */
  uint32_t smaller;      /* seen, but this input is smaller than their owner */
  uint32_t new_slow;     /* of the new ones, slow-path features (slow_paths.h) */
} ff_verdict;

/* Features 0 .. counters * FF_BUCKETS - 1 are the edges' (edge_features.h);
 * extra_features more follow them (the value profile's, or 0). */
int ff_feedback_init(ff_feedback *fb, size_t counters, size_t extra_features);
void ff_feedback_free(ff_feedback *fb);
/* Counts hits and judges one run; changes nothing else. */
ff_verdict ff_feedback_judge(ff_feedback *fb, const ff_feature_list *run, size_t size);
/* Makes entry id (already in the corpus, of size bytes) the owner of every
 * feature of run it is new or smaller for, releasing previous owners. */
void ff_feedback_commit(ff_feedback *fb, const ff_feature_list *run, size_t size, uint32_t id,
                        ff_corpus *corpus);

#endif
