/* Latency samples of a live command: kept in a growing array (at most 1 M;
 * later ones are dropped) and summarized as median and 99th percentile. */
#ifndef FF_TOOLS_LIVE_STATS_H
#define FF_TOOLS_LIVE_STATS_H

#include <stddef.h>

typedef struct live_latency {
  double *ms;
  size_t count, cap;
} live_latency;

void live_latency_add(live_latency *l, double ms);
/* The q-quantile (0..1) of the samples, nearest rank; 0 without samples. */
double live_latency_quantile(const live_latency *l, double q);
void live_latency_clear(live_latency *l);
void live_latency_free(live_latency *l);

#endif
