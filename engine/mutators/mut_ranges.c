/* Mutation operators on ranges of bytes: erase, insert random or repeated
 * bytes, overwrite with random bytes, copy a range over another, duplicate a
 * range (insert a copy), swap two ranges. All stay within max_size. */
#include <string.h>

#include "mut_ops.h"

#define INSERT_MAX 128 /* longest run of new bytes one insertion adds */

static size_t room(const ff_mut_buf *b) { return b->max_size - b->size; }

static size_t min_size(size_t a, size_t b) { return a < b ? a : b; }

bool ff_op_erase(ff_mut_buf *b) {
  if (b->size < 2) return false; /* never erase everything */
  size_t len = ff_mut_pick_len(b->rng, b->size - 1);
  size_t pos = (size_t)ff_rng_below(b->rng, b->size - len + 1);
  return ff_mut_replace(b, pos, len, NULL, 0);
}

bool ff_op_insert_random(ff_mut_buf *b) {
  if (room(b) == 0) return false;
  size_t len = ff_mut_pick_len(b->rng, min_size(room(b), INSERT_MAX));
  size_t pos = (size_t)ff_rng_below(b->rng, b->size + 1);
  ff_mut_replace(b, pos, 0, NULL, len);
  ff_mut_random_bytes(b->rng, b->data + pos, len, false);
  return true;
}

bool ff_op_insert_repeat(ff_mut_buf *b) {
  if (room(b) == 0) return false;
  size_t len = ff_mut_pick_len(b->rng, min_size(room(b), INSERT_MAX));
  size_t pos = (size_t)ff_rng_below(b->rng, b->size + 1);
  /* half the time repeat a byte of the input, else a random one */
  uint8_t value = b->size && ff_rng_below(b->rng, 2) ? b->data[ff_rng_below(b->rng, b->size)]
                                                      : (uint8_t)ff_rng_next(b->rng);
  ff_mut_replace(b, pos, 0, NULL, len);
  memset(b->data + pos, value, len);
  return true;
}

bool ff_op_overwrite_random(ff_mut_buf *b) {
  if (b->size == 0) return false;
  size_t len = ff_mut_pick_len(b->rng, b->size);
  size_t pos = (size_t)ff_rng_below(b->rng, b->size - len + 1);
  ff_mut_random_bytes(b->rng, b->data + pos, len, true);
  return true;
}

bool ff_op_copy_range(ff_mut_buf *b) {
  if (b->size < 2) return false;
  size_t len = ff_mut_pick_len(b->rng, b->size - 1);
  size_t span = b->size - len + 1; /* possible start positions, >= 2 */
  size_t from = (size_t)ff_rng_below(b->rng, span);
  size_t to = (from + 1 + (size_t)ff_rng_below(b->rng, span - 1)) % span; /* != from */
  memmove(b->data + to, b->data + from, len);
  return true;
}

bool ff_op_duplicate_range(ff_mut_buf *b) {
  if (b->size == 0 || room(b) == 0) return false;
  size_t len = ff_mut_pick_len(b->rng, min_size(b->size, room(b)));
  size_t from = (size_t)ff_rng_below(b->rng, b->size - len + 1);
  size_t at = (size_t)ff_rng_below(b->rng, b->size + 1);
  ff_mut_replace(b, at, 0, NULL, len);
  /* the source's bytes before `at` did not move, those at or after it moved by len */
  size_t before = from < at ? min_size(from + len, at) - from : 0;
  memcpy(b->data + at, b->data + from, before);
  memcpy(b->data + at + before, b->data + from + before + len, len - before);
  return true;
}

bool ff_op_swap_ranges(ff_mut_buf *b) {
  if (b->size < 2) return false;
  size_t len = ff_mut_pick_len(b->rng, b->size / 2);
  size_t first = (size_t)ff_rng_below(b->rng, b->size - 2 * len + 1);
  size_t second = first + len + (size_t)ff_rng_below(b->rng, b->size - first - 2 * len + 1);
  for (size_t i = 0; i < len; i++) {
    uint8_t t = b->data[first + i];
    b->data[first + i] = b->data[second + i];
    b->data[second + i] = t;
  }
  return true;
}
