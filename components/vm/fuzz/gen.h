/* vm component generators: deterministic test keys, address spellings,
 * instance ids, and requests as they reach the server: a header block
 * signed over the freshness message (the shared signature generator,
 * gen_sig.h, writes and bends the scheme A/B headers), with the vm-specific
 * ways a request goes wrong: stale, signed for another request, unsigned,
 * and claims to come from localhost. Used by the four vm fuzzers and the vm
 * tests. */
#ifndef VM_FUZZ_GEN_H
#define VM_FUZZ_GEN_H

#include "formfuzz/crypto.h"
#include "formfuzz/fault.h"
#include "formfuzz/gen.h"
#include "formfuzz/input.h"
#include "vm.h"

#define VM_GEN_KEYS 4
#define VM_GEN_IDS 4
#define VM_GEN_NOW 1700000000u /* the simulated server clock */
#define VM_GEN_BLOCK (VM_MSG_MAX * 4 + 512)

/* Test key i (0 <= i < VM_GEN_KEYS), made once by ff_keypair_from_seed(i + 1). */
const ff_keypair *vm_gen_key(size_t i);
void vm_gen_key_addr(size_t i, vm_addr *out);
/* A valid spelling of the address (gen_eth.h: EIP-55 checksummed, lower or
 * upper case, with or without 0x). Every one must mean the same identity. */
void vm_gen_address_spelling(ff_input *in, const vm_addr *a, char out[43]);
/* Instance id number k of a fixed pool, derived as §3.5 does. */
void vm_gen_instance_id(size_t k, char out[41]);

/* The run's storage fault plan (one per thread). vm_gen_faults_draw reads
 * the fault bytes (a length byte, 00 for none, then up to max bytes) and
 * installs the plan empty, so the set-up's writes never fail;
 * vm_gen_faults_arm, once the set-up is done, lets those bytes decide the
 * storage writes (bits per decision; a write fails when all are 1) and
 * returns the plan for its counts; vm_gen_faults_end uninstalls it. */
void vm_gen_faults_draw(ff_input *in, size_t max, unsigned bits);
const ff_fault_plan *vm_gen_faults_arm(void);
void vm_gen_faults_end(void);

/* An Instance body (§2.3) for instance id with the given instance_owner
 * text: a status, resources, region, formnet_ip and tags the input picks,
 * and sometimes one bend: an Option left out or an unknown field (still
 * valid), an integer too large for its type, an unknown status, a required
 * field missing, a bad IP (422), or the text cut short (400). An empty input
 * gives the canonical valid body (status Created). */
typedef enum vm_instance_bend {
  VM_INSTANCE_VALID,
  VM_INSTANCE_OPTION_MISSING,
  VM_INSTANCE_UNKNOWN_FIELD,
  VM_INSTANCE_U8_OVERFLOW,
  VM_INSTANCE_BAD_STATUS,
  VM_INSTANCE_REQUIRED_MISSING,
  VM_INSTANCE_BAD_IP,
  VM_INSTANCE_CUT,
  VM_INSTANCE_BEND_COUNT
} vm_instance_bend;
vm_instance_bend vm_gen_instance_json(ff_input *in, const char *id, const char *owner, char *out, size_t cap);

/* How the signed freshness message relates to the request. */
typedef enum vm_fresh_bend {
  VM_FRESH_OK,            /* names this request, timestamp in the window */
  VM_FRESH_STALE,         /* timestamp outside the window */
  VM_FRESH_OTHER_REQUEST, /* a message for POST /v1/account/create */
  VM_FRESH_UNSIGNED,      /* no signature headers at all */
  VM_FRESH_COUNT
} vm_fresh_bend;
const char *vm_fresh_bend_name(vm_fresh_bend b);

/* A generated request; req points into this struct (vm_gen_request_fix
 * after copying one). */
typedef struct vm_gen_request {
  vm_request req;
  vm_headers headers;
  char method[8];
  char path[160];
  char body[2048];          /* an Instance body fits */
  size_t body_len;          /* bytes of body (a wire request's may hold a NUL) */
  char peer[48];
  char block[VM_GEN_BLOCK]; /* the header block as sent */
  size_t block_len;
  size_t key;               /* the signing key */
  vm_fresh_bend fresh;
  const char *sig_variant;  /* gen_sig's description */
  bool local_claim;         /* peer, X-Forwarded-For or Host says "local" */
} vm_gen_request;

/* Builds method/path/body signed by a key the input picks (scheme, gen_sig
 * mode and variant, freshness bend, local claims all from the input). now is
 * the server clock. */
void vm_gen_signed_request(ff_input *in, vm_gen_request *g, const char *method, const char *path,
                           const char *body, uint64_t now);
/* The canonical request of tests and tools: method/path/body signed with
 * scheme A by test key `key` over the freshness message at time ts with the
 * nonce numbered `nonce`, from a remote peer. */
void vm_gen_request_by_key(vm_gen_request *g, size_t key, const char *method, const char *path, const char *body,
                           uint64_t ts, unsigned nonce);
/* Another request sent with from's header block and peer as they are (a
 * signature made for one request offered for another, or a replay when
 * method, path and body are the same). */
void vm_gen_request_resend(const vm_gen_request *from, vm_gen_request *g, const char *method, const char *path,
                           const char *body);
/* The same request without its local claims (remote peer, no X-Forwarded-For/Host). */
void vm_gen_request_strip_claims(const vm_gen_request *g, vm_gen_request *out);
/* Re-points g->req at g's own buffers (after g was copied). */
void vm_gen_request_fix(vm_gen_request *g);

#endif
