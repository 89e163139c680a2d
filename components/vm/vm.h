/* The vm core's API: Formation's VM management and ownership verification
 * (spec formation-vm-mcp-econ-pack.md §1-3), re-implemented with the intended,
 * correct behaviour. Parts (one file each):
 *   hex.c          lowercase hex encoding; decoding is core's strict
 *                  ff_hex_decode (formfuzz/hex.h: no 0x, any case, even length)
 *   address.c      the one address normalization function
 *   sig_recover.c  digest + r||s + recid -> signer address, low-S only
 *   recid.c        recovery-id text, read like Rust's u8::from_str, 0..3
 *   sig_a.c        scheme A: "Authorization: Signature <r||s>.<recid>.<msg>"
 *   sig_b.c        scheme B: X-Signature / X-Recovery-Id / X-Message
 *   freshness.c    the signed-message format binding method, path, body, time,
 *                  nonce; bounded nonce cache
 *   store.c        accounts and instances; ownership in both places of the
 *                  real data model (instance owner, account owned set), kept
 *                  in agreement by every change
 *   store_tx.c     a change as a transaction of record writes (fault site
 *                  storage.write), undone when one fails
 *   admins.c       the three "admin" notions of §2.4, kept apart
 *   permissions.c  the operation x level matrix (one function decides)
 *   transfer.c     ownership transfer as begin/commit steps, atomic commit
 *   names.c        VM name and ID validation
 *   ids.c          build_id and instance_id derivations (§3.5)
 *   lifecycle.c    instance status and hypervisor transition tables (§3.6, §3.7)
 *   account_json.c the Account JSON (§2.1) inside {"Create":…}/{"Update":…}
 *   account_api.c  POST /v1/account/create and /update: what a caller may set
 *   serde.c        serde's reading of JSON bodies (§0.3): field tables,
 *                  required / Option / defaulted, 400 vs 422 (serde.h)
 *   instance_json.c the Instance JSON (§2.3): read as serde reads it, written
 *                  as serde writes it
 *   instance_api.c POST /v1/instance/create and /update, GET /v1/instance/list:
 *                  what a caller may set, who may see what
 *   queue.c        vmm queue messages: subtopic byte + request JSON (§0.4, §3.3)
 *   panic.c        how a replica shows a Rust panic (message, abort)
 *   http.c         the HTTP answer: the middleware's 401 vs the extractor's
 *                  400, the loopback prefix rule, JSON bodies
 *   headers.c      the request's header block: names, whitespace, repeats
 *   request.c      a signed request end to end: auth, freshness, authority, effect
 *   errors.c       error names and messages
 * Known-bug replicas (FF_BUG("vm.<id>")) are listed in bugs.tsv. */
#ifndef FORMFUZZ_VM_H
#define FORMFUZZ_VM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "formfuzz/hex.h"

/* ---- errors ------------------------------------------------------------- */
typedef enum vm_err {
  VM_OK = 0,
  VM_E_MISSING_SIGNATURE,  /* 401 */
  VM_E_INVALID_FORMAT,     /* 400 */
  VM_E_INVALID_SIGNATURE,  /* 401 */
  VM_E_INVALID_MESSAGE,    /* 400 (scheme B X-Message not hex) */
  VM_E_RECOVERY_FAILED,    /* 401 (includes high-S) */
  VM_E_STALE,              /* 401 timestamp outside the window */
  VM_E_REPLAY,             /* 401 nonce already seen */
  VM_E_NOT_BOUND,          /* 401 signed message names another method/path/body */
  VM_E_FORBIDDEN,          /* 403 */
  VM_E_NOT_FOUND,          /* 404 */
  VM_E_EXISTS,             /* 409 */
  VM_E_BAD_ADDRESS,        /* 400 */
  VM_E_BAD_NAME,           /* 400 */
  VM_E_BAD_ID,             /* 400 */
  VM_E_BAD_LEVEL,          /* 400 */
  VM_E_FULL,               /* 507 a fixed-size table is full */
  VM_E_ILLEGAL_TRANSITION, /* 409 */
  VM_E_CONFLICT,           /* 409 the state changed under a pending operation */
  VM_E_BAD_REQUEST,        /* 400 */
  VM_E_STORAGE,            /* 500 a storage write failed; nothing was changed */
  VM_E_JSON_DATA,          /* 422 well-formed JSON of the wrong shape (axum JsonDataError) */
  VM_E_TOO_LARGE,          /* 413 a body's part is longer than the store keeps */
} vm_err;

