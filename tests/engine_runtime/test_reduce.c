/* Unit test of input reduction in ff_engine_run, on a fake coverage module:
 * a mutant with no new feature replaces its parent only when it is smaller
 * and reaches every feature the parent owns (the parent retires); a smaller
 * input that misses one of them, or one without a parent, is not kept. */
#include <stdlib.h>
#include <string.h>

#include "ff_check.h"
#include "coverage.h"
#include "engine.h"

/* Counter 0: every run; 1: the input holds 'a'; 2: it holds 'b'. */
static uint8_t counters[8] __attribute__((aligned(8)));

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  counters[0] = 1;
  if (memchr(data, 'a', size)) counters[1] = 1;
  if (memchr(data, 'b', size)) counters[2] = 1;
  return 0;
}

static int run(ff_engine *e, const char *s) {
  return ff_engine_run(e, (const uint8_t *)s, strlen(s), FF_FOUND_MUTATE, false, false);
}

int main(void) {
  ff_cov_register_counters(counters, counters + sizeof counters);
  static ff_engine e;
  CHECK(ff_engine_init(&e, NULL) == 0);
  CHECK(ff_engine_set_max_len(&e, 64) == 0);

  CHECK(run(&e, "xxaxx") == FF_RUN_NEW); /* id 0: counters 0, 1 */
  CHECK(run(&e, "xxbxx") == FF_RUN_NEW); /* id 1: counter 2 new */
  CHECK(e.corpus.active == 2);

  /* smaller than entry 0 for both its features, but no parent: not kept */
  CHECK(run(&e, "a") == FF_RUN_NOTHING);

  /* a mutant of entry 1 that is smaller but loses 'b' (entry 1's own feature) */
  e.parent = 1;
  CHECK(run(&e, "x") == FF_RUN_NOTHING);
  CHECK(!e.corpus.entries[1]->retired);

  /* a mutant of entry 0, smaller, with all that entry 0 owns: replaces it */
  e.parent = 0;
  CHECK(run(&e, "xa") == FF_RUN_REDUCE);
  CHECK(e.corpus.entries[0]->retired);
  CHECK(e.corpus.active == 2);
  CHECK(e.corpus.n == 3 && e.corpus.entries[2]->size == 2);

  /* a retired parent is replaced by nothing */
  CHECK(run(&e, "a") == FF_RUN_NOTHING);

  /* the new entry 2 as parent: same size is not smaller */
  e.parent = 2;
  CHECK(run(&e, "ax") == FF_RUN_NOTHING);
  CHECK(run(&e, "a") == FF_RUN_REDUCE);
  CHECK(e.corpus.entries[2]->retired && e.corpus.active == 2);

  ff_engine_free(&e);
  return check_summary("engine_runtime_reduce");
}
