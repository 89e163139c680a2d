/* mcp_auth: logins and bearer tokens against an independent model of §4.2
 * with the intended fixes, and libjwt (Debian) as a second JWT parser.
 * Logins: honest, signed by another key, never-issued or expired challenges,
 * replays, long garbage signatures. Tokens: built here from header and claim
 * variants (none/RS256/hs256/alg missing, numeric or "+" exp, missing or
 * non-address sub, roles), signed with the deployment secret, the real
 * server's hard-coded secret or another key, sometimes tampered, sent with
 * bent "Bearer " prefixes; exp around now. Oracles:
 *   mcp.login_verified  a token is issued exactly for an honest signature of
 *                       an outstanding, unexpired challenge, once;
 *   mcp.auth_model      the middleware accepts exactly what the model accepts,
 *                       with the token's address and roles as the identity;
 *   mcp.jwt_libjwt      every token we accept (built here or read raw from
 *                       the input) verifies under libjwt with the same
 *                       secret and the same sub, and every canonical HS256
 *                       token libjwt accepts passes our signature check. */
#include <nettle/hmac.h>
#include <stdio.h>
#include <string.h>

#include "formfuzz/oracle.h"
#include "formfuzz/prop.h"
#include "gen.h"

#define STEPS 12

static const struct {
  const char *json;
  bool hs256; /* alg is exactly "HS256" */
} HEADERS[] = {
    {"{\"alg\":\"HS256\"}", true},  {"{\"alg\":\"HS256\",\"typ\":\"JWT\"}", true},
    {"{\"alg\":\"none\"}", false},  {"{\"alg\":\"RS256\"}", false},
    {"{\"typ\":\"JWT\"}", false},   {"{\"alg\":\"hs256\"}", false},
    {"{\"alg\":[\"HS256\"]}", false}, {"[]", false},
};

static const struct {
  const char *text;
  size_t skip; /* how many bytes of the header the middleware removes, 0: refused */
} PREFIXES[] = {
    {"Bearer ", 7}, {"Bearer   ", 9}, {"bearer ", 0}, {"Bearer Bearer ", 0}, {"Token ", 0}, {"Bearer", 0}, {"", 0},
};

typedef struct token_case {
  char token[MCP_TOKEN_MAX];
  bool valid; /* the model's verdict */
  bool canonical_hs256;
  size_t user;
  bool admin, is_user;
} token_case;

static void hmac_b64(const uint8_t *key, size_t klen, const char *msg, char out[48]) {
  struct hmac_sha256_ctx ctx;
  uint8_t mac[32];
  hmac_sha256_set_key(&ctx, klen, key);
  hmac_sha256_update(&ctx, strlen(msg), (const uint8_t *)msg);
  hmac_sha256_digest(&ctx, 32, mac);
  mcp_b64url_encode(mac, 32, out, 48);
}