const char *vm_err_name(vm_err e);
/* What kind of refusal an error is, as the HTTP status says it: a request
 * that is not authenticated (401: missing signature, or one that does not
 * verify) is a different thing from a malformed one (400). */
typedef enum vm_err_kind {
  VM_KIND_OK,
  VM_KIND_UNAUTHENTICATED, /* 401 */
  VM_KIND_MALFORMED,       /* 400 */
  VM_KIND_FORBIDDEN,       /* 403 */
  VM_KIND_OTHER,           /* 404, 409, 507 */
} vm_err_kind;
vm_err_kind vm_err_kind_of(vm_err e);
/* A sentence a person can act on. */
const char *vm_err_message(vm_err e);
int vm_err_http_status(vm_err e);

/* ---- hex ----------------------------------------------------------------- */
/* Lowercase hex of n bytes into out (2n+1 bytes). */
void vm_hex_encode(const uint8_t *bytes, size_t n, char *out);

/* ---- addresses ---------------------------------------------------------- */
#define VM_ADDR_LEN 40 /* canonical form: 40 lowercase hex characters, no 0x */
typedef struct vm_addr {
  char hex[VM_ADDR_LEN + 1];
} vm_addr;

/* The one normalization: optional "0x"/"0X", then exactly 40 hex digits of any
 * case -> 40 lowercase hex. Every comparison of addresses goes through this. */
vm_err vm_address_normalize(const char *text, vm_addr *out);
bool vm_addr_equal(const vm_addr *a, const vm_addr *b);
void vm_addr_from_bytes(const uint8_t addr20[20], vm_addr *out);

/* ---- signatures ---------------------------------------------------------- */
#define VM_MSG_MAX 1024 /* longest signed message accepted */

/* What a verified signature says: who signed, and the signed message bytes. */
typedef struct vm_signed {
  vm_addr signer;
  uint8_t message[VM_MSG_MAX];
  size_t message_len;
} vm_signed;

/* r||s + recid over digest -> signer. Rejects r or s = 0 or >= n
 * (VM_E_INVALID_SIGNATURE), recid outside 0..3, high-S and failed recovery
 * (VM_E_RECOVERY_FAILED). */
vm_err vm_recover_signer(const uint8_t digest[32], const uint8_t sig64[64], int recid,
                         vm_addr *signer);

/* Recovery id text (len bytes at p) read like Rust's u8::from_str: optional
 * '+', decimal digits with any leading zeros, at most 255; then 0..3. */
vm_err vm_recid_parse(const char *p, size_t len, int *recid);

/* Scheme A. header is the Authorization value (NULL when missing). The digest
 * is SHA-256(SHA-256(message)). */
vm_err vm_scheme_a_verify(const char *header, vm_signed *out);

/* Scheme B. Each header NULL when missing. The digest is SHA-256(message). */
typedef struct vm_scheme_b_headers {
  const char *x_signature;
  const char *x_recovery_id;
  const char *x_message;
} vm_scheme_b_headers;
vm_err vm_scheme_b_verify(const vm_scheme_b_headers *h, vm_signed *out);

/* ---- freshness ------------------------------------------------------------
 * The signed message (UTF-8 text, lines separated by '\n', no trailing newline):
 *   formation-request-v1
 *   <METHOD>                 e.g. POST
 *   <path>                   e.g. /v1/instance/<id>/start
 *   <sha256 of body, hex>    64 lowercase hex
 *   <timestamp>              decimal Unix seconds, no sign, no leading zeros
 *   <nonce>                  32 lowercase hex (16 random bytes)
 * Accepted when it names this request's method, path and body, the timestamp
 * is within VM_FRESH_WINDOW seconds of the server clock, and the (signer,
 * nonce) pair has not been accepted before. */
