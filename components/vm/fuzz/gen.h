/* vm component generators: deterministic test keys, address spellings,
 * instance ids, and signed requests (scheme A or B, freshness message) bent
 * in the ways real attacks bend them. Used by the four vm fuzzers and the
 * vm tests. */
#ifndef VM_FUZZ_GEN_H
#define VM_FUZZ_GEN_H

#include "formfuzz/crypto.h"
#include "formfuzz/input.h"
#include "vm.h"

#define VM_GEN_KEYS 4
#define VM_GEN_IDS 4
#define VM_GEN_NOW 1700000000u /* the simulated server clock */

/* Test key i (0 <= i < VM_GEN_KEYS), made once by ff_keypair_from_seed(i + 1). */
const ff_keypair *vm_gen_key(size_t i);
void vm_gen_key_addr(size_t i, vm_addr *out);
/* One of the spellings of the same address: lowercase, UPPERCASE, 0x, 0X,
 * mixed case. Every spelling is valid and must mean the same identity. */
void vm_gen_address_spelling(ff_input *in, const vm_addr *a, char out[43]);
/* Instance id number k of a fixed pool, derived as §3.5 does. */
void vm_gen_instance_id(size_t k, char out[41]);

typedef enum vm_bend {
  VM_BEND_NONE,
  VM_BEND_HIGH_S,       /* s -> n - s, recid ^ 1: same key, malleated */
  VM_BEND_RECID_FLIP,   /* recid ^ 1 without touching s */
  VM_BEND_RECID_TEXT,   /* the right recid spelled "+1", "01", " 1", or 27/28 */
  VM_BEND_PAYLOAD,      /* one message byte changed after signing */
  VM_BEND_WRONG_HASH,   /* signed with the other scheme's digest */
  VM_BEND_SIG_LENGTH,   /* signature hex cut or extended */
  VM_BEND_SIG_0X,       /* "0x" before the signature hex */
  VM_BEND_UPPER_HEX,    /* uppercase hex everywhere (valid) */
  VM_BEND_STALE,        /* timestamp outside the window */
  VM_BEND_OTHER_REQUEST,/* a valid signature for another path */
  VM_BEND_NO_HEADER,    /* unsigned */
  VM_BEND_RANDOM_SIG,   /* r||s and recid from the input */
  VM_BEND_COUNT
} vm_bend;
const char *vm_bend_name(vm_bend b);

/* A generated request and a record of exactly what it carries. */
typedef struct vm_gen_request {
  vm_request req;
  char method[8];
  char path[160];
  char body[128];
  char authorization[VM_MSG_MAX * 2 + 256];
  char x_signature[160];
  char x_recovery_id[16];
  char x_message[VM_MSG_MAX * 2 + 8];
  /* what was emitted, for the differential peer */
  int scheme;              /* 'A' or 'B' */
  bool sig_canonical;      /* the signature text is exactly 128 hex digits */
  uint8_t sig[64];         /* its bytes when canonical */
  char recid_text[16];
  uint8_t message[VM_MSG_MAX];
  size_t message_len;
  size_t key;              /* the signing key */
  vm_bend bend;
} vm_gen_request;

/* Builds method/path/body signed by a key the input picks, with a bend the
 * input picks. now is the server clock. */
void vm_gen_signed_request(ff_input *in, vm_gen_request *g, const char *method, const char *path,
                           const char *body, uint64_t now);
/* Re-points g->req at g's own buffers (after g was copied). */
void vm_gen_request_fix(vm_gen_request *g);

#endif
