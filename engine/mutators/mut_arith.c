/* The arithmetic operator: add or subtract a small amount (1..35, as AFL) to a
 * 1, 2, 4 or 8-byte integer at a random position, read and written in little-
 * or big-endian order, so carries run the way the target reads the field. */
#include "mut_ops.h"

#define ARITH_MAX 35

bool ff_op_arith(ff_mut_buf *b) {
  ff_mut_int_field f;
  if (!ff_mut_pick_int_field(b, &f)) return false;
  size_t width = f.width, pos = f.pos;
  bool big_endian = f.big_endian;
  uint64_t delta = 1 + ff_rng_below(b->rng, ARITH_MAX);
  uint64_t v = ff_mut_load_int(b->data + pos, width, big_endian);
  v = ff_rng_below(b->rng, 2) ? v + delta : v - delta;
  ff_mut_store_int(b->data + pos, v, width, big_endian);
  return true;
}
