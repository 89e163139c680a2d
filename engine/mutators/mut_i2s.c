/* Input-to-state replacement (RedQueen's idea): for a comparison a == b logged
 * while the target ran this input, find one operand's bytes in the input and
 * put the other operand there. Integer operands are searched in every encoding
 * the input might hold them in: widths 1, 2, 4 and 8 bytes (where the value
 * fits), little- and big-endian, and as decimal text; the replacement is the
 * other operand in the same encoding, or that value +-1 (for < and > compares).
 * Memory compares (memcmp/strcmp family) replace the raw bytes. */
#include <string.h>

#include "mut_ops.h"

#define ENTRY_ATTEMPTS 2
#define MAX_ENCODINGS 9 /* 4 widths x 2 byte orders (1 for width 1) + decimal */

typedef struct encoding {
  uint8_t width; /* 1..8 binary, 0 decimal text */
  bool big_endian;
} encoding;

static size_t list_encodings(uint64_t from, uint64_t to, size_t len, encoding *out) {
  static const uint8_t widths[] = {1, 2, 4, 8};
  size_t n = 0;
  for (size_t i = 0; i < 4; i++) {
    size_t w = widths[i];
    if (w < 8 && (from >> (8 * w)) != 0) continue; /* the value is not there in w bytes */
    if (w < len && (to >> (8 * w)) != 0) continue;  /* the new value would not fit */
    out[n++] = (encoding){(uint8_t)w, false};
    if (w > 1) out[n++] = (encoding){(uint8_t)w, true};
  }
  if (from >= 10) out[n++] = (encoding){0, false}; /* one digit would match too much text */
  return n;
}

/* Decimal text of v into out (no terminator); returns its length (<= 20). */
static size_t decimal(uint64_t v, uint8_t *out) {
  uint8_t rev[20];
  size_t n = 0;
  do {
    rev[n++] = (uint8_t)('0' + v % 10);
    v /= 10;
  } while (v);
  for (size_t i = 0; i < n; i++) out[i] = rev[n - 1 - i];
  return n;
}

static size_t encode(encoding enc, uint64_t v, uint8_t *out) {
  if (enc.width == 0) return decimal(v, out);
  ff_mut_store_int(out, v, enc.width, enc.big_endian);
  return enc.width;
}

static size_t find_from_random(ff_mut_buf *b, const uint8_t *pat, size_t n) {
  return ff_mut_find(b->data, b->size, pat, n, (size_t)ff_rng_below(b->rng, b->size));
}

static bool replace_integer(ff_mut_buf *b, uint64_t from, uint64_t to, size_t len) {
  encoding encs[MAX_ENCODINGS];
  size_t n = list_encodings(from, to, len, encs);
  if (n == 0) return false;
  /* to itself half the time, else its neighbours */
  uint64_t variant = ff_rng_below(b->rng, 4);
  if (variant == 2) to++;
  if (variant == 3) to--;
  size_t first = (size_t)ff_rng_below(b->rng, n);
  for (size_t k = 0; k < n; k++) {
    encoding enc = encs[(first + k) % n];
    uint8_t pat[20], rep[20];
    size_t pat_len = encode(enc, from, pat);
    size_t at = find_from_random(b, pat, pat_len);
    if (at == SIZE_MAX) continue;
    size_t rep_len = encode(enc, to, rep);
    if (ff_mut_replace(b, at, pat_len, rep, rep_len)) return true;
  }
  return false;
}

bool ff_op_input_to_state(ff_mut_buf *b) {
  const ff_cmplog *log = b->cmplog;
  if (!log || log->count == 0 || b->size == 0) return false;
  for (int attempt = 0; attempt < ENTRY_ATTEMPTS; attempt++) {
    const ff_cmplog_entry *e = &log->e[ff_rng_below(b->rng, log->count)];
    if (e->len == 0 || memcmp(e->a, e->b, e->len) == 0) continue;
    /* constant compares and switches log the constant as a, so the input holds
     * b; otherwise which operand came from the input is unknown: pick one */
    bool constant = e->kind == FF_CMP_CONST || e->kind == FF_CMP_SWITCH;
    bool forward = constant ? false : ff_rng_below(b->rng, 2);
    const uint8_t *from = forward ? e->a : e->b;
    const uint8_t *to = forward ? e->b : e->a;
    bool integer = e->kind != FF_CMP_MEM && e->len <= 8;
    if (integer) {
      if (replace_integer(b, ff_mut_load_int(from, e->len, false), ff_mut_load_int(to, e->len, false),
                          e->len))
        return true;
    } else {
      size_t at = find_from_random(b, from, e->len);
      if (at != SIZE_MAX && ff_mut_replace(b, at, e->len, to, e->len)) return true;
    }
  }
  return false;
}
