/* Adaptive operator weights, counted (not timed): when every mutation that used
 * one operator ("arith") is reported as finding new coverage and no other is,
 * that operator's share of uses more than doubles and becomes the largest; the
 * floor keeps every other always-applicable operator in use; ff_mutator_op_stats
 * counts the finds. */
#include <stdlib.h>
#include <string.h>

#include "ff_check.h"
#include "op_index.h"
#include "mutator.h"

#define CALLS 5000
#define CAP 256


static uint64_t uses_of(ff_mutator *m, size_t op) {
  const char *name;
  uint64_t uses, finds;
  ff_mutator_op_stats(m, op, &name, &uses, &finds);
  return uses;
}

static uint64_t total_uses(ff_mutator *m) {
  uint64_t t = 0;
  for (size_t i = 0; i < ff_mutator_op_count(m); i++) t += uses_of(m, i);
  return t;
}

/* Runs CALLS mutations of a fixed input; rewards those that used `op` when
 * `reward` is set. Returns op's share of all operator uses in this phase. */
static double phase(ff_mutator *m, size_t op, int reward) {
  uint64_t op_before = uses_of(m, op), all_before = total_uses(m);
  uint8_t buf[CAP];
  for (int c = 0; c < CALLS; c++) {
    for (size_t i = 0; i < 64; i++) buf[i] = (uint8_t)(i * 7);
    uint64_t before = uses_of(m, op);
    ff_mutate(m, buf, 64, CAP);
    ff_mutator_feedback(m, reward && uses_of(m, op) > before);
  }
  return (double)(uses_of(m, op) - op_before) / (double)(total_uses(m) - all_before);
}

int main(void) {
  ff_mutator *m = ff_mutator_new(11);
  size_t arith = op_index(m, "arith");
  double start = phase(m, arith, 0);
  phase(m, arith, 1); /* learning */
  uint64_t uses_before_last[64];
  for (size_t i = 0; i < ff_mutator_op_count(m); i++) uses_before_last[i] = uses_of(m, i);
  double after = phase(m, arith, 1);
  printf("arith share of uses: %.3f without rewards, %.3f after rewarding it\n", start, after);
  /* every operator stacked with arith shares its credit, so the gain is not
   * unbounded; arith must still more than double and lead all operators */
  CHECK_MSG(after > 2 * start, "share grew only from %.3f to %.3f", start, after);
  for (size_t i = 0; i < ff_mutator_op_count(m); i++)
    CHECK_MSG(i == arith || uses_of(m, i) - uses_before_last[i] < uses_of(m, arith) - uses_before_last[arith],
          "operator %zu used more than the rewarded one", i);
  CHECK_MSG(after < 0.95, "share %.3f leaves no room for the floor", after);

  static const char *always_apply[] = {"flip_bit", "random_byte", "interesting", "erase",
                                       "insert_random", "swap_ranges"};
  for (size_t k = 0; k < sizeof always_apply / sizeof always_apply[0]; k++) {
    size_t op = op_index(m, always_apply[k]);
    CHECK_MSG(uses_of(m, op) > uses_before_last[op], "%s starved while arith was rewarded",
          always_apply[k]);
  }
  const char *name;
  uint64_t uses, finds;
  ff_mutator_op_stats(m, arith, &name, &uses, &finds);
  CHECK_MSG(finds > 0 && finds <= uses, "arith finds %llu of %llu uses", (unsigned long long)finds,
        (unsigned long long)uses);
  ff_mutator_op_stats(m, op_index(m, "flip_bit"), &name, &uses, &finds);
  CHECK_MSG(finds < uses / 2, "flip_bit credited with %llu finds", (unsigned long long)finds);
  ff_mutator_free(m);
  return check_summary("mutators_adaptive");
}
