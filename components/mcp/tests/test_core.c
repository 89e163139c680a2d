/* mcp core: fact-sheet vector V6 (JWT), base64url strictness, token checks
 * (alg, claims, expiry), the middleware's skip list and 401 texts, and login
 * with a scheme-A signature over a one-time challenge. */
#include <nettle/hmac.h>
#include <stdlib.h>
#include <string.h>

#include "ff_check.h"
#include "gen.h"
#include "mcp.h"

#define V6_TOKEN                                                                                           \
  "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOiIxNzAwMDg2NDAwIiwiaWF0IjoiMTcwMDAwMDAwMCIsInJvbGVzIjoidXNlciIsInN1YiI6IjB4" \
  "MmM3NTM2ZTM2MDVkOWMxNmE3YTNkN2IxODk4ZTUyOTM5NmE2NWMyMyJ9.H5-3Rhu19zwmIAVC8PKxV8MojPici3kZh635KTagskQ"
#define HARD (const uint8_t *)MCP_JWT_HARDCODED_SECRET, strlen(MCP_JWT_HARDCODED_SECRET)

static void test_v6(void) {
  mcp_claims c = {.iat = 1700000000, .exp = 1700086400, .has_roles = true};
  strcpy(c.sub, "0x2c7536e3605d9c16a7a3d7b1898e529396a65c23");
  strcpy(c.roles, "user");
  char tok[MCP_TOKEN_MAX];
  long n = mcp_jwt_sign(HARD, &c, tok, sizeof tok);
  CHECK_MSG(n > 0 && strcmp(tok, V6_TOKEN) == 0, "V6 sign: %s", tok);
  mcp_claims got;
  CHECK(mcp_jwt_verify(HARD, V6_TOKEN, strlen(V6_TOKEN), 1700086400, &got) == MCP_JWT_OK); /* exp == now: valid */
  CHECK(strcmp(got.sub, c.sub) == 0 && got.exp == 1700086400 && got.iat == 1700000000 && strcmp(got.roles, "user") == 0);
  CHECK(mcp_jwt_verify(HARD, V6_TOKEN, strlen(V6_TOKEN), 1700086401, &got) == MCP_JWT_EXPIRED);
  uint8_t other[MCP_SECRET_LEN] = {1};
  CHECK(mcp_jwt_verify(other, sizeof other, V6_TOKEN, strlen(V6_TOKEN), 0, &got) == MCP_JWT_BAD_SIGNATURE);
  char sub[64];
  CHECK(mcp_libjwt_accepts(V6_TOKEN, HARD, sub, sizeof sub) && strcmp(sub, c.sub) == 0);
}

static void test_b64url(void) {
  uint8_t out[8];
  char enc[16];
  CHECK(mcp_b64url_encode((const uint8_t *)"ab", 2, enc, sizeof enc) == 3 && strcmp(enc, "YWI") == 0);
  CHECK(mcp_b64url_decode("YWI", 3, out, sizeof out) == 2 && memcmp(out, "ab", 2) == 0);
  CHECK(mcp_b64url_decode("YWJ", 3, out, sizeof out) == -1);  /* non-zero trailing bits */
  CHECK(mcp_b64url_decode("YWI=", 4, out, sizeof out) == -1); /* padding */
  CHECK(mcp_b64url_decode("Y", 1, out, sizeof out) == -1);
  CHECK(mcp_b64url_decode("YW+", 3, out, sizeof out) == -1); /* standard alphabet */
  CHECK(mcp_b64url_decode("-_-_", 4, out, sizeof out) == 3 && out[0] == 0xfb && out[1] == 0xff && out[2] == 0xbf);
}

/* HMAC-SHA256 of msg, base64url (nettle directly, not the core's signer). */
static void hmac_b64(const uint8_t *key, size_t klen, const char *msg, size_t len, char *out) {
  struct hmac_sha256_ctx ctx;
  uint8_t mac[32];
  hmac_sha256_set_key(&ctx, klen, key);
  hmac_sha256_update(&ctx, len, (const uint8_t *)msg);
  hmac_sha256_digest(&ctx, 32, mac);
  mcp_b64url_encode(mac, 32, out, 48);
}

