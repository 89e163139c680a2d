/* mcp generators and fixtures shared by the mcp fuzzers and tests: the test
 * keys (user 0 is the deployment's admin), a login that signs a fresh
 * challenge, and libjwt as the independent JWT parser. */
#ifndef MCP_FUZZ_GEN_H
#define MCP_FUZZ_GEN_H

#include "formfuzz/input.h"
#include "mcp.h"

#define MCP_GEN_USERS 3
/* Key pairs of the test users (deterministic, computed once). */
const ff_keypair *mcp_gen_key(size_t user);
/* "0x"-less lowercase address of a test user. */
const char *mcp_gen_address(size_t user);
/* Challenge + signed login for user; returns the auth result, token in out. */
mcp_auth_err mcp_gen_login(mcp_auth *a, mcp_rng *rng, size_t user, uint64_t now, char *token, size_t cap);

/* libjwt's verdict on a token under secret: true when jwt_decode accepts it;
 * sub (may be NULL) receives its "sub" claim. */
bool mcp_libjwt_accepts(const char *token, const uint8_t *secret, size_t secret_len, char *sub, size_t sub_cap);

#endif