#define VM_FRESH_WINDOW 300
#define VM_NONCE_CACHE 32
#define VM_NONCE_HEX 32

typedef struct vm_fresh_fields {
  char method[16];
  char path[160];
  uint8_t body_hash[32];
  uint64_t timestamp;
  char nonce[VM_NONCE_HEX + 1];
} vm_fresh_fields;

/* Writes the signed message for these fields; returns its length or -1 when
 * it does not fit in cap. */
long vm_fresh_format(const char *method, const char *path, const void *body, size_t body_len,
                     uint64_t timestamp, const char nonce[VM_NONCE_HEX + 1], char *out,
                     size_t cap);
vm_err vm_fresh_parse(const uint8_t *msg, size_t len, vm_fresh_fields *out);

typedef struct vm_nonce_entry {
  vm_addr signer;
  char nonce[VM_NONCE_HEX + 1];
  uint64_t timestamp;
} vm_nonce_entry;

/* Bounded replay cache. When full, the oldest entry is evicted and its
 * timestamp becomes a floor: messages at or below it are refused, so an
 * evicted nonce can never be replayed. */
typedef struct vm_nonce_cache {
  vm_nonce_entry entries[VM_NONCE_CACHE];
  size_t count;
  uint64_t floor; /* timestamps <= floor are refused (0: none yet) */
  bool has_floor;
} vm_nonce_cache;

void vm_nonce_cache_init(vm_nonce_cache *c);
/* Check a verified message against the request and the clock; on success the
 * nonce is recorded. */
vm_err vm_fresh_check(vm_nonce_cache *c, const vm_signed *s, const char *method, const char *path,
                      const void *body, size_t body_len, uint64_t now);

/* ---- lifecycle ------------------------------------------------------------ */
typedef enum vm_status {
  VM_ST_BUILDING,
  VM_ST_BUILT,
  VM_ST_CRITICAL_ERROR,
  VM_ST_CREATED,
  VM_ST_STARTED,
  VM_ST_STOPPED,
  VM_ST_DELETED,
  VM_ST_COUNT
} vm_status;

typedef enum vm_hv_state {
  VM_HV_NONE, /* no hypervisor VM yet (or any more) */
  VM_HV_CREATED,
  VM_HV_RUNNING,
  VM_HV_PAUSED,
  VM_HV_SHUTDOWN,
  VM_HV_BREAKPOINT,
  VM_HV_COUNT
} vm_hv_state;

typedef enum vm_cmd {
  VM_CMD_BUILD_OK,
  VM_CMD_BUILD_FAILED,
  VM_CMD_CREATE,
  VM_CMD_START,
  VM_CMD_STOP,
  VM_CMD_REBOOT,
  VM_CMD_DELETE,
  VM_CMD_COUNT
} vm_cmd;

const char *vm_status_name(vm_status s);
const char *vm_hv_name(vm_hv_state s);
const char *vm_cmd_name(vm_cmd c);
/* §3.6: the hypervisor's valid_transition table (NONE -> CREATED on creation,
 * SHUTDOWN -> NONE on removal are the edges outside the table). */
bool vm_hv_transition_valid(vm_hv_state from, vm_hv_state to);
/* Intended record lifecycle: Building -> Built|CriticalError -> Created ->
 * Started <-> Stopped, and Deleted from anything past Building. */
bool vm_status_transition_valid(vm_status from, vm_status to);

#define VM_NAME_MAX 63
typedef struct vm_machine {
  char name[VM_NAME_MAX + 1];
  vm_status status;
  vm_hv_state hv;
} vm_machine;

vm_err vm_machine_init(vm_machine *m, const char *name);
/* Applies one command; on error the machine is unchanged and the error says
 * which state forbade it. */
vm_err vm_machine_apply(vm_machine *m, vm_cmd c);