/* A token from header and claims JSON text, signed with key. */
static void forge(const char *header, const char *claims, const uint8_t *key, size_t klen, char *out, size_t cap) {
  size_t n = (size_t)mcp_b64url_encode((const uint8_t *)header, strlen(header), out, cap);
  out[n++] = '.';
  n += (size_t)mcp_b64url_encode((const uint8_t *)claims, strlen(claims), out + n, cap - n);
  out[n] = '.';
  hmac_b64(key, klen, out, n, out + n + 1);
}

static void test_token_rules(void) {
  uint8_t k[MCP_SECRET_LEN] = {7, 7, 7};
  char t[MCP_TOKEN_MAX];
  mcp_claims c;
  const char *ok = "{\"sub\":\"0x2c7536e3605d9c16a7a3d7b1898e529396a65c23\",\"exp\":\"100\"}";
  forge("{\"alg\":\"HS256\"}", ok, k, sizeof k, t, sizeof t);
  CHECK(mcp_jwt_verify(k, sizeof k, t, strlen(t), 100, &c) == MCP_JWT_OK && !c.has_roles);
  forge("{\"alg\":\"none\"}", ok, k, sizeof k, t, sizeof t);
  CHECK(mcp_jwt_verify(k, sizeof k, t, strlen(t), 0, &c) == MCP_JWT_ALG_MISMATCH);
  forge("{\"alg\":\"RS256\"}", ok, k, sizeof k, t, sizeof t);
  CHECK(mcp_jwt_verify(k, sizeof k, t, strlen(t), 0, &c) == MCP_JWT_ALG_MISMATCH);
  forge("{\"alg\":\"HS256\"}", "{\"sub\":\"a\",\"exp\":100}", k, sizeof k, t, sizeof t);
  CHECK(mcp_jwt_verify(k, sizeof k, t, strlen(t), 0, &c) == MCP_JWT_BAD_CLAIMS); /* numeric exp */
  forge("{\"alg\":\"HS256\"}", "{\"exp\":\"100\"}", k, sizeof k, t, sizeof t);
  CHECK(mcp_jwt_verify(k, sizeof k, t, strlen(t), 0, &c) == MCP_JWT_BAD_CLAIMS); /* no sub */
  forge("{\"alg\":\"HS256\"}", "{\"sub\":\"a\",\"exp\":\"100\",\"roles\":\"\"}", k, sizeof k, t, sizeof t);
  CHECK(mcp_jwt_verify(k, sizeof k, t, strlen(t), 0, &c) == MCP_JWT_OK && c.has_roles && c.roles[0] == 0);
  CHECK(mcp_jwt_verify(k, sizeof k, "a.b", 3, 0, &c) == MCP_JWT_MALFORMED);
  CHECK(mcp_jwt_verify(k, sizeof k, "a.b.c.d", 7, 0, &c) == MCP_JWT_MALFORMED);
}

