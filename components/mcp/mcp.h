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
 *   ops.c        operations: UUIDv4 ids, Queued -> Running -> Completed |
 *                Failed | Cancelled with guards, progress, TTL cleanup on a
 *                virtual clock, readable by their owner or an admin (§4.4)
 *   exec.c       running a tool for an identity: 404/400/403/500/504 from
 *                the ToolError table, 202 and an operation for long tools
 *   env.c        the state the built-in tools act on (the vm core's store,
 *                VM specs, pack builds) and their registration
 *   tools_vm.c   vm.status, vm.list, vm.create, vm.control, vm.delete on the
 *                vm core: ownership and permissions, vcpus range-checked (§4.5)
 *   api.c        the REST routes, the {"status","data","message"} envelope,
 *                /health, /version, the 404 body (§4.1)
 *   formfile.c   the Formfile text grammar (§6.1)
 *   formfile_rules.c  the checks both Formfile forms share: names, limits,
 *                users, paths, packages, env keys, GPUs (§6.1, §6.2)
 *   formfile_json.c   the serde JSON form (§6.2), validated by the same rules
 *   pack.c       scheme C (§1.3) bound to the request, build ids, image
 *                paths, the pack queue message (§6.4)
 *   tools_pack.c form_pack_build and form_pack_ship (§4.5)
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
/* src into dst (cap bytes) with every byte outside printable ASCII as '?':
 * messages quote user input, cut at any byte, and must stay valid JSON text. */
void mcp_ascii_copy(char *dst, size_t cap, const char *src);
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

/* ---- operations (§4.4) ------------------------------------------------------ */
typedef enum mcp_op_status {
  MCP_OP_QUEUED,
  MCP_OP_RUNNING,
  MCP_OP_COMPLETED,
  MCP_OP_FAILED,
  MCP_OP_CANCELLED,
} mcp_op_status;
const char *mcp_op_status_name(mcp_op_status s); /* lowercase, as on the wire */
bool mcp_op_terminal(mcp_op_status s);

#define MCP_OPS_MAX 32
#define MCP_OP_TTL 3600
#define MCP_UUID_LEN 36

typedef struct mcp_operation {
  bool used;
  char id[MCP_UUID_LEN + 1];
  mcp_identity who; /* the owner, and the identity the tool runs as */
  const mcp_tool_def *tool;
  mcp_op_status status;
  double progress; /* 0..1; 1 on completion */
  json_t *params;  /* resolved parameters for the run */
  json_t *result;  /* on completion */
  char error[MCP_MSG_MAX];
  int error_status; /* HTTP status of the tool error, on failure */
  uint64_t created, updated, completed;
  uint64_t ttl;
} mcp_operation;

typedef struct mcp_ops {
  mcp_operation ops[MCP_OPS_MAX];
} mcp_ops;

void mcp_ops_init(mcp_ops *o);
void mcp_ops_free(mcp_ops *o);
/* A v4 UUID from rng (version and variant bits set), lowercase. */
void mcp_uuid4(mcp_rng *rng, char out[MCP_UUID_LEN + 1]);
/* A queued operation owned by who; NULL when the table is full of live ones
 * (expired ones are cleaned up first). Takes a reference to params. */
mcp_operation *mcp_ops_create(mcp_ops *o, mcp_rng *rng, const mcp_identity *who, const mcp_tool_def *tool,
                              json_t *params, uint64_t now);
/* Transitions with guards: false (nothing changed) from a state that does
 * not allow it. start: Queued; progress: Running, clamped to 0..1;
 * complete/fail: Running; cancel: Queued or Running. */
bool mcp_op_start(mcp_operation *op, uint64_t now);
bool mcp_op_progress(mcp_operation *op, double p, uint64_t now);
bool mcp_op_complete(mcp_operation *op, json_t *result, uint64_t now); /* steals result */
bool mcp_op_fail(mcp_operation *op, int status, const char *error, uint64_t now);
bool mcp_op_cancel(mcp_operation *op, uint64_t now);
/* The operation id as who may see it: its owner or an admin; NULL otherwise. */
mcp_operation *mcp_ops_get(mcp_ops *o, const char *id, const mcp_identity *who);
/* Frees terminal operations completed more than their ttl ago; returns how many. */
size_t mcp_ops_cleanup(mcp_ops *o, uint64_t now);
/* OperationStatus{id, status, progress, result, error}. */
json_t *mcp_op_json(const mcp_operation *op);