/* ---- accounts, instances, levels ----------------------------------------- */
typedef enum vm_level {
  VM_LEVEL_NONE = 0,
  VM_LEVEL_READONLY,
  VM_LEVEL_OPERATOR,
  VM_LEVEL_MANAGER,
  VM_LEVEL_OWNER,
} vm_level;
const char *vm_level_name(vm_level l);
vm_err vm_level_parse(const char *text, vm_level *out);

#define VM_MAX_ACCOUNTS 16
#define VM_MAX_INSTANCES 16
#define VM_MAX_GRANTS 8
#define VM_MAX_ADMIN_PEERS 4
#define VM_MAX_OPERATOR_KEYS 4
#define VM_ID_MAX 64

#define VM_ACCOUNT_NAME_MAX 63

/* Account (§2.1). owned holds the ids of owned_instances, sorted (the real
 * BTreeSet): the second place ownership is recorded in, beside the
 * instance's owner; every change keeps the two in agreement. */
typedef struct vm_account {
  bool used;
  vm_addr address;
  bool has_name;
  char name[VM_ACCOUNT_NAME_MAX + 1];
  bool is_global_admin; /* admin notion 1: node routes only (§2.4) */
  uint64_t credits;
  char owned[VM_MAX_INSTANCES][VM_ID_MAX + 1];
  size_t owned_count;
} vm_account;

typedef struct vm_grant {
  vm_addr who;
  vm_level level; /* READONLY..MANAGER; Owner is never a grant */
} vm_grant;

/* Longest description of an instance the store keeps (compact JSON). */
#define VM_INSTANCE_SPEC_MAX 1024

/* The instance's owner is the authority (vm_level_of); the owner account's
 * owned set names the same instance. The Instance of §2.3 is these fields
 * (instance_id, instance_owner, status from the machine, created_at,
 * updated_at) and spec, the client's description of the VM: every other
 * field of §2.3 as compact JSON (empty: Instance::default()'s values). */
typedef struct vm_instance {
  bool used;
  char id[VM_ID_MAX + 1];
  vm_addr owner;
  vm_machine machine; /* the VM's lifecycle; start/stop/reboot/delete requests drive it */
  char spec[VM_INSTANCE_SPEC_MAX + 1];
  int64_t created_at, updated_at;
  vm_grant grants[VM_MAX_GRANTS];
  size_t grant_count;
  uint64_t version; /* bumped by every change; pending operations compare it */
} vm_instance;

typedef struct vm_store {
  vm_account accounts[VM_MAX_ACCOUNTS];
  vm_instance instances[VM_MAX_INSTANCES];
  vm_addr admin_peers[VM_MAX_ADMIN_PEERS]; /* admin notion 2: network admins */
  size_t admin_peer_count;
  uint64_t changes; /* count of state changes, for oracles */
} vm_store;

void vm_store_init(vm_store *s);

/* A change of several records (store_tx.c): each put is one storage write
 * (fault site "storage.write"; a failed write changes nothing and returns
 * VM_E_STORAGE). vm_tx_finish(tx, e) commits when e is VM_OK, else undoes
 * every earlier write of the transaction and returns e. */
#define VM_TX_MAX (VM_MAX_INSTANCES + 2) /* an account delete drops its grants everywhere */
typedef struct vm_tx {
  vm_store *s;
  size_t n;
  struct vm_tx_undo {
    bool is_account;
    size_t slot;
    union {
      vm_account account;
      vm_instance instance;
    } old;
  } undo[VM_TX_MAX];
} vm_tx;
void vm_tx_begin(vm_tx *tx, vm_store *s);
vm_err vm_tx_put_account(vm_tx *tx, size_t slot, const vm_account *value);
vm_err vm_tx_put_instance(vm_tx *tx, size_t slot, const vm_instance *value);
void vm_tx_abort(vm_tx *tx);
vm_err vm_tx_finish(vm_tx *tx, vm_err e);
/* Slot numbers of an account / instance, or -1. */
long vm_account_slot(const vm_store *s, const vm_addr *a);
long vm_instance_slot(const vm_store *s, const char *id);
/* The sorted owned set of an account value: add (no duplicate) / remove. */
vm_err vm_owned_add(vm_account *acc, const char *id);
void vm_owned_remove(vm_account *acc, const char *id);
bool vm_owned_has(const vm_account *acc, const char *id);

