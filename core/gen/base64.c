/* Base64 (RFC 4648 standard and URL-safe alphabets): an encoder (nettle) and
 * a generator of valid, near-valid and hostile text for given bytes.
 * See include/formfuzz/gen_codec.h. */
#include <nettle/base64.h>
#include <string.h>

#include "formfuzz/gen_codec.h"

#define ENCODE_CHUNK 48

static const char STD_ALPHABET[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char URL_ALPHABET[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static const char *alphabet(ff_base64_variant v) { return v == FF_BASE64_STD ? STD_ALPHABET : URL_ALPHABET; }

void ff_base64_encode(ff_buf *out, const uint8_t *data, size_t n, ff_base64_variant variant) {
  struct base64_encode_ctx ctx;
  char text[BASE64_ENCODE_LENGTH(ENCODE_CHUNK) + BASE64_ENCODE_FINAL_LENGTH];
  if (variant == FF_BASE64_STD) base64_encode_init(&ctx);
  else base64url_encode_init(&ctx);
  for (size_t off = 0; off < n; off += ENCODE_CHUNK) {
    size_t len = n - off < ENCODE_CHUNK ? n - off : ENCODE_CHUNK;
    ff_buf_put(out, text, base64_encode_update(&ctx, text, len, data + off));
  }
  size_t tail = base64_encode_final(&ctx, text);
  if (variant == FF_BASE64_URL_NOPAD)
    while (tail > 0 && text[tail - 1] == '=') tail--;
  ff_buf_put(out, text, tail);
}

/* Replaces one character written since start (or appends when there is none). */
static void replace_one(ff_input *in, ff_buf *out, size_t start, char c) {
  if (out->len > start) out->data[start + ff_choose(in, out->len - start)] = c;
  else ff_buf_putc(out, c);
}

/* Inserts text at a drawn offset at or after start. */
static void insert_at(ff_input *in, ff_buf *out, size_t start, const char *text, size_t tl) {
  size_t at = start + ff_choose(in, out->len - start + 1);
  if (ff_buf_room(out) < tl) {
    out->overflow = true;
    return;
  }
  memmove(out->data + at + tl, out->data + at, out->len - at + 1);
  memcpy(out->data + at, text, tl);
  out->len += tl;
}

static void strip_padding(ff_buf *out, size_t start) {
  while (out->len > start && out->data[out->len - 1] == '=') out->data[--out->len] = '\0';
}

/* The last character that carries data: its unused low bits set. */
static void set_trailing_bits(ff_buf *out, size_t start, ff_base64_variant variant) {
  size_t end = out->len;
  while (end > start && out->data[end - 1] == '=') end--;
  if (end == start) return;
  const char *abc = alphabet(variant);
  const char *p = strchr(abc, out->data[end - 1]);
  if (p) out->data[end - 1] = abc[(p - abc) | 1];
}

static void near_base64(ff_input *in, ff_base64_variant variant, const uint8_t *data, size_t n, ff_buf *out) {
  static const char NOT_BASE64[] = "*.!~#";
  size_t start = out->len;
  size_t kind = ff_choose(in, 5);
  ff_note(in, "base64 near-valid kind %zu", kind);
  ff_base64_encode(out, data, n, variant);
  switch (kind) {
  case 0: /* padding: missing where required, present where refused or not needed */
    if (variant != FF_BASE64_URL_NOPAD && n % 3 != 0) strip_padding(out, start);
    else ff_buf_putc(out, '=');
    break;
  case 1: /* a character of the other alphabet */
    replace_one(in, out, start, variant == FF_BASE64_STD ? (ff_bool(in) ? '-' : '_') : (ff_bool(in) ? '+' : '/'));
    break;
  case 2: /* non-zero bits after the last byte (when there are any), else a stray '=' */
    if (n % 3 != 0) set_trailing_bits(out, start, variant);
    else ff_buf_putc(out, '=');
    break;
  case 3: /* one character cut (or a lone one) */
    strip_padding(out, start);
    if (out->len > start) out->data[--out->len] = '\0';
    else ff_buf_putc(out, 'A');
    if (variant != FF_BASE64_URL_NOPAD)
      while ((out->len - start) % 4 != 0) ff_buf_putc(out, '=');
    break;
  default: replace_one(in, out, start, NOT_BASE64[ff_choose(in, sizeof NOT_BASE64 - 1)]); break;
  }
}

static void hostile_base64(ff_input *in, ff_base64_variant variant, const uint8_t *data, size_t n, ff_buf *out) {
  size_t start = out->len;
  size_t kind = ff_choose(in, 6);
  ff_note(in, "base64 hostile kind %zu", kind);
  ff_base64_encode(out, data, n, variant);
  switch (kind) {
  case 0: ff_buf_putc(out, 'A'); break; /* one more character: length 1 mod 4 or a byte too many */
  case 1: insert_at(in, out, start, "==", 2); break;
  case 2: { /* whitespace: MIME line breaks or a space */
    static const char *const SPACES[] = {"\r\n", "\n", " ", "\t"};
    const char *sp = FF_PICK(in, SPACES);
    insert_at(in, out, start, sp, strlen(sp));
    break;
  }
  case 3: insert_at(in, out, start, "\0", 1); break;
  case 4: /* percent-escaped padding or symbol, as after URL encoding */
    if (out->len > start && out->data[out->len - 1] == '=') {
      strip_padding(out, start);
      ff_buf_puts(out, "%3D");
    } else {
      ff_buf_puts(out, variant == FF_BASE64_STD ? "%2B" : "%3D");
    }
    break;
  default:
    out->len = start;
    ff_buf_repeat(out, '=', 4 * (size_t)ff_range(in, 1, 4));
    break;
  }
}

bool ff_gen_base64(ff_input *in, ff_gen_mode mode, ff_base64_variant variant, const uint8_t *data, size_t n,
                   ff_buf *out) {
  switch (ff_gen_resolve_mode(in, mode)) {
  case FF_GEN_VALID:
    ff_base64_encode(out, data, n, variant);
    return !out->overflow;
  case FF_GEN_NEAR: near_base64(in, variant, data, n, out); return false;
  default: hostile_base64(in, variant, data, n, out); return false;
  }
}
