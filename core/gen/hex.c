/* Hex: an encoder (nettle's base16) and a generator of valid, near-valid and
 * hostile hex text for given bytes. See include/formfuzz/gen_codec.h. */
#include <nettle/base16.h>
#include <string.h>

#include "formfuzz/gen_codec.h"

#define ENCODE_CHUNK 64

void ff_hex_encode(ff_buf *out, const uint8_t *data, size_t n, bool upper) {
  char text[BASE16_ENCODE_LENGTH(ENCODE_CHUNK)];
  for (size_t off = 0; off < n; off += ENCODE_CHUNK) {
    size_t len = n - off < ENCODE_CHUNK ? n - off : ENCODE_CHUNK;
    base16_encode_update(text, len, data + off);
    if (upper)
      for (size_t i = 0; i < 2 * len; i++)
        if (text[i] >= 'a') text[i] = (char)(text[i] - 'a' + 'A');
    ff_buf_put(out, text, 2 * len);
  }
}

/* Digits in mixed case: each letter's case drawn. */
static void mixed_case_digits(ff_input *in, ff_buf *out, const uint8_t *data, size_t n) {
  size_t start = out->len;
  ff_hex_encode(out, data, n, false);
  for (size_t i = start; i < out->len; i++)
    if (out->data[i] >= 'a' && ff_bool(in)) out->data[i] = (char)(out->data[i] - 'a' + 'A');
}

static void valid_hex(ff_input *in, const uint8_t *data, size_t n, unsigned flags, ff_buf *out) {
  if ((flags & FF_HEX_PREFIX_OK) && ff_bool(in)) ff_buf_puts(out, "0x");
  size_t style = (flags & FF_HEX_LOWER_ONLY) ? 0 : ff_choose(in, 3);
  if (style == 2) mixed_case_digits(in, out, data, n);
  else ff_hex_encode(out, data, n, style == 1);
}

/* Replaces one character of the digits written since start. */
static void replace_one(ff_input *in, ff_buf *out, size_t start, char c) {
  if (out->len > start) out->data[start + ff_choose(in, out->len - start)] = c;
  else ff_buf_putc(out, c);
}

static bool has_letter(const uint8_t *data, size_t n) {
  for (size_t i = 0; i < n; i++)
    if ((data[i] >> 4) >= 10 || (data[i] & 15) >= 10) return true;
  return false;
}

static bool near_hex(ff_input *in, const uint8_t *data, size_t n, unsigned flags, ff_buf *out) {
  static const char NOT_HEX[] = "gGxz-+ .:";
  size_t start = out->len;
  size_t kind = ff_choose(in, 6);
  ff_note(in, "hex near-valid kind %zu", kind);
  switch (kind) {
  case 0: /* odd length: a digit more or one less */
    ff_hex_encode(out, data, n, false);
    if (n > 0 && ff_bool(in)) out->data[--out->len] = '\0';
    else ff_buf_putc(out, '0');
    return false;
  case 1:
    ff_hex_encode(out, data, n, false);
    replace_one(in, out, start, NOT_HEX[ff_choose(in, sizeof NOT_HEX - 1)]);
    return false;
  case 2: /* a prefix the flavour refuses */
    ff_buf_puts(out, (flags & FF_HEX_PREFIX_OK) ? "0X" : "0x");
    ff_hex_encode(out, data, n, false);
    return false;
  case 3: /* a byte too many */
    ff_hex_encode(out, data, n, false);
    ff_buf_puts(out, "00");
    return false;
  case 4: /* a byte short (or, for no bytes, a stray one) */
    if (n > 0) ff_hex_encode(out, data, n - 1, false);
    else ff_buf_puts(out, "ff");
    return false;
  default: /* uppercase where only lowercase is accepted, else a NUL digit */
    if ((flags & FF_HEX_LOWER_ONLY) && has_letter(data, n)) {
      ff_hex_encode(out, data, n, true);
    } else {
      ff_hex_encode(out, data, n, false);
      replace_one(in, out, start, '\0');
    }
    return false;
  }
}

static bool hostile_hex(ff_input *in, const uint8_t *data, size_t n, unsigned flags, ff_buf *out) {
  size_t start = out->len;
  size_t kind = ff_choose(in, 5);
  ff_note(in, "hex hostile kind %zu", kind);
  switch (kind) {
  case 0: { /* whitespace inside or around */
    static const char *const SPACES[] = {" ", "\t", "\r\n", "\n"};
    ff_hex_encode(out, data, n, false);
    size_t at = out->len > start ? start + ff_choose(in, out->len - start + 1) : start;
    const char *sp = FF_PICK(in, SPACES);
    size_t sl = strlen(sp);
    if (ff_buf_room(out) < sl) return false;
    memmove(out->data + at + sl, out->data + at, out->len - at + 1);
    memcpy(out->data + at, sp, sl);
    out->len += sl;
    return false;
  }
  case 1: /* fullwidth digit zero (U+FF10) in place of the first digit */
    ff_buf_puts(out, "\xEF\xBC\x90");
    ff_hex_encode(out, data, n, false);
    if (out->len > start + 3) {
      memmove(out->data + start + 3, out->data + start + 4, out->len - start - 3);
      out->len--;
    }
    return false;
  case 2: /* doubled prefix */
    ff_buf_puts(out, (flags & FF_HEX_PREFIX_OK) ? "0x0x" : "\\x");
    ff_hex_encode(out, data, n, false);
    return false;
  case 3: /* the bytes, then a long run of zeros */
    ff_hex_encode(out, data, n, false);
    ff_buf_repeat(out, '0', 2 * (size_t)ff_range(in, 1, 4096));
    return false;
  default: /* still valid: letters in alternating case (unless only lowercase is accepted) */
    ff_hex_encode(out, data, n, false);
    if (!(flags & FF_HEX_LOWER_ONLY))
      for (size_t i = start; i < out->len; i += 2)
        if (out->data[i] >= 'a') out->data[i] = (char)(out->data[i] - 'a' + 'A');
    return true;
  }
}

bool ff_gen_hex(ff_input *in, ff_gen_mode mode, const uint8_t *data, size_t n, unsigned flags, ff_buf *out) {
  bool ok;
  switch (ff_gen_resolve_mode(in, mode)) {
  case FF_GEN_VALID:
    valid_hex(in, data, n, flags, out);
    ok = true;
    break;
  case FF_GEN_NEAR: ok = near_hex(in, data, n, flags, out); break;
  default: ok = hostile_hex(in, data, n, flags, out); break;
  }
  return ok && !out->overflow;
}