vm_err vm_account_create(vm_store *s, const char *address);
const vm_account *vm_account_get(const vm_store *s, const vm_addr *a);
vm_err vm_account_delete(vm_store *s, const vm_addr *a);
/* Creates instance id owned by owner (an existing account). Refuses an id
 * that exists (VM_E_EXISTS): create never overwrites. The record stands for
 * a VM the node has created: its machine (named by the id) has been built
 * and created (status Created, hypervisor Created). */
vm_err vm_instance_create(vm_store *s, const vm_addr *owner, const char *id);
/* The same with the instance's description (spec, as vm_instance_request_parse
 * gives it) and the time it was created at. */
vm_err vm_instance_create_described(vm_store *s, const vm_addr *owner, const char *id, const char *spec,
                                    int64_t now);
vm_err vm_instance_delete(vm_store *s, const char *id);
/* One lifecycle command on the stored instance: its machine moves
 * (vm_machine_apply) and the instance record is written (one storage write);
 * a delete removes the instance (vm_instance_delete). A refused command
 * (VM_E_ILLEGAL_TRANSITION) or a failed write (VM_E_STORAGE) changes nothing. */
vm_err vm_instance_command(vm_store *s, const char *id, vm_cmd c);
const vm_instance *vm_instance_get(const vm_store *s, const char *id);
vm_instance *vm_instance_find(vm_store *s, const char *id);
/* The account view: the ids in a's owned set, up to cap; returns how many. */
size_t vm_account_owned(const vm_store *s, const vm_addr *a, const char **ids, size_t cap);
/* The level a holds on instance id: OWNER for the owner, else its grant, else NONE. */
vm_level vm_level_of(const vm_store *s, const vm_addr *a, const char *id);
/* Grant or change who's level (READONLY..MANAGER); NONE revokes. */
vm_err vm_grant_set(vm_store *s, const char *id, const vm_addr *who, vm_level level);

/* ---- the account routes (§2.5) ---------------------------------------------- */
#define VM_BODY_TEXT_MAX 128 /* longest address text read from a body */
/* An Account as a request body carries it (§2.1), fields as given. */
typedef struct vm_account_body {
  char address[VM_BODY_TEXT_MAX + 1]; /* verbatim */
  bool has_name;
  char name[VM_ACCOUNT_NAME_MAX + 1];
  bool is_global_admin;
  uint64_t credits;
  char owned[VM_MAX_INSTANCES][VM_ID_MAX + 1]; /* owned_instances */
  size_t owned_count;
} vm_account_body;
/* body must be {"<variant>": Account}: 400 when not JSON, 422 when the
 * shape or a field's type is wrong. */
vm_err vm_account_request_parse(const uint8_t *body, size_t len, const char *variant, vm_account_body *out);
/* {"TransferOwnership":{from_address, to_address, instance_id}} (§2.5). */
typedef struct vm_transfer_body {
  char from[VM_BODY_TEXT_MAX + 1];
  char to[VM_BODY_TEXT_MAX + 1];
  char instance_id[VM_ID_MAX + 1];
} vm_transfer_body;
vm_err vm_transfer_request_parse(const uint8_t *body, size_t len, vm_transfer_body *out);
/* {"admin_public_key": s} of POST /v1/bootstrap/ensure_admin_account (§1.4). */
vm_err vm_bootstrap_request_parse(const uint8_t *body, size_t len, char out[VM_BODY_TEXT_MAX + 1]);
/* {"Delete": "addr"} of POST /v1/account/delete (§2.5). */
vm_err vm_delete_request_parse(const uint8_t *body, size_t len, char out[VM_BODY_TEXT_MAX + 1]);
/* "/v1/account/<address>/get" or ".../is_global_admin": the address text
 * (verbatim) and which of the two; false for any other path. */
