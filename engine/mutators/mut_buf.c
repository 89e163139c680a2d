/* Byte-level helpers shared by the mutation operators: biased lengths, replace
 * a range (growing or shrinking within capacity), place bytes by insert or
 * overwrite, random bytes, integers in either endianness, and a wrapping
 * substring search. */
#include <string.h>

#include "mut_ops.h"

size_t ff_mut_pick_len(ff_rng *r, size_t limit) {
  /* three times in four a short length (<= 8), else anything up to limit */
  size_t cap = limit;
  if (cap > 8 && ff_rng_below(r, 4) != 0) cap = 8;
  return 1 + (size_t)ff_rng_below(r, cap);
}

bool ff_mut_replace(ff_mut_buf *b, size_t pos, size_t old_len, const uint8_t *src, size_t new_len) {
  if (pos > b->size || old_len > b->size - pos) return false;
  size_t new_size = b->size - old_len + new_len;
  if (new_size > b->max_size) return false;
  if (new_len != old_len)
    memmove(b->data + pos + new_len, b->data + pos + old_len, b->size - pos - old_len);
  if (new_len && src) memcpy(b->data + pos, src, new_len);
  b->size = new_size;
  return true;
}

bool ff_mut_place_bytes(ff_mut_buf *b, const uint8_t *src, size_t n) {
  if (n == 0) return false;
  bool can_insert = b->max_size - b->size >= n;
  bool can_overwrite = n <= b->size;
  if (!can_insert && !can_overwrite) return false;
  bool insert = can_insert && (!can_overwrite || ff_rng_below(b->rng, 2) == 0);
  if (insert) return ff_mut_replace(b, (size_t)ff_rng_below(b->rng, b->size + 1), 0, src, n);
  size_t pos = (size_t)ff_rng_below(b->rng, b->size - n + 1);
  memcpy(b->data + pos, src, n);
  return true;
}

void ff_mut_random_bytes(ff_rng *r, uint8_t *p, size_t n, bool change_each) {
  uint64_t word = 0;
  for (size_t i = 0; i < n; i++) {
    if (i % 8 == 0) word = ff_rng_next(r);
    uint8_t x = (uint8_t)(word >> (8 * (i % 8)));
    if (change_each) {
      p[i] ^= x ? x : 0x80; /* a zero would leave the byte as it was */
    } else {
      p[i] = x;
    }
  }
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/* little-endian host: a copy of the low bytes, byte-swapped first for
 * big-endian. The copies have a constant size, so they compile to plain
 * loads and stores: a memcpy call of a variable size would go through the
 * sanitizer's interceptor in an ASan build (a check of the whole range on
 * every call), and the input-to-state stage loads an integer at every
 * position of an input for every compare it patches. */
void ff_mut_store_int(uint8_t *p, uint64_t v, size_t width, bool big_endian) {
  if (big_endian) v = __builtin_bswap64(v) >> (64 - 8 * width);
  switch (width) {
  case 1: p[0] = (uint8_t)v; break;
  case 2: { uint16_t t = (uint16_t)v; __builtin_memcpy(p, &t, 2); break; }
  case 4: { uint32_t t = (uint32_t)v; __builtin_memcpy(p, &t, 4); break; }
  case 8: __builtin_memcpy(p, &v, 8); break;
  default: for (size_t i = 0; i < width; i++) p[i] = (uint8_t)(v >> (8 * i)); break;
  }
}

uint64_t ff_mut_load_int(const uint8_t *p, size_t width, bool big_endian) {
  uint64_t v = 0;
  switch (width) {
  case 1: v = p[0]; break;
  case 2: { uint16_t t; __builtin_memcpy(&t, p, 2); v = t; break; }
  case 4: { uint32_t t; __builtin_memcpy(&t, p, 4); v = t; break; }
  case 8: __builtin_memcpy(&v, p, 8); break;
  default: for (size_t i = 0; i < width; i++) v |= (uint64_t)p[i] << (8 * i); break;
  }
  return big_endian ? __builtin_bswap64(v) >> (64 - 8 * width) : v;
}
#else
void ff_mut_store_int(uint8_t *p, uint64_t v, size_t width, bool big_endian) {
  for (size_t i = 0; i < width; i++) p[big_endian ? width - 1 - i : i] = (uint8_t)(v >> (8 * i));
}

uint64_t ff_mut_load_int(const uint8_t *p, size_t width, bool big_endian) {
  uint64_t v = 0;
  for (size_t i = 0; i < width; i++) v |= (uint64_t)p[big_endian ? width - 1 - i : i] << (8 * i);
  return v;
}
#endif

bool ff_mut_pick_int_field(ff_mut_buf *b, ff_mut_int_field *f) {
  if (b->size == 0) return false;
  static const size_t widths[] = {1, 2, 4, 8};
  size_t usable = 1;
  while (usable < 4 && widths[usable] <= b->size) usable++;
  f->width = widths[ff_rng_below(b->rng, usable)];
  f->pos = (size_t)ff_rng_below(b->rng, b->size - f->width + 1);
  f->big_endian = f->width > 1 && ff_rng_below(b->rng, 2);
  return true;
}

static size_t find_in(const uint8_t *hay, size_t begin, size_t end, const uint8_t *pat, size_t n) {
  /* occurrences starting in [begin, end) that fit entirely in hay[0, end + n - 1) */
  size_t i = begin;
  while (i < end) {
    const uint8_t *hit = memchr(hay + i, pat[0], end - i);
    if (!hit) return SIZE_MAX;
    i = (size_t)(hit - hay);
    if (memcmp(hit, pat, n) == 0) return i;
    i++;
  }
  return SIZE_MAX;
}

size_t ff_mut_find(const uint8_t *hay, size_t size, const uint8_t *pat, size_t n, size_t from) {
  if (n == 0 || n > size) return SIZE_MAX;
  size_t last_start = size - n + 1; /* starts in [0, last_start) */
  if (from >= last_start) from = 0;
  size_t at = find_in(hay, from, last_start, pat, n);
  if (at == SIZE_MAX && from > 0) at = find_in(hay, 0, from, pat, n);
  return at;
}
