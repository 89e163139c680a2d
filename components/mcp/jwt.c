/* JWT HS256 as form-mcp uses it (§4.2): header {"alg":"HS256"}, a flat
 * object of string claims (sub, iat, exp as decimal strings, roles
 * comma-joined), base64url without padding, HMAC-SHA256 (nettle) over
 * "b64(header).b64(claims)". exp < now is expired (exp == now is valid). */
#include <jansson.h>
#include <nettle/hmac.h>
#include <nettle/memops.h>
#include <stdio.h>
#include <string.h>

#include "mcp.h"

const char *mcp_jwt_err_message(mcp_jwt_err e) {
  switch (e) {
  case MCP_JWT_OK: return "ok";
  case MCP_JWT_MALFORMED: return "Invalid token";
  case MCP_JWT_ALG_MISMATCH: return "Algorithm mismatch";
  case MCP_JWT_BAD_SIGNATURE: return "Invalid signature";
  case MCP_JWT_BAD_CLAIMS: return "Invalid claims";
  case MCP_JWT_EXPIRED: return "Token expired";
  }
  return "?";
}

static void hmac_sha256(const uint8_t *key, size_t klen, const char *msg, size_t mlen, uint8_t out[32]) {
  struct hmac_sha256_ctx ctx;
  hmac_sha256_set_key(&ctx, klen, key);
  hmac_sha256_update(&ctx, mlen, (const uint8_t *)msg);
  hmac_sha256_digest(&ctx, 32, out);
}

long mcp_jwt_sign(const uint8_t *secret, size_t secret_len, const mcp_claims *c, char *out, size_t cap) {
  char iat[24], exp[24];
  snprintf(iat, sizeof iat, "%llu", (unsigned long long)c->iat);
  snprintf(exp, sizeof exp, "%llu", (unsigned long long)c->exp);
  json_t *claims = json_pack("{s:s, s:s, s:s}", "sub", c->sub, "iat", iat, "exp", exp);
  if (!claims) return -1;
  if (c->has_roles) json_object_set_new(claims, "roles", json_string(c->roles));
  char *body = json_dumps(claims, JSON_COMPACT | JSON_SORT_KEYS);
  json_decref(claims);
  if (!body) return -1;
  static const char header[] = "{\"alg\":\"HS256\"}";
  long n = mcp_b64url_encode((const uint8_t *)header, sizeof header - 1, out, cap);
  long m = n < 0 || (size_t)n + 1 >= cap ? -1 : mcp_b64url_encode((const uint8_t *)body, strlen(body), out + n + 1, cap - (size_t)n - 1);
  free(body);
  if (m < 0) return -1;
  out[n] = '.';
  size_t signed_len = (size_t)n + 1 + (size_t)m;
  uint8_t mac[32];
  hmac_sha256(secret, secret_len, out, signed_len, mac);
  if (signed_len + 1 >= cap) return -1;
  out[signed_len] = '.';
  long k = mcp_b64url_encode(mac, 32, out + signed_len + 1, cap - signed_len - 1);
  return k < 0 ? -1 : (long)(signed_len + 1 + (size_t)k);
}

/* One base64url part holding a JSON object. */
static json_t *decode_part(const char *p, size_t n) {
  uint8_t buf[MCP_TOKEN_MAX];
  long len = mcp_b64url_decode(p, n, buf, sizeof buf);
  if (len < 0) return NULL;
  json_t *v = json_loadb((const char *)buf, (size_t)len, JSON_REJECT_DUPLICATES, NULL);
  if (v && !json_is_object(v)) {
    json_decref(v);
    return NULL;
  }
  return v;
}

/* Decimal digits only, 1..20 of them, no overflow. */
static bool parse_u64(const char *s, uint64_t *out) {
  size_t n = strlen(s);
  if (n == 0 || n > 20) return false;
  uint64_t v = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return false;
    unsigned d = (unsigned)(s[i] - '0');
    if (v > (UINT64_MAX - d) / 10) return false;
    v = v * 10 + d;
  }
  *out = v;
  return true;
}

static mcp_jwt_err read_claims(json_t *claims, mcp_claims *out) {
  memset(out, 0, sizeof *out);
  const char *key;
  json_t *val;
  json_object_foreach(claims, key, val) if (!json_is_string(val)) return MCP_JWT_BAD_CLAIMS;
  const char *sub = json_string_value(json_object_get(claims, "sub"));
  const char *exp = json_string_value(json_object_get(claims, "exp"));
  const char *iat = json_string_value(json_object_get(claims, "iat"));
  const char *roles = json_string_value(json_object_get(claims, "roles"));
  if (!sub || !exp || strlen(sub) >= sizeof out->sub || !parse_u64(exp, &out->exp)) return MCP_JWT_BAD_CLAIMS;
  if (iat && !parse_u64(iat, &out->iat)) return MCP_JWT_BAD_CLAIMS;
  if (roles) {
    if (strlen(roles) >= sizeof out->roles) return MCP_JWT_BAD_CLAIMS;
    out->has_roles = true;
    strcpy(out->roles, roles);
  }
  strcpy(out->sub, sub);
  return MCP_JWT_OK;
}

mcp_jwt_err mcp_jwt_verify(const uint8_t *secret, size_t secret_len, const char *token, size_t len, uint64_t now,
                           mcp_claims *out) {
  if (len >= MCP_TOKEN_MAX || memchr(token, 0, len)) return MCP_JWT_MALFORMED;
  const char *d1 = memchr(token, '.', len);
  const char *d2 = d1 ? memchr(d1 + 1, '.', len - (size_t)(d1 + 1 - token)) : NULL;
  if (!d2 || memchr(d2 + 1, '.', len - (size_t)(d2 + 1 - token))) return MCP_JWT_MALFORMED;
  json_t *header = decode_part(token, (size_t)(d1 - token));
  if (!header) return MCP_JWT_MALFORMED;
  const char *alg = json_string_value(json_object_get(header, "alg"));
  bool hs256 = alg && strcmp(alg, "HS256") == 0;
  json_decref(header);
  if (!hs256) return MCP_JWT_ALG_MISMATCH;
  uint8_t mac[32], want[32];
  if (mcp_b64url_decode(d2 + 1, len - (size_t)(d2 + 1 - token), mac, sizeof mac) != 32) return MCP_JWT_BAD_SIGNATURE;
  hmac_sha256(secret, secret_len, token, (size_t)(d2 - token), want);
  if (!memeql_sec(mac, want, 32)) return MCP_JWT_BAD_SIGNATURE;
  json_t *claims = decode_part(d1 + 1, (size_t)(d2 - d1 - 1));
  if (!claims) return MCP_JWT_MALFORMED;
  mcp_jwt_err e = read_claims(claims, out);
  json_decref(claims);
  if (e != MCP_JWT_OK) return e;
  return out->exp < now ? MCP_JWT_EXPIRED : MCP_JWT_OK;
}