bool vm_account_path(const char *path, char addr[VM_BODY_TEXT_MAX + 1], bool *is_admin_query);
/* The Account as serde writes it (§2.1, §0.3): every field, None as null,
 * authorized_instances from the grants on instances. Agents, models,
 * subscriptions, usage and timestamps are not modelled: empty, null, 0.
 * Returns a new jansson reference (json_t *; void * keeps jansson out of
 * this header). */
void *vm_account_json(const vm_store *s, const vm_account *acc);
/* POST /v1/account/create {"Create":Account}: the body's address must be the
 * signer's (403); 409 when the account exists. Only address and name are
 * taken from the body: is_global_admin, credits and the owned set are the
 * server's (false, 0, empty). */
vm_err vm_account_api_create(vm_store *s, const vm_addr *signer, const vm_account_body *b);
/* POST /v1/account/update {"Update":Account}: the signer's own account (404
 * when missing, 403 for another's); only name changes. */
vm_err vm_account_api_update(vm_store *s, const vm_addr *signer, const vm_account_body *b);

/* ---- the instance routes (§2.3, §2.5) -------------------------------------- */
/* An Instance as a request body carries it (§2.3), read as serde reads it
 * (§0.3, no serde defaults: every field required except the Options). */
typedef struct vm_instance_body {
  char instance_id[VM_ID_MAX + 1];
  vm_status status; /* the body's status; VM_ST_COUNT for Killed (no machine status) */
  char spec[VM_INSTANCE_SPEC_MAX + 1]; /* every field but instance_id, instance_owner, status,
                                          created_at and updated_at, compact JSON */
} vm_instance_body;
/* body must be an Instance: 400 when not JSON, 422 when a field is missing
 * or of the wrong type, 400 for an instance_id longer than any id, 413 when
 * the description is longer than VM_INSTANCE_SPEC_MAX. */
vm_err vm_instance_request_parse(const uint8_t *body, size_t len, vm_instance_body *out);
/* The Instance as serde writes it: every field of §2.3, None as null, status
 * from the machine. A new jansson reference (json_t *). */
void *vm_instance_json(const vm_instance *in);
/* POST /v1/instance/create: the signer's new instance (an account first:
 * 404; an id that exists: 409; instance_id 40 lowercase hex: 400). The
 * owner is the signer and the body's instance_owner is not read, as the real
 * handler does for a remote caller; status, created_at and updated_at are
 * the server's (Created, now, now). */
vm_err vm_instance_api_create(vm_store *s, const vm_addr *signer, const vm_instance_body *b, int64_t now);
/* POST /v1/instance/update: the owner or a network admin (403); the
 * description is replaced and updated_at set to now; the owner (moved only
 * by transfer-ownership), the status (moved only by the lifecycle) and
 * created_at stay. */
vm_err vm_instance_api_update(vm_store *s, const vm_addr *signer, const vm_instance_body *b, int64_t now);
/* GET /v1/instance/list and /v1/instance/<build_id>/get_by_build_id: a
 * network admin sees every instance, anyone else those it holds a level on
 * (owner or a grant). */
bool vm_instance_listed(const vm_store *s, const vm_addr *signer, const vm_instance *in);
/* path is /v1/instance/create, /update or /list (the routes without an id). */
bool vm_instance_route(const char *path);
/* "/v1/instance/<build_id>/get_by_build_id": the build id text (verbatim);
 * false for any other path. */
bool vm_instance_build_path(const char *path, char build_id[VM_ID_MAX + 1]);
/* The instance's build_id (its description's; Instance::default()'s 64
 * zeros without one) is build_id. */
bool vm_instance_has_build_id(const vm_instance *in, const char *build_id);

/* ---- the three admin notions (§2.4) -------------------------------------- */
/* 1. the account flag; only node-route writers consult it. */
bool vm_is_global_admin(const vm_store *s, const vm_addr *a);
/* 2. an admin peer of the network; may read, operate and delete any instance. */
bool vm_is_network_admin(const vm_store *s, const vm_addr *a);
vm_err vm_admin_peer_add(vm_store *s, const char *address);
/* 3. a node's admin: its owner or one of its operator keys (all normalized). */
typedef struct vm_node {
  vm_addr owner;
  vm_addr operator_keys[VM_MAX_OPERATOR_KEYS];
  size_t operator_key_count;
} vm_node;
bool vm_is_node_admin(const vm_node *n, const vm_addr *a);
/* Setting the global-admin flag is itself a node-route write: only a caller that
 * already is a global admin may do it (no bootstrap from nothing, §1.4). */
