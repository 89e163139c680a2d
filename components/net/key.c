/* WireGuard keys (§1.1): canonical standard base64 of exactly 32 bytes, or 64
 * hex digits. The base64 alphabet and padding are checked here and nettle
 * decodes; hex is core's strict ff_hex_decode. */
#include <nettle/base64.h>
#include <string.h>

#include "formfuzz/hex.h"
#include "net_types.h"

static int b64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

net_err net_key_from_base64(net_key *k, const char *text, size_t len) {
  if (len != NET_KEY_B64_LEN || text[43] != '=') return NET_E_INVALID;
  for (size_t i = 0; i < 43; i++)
    if (b64_value(text[i]) < 0) return NET_E_SYNTAX;
  if (b64_value(text[42]) & 3) return NET_E_INVALID; /* non-canonical trailing bits */
  struct base64_decode_ctx ctx;
  base64_decode_init(&ctx);
  uint8_t out[BASE64_DECODE_LENGTH(NET_KEY_B64_LEN)];
  size_t n = sizeof out;
  if (!base64_decode_update(&ctx, &n, out, len, text) || !base64_decode_final(&ctx) ||
      n != NET_KEY_LEN)
    return NET_E_INVALID;
  memcpy(k->b, out, NET_KEY_LEN);
  return NET_OK;
}

void net_key_to_base64(const net_key *k, char out[NET_KEY_B64_LEN + 1]) {
  base64_encode_raw(out, NET_KEY_LEN, k->b);
  out[NET_KEY_B64_LEN] = 0;
}

net_err net_key_from_hex(net_key *k, const char *text, size_t len) {
  if (len != 2 * NET_KEY_LEN) return NET_E_INVALID;
  return ff_hex_decode(text, len, k->b, NET_KEY_LEN) == NET_KEY_LEN ? NET_OK : NET_E_SYNTAX;
}

bool net_key_equal(const net_key *a, const net_key *b) { return memcmp(a->b, b->b, NET_KEY_LEN) == 0; }
