/* Entropic-like rarity scheduler (the reasoning is in scheduler.h). */
#include "scheduler.h"

#include <math.h>
#include <stdlib.h>

void ff_scheduler_init(ff_scheduler *s) {
  s->cumulative = NULL;
  s->ids = NULL;
  s->n = s->cap = 0;
  s->built = 0;
  s->built_entries = 0;
  s->built_at_exec = 0;
  s->avg_size = s->avg_ns = 1;
}

void ff_scheduler_free(ff_scheduler *s) {
  free(s->cumulative);
  free(s->ids);
  ff_scheduler_init(s);
}

static double clamp(double x, double lo, double hi) { return x < lo ? lo : x > hi ? hi : x; }

double ff_scheduler_weight(const ff_entry *e, const uint32_t *hits, double avg_size,
                           double avg_exec_ns) {
  double rarity = 0;
  for (uint32_t i = 0; i < e->nfeatures; i++) {
    uint32_t h = hits[e->features[i]];
    rarity += 1.0 / (h ? h : 1);
  }
  /* a floor so every entry keeps a chance even when all its features are common */
  rarity += 1e-6;
  double size_factor = clamp(avg_size / (e->size ? e->size : 1), 0.25, 4.0);
  double speed_factor = clamp(avg_exec_ns / (double)(e->exec_ns ? e->exec_ns : 1), 0.25, 4.0);
  double chosen_factor = 1.0 / sqrt(1.0 + (double)e->times_chosen / 64.0);
  return rarity * size_factor * speed_factor * chosen_factor;
}

static int ensure_cap(ff_scheduler *s, size_t need) {
  if (need <= s->cap) return 0;
  size_t cap = need * 2;
  double *cum = realloc(s->cumulative, cap * sizeof *cum);
  if (!cum) return -1;
  s->cumulative = cum;
  uint32_t *ids = realloc(s->ids, cap * sizeof *ids);
  if (!ids) return -1;
  s->ids = ids;
  s->cap = cap;
  return 0;
}

/* Entries [from, c->n) that are active go at the end of the table, weighed
 * with the averages of the last full rebuild. */
static void append(ff_scheduler *s, const ff_corpus *c, const ff_feedback *fb, size_t from) {
  double sum = s->n ? s->cumulative[s->n - 1] : 0;
  for (size_t i = from; i < c->n; i++) {
    ff_entry *e = c->entries[i];
    if (e->retired) continue;
    e->weight = ff_scheduler_weight(e, fb->hits, s->avg_size, s->avg_ns);
    sum += e->weight;
    s->cumulative[s->n] = sum;
    s->ids[s->n] = (uint32_t)i;
    s->n++;
  }
  s->built_entries = c->n;
}

int ff_scheduler_update(ff_scheduler *s, const ff_corpus *c, const ff_feedback *fb,
                        uint64_t execs) {
  if (s->built && execs - s->built_at_exec < FF_SCHED_REBUILD_EXECS) {
    /* between rebuilds: entries added since are weighed alone and appended;
     * retired ones stay in the table, where ff_scheduler_pick skips them */
    if (s->built_entries == c->n) return 0;
    if (ensure_cap(s, s->n + (c->n - s->built_entries)) != 0) return -1;
    append(s, c, fb, s->built_entries);
    return 0;
  }
  if (ensure_cap(s, c->active) != 0) return -1;
  double total_size = 0, total_ns = 0;
  for (size_t i = 0; i < c->n; i++) {
    const ff_entry *e = c->entries[i];
    if (e->retired) continue;
    total_size += e->size ? e->size : 1;
    total_ns += (double)e->exec_ns;
  }
  s->avg_size = c->active ? total_size / (double)c->active : 1;
  s->avg_ns = c->active ? total_ns / (double)c->active : 1;
  s->n = 0;
  append(s, c, fb, 0);
  s->built = 1;
  s->built_at_exec = execs;
  return 0;
}

uint32_t ff_scheduler_pick(ff_scheduler *s, ff_corpus *c, ff_rng *rng) {
  double total = s->cumulative[s->n - 1];
  double x = (double)(ff_rng_next(rng) >> 11) * (1.0 / 9007199254740992.0) * total;
  size_t lo = 0, hi = s->n - 1;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (s->cumulative[mid] > x)
      hi = mid;
    else
      lo = mid + 1;
  }
  /* retired since the last rebuild: fall back to the next active one */
  for (size_t k = 0; k < s->n; k++) {
    uint32_t id = s->ids[(lo + k) % s->n];
    if (!c->entries[id]->retired) {
      c->entries[id]->times_chosen++;
      return id;
    }
  }
  return s->ids[lo];
}