vm_err vm_set_global_admin(vm_store *s, const vm_addr *caller, const vm_addr *target, bool value);
/* The flag write itself, with no authority check: callers decide first
 * (vm_set_global_admin; known-bug replica vm.local_trust skips the decision). */
vm_err vm_global_admin_write(vm_store *s, const vm_addr *target, bool value);

/* ---- permissions ----------------------------------------------------------- */
typedef enum vm_op {
  VM_OP_CREATE,
  VM_OP_START,
  VM_OP_STOP,
  VM_OP_REBOOT,
  VM_OP_DELETE,
  VM_OP_READ,
  VM_OP_GRANT,
  VM_OP_REVOKE,
  VM_OP_TRANSFER,
  VM_OP_UPDATE, /* the instance's description (POST /v1/instance/update) */
  VM_OP_COUNT
} vm_op;
const char *vm_op_name(vm_op op);
vm_err vm_op_parse(const char *text, vm_op *out);

/* The one decision: may a caller holding `level` (and being a network admin
 * or not) perform op? For GRANT/REVOKE, target is the level granted or the
 * level currently held by the grantee being revoked; it must be strictly below
 * the caller's own level (least privilege). CREATE is decided on a fresh id
 * (level NONE) and needs only an account. */
bool vm_permitted(vm_op op, vm_level level, bool network_admin, vm_level target);

/* ---- ownership transfer ---------------------------------------------------- */
/* A transfer is two steps so that other operations can run between them:
 * begin checks authority and records what it saw; commit re-checks that
 * nothing changed and applies everything at once, or nothing. */
typedef struct vm_transfer {
  char id[VM_ID_MAX + 1];
  vm_addr from;
  vm_addr to;
  uint64_t seen_version;
  bool active;
} vm_transfer;

vm_err vm_transfer_begin(const vm_store *s, const vm_addr *signer, const char *id,
                         const char *to_address, vm_transfer *t);
vm_err vm_transfer_commit(vm_store *s, vm_transfer *t);

/* ---- the vmm queue topic (§0.4, §3.3) ----------------------------------- */
typedef struct vm_queue_msg {
  uint8_t subtopic;
  vm_cmd cmd;
  char target[VM_ID_MAX + 1]; /* the VM the command goes to (id; name for a create) */
  char owner[VM_BODY_TEXT_MAX + 1]; /* create only */
} vm_queue_msg;
/* One message of topic vmm: an error for an empty message, a subtopic
 * above 5 (400) or JSON without the request's fields (422). */
vm_err vm_queue_decode(const uint8_t *msg, size_t len, vm_queue_msg *out);
/* A replica's Rust panic: prints the message and aborts. */
_Noreturn void vm_panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- names and IDs ------------------------------------------------------- */
/* 1..63 characters of [A-Za-z0-9._-], starting with a letter or digit, no
 * "..": safe as a file name under the image and socket directories. */
vm_err vm_name_validate(const char *name);
/* An instance id: exactly 40 lowercase hex digits. */
vm_err vm_instance_id_validate(const char *id);

/* build_id = hex(SHA3-256(address20 || name)); out is 65 bytes. */
vm_err vm_build_id(const vm_addr *owner, const char *name, char out[65]);
/* instance_id = hex(first20(build_id) XOR first20(node_id)); out is 41 bytes.
 * Non-hex or shorter than 20 bytes is an error (never a crash). */
vm_err vm_instance_id(const char *build_id_hex, const char *node_id_hex, char out[41]);

/* ---- requests end to end ---------------------------------------------------- */
/* The header block a request arrives with (headers.c): lines "Name: value"
 * (CRLF or LF), names case-insensitive, whitespace around values dropped,
 * the first of repeated headers used. */
