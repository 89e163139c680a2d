/* Crossover of two inputs into a third buffer: splice (a prefix of a, then a
 * suffix of b), insert a part of b into a, overwrite a part of a with a part of
 * b, or interleave chunks of a and b. The result always holds 1..max_size bytes. */
#include <string.h>

#include "mut_ops.h"

static size_t min_size(size_t a, size_t b) { return a < b ? a : b; }

static size_t splice(ff_rng *r, const uint8_t *a, size_t asize, const uint8_t *b, size_t bsize,
                     uint8_t *out, size_t max_size) {
  size_t prefix = min_size(1 + (size_t)ff_rng_below(r, asize), max_size);
  size_t from = (size_t)ff_rng_below(r, bsize);
  size_t suffix = min_size(bsize - from, max_size - prefix);
  memcpy(out, a, prefix);
  memcpy(out + prefix, b + from, suffix);
  return prefix + suffix;
}

static size_t insert_part(ff_rng *r, const uint8_t *a, size_t asize, const uint8_t *b,
                          size_t bsize, uint8_t *out, size_t max_size) {
  size_t keep = min_size(asize, max_size);
  if (keep == max_size) return 0; /* no room: let the caller pick another way */
  size_t len = ff_mut_pick_len(r, min_size(bsize, max_size - keep));
  size_t from = (size_t)ff_rng_below(r, bsize - len + 1);
  size_t at = (size_t)ff_rng_below(r, keep + 1);
  memcpy(out, a, at);
  memcpy(out + at, b + from, len);
  memcpy(out + at + len, a + at, keep - at);
  return keep + len;
}

static size_t overwrite_part(ff_rng *r, const uint8_t *a, size_t asize, const uint8_t *b,
                             size_t bsize, uint8_t *out, size_t max_size) {
  size_t keep = min_size(asize, max_size);
  size_t len = ff_mut_pick_len(r, min_size(bsize, keep));
  size_t from = (size_t)ff_rng_below(r, bsize - len + 1);
  size_t at = (size_t)ff_rng_below(r, keep - len + 1);
  memcpy(out, a, keep);
  memcpy(out + at, b + from, len);
  return keep;
}

static size_t interleave(ff_rng *r, const uint8_t *a, size_t asize, const uint8_t *b, size_t bsize,
                         uint8_t *out, size_t max_size) {
  size_t n = 0, ia = 0, ib = 0;
  bool from_a = true;
  while (n < max_size && (ia < asize || ib < bsize)) {
    const uint8_t *src = from_a ? a : b;
    size_t *pos = from_a ? &ia : &ib;
    size_t avail = (from_a ? asize : bsize) - *pos;
    if (avail > 0) {
      size_t len = min_size(ff_mut_pick_len(r, avail), max_size - n);
      memcpy(out + n, src + *pos, len);
      n += len;
      *pos += len;
    }
    from_a = !from_a;
  }
  return n;
}

size_t ff_mut_crossover(ff_rng *r, const uint8_t *a, size_t asize, const uint8_t *b, size_t bsize,
                        uint8_t *out, size_t max_size) {
  if (max_size == 0) return 0;
  if (asize == 0 || bsize == 0) {
    /* nothing to combine: copy whichever exists, or one random byte */
    const uint8_t *src = asize ? a : b;
    size_t n = min_size(asize ? asize : bsize, max_size);
    if (n == 0) {
      out[0] = (uint8_t)ff_rng_next(r);
      return 1;
    }
    memcpy(out, src, n);
    return n;
  }
  size_t n = 0;
  switch (ff_rng_below(r, 4)) {
  case 0: n = splice(r, a, asize, b, bsize, out, max_size); break;
  case 1: n = insert_part(r, a, asize, b, bsize, out, max_size); break;
  case 2: n = overwrite_part(r, a, asize, b, bsize, out, max_size); break;
  default: n = interleave(r, a, asize, b, bsize, out, max_size); break;
  }
  if (n == 0) n = overwrite_part(r, a, asize, b, bsize, out, max_size);
  return n;
}