static void make_token(ff_input *in, const mcp_auth *a, uint64_t now, token_case *t) {
  memset(t, 0, sizeof *t);
  size_t h = ff_choose(in, sizeof HEADERS / sizeof *HEADERS);
  t->user = ff_choose(in, MCP_GEN_USERS);
  int64_t delta = ff_range_i64(in, -4, 4) * (ff_bool(in) ? 1 : 1000);
  unsigned long long exp = (unsigned long long)((int64_t)now + delta);
  static const char *const ROLES[] = {"user", "admin,user", "", "admin", "user,", "User"};
  size_t r = ff_choose(in, 6);
  size_t shape = ff_choose(in, 7);
  char claims[256];
  const char *addr = mcp_gen_address(t->user);
  bool claims_ok = true;
  switch (shape) {
  case 0: snprintf(claims, sizeof claims, "{\"exp\":\"%llu\",\"iat\":\"%llu\",\"roles\":\"%s\",\"sub\":\"0x%s\"}", exp,
                   (unsigned long long)now, ROLES[r], addr); break;
  case 1: snprintf(claims, sizeof claims, "{\"sub\":\"%s\",\"exp\":\"%llu\",\"roles\":\"%s\",\"x\":\"y\"}", addr, exp, ROLES[r]); break;
  case 2: snprintf(claims, sizeof claims, "{\"sub\":\"0x%s\",\"exp\":%llu,\"roles\":\"user\"}", addr, exp); claims_ok = false; break;
  case 3: snprintf(claims, sizeof claims, "{\"exp\":\"%llu\",\"roles\":\"user\"}", exp); claims_ok = false; break;
  case 4: snprintf(claims, sizeof claims, "{\"sub\":\"test_user\",\"exp\":\"%llu\",\"roles\":\"user\"}", exp); claims_ok = false; break;
  case 5: snprintf(claims, sizeof claims, "{\"sub\":\"0x%s\",\"exp\":\"+%llu\",\"roles\":\"user\"}", addr, exp); claims_ok = false; break;
  default: snprintf(claims, sizeof claims, "{\"sub\":\"0x%s\",\"exp\":\"%llu\",\"iat\":1}", addr, exp); claims_ok = false; break;
  }
  size_t key = ff_choose(in, 3); /* 0 the deployment's, 1 the hard-coded one, 2 another */
  uint8_t other[MCP_SECRET_LEN];
  memcpy(other, a->secret, sizeof other);
  other[ff_choose(in, sizeof other)] ^= 0x5a;
  const uint8_t *k = key == 0 ? a->secret : key == 1 ? (const uint8_t *)MCP_JWT_HARDCODED_SECRET : other;
  size_t klen = key == 1 ? strlen(MCP_JWT_HARDCODED_SECRET) : MCP_SECRET_LEN;
  size_t n = (size_t)mcp_b64url_encode((const uint8_t *)HEADERS[h].json, strlen(HEADERS[h].json), t->token, sizeof t->token);
  t->token[n++] = '.';
  n += (size_t)mcp_b64url_encode((const uint8_t *)claims, strlen(claims), t->token + n, sizeof t->token - n);
  char mac[48];
  hmac_b64(k, klen, t->token, mac);
  t->token[n++] = '.';
  snprintf(t->token + n, sizeof t->token - n, "%s", mac);
  bool tampered = ff_choose(in, 4) == 0;
  if (tampered) {
    size_t at = ff_choose(in, strlen(t->token));
    char c = (char)("AQgw-_.=+/ x"[ff_choose(in, 12)]);
    if (t->token[at] == c) tampered = false;
    else t->token[at] = c;
  }
  t->canonical_hs256 = HEADERS[h].hs256 && !tampered;
  t->valid = HEADERS[h].hs256 && claims_ok && key == 0 && !tampered && (int64_t)exp >= (int64_t)now;
  t->admin = strstr(ROLES[r], "admin") != NULL;
  t->is_user = strcmp(ROLES[r], "user") == 0 || strcmp(ROLES[r], "admin,user") == 0 || strcmp(ROLES[r], "user,") == 0;
}

static void check_token(ff_input *in, const mcp_auth *a, uint64_t now) {
  token_case t;
  make_token(in, a, now, &t);
  size_t p = ff_choose(in, sizeof PREFIXES / sizeof *PREFIXES);
  char header[MCP_TOKEN_MAX + 32];
  snprintf(header, sizeof header, "%s%s%s", PREFIXES[p].text, t.token, ff_bool(in) ? " " : "");
  mcp_identity id;
  char why[128];
  bool missing = ff_choose(in, 16) == 0;
  mcp_auth_err e = mcp_auth_bearer(a, missing ? NULL : header, now, &id, why, sizeof why);
  bool want = !missing && t.valid && PREFIXES[p].skip != 0;
  if (e != MCP_AUTH_OK || !want)
    FF_INVARIANT((e == MCP_AUTH_OK) == want, "mcp.auth_model", "%s for '%s' (model: %s)", e == MCP_AUTH_OK ? "accepted" : why,
                 header, want ? "valid" : "invalid");
  if (e == MCP_AUTH_OK) {
    FF_INVARIANT(strcmp(id.addr.hex, mcp_gen_address(t.user)) == 0 && id.is_admin == t.admin && id.is_user == t.is_user,
                 "mcp.auth_model", "identity %s admin=%d user=%d for %s", id.addr.hex, id.is_admin, id.is_user, t.token);
  }
  char sub[64];
  bool lib = mcp_libjwt_accepts(t.token, a->secret, MCP_SECRET_LEN, sub, sizeof sub);
  mcp_claims c;
  mcp_jwt_err mine = mcp_jwt_verify(a->secret, MCP_SECRET_LEN, t.token, strlen(t.token), 0, &c);
  if (mine == MCP_JWT_OK)
    FF_INVARIANT(lib && strcmp(sub, c.sub) == 0, "mcp.jwt_libjwt", "we accept %s, libjwt %s (sub '%s')", t.token,
                 lib ? "accepts" : "refuses", lib ? sub : "");
  if (lib && t.canonical_hs256)
    FF_INVARIANT(mine == MCP_JWT_OK || mine == MCP_JWT_BAD_CLAIMS, "mcp.jwt_libjwt", "libjwt accepts %s, we say %s",
                 t.token, mcp_jwt_err_message(mine));
}

/* A token read raw from the input: never a crash; accepted only when
 * libjwt agrees it is a valid HS256 token under the secret. */
