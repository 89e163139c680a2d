/* Authentication (§4.2) with the intended behaviour: the middleware (skip
 * list, "Bearer " prefix, 401 text), a per-deployment secret, one-time login
 * challenges, and login that verifies a scheme-A signature of the challenge
 * with the vm core's verifier (vm_scheme_a_verify) instead of checking only
 * that the signature string is 64 characters long. */
#include <stdio.h>
#include <string.h>

#include "formfuzz/bug.h"
#include "formfuzz/crypto.h"
#include "mcp.h"

void mcp_auth_init(mcp_auth *a, const uint8_t secret[MCP_SECRET_LEN], uint64_t token_lifetime) {
  memset(a, 0, sizeof *a);
  memcpy(a->secret, secret, MCP_SECRET_LEN);
  a->token_lifetime = token_lifetime;
}

vm_err mcp_auth_add_admin(mcp_auth *a, const char *address) {
  if (a->admin_count == MCP_ADMINS_MAX) return VM_E_FULL;
  vm_err e = vm_address_normalize(address, &a->admins[a->admin_count]);
  if (e == VM_OK) a->admin_count++;
  return e;
}

static bool is_admin(const mcp_auth *a, const vm_addr *who) {
  for (size_t i = 0; i < a->admin_count; i++)
    if (vm_addr_equal(&a->admins[i], who)) return true;
  return false;
}

bool mcp_auth_skipped(const char *path) {
  static const char *const exact[] = {"/health", "/api/v1/health", "/version", "/api/auth/challenge",
                                      "/api/auth/login"};
  for (size_t i = 0; i < sizeof exact / sizeof *exact; i++)
    if (strcmp(path, exact[i]) == 0) return true;
  return strncmp(path, "/public", 7) == 0;
}

static mcp_auth_err fail(char *why, size_t cap, mcp_auth_err e, const char *what) {
  if (why) snprintf(why, cap, "Authentication failed: %s", what);
  return e;
}

/* Splits roles on ',' into the identity's two flags. */
static void read_roles(const mcp_claims *c, mcp_identity *id) {
  id->is_user = id->is_admin = false;
  if (!c->has_roles) return;
  const char *p = c->roles;
  for (;;) {
    const char *comma = strchr(p, ',');
    size_t n = comma ? (size_t)(comma - p) : strlen(p);
    if (n == 4 && strncmp(p, "user", 4) == 0) id->is_user = true;
    if (n == 5 && strncmp(p, "admin", 5) == 0) id->is_admin = true;
    if (!comma) break;
    p = comma + 1;
  }
}

mcp_auth_err mcp_auth_bearer(const mcp_auth *a, const char *header, uint64_t now, mcp_identity *id, char *why,
                             size_t why_cap) {
  if (!header) return fail(why, why_cap, MCP_AUTH_MISSING, "Missing authorization header");
  if (strncmp(header, "Bearer ", 7) != 0) return fail(why, why_cap, MCP_AUTH_NOT_BEARER, "Invalid authorization scheme");
  const char *t = header + 7;
  while (*t == ' ' || *t == '\t') t++;
  size_t len = strlen(t);
  while (len && (t[len - 1] == ' ' || t[len - 1] == '\t')) len--;
  if (len == 0) return fail(why, why_cap, MCP_AUTH_BAD_TOKEN, "Invalid token");
  mcp_claims c;
  mcp_jwt_err e = mcp_jwt_verify(a->secret, sizeof a->secret, t, len, now, &c);
  if (FF_BUG("mcp.hardcoded_secret") && e == MCP_JWT_BAD_SIGNATURE)
    e = mcp_jwt_verify((const uint8_t *)MCP_JWT_HARDCODED_SECRET, strlen(MCP_JWT_HARDCODED_SECRET), t, len, now, &c);
  if (e != MCP_JWT_OK) return fail(why, why_cap, MCP_AUTH_BAD_TOKEN, mcp_jwt_err_message(e));
  memset(id, 0, sizeof *id);
  if (vm_address_normalize(c.sub, &id->addr) != VM_OK) return fail(why, why_cap, MCP_AUTH_BAD_SUBJECT, "Invalid subject");
  read_roles(&c, id);
  id->exp = c.exp;
  if (why && why_cap) why[0] = 0;
  return MCP_AUTH_OK;
}

