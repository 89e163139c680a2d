/* Mutation operators that change single bits and bytes in place: flip one bit,
 * invert one byte, set one byte to a different random value. */
#include "mut_ops.h"

bool ff_op_flip_bit(ff_mut_buf *b) {
  if (b->size == 0) return false;
  uint64_t bit = ff_rng_below(b->rng, (uint64_t)b->size * 8);
  b->data[bit / 8] ^= (uint8_t)(1u << (bit % 8));
  return true;
}

bool ff_op_flip_byte(ff_mut_buf *b) {
  if (b->size == 0) return false;
  b->data[ff_rng_below(b->rng, b->size)] ^= 0xff;
  return true;
}

bool ff_op_random_byte(ff_mut_buf *b) {
  if (b->size == 0) return false;
  /* xor with 1..255 so the byte always changes */
  b->data[ff_rng_below(b->rng, b->size)] ^= (uint8_t)(1 + ff_rng_below(b->rng, 255));
  return true;
}
