/* mcp generators and fixtures (see gen.h). */
#include "gen.h"

#include <jwt.h>
#include <stdio.h>
#include <string.h>

static ff_keypair keys[MCP_GEN_USERS];
static char addrs[MCP_GEN_USERS][41];
static bool keys_ready;

static void make_keys(void) {
  if (keys_ready) return;
  for (size_t i = 0; i < MCP_GEN_USERS; i++) {
    ff_keypair_from_seed(&keys[i], 101 + i);
    ff_address_hex(keys[i].addr, addrs[i]);
  }
  keys_ready = true;
}

const ff_keypair *mcp_gen_key(size_t user) {
  make_keys();
  return &keys[user % MCP_GEN_USERS];
}

const char *mcp_gen_address(size_t user) {
  make_keys();
  return addrs[user % MCP_GEN_USERS];
}

mcp_auth_err mcp_gen_login(mcp_auth *a, mcp_rng *rng, size_t user, uint64_t now, char *token, size_t cap) {
  char challenge[MCP_CHALLENGE_MAX], sig[140];
  if (mcp_auth_challenge(a, mcp_gen_address(user), now, rng, challenge) != VM_OK) return MCP_AUTH_BAD_REQUEST;
  mcp_login_signature(mcp_gen_key(user), challenge, sig);
  mcp_claims c;
  return mcp_auth_login(a, mcp_gen_address(user), challenge, sig, now, token, cap, &c);
}

bool mcp_libjwt_accepts(const char *token, const uint8_t *secret, size_t secret_len, char *sub, size_t sub_cap) {
  jwt_t *j = NULL;
  if (jwt_decode(&j, token, secret, (int)secret_len) != 0 || !j) return false;
  bool ok = jwt_get_alg(j) == JWT_ALG_HS256;
  if (ok && sub) {
    const char *s = jwt_get_grant(j, "sub");
    snprintf(sub, sub_cap, "%s", s ? s : "");
  }
  jwt_free(j);
  return ok;
}