vm_err mcp_auth_challenge(mcp_auth *a, const char *address, uint64_t now, mcp_rng *rng,
                          char out[MCP_CHALLENGE_MAX]) {
  vm_addr who;
  if (vm_address_normalize(address, &who) != VM_OK) return VM_E_BAD_ADDRESS;
  size_t slot = 0; /* a free or expired slot, else the oldest */
  for (size_t i = 0; i < MCP_CHALLENGES; i++) {
    const mcp_challenge *c = &a->challenges[i];
    if (!c->used || c->issued + MCP_CHALLENGE_TTL < now) {
      slot = i;
      break;
    }
    if (c->issued < a->challenges[slot].issued) slot = i;
  }
  uint8_t nonce[16];
  char nonce_hex[33];
  mcp_rng_fill(rng, nonce, sizeof nonce);
  vm_hex_encode(nonce, sizeof nonce, nonce_hex);
  mcp_challenge *c = &a->challenges[slot];
  c->used = true;
  c->addr = who;
  c->issued = now;
  snprintf(c->text, sizeof c->text, "formation-mcp-login-v1\naddress:%s\nnonce:%s\nissued:%llu", who.hex, nonce_hex,
           (unsigned long long)now);
  memcpy(out, c->text, sizeof c->text);
  return VM_OK;
}

static mcp_challenge *find_challenge(mcp_auth *a, const vm_addr *who, const char *text, uint64_t now) {
  for (size_t i = 0; i < MCP_CHALLENGES; i++) {
    mcp_challenge *c = &a->challenges[i];
    if (c->used && vm_addr_equal(&c->addr, who) && strcmp(c->text, text) == 0 && c->issued + MCP_CHALLENGE_TTL >= now)
      return c;
  }
  return NULL;
}

/* The real login: any signature string of 64 or more characters (§4.2). */
static bool replica_login_any(const char *signature) {
  return FF_BUG("mcp.login_any_signature") && strlen(signature) >= 64;
}

mcp_auth_err mcp_auth_login(mcp_auth *a, const char *address, const char *signed_message, const char *signature,
                            uint64_t now, char *token, size_t token_cap, mcp_claims *claims) {
  vm_addr who;
  if (!address || !signed_message || !signature || vm_address_normalize(address, &who) != VM_OK)
    return MCP_AUTH_BAD_REQUEST;
  if (!replica_login_any(signature)) {
    mcp_challenge *ch = find_challenge(a, &who, signed_message, now);
    if (!ch) return MCP_AUTH_NO_CHALLENGE;
    size_t mlen = strlen(signed_message), slen = strlen(signature);
    char header[16 + 140 + 2 * MCP_CHALLENGE_MAX];
    if (slen > 140) return MCP_AUTH_BAD_SIGNATURE;
    memcpy(header, "Signature ", 10);
    memcpy(header + 10, signature, slen);
    header[10 + slen] = '.';
    vm_hex_encode((const uint8_t *)signed_message, mlen, header + 11 + slen);
    vm_signed s;
    if (vm_scheme_a_verify(header, &s) != VM_OK || !vm_addr_equal(&s.signer, &who)) return MCP_AUTH_BAD_SIGNATURE;
    ch->used = false; /* one time */
  }
  memset(claims, 0, sizeof *claims);
  snprintf(claims->sub, sizeof claims->sub, "0x%s", who.hex);
  claims->iat = now;
  claims->exp = now + a->token_lifetime;
  claims->has_roles = true;
  strcpy(claims->roles, is_admin(a, &who) ? "admin,user" : "user");
  if (mcp_jwt_sign(a->secret, sizeof a->secret, claims, token, token_cap) < 0) return MCP_AUTH_BAD_REQUEST;
  return MCP_AUTH_OK;
}

void mcp_login_signature(const ff_keypair *kp, const char *challenge, char out[140]) {
  uint8_t digest[32], sig[64];
  int recid = 0;
  ff_sha256d(challenge, strlen(challenge), digest);
  ff_sign_recoverable(kp, digest, sig, &recid);
  vm_hex_encode(sig, 64, out);
  snprintf(out + 128, 12, ".%d", recid);
}