/* ---- execution ------------------------------------------------------------------ */
typedef struct mcp_tool_ctx {
  mcp_identity who;
  char request_id[MCP_UUID_LEN + 1];
  void *data; /* the tool definition's data */
  uint64_t now;
} mcp_tool_ctx;

typedef struct mcp_exec {
  int status;   /* HTTP */
  json_t *data; /* the envelope's data (new reference) or NULL */
  char message[MCP_MSG_MAX];
} mcp_exec;

/* The identity the real server runs every tool as (§4.2: user "test_user",
 * is_admin true); only the known-bug replica mcp.identity_ignored uses it. */
#define MCP_TEST_USER_ADDR "0000000000000000000000000000000000007e57"

/* Execute tool name with params for who (a token holder): 404 unknown tool,
 * 403 without the "user" role, 400 invalid parameters; a short tool runs now
 * (200 ToolResponse{status:"success",result,error:null}, or its error's
 * status); a long one is queued as an operation owned by who (202). */
void mcp_execute(const mcp_registry *r, mcp_ops *ops, mcp_rng *rng, const mcp_identity *who, const char *name,
                 json_t *params, uint64_t now, mcp_exec *out);
/* Runs every queued operation to its end (Running, then Completed with the
 * tool's result or Failed with its error). Returns how many ran. */
size_t mcp_ops_run_pending(mcp_ops *ops, uint64_t now);

/* ---- Formfiles (§6) ----------------------------------------------------------------- */
#define MCP_FF_STR 256
#define MCP_FF_ITEM 128
#define MCP_FF_LIST 8
#define MCP_FF_INSTR 32
#define MCP_FF_USERS 4
#define MCP_FF_GPUS 8
#define MCP_FF_NAME_MAX 32 /* usernames, groups */
#define MCP_ERR_MAX 160

typedef enum mcp_ff_kind { MCP_FI_RUN, MCP_FI_COPY, MCP_FI_INSTALL, MCP_FI_ENV, MCP_FI_ENTRYPOINT, MCP_FI_EXPOSE } mcp_ff_kind;
typedef enum mcp_ff_scope { MCP_SCOPE_SYSTEM, MCP_SCOPE_USER, MCP_SCOPE_SERVICE } mcp_ff_scope;

typedef struct mcp_ff_instr {
  mcp_ff_kind kind;
  char a[MCP_FF_STR]; /* Run text, Copy from, Env key, Entrypoint command */
  char b[MCP_FF_STR]; /* Copy to, Env value */
  mcp_ff_scope scope;
  char scope_name[MCP_FF_ITEM];
  char list[MCP_FF_LIST][MCP_FF_ITEM]; /* Install packages, Entrypoint args */
  size_t nlist;
  uint16_t ports[MCP_FF_LIST]; /* Expose, ascending, distinct */
  size_t nports;
} mcp_ff_instr;

typedef struct mcp_ff_user {
  char username[MCP_FF_NAME_MAX + 1];
  char passwd[MCP_FF_STR]; /* a sha512-crypt hash ("$6$..."), or "" for none */
  char keys[MCP_FF_LIST / 2][MCP_FF_STR];
  size_t nkeys;
  char groups[MCP_FF_LIST][MCP_FF_NAME_MAX + 1];
  size_t ngroups;
  bool lock_passwd, sudo, ssh_pwauth, disable_root, chpasswd_expire;
  char shell[MCP_FF_ITEM];
} mcp_ff_user;

typedef struct mcp_ff_gpu {
  char model[8];
  uint8_t count;
} mcp_ff_gpu;

