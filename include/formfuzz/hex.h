/* Strict hex decoding, the one decoder of the components and tests (the
 * encoders and generators of hex text are in formfuzz/gen_codec.h). */
#ifndef FORMFUZZ_HEX_H
#define FORMFUZZ_HEX_H

#include <stddef.h>
#include <stdint.h>

/* Decodes hex_len characters of hex: digits 0-9, a-f and A-F only (no "0x"
 * prefix, no whitespace, no NUL), an even count, at most cap bytes of output.
 * Returns the number of bytes written to out (hex_len / 2), or -1 when the
 * length is odd, a character is not a hex digit or the bytes would not fit. */
long ff_hex_decode(const char *hex, size_t hex_len, uint8_t *out, size_t cap);

#endif
