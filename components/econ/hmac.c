/* Webhook signing (§5.5, vector V7): X-Webhook-Signature is lowercase hex
 * HMAC-SHA256(secret, exact body bytes) (nettle), over the body
 * {"data":...,"event_type":...,"timestamp":...} with its keys in alphabetical order. */
#include <nettle/hmac.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "econ.h"

void econ_hmac_hex(const char *secret, size_t slen, const void *body, size_t blen, char out[65]) {
  static const char hexd[] = "0123456789abcdef";
  struct hmac_sha256_ctx c;
  uint8_t d[SHA256_DIGEST_SIZE];
  hmac_sha256_set_key(&c, slen, (const uint8_t *)secret);
  hmac_sha256_update(&c, blen, (const uint8_t *)body);
  hmac_sha256_digest(&c, sizeof d, d);
  for (size_t i = 0; i < 32; i++) {
    out[2 * i] = hexd[d[i] >> 4];
    out[2 * i + 1] = hexd[d[i] & 15];
  }
  out[64] = 0;
}

char *econ_webhook_body(const char *data_json, const char *event_type, int64_t now, size_t *len) {
  /* data_json is already canonical JSON text; the keys data < event_type < timestamp. */
  size_t cap = strlen(data_json) + strlen(event_type) * 2 + 96;
  char *s = malloc(cap);
  if (!s) return NULL;
  int n = snprintf(s, cap, "{\"data\":%s,\"event_type\":\"%s\",\"timestamp\":%lld}", data_json,
                   event_type, (long long)now);
  if (n < 0 || (size_t)n >= cap) {
    free(s);
    return NULL;
  }
  if (len) *len = (size_t)n;
  return s;
}
