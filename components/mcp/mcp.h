/* The mcp core's API: Formation's MCP server (spec formation-vm-mcp-econ-pack.md
 * §4) and its workload packaging (§6, scheme C of §1.3), re-implemented with
 * the intended, correct behaviour. Parts (one file each):
 *   rng.c        the deterministic random source (ids, nonces; seeded)
 *   b64url.c     base64url without padding, strict
 *   jwt.c        JWT HS256 with string claims sub/iat/exp/roles (§4.2)
 *   auth.c       the middleware (skip list, Bearer), challenges and login
 *                with a scheme-A signature checked by the vm core's verifier
 *   registry.c   the tool registry: names, duplicates, categories, sorted
 *                listing, ToolDefinition JSON (§4.3)
 *   errors.c     tool errors and their HTTP statuses
 *   params.c     parameter validation against a tool's schema: types, enums,
 *                defaults, unknown keys, required keys (§4.3)
 * Known-bug replicas (FF_BUG("mcp.<id>")) are listed in bugs.tsv. */
#ifndef FORMFUZZ_MCP_H
#define FORMFUZZ_MCP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "formfuzz/crypto.h"
#include "vm.h"

/* ---- rng ------------------------------------------------------------------ */
typedef struct mcp_rng {
  uint64_t state;
} mcp_rng;
void mcp_rng_seed(mcp_rng *r, uint64_t seed);
uint64_t mcp_rng_next(mcp_rng *r);
void mcp_rng_fill(mcp_rng *r, uint8_t *out, size_t n);

/* ---- base64url (no padding) ------------------------------------------------ */
/* Writes the encoding of n bytes and a NUL; returns its length or -1 when it
 * does not fit in cap. */
long mcp_b64url_encode(const uint8_t *in, size_t n, char *out, size_t cap);
/* Strict decoding: only [A-Za-z0-9_-], no '=', no whitespace, length % 4 != 1,
 * unused trailing bits zero (one text per byte string). Returns the length or -1. */
long mcp_b64url_decode(const char *in, size_t n, uint8_t *out, size_t cap);

/* ---- JWT HS256 (§4.2) -------------------------------------------------------- */
/* The secret the real server hard-codes (§4.2); kept for vector V6 and for the
 * known-bug replica mcp.hardcoded_secret, never used by the correct server. */
#define MCP_JWT_HARDCODED_SECRET "your-secret-key-which-should-be-very-long-and-complex"
#define MCP_SUB_MAX 48
#define MCP_ROLES_MAX 128
#define MCP_TOKEN_MAX 1024

typedef struct mcp_claims {
  char sub[MCP_SUB_MAX];
  uint64_t iat;
  uint64_t exp;
  bool has_roles;
  char roles[MCP_ROLES_MAX]; /* comma-joined */
} mcp_claims;

typedef enum mcp_jwt_err {
  MCP_JWT_OK = 0,
  MCP_JWT_MALFORMED,     /* not three base64url parts of JSON objects */
  MCP_JWT_ALG_MISMATCH,  /* header alg is not "HS256" (none, RS256, ...) */
  MCP_JWT_BAD_SIGNATURE, /* HMAC does not match */
  MCP_JWT_BAD_CLAIMS,    /* a non-string claim, sub or exp missing, a bad number */
  MCP_JWT_EXPIRED,       /* exp < now */
} mcp_jwt_err;
const char *mcp_jwt_err_message(mcp_jwt_err e);

/* Header {"alg":"HS256"}, claims {"exp","iat","roles","sub"} (sorted keys,
 * decimal strings). Returns the token length or -1. */
long mcp_jwt_sign(const uint8_t *secret, size_t secret_len, const mcp_claims *c, char *out, size_t cap);
/* Checks structure, alg, HMAC (constant time), claims, then exp < now. */
mcp_jwt_err mcp_jwt_verify(const uint8_t *secret, size_t secret_len, const char *token, size_t len,
                           uint64_t now, mcp_claims *out);

