/* The ASCII-number operator: find a decimal number written in the input (an
 * optional '-' and up to 18 digits) and replace it by a nearby or boundary
 * value (+-1, +-small, doubled, halved, negated, 0, limits of common widths),
 * so text formats' lengths, counts and indices get exercised. */
#include <stdio.h>
#include <string.h>

#include "mut_ops.h"

#define MAX_DIGITS 18

static bool is_digit(uint8_t c) { return c >= '0' && c <= '9'; }

static size_t find_digit(const uint8_t *p, size_t from, size_t to) {
  for (size_t i = from; i < to; i++)
    if (is_digit(p[i])) return i;
  return SIZE_MAX;
}

static int64_t new_value(ff_rng *r, int64_t v) {
  static const int64_t boundaries[] = {0,     -1,         127,        128,        255,
                                       256,   32767,      65535,      65536,      2147483647LL,
                                       2147483648LL, 4294967295LL, 4294967296LL};
  switch (ff_rng_below(r, 8)) {
  case 0: return v + 1;
  case 1: return v - 1;
  case 2: return v + 1 + (int64_t)ff_rng_below(r, 100);
  case 3: return v - 1 - (int64_t)ff_rng_below(r, 100);
  case 4: return v * 2;
  case 5: return v / 2;
  case 6: return -v;
  default: return boundaries[ff_rng_below(r, sizeof boundaries / sizeof boundaries[0])];
  }
}

bool ff_op_ascii_number(ff_mut_buf *b) {
  if (b->size == 0) return false;
  size_t start = (size_t)ff_rng_below(b->rng, b->size);
  size_t at = find_digit(b->data, start, b->size);
  if (at == SIZE_MAX) at = find_digit(b->data, 0, start);
  if (at == SIZE_MAX) return false;
  size_t begin = at, end = at;
  while (begin > 0 && is_digit(b->data[begin - 1])) begin--;
  while (end < b->size && is_digit(b->data[end])) end++;
  if (end - begin > MAX_DIGITS) begin = end - MAX_DIGITS; /* change the low digits of a long run */
  bool negative = begin > 0 && b->data[begin - 1] == '-';
  int64_t v = 0;
  for (size_t i = begin; i < end; i++) v = v * 10 + (b->data[i] - '0');
  if (negative) {
    v = -v;
    begin--;
  }
  int64_t nv = v;
  for (int attempt = 0; attempt < 4 && nv == v; attempt++) nv = new_value(b->rng, v);
  if (nv == v) nv = v + 1;
  char text[24];
  int n = snprintf(text, sizeof text, "%lld", (long long)nv);
  return ff_mut_replace(b, begin, end - begin, (const uint8_t *)text, (size_t)n);
}