static void test_middleware_and_login(void) {
  uint8_t secret[MCP_SECRET_LEN] = {42};
  mcp_auth a;
  mcp_auth_init(&a, secret, 3600);
  CHECK(mcp_auth_add_admin(&a, mcp_gen_address(0)) == VM_OK);
  CHECK(mcp_auth_add_admin(&a, "nonsense") == VM_E_BAD_ADDRESS && a.admin_count == 1);
  CHECK(mcp_auth_skipped("/health") && mcp_auth_skipped("/version") && mcp_auth_skipped("/api/auth/login") &&
        mcp_auth_skipped("/public/x") && !mcp_auth_skipped("/api/tools") && !mcp_auth_skipped("/healthz"));
  mcp_rng rng;
  mcp_rng_seed(&rng, 9);
  char ch[MCP_CHALLENGE_MAX], sig[140], tok[MCP_TOKEN_MAX];
  mcp_claims c;
  REQUIRE(mcp_auth_challenge(&a, mcp_gen_address(1), 1000, &rng, ch) == VM_OK, "challenge");
  mcp_login_signature(mcp_gen_key(2), ch, sig);
  CHECK(mcp_auth_login(&a, mcp_gen_address(1), ch, sig, 1000, tok, sizeof tok, &c) == MCP_AUTH_BAD_SIGNATURE);
  char junk[100];
  memset(junk, 'a', 99);
  junk[99] = 0;
  CHECK(mcp_auth_login(&a, mcp_gen_address(1), ch, junk, 1000, tok, sizeof tok, &c) == MCP_AUTH_BAD_SIGNATURE);
  mcp_login_signature(mcp_gen_key(1), ch, sig);
  CHECK(mcp_auth_login(&a, mcp_gen_address(1), ch, sig, 1000, tok, sizeof tok, &c) == MCP_AUTH_OK);
  CHECK(c.exp == 4600 && strcmp(c.roles, "user") == 0 && strncmp(c.sub, "0x", 2) == 0);
  CHECK(mcp_auth_login(&a, mcp_gen_address(1), ch, sig, 1000, tok, sizeof tok, &c) == MCP_AUTH_NO_CHALLENGE);
  char hdr[MCP_TOKEN_MAX + 16], why[128];
  mcp_identity id;
  REQUIRE(mcp_gen_login(&a, &rng, 1, 1000, tok, sizeof tok) == MCP_AUTH_OK, "login");
  snprintf(hdr, sizeof hdr, "Bearer  %s ", tok);
  CHECK(mcp_auth_bearer(&a, hdr, 4600, &id, why, sizeof why) == MCP_AUTH_OK && id.is_user && !id.is_admin &&
        strcmp(id.addr.hex, mcp_gen_address(1)) == 0);
  CHECK(mcp_auth_bearer(&a, hdr, 4601, &id, why, sizeof why) == MCP_AUTH_BAD_TOKEN &&
        strcmp(why, "Authentication failed: Token expired") == 0);
  snprintf(hdr, sizeof hdr, "Bearer Bearer %s", tok);
  CHECK(mcp_auth_bearer(&a, hdr, 1000, &id, why, sizeof why) == MCP_AUTH_BAD_TOKEN);
  snprintf(hdr, sizeof hdr, "bearer %s", tok);
  CHECK(mcp_auth_bearer(&a, hdr, 1000, &id, why, sizeof why) == MCP_AUTH_NOT_BEARER);
  CHECK(mcp_auth_bearer(&a, NULL, 1000, &id, why, sizeof why) == MCP_AUTH_MISSING &&
        strcmp(why, "Authentication failed: Missing authorization header") == 0);
  CHECK(mcp_auth_bearer(&a, "Bearer ", 1000, &id, why, sizeof why) == MCP_AUTH_BAD_TOKEN);
  REQUIRE(mcp_gen_login(&a, &rng, 0, 1000, tok, sizeof tok) == MCP_AUTH_OK, "admin login");
  snprintf(hdr, sizeof hdr, "Bearer %s", tok);
  CHECK(mcp_auth_bearer(&a, hdr, 1000, &id, why, sizeof why) == MCP_AUTH_OK && id.is_admin && id.is_user);
  /* a token made with the real server's hard-coded secret is refused */
  mcp_claims forged = {.iat = 1000, .exp = 9999, .has_roles = true};
  snprintf(forged.sub, sizeof forged.sub, "0x%s", mcp_gen_address(0));
  strcpy(forged.roles, "admin,user");
  mcp_jwt_sign(HARD, &forged, tok, sizeof tok);
  snprintf(hdr, sizeof hdr, "Bearer %s", tok);
  CHECK(mcp_auth_bearer(&a, hdr, 1000, &id, why, sizeof why) == MCP_AUTH_BAD_TOKEN);
  /* an expired challenge */
  REQUIRE(mcp_auth_challenge(&a, mcp_gen_address(2), 1000, &rng, ch) == VM_OK, "challenge");
  mcp_login_signature(mcp_gen_key(2), ch, sig);
  CHECK(mcp_auth_login(&a, mcp_gen_address(2), ch, sig, 1000 + MCP_CHALLENGE_TTL + 1, tok, sizeof tok, &c) ==
        MCP_AUTH_NO_CHALLENGE);
}

int main(void) {
  test_v6();
  test_b64url();
  test_token_rules();
  test_middleware_and_login();
  return check_summary("mcp_test_core");
}