/* ---- authentication (§4.2) ------------------------------------------------ */
#define MCP_SECRET_LEN 32
#define MCP_CHALLENGES 16
#define MCP_CHALLENGE_TTL 300
#define MCP_CHALLENGE_MAX 160
#define MCP_ADMINS_MAX 4

typedef struct mcp_challenge {
  bool used;
  vm_addr addr;
  char text[MCP_CHALLENGE_MAX];
  uint64_t issued;
} mcp_challenge;

typedef struct mcp_auth {
  uint8_t secret[MCP_SECRET_LEN]; /* per deployment */
  uint64_t token_lifetime;        /* settings.auth.token_expiration */
  vm_addr admins[MCP_ADMINS_MAX];
  size_t admin_count;
  mcp_challenge challenges[MCP_CHALLENGES];
} mcp_auth;

/* Who a valid token speaks for. */
typedef struct mcp_identity {
  vm_addr addr;
  bool is_user;  /* role "user": may list and run tools */
  bool is_admin; /* role "admin" */
  uint64_t exp;
} mcp_identity;

typedef enum mcp_auth_err {
  MCP_AUTH_OK = 0,
  MCP_AUTH_MISSING,      /* no Authorization header */
  MCP_AUTH_NOT_BEARER,   /* the header does not start with "Bearer " */
  MCP_AUTH_BAD_TOKEN,    /* the token does not verify (mcp_jwt_err says why) */
  MCP_AUTH_BAD_SUBJECT,  /* sub is not an address */
  MCP_AUTH_BAD_REQUEST,  /* login body fields missing or malformed */
  MCP_AUTH_NO_CHALLENGE, /* signed message is no outstanding challenge of this address */
  MCP_AUTH_BAD_SIGNATURE,/* the scheme-A signature does not verify or names another signer */
} mcp_auth_err;

void mcp_auth_init(mcp_auth *a, const uint8_t secret[MCP_SECRET_LEN], uint64_t token_lifetime);
vm_err mcp_auth_add_admin(mcp_auth *a, const char *address);
/* Paths served without a token: /health, /api/v1/health, /version, /public...,
 * and the login routes /api/auth/challenge and /api/auth/login. */
bool mcp_auth_skipped(const char *path);
/* The middleware: "Bearer <token>" (exactly that prefix, then the token with
 * surrounding whitespace removed). why gets "Authentication failed: <error>". */
mcp_auth_err mcp_auth_bearer(const mcp_auth *a, const char *header, uint64_t now, mcp_identity *id, char *why,
                             size_t why_cap);
/* A one-time login challenge for address, valid MCP_CHALLENGE_TTL seconds. */
vm_err mcp_auth_challenge(mcp_auth *a, const char *address, uint64_t now, mcp_rng *rng,
                          char out[MCP_CHALLENGE_MAX]);
/* Login: signed_message must be an outstanding challenge of address, and
 * signature "<hex r||s>.<recid>" a scheme-A signature of it (the vm core's
 * verifier, digest SHA-256(SHA-256(message))) recovering to address. The
 * challenge is consumed; the token carries sub "0x<address>", roles
 * "admin,user" for configured admins else "user", exp = now + lifetime. */
mcp_auth_err mcp_auth_login(mcp_auth *a, const char *address, const char *signed_message, const char *signature,
                            uint64_t now, char *token, size_t token_cap, mcp_claims *claims);
/* The login signature field for a challenge, made with kp (clients, tests). */
void mcp_login_signature(const ff_keypair *kp, const char *challenge, char out[140]);

/* ---- tool registry (§4.3) ---------------------------------------------------- */
typedef struct json_t json_t;

typedef enum mcp_ptype { MCP_T_STRING, MCP_T_NUMBER, MCP_T_BOOLEAN, MCP_T_OBJECT, MCP_T_ARRAY, MCP_T_COUNT } mcp_ptype;
const char *mcp_ptype_name(mcp_ptype t);

