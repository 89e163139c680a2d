/* The vm_ownership fuzzer's independent peer for request authentication: a
 * strict reading of the signature headers written apart from sig_a.c/sig_b.c
 * (nettle decodes the hex), and libsecp256k1 called directly for recovery
 * and the low-S rule. */
#ifndef VM_FUZZ_REFERENCE_H
#define VM_FUZZ_REFERENCE_H

#include "vm.h"

typedef enum vm_ref_verdict {
  VM_REF_VALID,      /* verifies: signer and message are set */
  VM_REF_MISSING,    /* no signature header (scheme B: one of the three missing) */
  VM_REF_MALFORMED,  /* a header that does not have the required form */
  VM_REF_UNVERIFIED, /* well-formed, but not a low-S signature that recovers */
} vm_ref_verdict;


const char *vm_ref_verdict_name(vm_ref_verdict v);
/* The kind of refusal the core must give for a verdict. */
vm_err_kind vm_ref_verdict_kind(vm_ref_verdict v);

/* Recoveries already made within one input, keyed by (digest, r||s, recid):
 * replays and re-sent headers cost no second recovery. Zero it per input. */
#define VM_REF_CACHE 8
typedef struct vm_ref_cache {
  struct {
    uint8_t digest[32], sig[64];
    int recid;
    vm_ref_verdict verdict;
    vm_addr signer;
  } entry[VM_REF_CACHE];
  size_t count, next;
} vm_ref_cache;

/* Form rules: scheme A is "Signature " + hex + "." + recid + "." + hex (no
 * 0x), where a recid is Rust's u8::from_str text ("+1", "001" are 1) of a
 * value 0..3; scheme B's X-Signature is hex, X-Recovery-Id a recid,
 * X-Message hex with an optional "0x"; hex of even length, either case, at
 * most VM_MSG_MAX bytes decoded; a header with a non-visible byte is
 * malformed. Then: exactly 64 bytes r||s with r, s in [1, n-1], low-S, and a
 * recovered key. Digest: SHA-256(SHA-256(m)) for A, SHA-256(m) for B. */
vm_ref_verdict vm_reference_authenticate(const vm_headers *h, vm_ref_cache *cache, vm_addr *signer,
                                         uint8_t *message, size_t *message_len);

#endif
