/* base64url without padding (RFC 4648 §5), as JWT uses it: nettle encodes
 * and decodes; the strictness (alphabet only, canonical trailing bits) is
 * checked here first so that one token has exactly one spelling. */
#include <nettle/base64.h>
#include <string.h>

#include "mcp.h"

long mcp_b64url_encode(const uint8_t *in, size_t n, char *out, size_t cap) {
  size_t full = BASE64_ENCODE_RAW_LENGTH(n);
  if (full + 1 > cap) return -1;
  char tmp[full + 1];
  struct base64_encode_ctx ctx;
  base64url_encode_init(&ctx);
  size_t len = base64_encode_update(&ctx, tmp, n, in);
  len += base64_encode_final(&ctx, tmp + len);
  while (len > 0 && tmp[len - 1] == '=') len--;
  memcpy(out, tmp, len);
  out[len] = 0;
  return (long)len;
}

static int b64url_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

long mcp_b64url_decode(const char *in, size_t n, uint8_t *out, size_t cap) {
  if (n % 4 == 1) return -1;
  for (size_t i = 0; i < n; i++)
    if (b64url_value(in[i]) < 0) return -1;
  /* the bits past the last whole byte must be zero */
  if (n % 4 == 2 && (b64url_value(in[n - 1]) & 0x0f)) return -1;
  if (n % 4 == 3 && (b64url_value(in[n - 1]) & 0x03)) return -1;
  size_t want = n / 4 * 3 + (n % 4 ? n % 4 - 1 : 0);
  if (want > cap) return -1;
  struct base64_decode_ctx ctx;
  base64url_decode_init(&ctx);
  size_t got = cap;
  /* no base64_decode_final: it wants '=' padding for the pending bits,
   * which were checked to be zero above */
  if (!base64_decode_update(&ctx, &got, out, n, in)) return -1;
  return got == want ? (long)got : -1;
}
