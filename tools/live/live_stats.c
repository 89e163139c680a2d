/* Latency samples and quantiles (live_stats.h). */
#include "live_stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void live_latency_add(live_latency *l, double ms) {
  if (l->count == l->cap) {
    if (l->cap >= (1u << 20)) return;
    size_t cap = l->cap ? l->cap * 2 : 256;
    double *grown = realloc(l->ms, cap * sizeof *grown);
    if (!grown) return;
    l->ms = grown, l->cap = cap;
  }
  l->ms[l->count++] = ms;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

double live_latency_quantile(const live_latency *l, double q) {
  if (!l->count) return 0;
  double *s = malloc(l->count * sizeof *s);
  if (!s) return 0;
  memcpy(s, l->ms, l->count * sizeof *s);
  qsort(s, l->count, sizeof *s, cmp_double);
  size_t rank = (size_t)ceil(q * (double)l->count);
  double v = s[rank == 0 ? 0 : rank - 1];
  free(s);
  return v;
}

void live_latency_clear(live_latency *l) { l->count = 0; }

void live_latency_free(live_latency *l) {
  free(l->ms);
  memset(l, 0, sizeof *l);
}