enum {
  VM_HDR_AUTHORIZATION = 1u << 0,
  VM_HDR_X_SIGNATURE = 1u << 1,
  VM_HDR_X_RECOVERY_ID = 1u << 2,
  VM_HDR_X_MESSAGE = 1u << 3,
  VM_HDR_X_FORWARDED_FOR = 1u << 4,
  VM_HDR_HOST = 1u << 5,
};
typedef struct vm_headers {
  char authorization[VM_MSG_MAX * 2 + 256];
  char x_signature[160];
  char x_recovery_id[16];
  char x_message[VM_MSG_MAX * 2 + 8];
  char x_forwarded_for[64];
  char host[64];
  unsigned present;   /* VM_HDR_* bits */
  unsigned malformed; /* present, but a byte outside visible ASCII/space/tab, or too long */
} vm_headers;
void vm_headers_read(const char *block, size_t len, vm_headers *h);

/* A request to form-state (the routes are listed in request.c): the
 * account and instance routes with their JSON bodies, POST
 * /v1/instance/<id>/<op> with a text body (grant: "<address> <level>",
 * revoke: "<address>", others: empty), the node route
 * POST /v1/user/global_admin (body "<address> true|false"), with either
 * scheme's headers. peer, x_forwarded_for and host say where the request
 * claims to come from: the intended server gives them no authority at all
 * (§1.4, §1.5: no localhost or header-based trust). */
typedef struct vm_request {
  const char *method;
  const char *path;
  const uint8_t *body;
  size_t body_len;
  const char *authorization;     /* scheme A, or NULL */
  vm_scheme_b_headers scheme_b;  /* used when authorization is NULL */
  unsigned malformed_headers;    /* VM_HDR_* bits from vm_headers */
  const char *peer;              /* the connection's address text, e.g. "127.0.0.1:4100", or NULL */
  const char *x_forwarded_for;   /* or NULL */
  const char *host;              /* or NULL */
} vm_request;
/* Points req's header fields at h's values (h must outlive req). */
void vm_request_set_headers(vm_request *req, const vm_headers *h);
/* True when the request claims to be local: the peer text starts with
 * "127.0.0.1" or "::1", or X-Forwarded-For's first entry is 127.0.0.1/::1 or
 * starts with "localhost", or Host is localhost/127.0.0.1/::1 (the tests of
 * §1.1 and §1.4). Used only by known-bug replica vm.local_trust and oracles. */
bool vm_request_claims_local(const vm_request *req);

typedef struct vm_server {
  vm_store store;
  vm_nonce_cache nonces;
  uint64_t now; /* the server clock, seconds (simulated) */
} vm_server;

void vm_server_init(vm_server *srv, uint64_t now);
/* Authenticates, checks freshness and authority, applies. The signer is
 * written to *signer when authentication succeeded (may be NULL). Refusals:
 * a missing signature header 401 MissingSignature, a malformed one 400
 * InvalidFormat/InvalidMessage, one that does not verify 401; start, stop,
 * reboot and delete move the instance's machine (an illegal one is 409
 * IllegalTransition and changes nothing). */
vm_err vm_server_handle(vm_server *srv, const vm_request *req, vm_addr *signer);

/* ---- the HTTP answer (http.c) ----------------------------------------------- */
/* The peer text starts with "127.0.0.1" or "::1" (the middleware's string test, §1.1). */
bool vm_http_loopback_prefix(const char *peer);
typedef struct vm_http_response {
  int status;
  char body[32768]; /* JSON (a list of every instance fits) */
} vm_http_response;
/* Handles req (vm_server_handle) and writes the status and JSON body
 * form-state would send: a missing or malformed header on an account or
 * instance route is 401 "Missing signature" from the middleware, unless the
 * peer passes the loopback prefix test, when the handler's extractor
 * answers (401 missing, 400 malformed). Returns the core's verdict; the
 * signer as vm_server_handle gives it (may be NULL). */
vm_err vm_http_respond(vm_server *srv, const vm_request *req, vm_addr *signer, vm_http_response *out);

#endif
