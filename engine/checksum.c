/* Checksum sites: the functions, finding a site from one compare, repairing
 * fields before a run (see checksum.h). CRC-32 and Adler-32 are zlib's. */
#include "checksum.h"

#include <zlib.h>

#include "mutators/mut_ops.h"

static uint64_t width_mask(size_t width) {
  return width >= 8 ? UINT64_MAX : (1ull << (8 * width)) - 1;
}

uint64_t ff_checksum_compute(int fn, const uint8_t *data, size_t n, size_t width) {
  uint64_t v = 0;
  switch (fn) {
  case FF_CK_CRC32:
  case FF_CK_ADLER32: {
    uLong (*f)(uLong, const Bytef *, uInt) = fn == FF_CK_CRC32 ? crc32 : adler32;
    uLong h = f(0L, Z_NULL, 0);
    while (n > 0) { /* zlib takes uInt lengths */
      uInt chunk = n > (1u << 30) ? (1u << 30) : (uInt)n;
      h = f(h, data, chunk);
      data += chunk;
      n -= chunk;
    }
    v = h;
    break;
  }
  case FF_CK_SUM:
    for (size_t i = 0; i < n; i++) v += data[i];
    break;
  case FF_CK_XOR:
    for (size_t i = 0; i < n; i++) v ^= data[i];
    break;
  }
  return v & width_mask(width);
}

const char *ff_checksum_name(int fn) {
  static const char *names[FF_CK_FNS] = {"crc32", "adler32", "sum", "xor"};
  return fn >= 0 && fn < FF_CK_FNS ? names[fn] : "?";
}

/* Where the site's field and range are in an input of size bytes. */
static bool range_of(const ff_checksum_site *s, size_t size, size_t *field, size_t *start,
                     size_t *end) {
  if (size < s->width) return false;
  size_t f = s->at_end ? size - s->width : s->field;
  size_t e = s->at_end ? f : s->end == FF_CK_TO_END ? size : s->end;
  if (f + (size_t)s->width > size || e > size || s->start >= e) return false;
  *field = f;
  *start = s->start;
  *end = e;
  return true;
}

static bool site_holds(const ff_checksum_site *s, const uint8_t *data, size_t size,
                       uint64_t computed, uint64_t stored) {
  size_t field, start, end;
  if (!range_of(s, size, &field, &start, &end)) return false;
  if (ff_mut_load_int(data + field, s->width, s->big_endian) != stored) return false;
  return ff_checksum_compute(s->fn, data + start, end - start, s->width) == computed;
}

bool ff_checksum_find(const uint8_t *data, const uint8_t *color, size_t size, size_t width,
                      uint64_t computed, uint64_t stored, uint64_t computed_c, uint64_t stored_c,
                      ff_checksum_site *out) {
  if (width != 1 && width != 2 && width != 4 && width != 8) return false;
  if (size < width + 1 || size >= FF_CK_TO_END) return false;
  /* a checksum follows its input: with a colorized twin both must change */
  if (color && (computed == computed_c || stored == stored_c)) return false;
  for (size_t p = 0; p + width <= size; p++) {
    for (int be = 0; be < (width > 1 ? 2 : 1); be++) {
      if (ff_mut_load_int(data + p, width, be) != stored) continue;
      if (color && ff_mut_load_int(color + p, width, be) != stored_c) continue;
      /* after the field to the end, or before it from one of these offsets */
      static const uint32_t before_from[] = {0, 1, 2, 4, 8};
      for (size_t r = 0; r < 1 + sizeof before_from / sizeof *before_from; r++) {
        uint32_t start = r == 0 ? (uint32_t)(p + width) : before_from[r - 1];
        uint32_t end = r == 0 ? FF_CK_TO_END : (uint32_t)p;
        if (start >= (end == FF_CK_TO_END ? size : end)) continue;
        for (int fn = 0; fn < FF_CK_FNS; fn++) {
          if (!color && !(width >= 4 && (fn == FF_CK_CRC32 || fn == FF_CK_ADLER32))) continue;
          ff_checksum_site s = {(uint8_t)fn, (uint8_t)width, be != 0, r > 0 && p + width == size,
                                (uint32_t)p, start, end};
          if (!site_holds(&s, data, size, computed, stored)) continue;
          if (color && !site_holds(&s, color, size, computed_c, stored_c)) continue;
          *out = s;
          return true;
        }
      }
    }
  }
  return false;
}

static bool same_site(const ff_checksum_site *x, const ff_checksum_site *y) {
  return x->fn == y->fn && x->width == y->width && x->big_endian == y->big_endian &&
         x->at_end == y->at_end && x->field == y->field && x->start == y->start && x->end == y->end;
}

bool ff_checksums_add(ff_checksums *cs, const ff_checksum_site *s) {
  for (size_t i = 0; i < cs->n; i++)
    if (same_site(&cs->v[i], s)) return false;
  if (cs->n == FF_CK_MAX_SITES) return false;
  cs->v[cs->n++] = *s;
  return true;
}

bool ff_checksum_repair(const ff_checksums *cs, uint8_t *data, size_t size) {
  bool changed = false;
  for (int pass = 0; pass < (cs->n > 1 ? 2 : 1); pass++) {
    for (size_t i = 0; i < cs->n; i++) {
      const ff_checksum_site *s = &cs->v[i];
      size_t field, start, end;
      if (!range_of(s, size, &field, &start, &end)) continue;
      uint64_t v = ff_checksum_compute(s->fn, data + start, end - start, s->width);
      if (ff_mut_load_int(data + field, s->width, s->big_endian) == v) continue;
      ff_mut_store_int(data + field, v, s->width, s->big_endian);
      changed = true;
    }
  }
  return changed;
}
