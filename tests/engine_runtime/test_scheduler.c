/* Unit test of the scheduler: an entry holding a rare feature outweighs one
 * holding only common features; small and fast entries are favoured; picks
 * with a fixed seed follow the weights and never return retired entries; an
 * entry added between rebuilds is appended to the table at once and weighed
 * alone; a retired one is skipped until the next full rebuild drops it. */
#include <string.h>

#include "ff_check.h"
#include "corpus.h"
#include "feedback.h"
#include "scheduler.h"

int main(void) {
  ff_corpus c;
  ff_corpus_init(&c, NULL);
  ff_feedback fb;
  CHECK(ff_feedback_init(&fb, 8, 0) == 0);
  /* feature 0 is common (hit 1000 times), feature 1 rare (hit twice) */
  fb.hits[0] = 1000;
  fb.hits[1] = 2;
  uint32_t common[] = {0}, rare[] = {0, 1};
  long a = ff_corpus_add(&c, (const uint8_t *)"aaaa", 4, common, 1, 1000, FF_FOUND_SEED, true);
  long b = ff_corpus_add(&c, (const uint8_t *)"bbbb", 4, rare, 2, 1000, FF_FOUND_SEED, true);
  c.entries[a]->owned = c.entries[b]->owned = 1;
  double wa = ff_scheduler_weight(c.entries[a], fb.hits, 4, 1000);
  double wb = ff_scheduler_weight(c.entries[b], fb.hits, 4, 1000);
  CHECK(wb > 100 * wa);

  /* same features: the smaller and the faster entry weigh more */
  ff_entry small = *c.entries[b], big = *c.entries[b], slow = *c.entries[b];
  small.size = 2;
  big.size = 64;
  slow.exec_ns = 100000;
  CHECK(ff_scheduler_weight(&small, fb.hits, 8, 1000) > ff_scheduler_weight(&big, fb.hits, 8, 1000));
  CHECK(ff_scheduler_weight(&slow, fb.hits, 4, 1000) < wb);

  ff_scheduler s;
  ff_scheduler_init(&s);
  CHECK(ff_scheduler_update(&s, &c, &fb, 0) == 0);
  ff_rng rng;
  ff_rng_seed(&rng, 1);
  int picked_b = 0;
  for (int i = 0; i < 1000; i++) picked_b += ff_scheduler_pick(&s, &c, &rng) == (uint32_t)b;
  CHECK(picked_b > 900);
  CHECK(c.entries[b]->times_chosen == (uint64_t)picked_b);

  /* an added entry: appended to the table by the next update (the others keep
   * their cumulative weights), and picked from then on */
  uint32_t rare2[] = {1};
  double before_total = s.cumulative[s.n - 1];
  size_t before_n = s.n;
  long d = ff_corpus_add(&c, (const uint8_t *)"dddd", 4, rare2, 1, 1000, FF_FOUND_MUTATE, true);
  c.entries[d]->owned = 1;
  CHECK(ff_scheduler_update(&s, &c, &fb, 10) == 0);
  CHECK(s.n == before_n + 1 && s.ids[s.n - 1] == (uint32_t)d);
  CHECK(s.cumulative[s.n - 2] == before_total);
  CHECK(s.cumulative[s.n - 1] > before_total);
  CHECK(s.built_at_exec == 0); /* no full rebuild for an addition */
  int picked_d = 0;
  for (int i = 0; i < 1000; i++) picked_d += ff_scheduler_pick(&s, &c, &rng) == (uint32_t)d;
  CHECK(picked_d > 100);
  /* a retirement: skipped at once, dropped from the table by the next full
   * rebuild (FF_SCHED_REBUILD_EXECS later) */
  c.entries[d]->owned = 1;
  ff_corpus_release(&c, (uint32_t)d);
  CHECK(ff_scheduler_update(&s, &c, &fb, 20) == 0);
  CHECK(s.built_at_exec == 0 && s.n == 3);
  for (int i = 0; i < 200; i++) CHECK(ff_scheduler_pick(&s, &c, &rng) != (uint32_t)d);
  CHECK(ff_scheduler_update(&s, &c, &fb, FF_SCHED_REBUILD_EXECS) == 0);
  CHECK(s.built_at_exec == FF_SCHED_REBUILD_EXECS && s.n == 2);
  for (size_t k = 0; k < s.n; k++) CHECK(s.ids[k] != (uint32_t)d);

  /* a retired entry is never picked, even before the next rebuild */
  c.entries[b]->owned = 1;
  ff_corpus_release(&c, (uint32_t)b);
  CHECK(c.entries[b]->retired);
  for (int i = 0; i < 100; i++) CHECK(ff_scheduler_pick(&s, &c, &rng) == (uint32_t)a);
  ff_scheduler_free(&s);
  ff_feedback_free(&fb);
  ff_corpus_free(&c);
  return check_summary("engine_runtime_scheduler");
}