typedef struct mcp_formfile {
  char name[VM_NAME_MAX + 1];
  bool has_description;
  char description[MCP_FF_STR];
  bool has_model;
  char model_id[MCP_FF_ITEM];
  bool model_required;
  mcp_ff_instr instrs[MCP_FF_INSTR];
  size_t ninstr;
  uint8_t vcpus;      /* 1..128, default 1 */
  uint32_t memory_mb; /* 512..256000, default 512 */
  bool has_disk;
  uint16_t disk_gb; /* >= 5 */
  mcp_ff_gpu gpus[MCP_FF_GPUS];
  size_t ngpus;
  mcp_ff_user users[MCP_FF_USERS];
  size_t nusers;
  char workdir[MCP_FF_STR]; /* default "/" */
} mcp_formfile;

/* The shared rules (formfile_rules.c); each returns NULL or a reason. */
const char *mcp_ff_check_name(const char *name);
const char *mcp_ff_check_vcpus(long long v);
const char *mcp_ff_check_memory(long long v);
const char *mcp_ff_check_disk(long long v);
const char *mcp_ff_check_gpu(const char *model, long long count);
const char *mcp_ff_check_workdir(const char *path);
const char *mcp_ff_check_copy_path(const char *path);
const char *mcp_ff_check_package(const char *pkg);
const char *mcp_ff_check_env_key(const char *key);
const char *mcp_ff_check_username(const char *name);
const char *mcp_ff_check_passwd_hash(const char *hash);
const char *mcp_ff_check_shell(const char *shell);
const char *mcp_ff_check_port(long long port);
/* Every rule over a whole Formfile (what both parsers end with). */
const char *mcp_ff_check(const mcp_formfile *f);
void mcp_formfile_init(mcp_formfile *f);

/* Text grammar (§6.1). Passwords are hashed with sha512-crypt
 * (rounds=4096) and a salt from rng. Returns true, or false with err. */
bool mcp_formfile_parse_text(const char *text, size_t len, mcp_rng *rng, mcp_formfile *f, char *err, size_t err_cap);
/* The §6.2 JSON (compact, serde field order); malloc'd, NULL on failure. */
char *mcp_formfile_to_json(const mcp_formfile *f);
/* The JSON form, validated by the same rules as the text (unknown fields are
 * ignored, as serde does; a plaintext passwd is refused). */
bool mcp_formfile_from_json(const char *json, size_t len, mcp_formfile *f, char *err, size_t err_cap);
/* Text if it does not start with '{', else JSON. */
bool mcp_formfile_parse_any(const char *text, size_t len, mcp_rng *rng, mcp_formfile *f, char *err, size_t err_cap);

/* ---- scheme C and the pack queue (§1.3, §6.4) ---------------------------------------- */
#define MCP_IMAGE_DIR "/var/lib/formation/vm-images"
/* hash = SHA3-256( SHA3-256(signer20 || name) || formfile JSON || SHA3-256(artifacts) ):
 * the CLI's hash with the artifacts added, recomputed by the server. */
void mcp_pack_hash(const uint8_t signer20[20], const mcp_formfile *f, const uint8_t *artifacts, size_t artifacts_len,
                   uint8_t out[32]);
typedef struct mcp_pack_build {
  vm_addr signer;
  char build_id[65]; /* hex SHA3-256(signer20 || name), as the status writes use */
  char image_path[sizeof MCP_IMAGE_DIR + 80];
  mcp_formfile formfile;
} mcp_pack_build;
/* A PackBuildRequest {sig:{sig,rec}, hash:[32], request:{name, formfile, artifacts}}:
 * the signer is recovered with the vm core (digest SHA-256(hash), low-S), the
 * formfile validated, request.name must equal formfile.name, and the hash
 * must be the one recomputed for this signer and request. */
bool mcp_pack_verify_request(const char *json, size_t len, mcp_pack_build *out, char *err, size_t err_cap);
/* A pack queue message: subtopic byte 0 (PackBuildRequest) then the JSON;
 * 1 (PackBuildResponse) is ignored (false, "ignored"); others and an empty
 * message are refused, never a crash. */
bool mcp_pack_handle_message(const uint8_t *msg, size_t len, mcp_pack_build *out, char *err, size_t err_cap);
/* The JSON of a signed request for f by kp (clients, tests, fuzzers). */
char *mcp_pack_request_json(const ff_keypair *kp, const mcp_formfile *f, const uint8_t *artifacts, size_t artifacts_len);

