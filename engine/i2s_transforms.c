/* Transform-aware input-to-state: locating an operand in the input under each
 * encoding and building the patch (see i2s_transforms.h). */
#include "i2s_transforms.h"

#include <string.h>

#include "mutators/mut_ops.h"

#define TEXT_HITS 2 /* occurrences of one text pattern patched */

typedef struct ctx {
  const uint8_t *base, *color;
  size_t size;
  ff_i2s_patch *out;
  size_t cap, n;
} ctx;

static uint64_t mask_of(size_t w) { return w >= 8 ? UINT64_MAX : (1ull << (8 * w)) - 1; }

/* v (w bytes) sign-extended to 64 bits. */
static uint64_t sext(uint64_t v, size_t w) {
  if (w >= 8) return v;
  uint64_t sign = 1ull << (8 * w - 1);
  v &= mask_of(w);
  return (v ^ sign) - sign;
}

/* Whether v, an operand of width len, is its low w bytes zero- or sign-extended. */
static bool extends(uint64_t v, size_t w, size_t len) {
  uint64_t m = mask_of(len);
  return (v & ~mask_of(w) & m) == 0 || (sext(v, w) & m) == (v & m);
}

static bool emit(ctx *x, const ff_i2s_patch *p) {
  if (x->n >= x->cap) return false;
  for (size_t i = 0; i < x->n; i++) { /* the same patch from another encoding: once */
    const ff_i2s_patch *q = &x->out[i];
    if (q->nsplit == 0 && p->nsplit == 0 && q->pos == p->pos && q->old_len == p->old_len &&
        q->rep_len == p->rep_len && memcmp(q->rep, p->rep, p->rep_len) == 0)
      return true;
  }
  x->out[x->n++] = *p;
  return true;
}

static void emit_int(ctx *x, int kind, size_t pos, size_t w, bool be, uint64_t v) {
  ff_i2s_patch p = {.kind = (uint8_t)kind, .rep_len = (uint8_t)w, .pos = (uint32_t)pos,
                    .old_len = (uint32_t)w};
  ff_mut_store_int(p.rep, v, w, be);
  if (memcmp(p.rep, x->base + pos, w) != 0) emit(x, &p);
}

/* Binary encodings of from (width len) at every position; to goes in their place. */
static void binary(ctx *x, uint64_t from, uint64_t from_c, bool tainted, uint64_t to, size_t len) {
  static const uint8_t widths[] = {1, 2, 4, 8};
  for (size_t wi = 4; wi-- > 0;) { /* the compare's own width first */
    size_t w = widths[wi];
    if (w > len) continue;
    uint64_t m = mask_of(w);
    bool narrow = w < len;
    if (narrow && (!extends(from, w, len) || !extends(to, w, len))) continue;
    if (narrow && tainted && !extends(from_c, w, len)) continue;
    for (int be = 0; be < (w > 1 ? 2 : 1); be++) {
      int plain_kind = narrow ? FF_I2S_EXTEND : be ? FF_I2S_SWAP : FF_I2S_DIRECT;
      for (size_t p = 0; p + w <= x->size; p++) {
        uint64_t xo = ff_mut_load_int(x->base + p, w, be);
        uint64_t xc = x->color ? ff_mut_load_int(x->color + p, w, be) : xo;
        if ((from & m) == xo) {
          /* tainted: the colorized field must give the colorized operand;
           * not tainted: the operand did not move, so neither may its bytes */
          bool ok = tainted ? (from_c & m) == xc && xc != xo : xc == xo;
          if (ok) emit_int(x, plain_kind, p, w, be, to);
        }
        if (!tainted || narrow || xc == xo) continue;
        uint64_t d = (from - xo) & m;
        if (d != 0 && ((from_c - xc) & m) == d) emit_int(x, FF_I2S_OFFSET, p, w, be, to - d);
        uint64_t k = (from ^ xo) & m;
        if (k != 0 && ((from_c ^ xc) & m) == k && d != 0) emit_int(x, FF_I2S_XOR, p, w, be, to ^ k);
        if (x->n >= x->cap) return;
      }
    }
  }
}

/* Text of v into out: decimal (signed when neg) or hex (upper or lower). */
static size_t text(uint64_t v, int base, bool neg, bool upper, uint8_t *out) {
  const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  uint8_t rev[24];
  size_t n = 0;
  if (neg) v = 0 - v;
  do {
    rev[n++] = (uint8_t)digits[v % (uint64_t)base];
    v /= (uint64_t)base;
  } while (v);
  size_t k = 0;
  if (neg) out[k++] = '-';
  while (n) out[k++] = rev[--n];
  return k;
}

