/* Hex and base64 (RFC 4648, standard and URL-safe): encoders into an ff_buf
 * (nettle does the encoding) and generators of valid and invalid text for
 * given bytes. "expected_valid" means: a strict decoder of that flavour
 * accepts the text and gets exactly the given bytes (so valid text of the
 * wrong length is invalid too). */
#ifndef FORMFUZZ_GEN_CODEC_H
#define FORMFUZZ_GEN_CODEC_H

#include "formfuzz/gen.h"

/* Hex flavours, as flags. */
enum {
  FF_HEX_PREFIX_OK = 1u << 0,  /* "0x" before the digits is accepted */
  FF_HEX_LOWER_ONLY = 1u << 1, /* only lowercase digits are accepted */
};

typedef enum ff_base64_variant {
  FF_BASE64_STD,       /* + / with = padding */
  FF_BASE64_URL,       /* - _ with = padding */
  FF_BASE64_URL_NOPAD, /* - _ without padding (JWT, RFC 7515) */
} ff_base64_variant;

void ff_hex_encode(ff_buf *out, const uint8_t *data, size_t n, bool upper);
void ff_base64_encode(ff_buf *out, const uint8_t *data, size_t n, ff_base64_variant variant);

/* Valid: the digits of data (case mixed unless LOWER_ONLY, "0x" sometimes when
 * PREFIX_OK). Near-valid: odd length, a non-hex character, a refused prefix or
 * case, one byte more or less. Hostile: whitespace, fullwidth digits, NUL,
 * doubled prefixes, huge valid-looking runs. */
bool ff_gen_hex(ff_input *in, ff_gen_mode mode, const uint8_t *data, size_t n, unsigned flags, ff_buf *out);
/* Valid: the canonical encoding. Near-valid: padding missing or extra, the
 * other alphabet's character, non-zero trailing bits, one character cut.
 * Hostile: length 1 mod 4, padding in the middle, whitespace, NUL, percent
 * escapes, only padding. */
bool ff_gen_base64(ff_input *in, ff_gen_mode mode, ff_base64_variant variant, const uint8_t *data, size_t n,
                   ff_buf *out);

#endif