/* ---- the built-in tools' state (§4.5) --------------------------------------------- */
/* The node the MCP server creates its VMs on (instance ids derive from it, §3.5). */
#define MCP_NODE_ID "6d63700000000000000000000000000000000001"
#define MCP_VCPUS_MAX 128
#define MCP_MEMORY_MIN 512
#define MCP_MEMORY_MAX 256000
#define MCP_DISK_MIN 5
#define MCP_DISK_MAX 65535
#define MCP_BUILDS_MAX 16
#define MCP_BUILTIN_TOOLS 7

typedef struct mcp_vm_spec {
  bool used;
  char id[VM_ADDR_LEN + 1];
  char name[VM_NAME_MAX + 1];
  unsigned vcpus;
  uint64_t memory_mb, disk_gb;
} mcp_vm_spec;

typedef struct mcp_build {
  bool used;
  char build_id[65];
  vm_addr owner;
  char name[VM_NAME_MAX + 1];
  unsigned vcpus;
  uint64_t memory_mb, disk_gb;
} mcp_build;

typedef struct mcp_env {
  vm_store store;
  mcp_vm_spec specs[VM_MAX_INSTANCES];
  mcp_build builds[MCP_BUILDS_MAX];
  mcp_tool_def defs[MCP_BUILTIN_TOOLS];
} mcp_env;

void mcp_env_init(mcp_env *env);
/* Registers vm.status, vm.list, vm.create, vm.control, vm.delete,
 * form_pack_build and form_pack_ship. */
mcp_reg_err mcp_env_register(mcp_env *env, mcp_registry *r);
const mcp_vm_spec *mcp_env_spec(const mcp_env *env, const char *id);
/* The VM a create or a ship makes: validated name (vm_name_validate), vcpus
 * 1..128, memory 512..256000 MB, disk 5..65535 GB, owned by who (its
 * account made on first use); id from build_id(owner, name) and MCP_NODE_ID.
 * result: {instance_id, name, owner, vcpus, memory_mb, disk_gb, status}. */
mcp_tool_err mcp_vm_create(mcp_env *env, const mcp_identity *who, const char *name, unsigned vcpus, uint64_t memory_mb,
                           uint64_t disk_gb, json_t **result, char *msg, size_t cap);
/* The tool definitions and runs of tools_vm.c (env.c registers them). */
extern const mcp_tool_def mcp_tool_vm_status, mcp_tool_vm_list, mcp_tool_vm_create, mcp_tool_vm_control,
    mcp_tool_vm_delete;
/* ... and of tools_pack.c. */
extern const mcp_tool_def mcp_tool_pack_build, mcp_tool_pack_ship;

/* ---- the REST API (§4.1) ---------------------------------------------------------- */
#define MCP_VERSION "0.1.0"
#define MCP_BODY_MAX 65536

typedef struct mcp_server {
  mcp_auth auth;
  mcp_registry reg;
  mcp_ops ops;
  mcp_env env;
  mcp_rng rng;
} mcp_server;

typedef struct mcp_response {
  int status;
  const char *content_type;
  char *body; /* malloc'd */
  size_t len;
} mcp_response;

/* A server with the built-in tools, a per-deployment secret and token lifetime. */
void mcp_server_init(mcp_server *s, const uint8_t secret[MCP_SECRET_LEN], uint64_t token_lifetime, uint64_t seed);
void mcp_server_free(mcp_server *s);
/* One request: method, target (path and query), the Authorization header
 * (NULL when absent), the body; now is the server clock. */
void mcp_handle(mcp_server *s, const char *method, const char *target, const char *authorization, const char *body,
                size_t body_len, uint64_t now, mcp_response *r);
void mcp_response_free(mcp_response *r);

/* Checks params against def's schema: an object; no unknown key; each value
 * of its declared type and, when the parameter has an enum, equal to one of
 * its values; every required key present. On success *resolved is a new
 * object with the defaults filled in. */
mcp_tool_err mcp_params_resolve(const mcp_tool_def *def, json_t *params, json_t **resolved, char *msg,
                                size_t msg_cap);
/* Whether value has type t (number: integer or real). */
bool mcp_ptype_matches(mcp_ptype t, json_t *value);

#endif
