/* The "interesting values" operator: overwrite 1, 2, 4 or 8 bytes at a random
 * position with a boundary value (0, -1, powers of two, signed limits and their
 * neighbours), little- or big-endian. A wider write may also use the narrower
 * widths' values, sign-extended, as AFL does. */
#include "mut_ops.h"

static const int64_t interesting8[] = {-128, -1, 0, 1, 16, 32, 64, 100, 127};
static const int64_t interesting16[] = {-32768, -129, 128, 255, 256, 512, 1000, 1024, 4096, 32767};
static const int64_t interesting32[] = {INT32_MIN, -100663046, -32769, 32768,    65535,
                                        65536,     100663045,  INT32_MAX, 0x7ffffffeLL, 0xffffffffLL};
static const int64_t interesting64[] = {INT64_MIN, INT64_MAX, 0x100000000LL, 0xffffffffffLL,
                                        (int64_t)0x8000000000000001ULL, 0x7ffffffffffffffeLL};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int64_t pick_value(ff_rng *r, size_t width) {
  /* values of this width and every narrower one */
  size_t n8 = COUNT(interesting8), n16 = COUNT(interesting16), n32 = COUNT(interesting32);
  size_t total = n8;
  if (width >= 2) total += n16;
  if (width >= 4) total += n32;
  if (width >= 8) total += COUNT(interesting64);
  size_t i = (size_t)ff_rng_below(r, total);
  if (i < n8) return interesting8[i];
  i -= n8;
  if (i < n16) return interesting16[i];
  i -= n16;
  if (i < n32) return interesting32[i];
  return interesting64[i - n32];
}

bool ff_op_interesting(ff_mut_buf *b) {
  ff_mut_int_field f;
  if (!ff_mut_pick_int_field(b, &f)) return false;
  size_t width = f.width, pos = f.pos;
  bool big_endian = f.big_endian;
  uint64_t old = ff_mut_load_int(b->data + pos, width, big_endian);
  uint64_t mask = width == 8 ? UINT64_MAX : (((uint64_t)1 << (8 * width)) - 1);
  /* a few draws to find a value different from what is there */
  for (int attempt = 0; attempt < 4; attempt++) {
    uint64_t v = (uint64_t)pick_value(b->rng, width) & mask;
    if (v == old) continue;
    ff_mut_store_int(b->data + pos, v, width, big_endian);
    return true;
  }
  ff_mut_store_int(b->data + pos, ~old & mask, width, big_endian);
  return true;
}