/* Tool errors and their HTTP statuses (the ToolError table of §4.3). */
typedef enum mcp_tool_err {
  MCP_TOOL_OK = 0,
  MCP_TOOL_E_INVALID,   /* 400 invalid parameters */
  MCP_TOOL_E_FORBIDDEN, /* 403 */
  MCP_TOOL_E_NOT_FOUND, /* 404 */
  MCP_TOOL_E_INTERNAL,  /* 500 execution failed */
  MCP_TOOL_E_TIMEOUT,   /* 504 */
} mcp_tool_err;
int mcp_tool_err_http(mcp_tool_err e);
const char *mcp_tool_err_name(mcp_tool_err e);

#define MCP_PARAMS_MAX 8
#define MCP_ENUM_MAX 6
#define MCP_TAGS_MAX 4
#define MCP_TOOLS_MAX 32
#define MCP_TOOL_NAME_MAX 64
#define MCP_MSG_MAX 200

typedef struct mcp_param {
  const char *name;
  const char *description;
  bool required;
  mcp_ptype type;
  const char *default_json;                 /* JSON text, NULL: no default */
  const char *enum_json[MCP_ENUM_MAX + 1];  /* JSON texts, NULL-terminated; empty: any value */
} mcp_param;

struct mcp_tool_ctx;
/* A tool's work: resolved params (an object that satisfied the schema, with
 * defaults filled in) -> a JSON result (new reference) or an error and msg. */
typedef mcp_tool_err (*mcp_tool_fn)(const struct mcp_tool_ctx *ctx, json_t *params, json_t **result, char *msg,
                                    size_t msg_cap);

typedef struct mcp_tool_def {
  const char *name;
  const char *description;
  const char *version;
  const char *return_type;
  mcp_param params[MCP_PARAMS_MAX];
  size_t nparams;
  const char *tags[MCP_TAGS_MAX]; /* categories */
  size_t ntags;
  bool long_running;
  mcp_tool_fn run;
  void *data; /* the tool's own state, given back in ctx */
} mcp_tool_def;

/* Definitions are not copied: they must outlive the registry. Kept sorted by
 * name, so listings are deterministic. */
typedef struct mcp_registry {
  const mcp_tool_def *tools[MCP_TOOLS_MAX];
  size_t n;
} mcp_registry;

typedef enum mcp_reg_err {
  MCP_REG_OK = 0,
  MCP_REG_BAD_NAME,  /* tool name: 1..64 of [a-z0-9_.], a letter first, no "..", no '.' last */
  MCP_REG_BAD_DEF,   /* a parameter name, type, default or enum that does not fit the schema */
  MCP_REG_DUPLICATE, /* the first registration stays */
  MCP_REG_FULL,
} mcp_reg_err;

void mcp_registry_init(mcp_registry *r);
bool mcp_tool_name_valid(const char *name);
mcp_reg_err mcp_registry_add(mcp_registry *r, const mcp_tool_def *def);
const mcp_tool_def *mcp_registry_find(const mcp_registry *r, const char *name);
/* {"tools":[ToolDefinition...],"categories":[...]} : tools whose tags hold
 * category exactly (all when NULL), by name; every category, sorted. */
json_t *mcp_registry_list_json(const mcp_registry *r, const char *category);
json_t *mcp_tool_def_json(const mcp_tool_def *def);

/* Checks params against def's schema: an object; no unknown key; each value
 * of its declared type and, when the parameter has an enum, equal to one of
 * its values; every required key present. On success *resolved is a new
 * object with the defaults filled in. */
mcp_tool_err mcp_params_resolve(const mcp_tool_def *def, json_t *params, json_t **resolved, char *msg,
                                size_t msg_cap);
/* Whether value has type t (number: integer or real). */
bool mcp_ptype_matches(mcp_ptype t, json_t *value);

#endif
