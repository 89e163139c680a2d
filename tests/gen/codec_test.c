/* Hex and base64 generators: every output's claimed validity matches nettle's
 * decoders (base16, base64, base64url) behind a strict front check (nettle
 * skips whitespace; a strict consumer does not), the decoded bytes equal the
 * bytes asked for, and the same input bytes give the same text. */
#include <nettle/base16.h>
#include <nettle/base64.h>
#include <string.h>

#include "formfuzz/gen_codec.h"
#include "gen_harness.h"

#define CASES 3000
#define OUT_CAP 16384

typedef struct codec_ctx {
  uint8_t data[40];
  size_t n;
  unsigned hex_flags;
  ff_base64_variant variant;
} codec_ctx;

static bool gen_hex(ff_input *in, ff_gen_mode mode, ff_buf *out, void *ctx) {
  codec_ctx *c = ctx;
  c->n = ff_bytes(in, c->data, sizeof c->data);
  return ff_gen_hex(in, mode, c->data, c->n, c->hex_flags, out);
}

static bool check_hex(const char *text, size_t len, void *ctx) {
  codec_ctx *c = ctx;
  if ((c->hex_flags & FF_HEX_PREFIX_OK) && len >= 2 && text[0] == '0' && text[1] == 'x') text += 2, len -= 2;
  for (size_t i = 0; i < len; i++) {
    bool digit = (text[i] >= '0' && text[i] <= '9') || (text[i] >= 'a' && text[i] <= 'f') ||
                 (!(c->hex_flags & FF_HEX_LOWER_ONLY) && text[i] >= 'A' && text[i] <= 'F');
    if (!digit) return false;
  }
  struct base16_decode_ctx dec;
  uint8_t bytes[OUT_CAP];
  size_t got = sizeof bytes;
  base16_decode_init(&dec);
  if (!base16_decode_update(&dec, &got, bytes, len, text) || !base16_decode_final(&dec)) return false;
  return got == c->n && memcmp(bytes, c->data, got) == 0;
}

static bool gen_base64(ff_input *in, ff_gen_mode mode, ff_buf *out, void *ctx) {
  codec_ctx *c = ctx;
  c->n = ff_bytes(in, c->data, sizeof c->data);
  return ff_gen_base64(in, mode, c->variant, c->data, c->n, out);
}

static bool check_base64(const char *text, size_t len, void *ctx) {
  codec_ctx *c = ctx;
  const char *abc = c->variant == FF_BASE64_STD
                        ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
                        : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  char padded[OUT_CAP + 4];
  size_t data_len = len;
  while (data_len > 0 && text[data_len - 1] == '=') data_len--;
  for (size_t i = 0; i < data_len; i++)
    if (!text[i] || !strchr(abc, text[i])) return false;
  if (c->variant == FF_BASE64_URL_NOPAD) {
    if (data_len != len || len % 4 == 1) return false;
    memcpy(padded, text, len);
    while (len % 4) padded[len++] = '=';
    text = padded;
  } else if (len % 4 != 0 || len - data_len > 2) {
    return false;
  }
  /* canonical: the bits after the last byte are zero */
  if (data_len % 4 != 0) {
    unsigned last = (unsigned)(strchr(abc, text[data_len - 1]) - abc);
    if (last & (data_len % 4 == 2 ? 0xF : 0x3)) return false;
  }
  struct base64_decode_ctx dec;
  uint8_t bytes[OUT_CAP];
  size_t got = sizeof bytes;
  if (c->variant == FF_BASE64_STD) base64_decode_init(&dec);
  else base64url_decode_init(&dec);
  if (!base64_decode_update(&dec, &got, bytes, len, text) || !base64_decode_final(&dec)) return false;
  return got == c->n && memcmp(bytes, c->data, got) == 0;
}

static void known_answers(void) {
  char text[64];
  ff_buf b;
  ff_buf_init(&b, text, sizeof text);
  ff_base64_encode(&b, (const uint8_t *)"\xfb\xff", 2, FF_BASE64_STD);
  REQUIRE(strcmp(text, "+/8=") == 0, "std %s", text);
  ff_buf_reset(&b);
  ff_base64_encode(&b, (const uint8_t *)"\xfb\xff", 2, FF_BASE64_URL);
  REQUIRE(strcmp(text, "-_8=") == 0, "url %s", text);
  ff_buf_reset(&b);
  ff_base64_encode(&b, (const uint8_t *)"\xfb\xff", 2, FF_BASE64_URL_NOPAD);
  REQUIRE(strcmp(text, "-_8") == 0, "url nopad %s", text);
  ff_buf_reset(&b);
  ff_hex_encode(&b, (const uint8_t *)"\x01\xab", 2, true);
  REQUIRE(strcmp(text, "01AB") == 0, "hex %s", text);
}

int main(void) {
  known_answers();
  static const unsigned HEX_FLAGS[] = {0, FF_HEX_PREFIX_OK, FF_HEX_LOWER_ONLY, FF_HEX_PREFIX_OK | FF_HEX_LOWER_ONLY};
  harness_counts counts[4];
  codec_ctx ctx;
  for (size_t i = 0; i < FF_COUNT_OF(HEX_FLAGS); i++) {
    memset(&ctx, 0, sizeof ctx);
    ctx.hex_flags = HEX_FLAGS[i];
    char name[32];
    snprintf(name, sizeof name, "hex(flags %u)", HEX_FLAGS[i]);
    harness_run(name, gen_hex, check_hex, NULL, &ctx, CASES, OUT_CAP, counts);
    harness_expect_usual(name, counts);
  }
  static const ff_base64_variant VARIANTS[] = {FF_BASE64_STD, FF_BASE64_URL, FF_BASE64_URL_NOPAD};
  for (size_t i = 0; i < FF_COUNT_OF(VARIANTS); i++) {
    memset(&ctx, 0, sizeof ctx);
    ctx.variant = VARIANTS[i];
    char name[32];
    snprintf(name, sizeof name, "base64(variant %d)", (int)VARIANTS[i]);
    harness_run(name, gen_base64, check_base64, NULL, &ctx, CASES, OUT_CAP, counts);
    harness_expect_usual(name, counts);
  }
  printf("codec: ok\n");
  return 0;
}
