/* Strict hex decoding (see include/formfuzz/hex.h). The alphabet is checked
 * here, because nettle's base16 decoder skips whitespace; nettle decodes. */
#include "formfuzz/hex.h"

#include <nettle/base16.h>

static int is_hex_digit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

long ff_hex_decode(const char *hex, size_t hex_len, uint8_t *out, size_t cap) {
  if (hex_len % 2 != 0 || hex_len / 2 > cap) return -1;
  for (size_t i = 0; i < hex_len; i++)
    if (!is_hex_digit(hex[i])) return -1;
  struct base16_decode_ctx ctx;
  base16_decode_init(&ctx);
  size_t written = cap;
  if (!base16_decode_update(&ctx, &written, out, hex_len, hex) || !base16_decode_final(&ctx) ||
      written != hex_len / 2)
    return -1;
  return (long)written;
}
