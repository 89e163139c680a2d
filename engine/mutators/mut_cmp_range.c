/* Range-compare operator: character-class checks such as
 * `c >= 'a' && c <= 'f'` are compiled to `(uint8_t)(c - 'a') < 6`, so the
 * comparison log holds (6, c - 'a'): an operand that is not in the input,
 * where input-to-state finds nothing to replace. For a logged one-byte
 * constant compare (k, v), this operator picks an input byte c at random,
 * assumes it is the one compared (so the offset is c - v) and rewrites it so
 * that the compared value lands below k, or above it: at the right position
 * 'z' becomes one of 'a'..'f' every time, where a random byte does so 6 times
 * in 256. */
#include "mut_ops.h"

#define ENTRY_ATTEMPTS 4

bool ff_op_cmp_range(ff_mut_buf *b) {
  const ff_cmplog *log = b->cmplog;
  if (!log || log->count == 0 || b->size == 0) return false;
  for (int attempt = 0; attempt < ENTRY_ATTEMPTS; attempt++) {
    const ff_cmplog_entry *e = &log->e[ff_rng_below(b->rng, log->count)];
    if (e->kind != FF_CMP_CONST || e->len != 1) continue;
    uint8_t k = e->a[0], v = e->b[0];
    bool below = ff_rng_below(b->rng, 2) == 0;
    /* the target range of the compared value: [0, k) or (k, 255] */
    unsigned lo = below ? 0 : (unsigned)k + 1, hi = below ? k : 256;
    if (lo >= hi) continue;
    size_t at = (size_t)ff_rng_below(b->rng, b->size);
    uint8_t offset = (uint8_t)(b->data[at] - v);
    uint8_t wanted = (uint8_t)(lo + ff_rng_below(b->rng, hi - lo));
    uint8_t c = (uint8_t)(offset + wanted);
    if (c == b->data[at]) continue;
    b->data[at] = c;
    return true;
  }
  return false;
}
