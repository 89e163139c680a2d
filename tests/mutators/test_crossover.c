/* Crossover: results stay within 1..max_size and do not overflow, consist of
 * bytes of a and b, include real mixtures (a prefix of a followed by bytes of b,
 * and a's bytes around a part of b); empty and tiny cases; uses are counted. */
#include <stdlib.h>

#include "ff_check.h"
#include "guard.h"
#include "mutator.h"

#define CALLS 2000

int main(void) {
  ff_mutator *m = ff_mutator_new(9);
  uint8_t a[40], b[30], out[64 + GUARD_LEN];
  memset(a, 'A', sizeof a);
  memset(b, 'B', sizeof b);
  int mixed = 0, a_around_b = 0, only_ab = 1;
  static const size_t caps[] = {50, 40, 1, 64};
  for (size_t c = 0; c < sizeof caps / sizeof caps[0]; c++) {
    for (int t = 0; t < CALLS; t++) {
      guard_set(out, caps[c]);
      size_t n = ff_crossover(m, a, sizeof a, b, sizeof b, out, caps[c]);
      CHECK_MSG(n >= 1 && n <= caps[c], "size %zu with max %zu", n, caps[c]);
      CHECK_MSG(guard_intact(out, caps[c]), "overflow with max %zu", caps[c]);
      int has_b = 0;
      for (size_t i = 0; i < n; i++) {
        if (out[i] != 'A' && out[i] != 'B') only_ab = 0;
        if (out[i] == 'B') has_b = 1;
      }
      if (out[0] == 'A' && has_b) mixed++;
      if (n >= 3 && out[0] == 'A' && out[n - 1] == 'A' && has_b) a_around_b++;
    }
  }
  CHECK_MSG(only_ab, "bytes from neither input");
  CHECK_MSG(mixed > CALLS / 4, "only %d mixtures", mixed);
  CHECK_MSG(a_around_b > 0, "never put part of b inside a");

  /* empty inputs */
  size_t n = ff_crossover(m, a, 0, b, sizeof b, out, 64);
  CHECK_MSG(n == sizeof b && memcmp(out, b, n) == 0, "empty a: %zu", n);
  n = ff_crossover(m, a, sizeof a, b, 0, out, 10);
  CHECK_MSG(n == 10 && memcmp(out, a, n) == 0, "empty b: %zu", n);
  n = ff_crossover(m, a, 0, b, 0, out, 10);
  CHECK_MSG(n == 1, "both empty: %zu", n);

  for (size_t i = 0; i < ff_mutator_op_count(m); i++) {
    const char *name;
    uint64_t uses, finds;
    ff_mutator_op_stats(m, i, &name, &uses, &finds);
    if (strcmp(name, "crossover") == 0)
      CHECK_MSG(uses == 4 * CALLS + 3, "crossover uses %llu", (unsigned long long)uses);
  }
  ff_mutator_feedback(m, true);
  ff_mutator_free(m);
  return check_summary("mutators_crossover");
}