static bool is_digit_of(uint8_t ch, int base) {
  if (ch >= '0' && ch <= '9') return true;
  return base == 16 && ((ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F'));
}

/* Text forms of from found in the input (whole numbers: no digit of the same
 * base right before or after), replaced by to's text in the same form. */
static void textual(ctx *x, uint64_t from, uint64_t to, size_t len) {
  bool neg_from = len < 8 ? (sext(from, len) >> 63) != 0 : (from >> 63) != 0;
  static const struct {
    int base;
    bool upper;
  } forms[3] = {{10, false}, {16, false}, {16, true}};
  for (int f = 0; f < 3; f++) {
    int base = forms[f].base;
    for (int sgn = 0; sgn < (base == 10 ? 2 : 1); sgn++) {
      bool neg = sgn && neg_from;
      if (sgn && !neg_from) continue;
      uint64_t fv = neg ? sext(from, len) : from & mask_of(len);
      uint64_t tv = neg ? sext(to, len) : to & mask_of(len);
      uint8_t pat[24];
      ff_i2s_patch p = {.kind = (uint8_t)(base == 10 ? FF_I2S_DECIMAL : FF_I2S_HEX)};
      size_t pn = text(fv, base, neg, forms[f].upper, pat);
      p.rep_len = (uint8_t)text(tv, base, neg && (int64_t)tv < 0, forms[f].upper, p.rep);
      if (base == 16 && fv < 10 && f == 2) continue; /* same text as lower case */
      size_t hits = 0;
      for (size_t at = 0; at + pn <= x->size && hits < TEXT_HITS; at++) {
        /* the first byte before the call: memcmp goes through the sanitizer's interceptor */
        if (x->base[at] != pat[0] || memcmp(x->base + at, pat, pn) != 0) continue;
        if (at > 0 && is_digit_of(x->base[at - 1], base)) continue;
        if (at + pn < x->size && is_digit_of(x->base[at + pn], base)) continue;
        p.pos = (uint32_t)at;
        p.old_len = (uint32_t)pn;
        hits++;
        if (!emit(x, &p)) return;
      }
    }
  }
}

/* Each byte of from that changed with colorization at its own position
 * (found by its value in both runs); the other bytes must already equal to's. */
static void split(ctx *x, uint64_t from, uint64_t from_c, uint64_t to, size_t len) {
  if (!x->color || len < 2) return;
  ff_i2s_patch p = {.kind = FF_I2S_SPLIT};
  for (size_t i = 0; i < len; i++) {
    uint8_t fo = (uint8_t)(from >> (8 * i)), fc = (uint8_t)(from_c >> (8 * i)),
            t = (uint8_t)(to >> (8 * i));
    if (fo == fc) {
      if (t != fo) return;
      continue;
    }
    size_t at = SIZE_MAX;
    for (size_t q = 0; q < x->size && at == SIZE_MAX; q++) {
      if (x->base[q] != fo || x->color[q] != fc) continue;
      bool used = false;
      for (size_t j = 0; j < p.nsplit; j++) used |= p.split_pos[j] == q;
      if (!used) at = q;
    }
    if (at == SIZE_MAX) return;
    p.split_pos[p.nsplit] = (uint32_t)at;
    p.split_val[p.nsplit++] = t;
  }
  if (p.nsplit >= 2) emit(x, &p); /* one byte: a binary encoding has it */
}

static void memory(ctx *x, const uint8_t *from, const uint8_t *from_c, const uint8_t *to,
                   size_t len) {
  if (len == 0 || memcmp(from, to, len) == 0) return;
  ff_i2s_patch p = {.kind = FF_I2S_MEMORY, .rep_len = (uint8_t)len, .old_len = (uint32_t)len};
  memcpy(p.rep, to, len);
  size_t hits = 0;
  for (size_t at = 0; at + len <= x->size && hits < TEXT_HITS; at++) {
    if (x->base[at] != from[0] || memcmp(x->base + at, from, len) != 0) continue;
    if (from_c && memcmp(x->color + at, from_c, len) != 0) continue;
    p.pos = (uint32_t)at;
    hits++;
    if (!emit(x, &p)) return;
  }
}

size_t ff_i2s_patches(const uint8_t *base, const uint8_t *color, size_t size,
                      const ff_cmplog_entry *o, const ff_cmplog_entry *c, ff_i2s_patch *out,
                      size_t cap) {
  ctx x = {base, color, size, out, cap, 0};
  if (!color) c = NULL;
  if (!c) x.color = NULL;
  if (c && (c->kind != o->kind || c->len != o->len)) {
    c = NULL;
    x.color = NULL;
  }
  size_t len = o->len;
  if (len == 0 || size == 0) return 0;
  /* constant compares and switches log the constant first: the input holds b */
  int directions = (o->kind == FF_CMP_CONST || o->kind == FF_CMP_SWITCH) ? 1 : 2;
  for (int d = 0; d < directions; d++) {
    const uint8_t *from = d ? o->a : o->b, *to = d ? o->b : o->a;
    const uint8_t *from_c = c ? (d ? c->a : c->b) : NULL;
    if (o->kind == FF_CMP_MEM || len > 8) {
      bool tainted = from_c && memcmp(from_c, from, len) != 0;
      memory(&x, from, tainted ? from_c : NULL, to, len);
      continue;
    }
    uint64_t fv = ff_mut_load_int(from, len, false), tv = ff_mut_load_int(to, len, false);
    uint64_t fc = from_c ? ff_mut_load_int(from_c, len, false) : fv;
    if (fv == tv) continue;
    bool tainted = from_c && fc != fv;
    size_t before = x.n;
    binary(&x, fv, fc, tainted, tv, len);
    if (fv >= 10 || x.color) textual(&x, fv, tv, len);
    if (tainted && x.n == before) split(&x, fv, fc, tv, len);
  }
  return x.n;
}

size_t ff_i2s_apply(const ff_i2s_patch *p, uint8_t *data, size_t size, size_t max_size) {
  if (p->kind == FF_I2S_SPLIT) {
    for (size_t i = 0; i < p->nsplit; i++) {
      if (p->split_pos[i] >= size) return 0;
      data[p->split_pos[i]] = p->split_val[i];
    }
    return size;
  }
  if ((size_t)p->pos + p->old_len > size) return 0;
  size_t new_size = size - p->old_len + p->rep_len;
  if (new_size > max_size || new_size == 0) return 0;
  memmove(data + p->pos + p->rep_len, data + p->pos + p->old_len, size - p->pos - p->old_len);
  memcpy(data + p->pos, p->rep, p->rep_len);
  return new_size;
}

const char *ff_i2s_kind_name(int kind) {
  static const char *names[FF_I2S_KINDS] = {"direct", "swap", "extend", "offset", "xor",
                                            "decimal", "hex", "split", "memory"};
  return kind >= 0 && kind < FF_I2S_KINDS ? names[kind] : "?";
}
