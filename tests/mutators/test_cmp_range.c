/* cmp_range: for a logged one-byte constant compare (6, c - 'a') taken on the
 * '5' after "\x" (the compiled form of "is c in 'a'..'f'"), the operator
 * turns that byte into 'a'..'f' far more often than a random byte (6/256);
 * with no such compare in the log it does not apply. */
#include <stdlib.h>
#include <string.h>

#include "ff_check.h"
#include "op_index.h"
#include "mutators/mut_ops.h"


int main(void) {
  ff_mutator *m = ff_mutator_new(3);
  size_t op = op_index(m, "cmp_range");
  CHECK_MSG(op != SIZE_MAX, "no cmp_range operator");
  static const char seed[] = "n=\"\\x5";
  const size_t n = sizeof seed - 1, at = n - 1;
  uint8_t buf[32];
  size_t size = n;

  static ff_cmplog log;
  ff_cmplog_reset(&log);
  uint32_t wide = 7, other = 9;
  ff_cmplog_add(&log, FF_CMP_CONST, &wide, &other, 4); /* not a one-byte compare */
  ff_mutator_set_cmplog(m, &log);
  memcpy(buf, seed, n);
  CHECK_MSG(!ff_mutator_apply_op(m, op, buf, &size, sizeof buf), "applied without a one-byte compare");

  uint8_t k = 6, v = (uint8_t)('5' - 'a');
  ff_cmplog_add(&log, FF_CMP_CONST, &k, &v, 1);
  ff_mutator_set_cmplog(m, &log);
  int applied = 0, hex_letter = 0;
  for (int call = 0; call < 1000; call++) {
    memcpy(buf, seed, n);
    size = n;
    if (!ff_mutator_apply_op(m, op, buf, &size, sizeof buf)) continue;
    applied++;
    CHECK_MSG(size == n, "size changed to %zu", size);
    if (buf[at] >= 'a' && buf[at] <= 'f') hex_letter++;
  }
  CHECK_MSG(applied > 900, "applied %d times of 1000", applied);
  /* position right 1 time in 6, range side 1 in 2: about 80 of 1000; a random
   * byte would give about 4 */
  CHECK_MSG(hex_letter >= 40, "a hex letter after \\x only %d times", hex_letter);
  ff_mutator_free(m);
  return check_summary("mutators_cmp_range");
}