static void check_raw(ff_input *in, const mcp_auth *a, uint64_t now) {
  char token[600], header[620];
  ff_cstr(in, token, sizeof token);
  snprintf(header, sizeof header, "Bearer %s", token);
  mcp_identity id;
  if (mcp_auth_bearer(a, header, now, &id, NULL, 0) != MCP_AUTH_OK) return;
  char sub[64];
  FF_INVARIANT(mcp_libjwt_accepts(token, a->secret, MCP_SECRET_LEN, sub, sizeof sub), "mcp.jwt_libjwt",
               "we accept the raw token %s, libjwt does not", token);
}

static void check_login(ff_input *in, mcp_auth *a, mcp_rng *rng, uint64_t *now) {
  size_t user = ff_choose(in, MCP_GEN_USERS);
  char challenge[MCP_CHALLENGE_MAX], sig[160], token[MCP_TOKEN_MAX];
  FF_INVARIANT(mcp_auth_challenge(a, mcp_gen_address(user), *now, rng, challenge) == VM_OK, "mcp.login_verified",
               "no challenge for a valid address");
  size_t how = ff_choose(in, 6);
  bool honest = how == 0 || how == 4;
  size_t signer = how == 1 ? (user + 1 + ff_choose(in, MCP_GEN_USERS - 1)) % MCP_GEN_USERS : user;
  const char *message = challenge;
  char forged[MCP_CHALLENGE_MAX];
  if (how == 2) { /* a challenge text the server never issued */
    snprintf(forged, sizeof forged, "%s", challenge);
    forged[strlen(forged) - 1] = forged[strlen(forged) - 1] == '9' ? '8' : '9';
    message = forged;
  }
  mcp_login_signature(mcp_gen_key(signer), message, sig);
  if (how == 3) { /* a long string that is no signature of it */
    size_t len = 64 + ff_choose(in, 80);
    for (size_t i = 0; i < len; i++) sig[i] = "0123456789abcdef."[ff_choose(in, 17)];
    sig[len] = 0;
  }
  if (how == 5) *now += MCP_CHALLENGE_TTL + 1 + ff_choose(in, 100); /* expired */
  mcp_claims c;
  mcp_auth_err e = mcp_auth_login(a, mcp_gen_address(user), message, sig, *now, token, sizeof token, &c);
  FF_INVARIANT((e == MCP_AUTH_OK) == honest, "mcp.login_verified", "login case %zu (user %zu, signer %zu, sig %s): %s",
               how, user, signer, sig, e == MCP_AUTH_OK ? "token issued" : "refused");
  if (e != MCP_AUTH_OK) return;
  mcp_identity id;
  FF_INVARIANT(mcp_auth_bearer(a, NULL, *now, &id, NULL, 0) == MCP_AUTH_MISSING, "mcp.auth_model", "no header accepted");
  char header[MCP_TOKEN_MAX + 8];
  snprintf(header, sizeof header, "Bearer %s", token);
  FF_INVARIANT(mcp_auth_bearer(a, header, *now, &id, NULL, 0) == MCP_AUTH_OK && strcmp(id.addr.hex, mcp_gen_address(user)) == 0 &&
                   id.is_user && id.is_admin == (user == 0) && id.exp == *now + a->token_lifetime,
               "mcp.auth_model", "the login token of user %zu does not authenticate it", user);
  char sub[64];
  FF_INVARIANT(mcp_libjwt_accepts(token, a->secret, MCP_SECRET_LEN, sub, sizeof sub) && strcmp(sub, c.sub) == 0,
               "mcp.jwt_libjwt", "libjwt refuses the login token %s", token);
  FF_INVARIANT(mcp_auth_login(a, mcp_gen_address(user), message, sig, *now, token, sizeof token, &c) != MCP_AUTH_OK,
               "mcp.login_verified", "a login replayed with the same challenge and signature got a token");
  uint64_t later = *now + a->token_lifetime + 1;
  FF_INVARIANT(mcp_auth_bearer(a, header, later, &id, NULL, 0) == MCP_AUTH_BAD_TOKEN, "mcp.auth_model",
               "the token is still accepted after its lifetime");
}

FF_PROPERTY(mcp_auth) {
  uint8_t secret[MCP_SECRET_LEN];
  ff_fill(in, secret, sizeof secret);
  mcp_auth a;
  mcp_auth_init(&a, secret, ff_range(in, 1, 86400));
  mcp_auth_add_admin(&a, mcp_gen_address(0));
  mcp_rng rng;
  mcp_rng_seed(&rng, ff_u64(in));
  uint64_t now = 1700000000 + ff_range(in, 0, 1u << 24);
  for (int step = 0; step < STEPS && ff_more(in); step++) {
    size_t act = ff_choose(in, 5);
    if (act <= 1) check_login(in, &a, &rng, &now);
    else if (act <= 3) check_token(in, &a, now);
    else check_raw(in, &a, now);
    now += ff_range(in, 0, 30);
  }
}
