/* The independent authentication peer of vm_ownership (see reference.h). */
#include "reference.h"

#include <nettle/base16.h>
#include <secp256k1.h>
#include <secp256k1_recovery.h>
#include <string.h>

#include "formfuzz/crypto.h"
#include "formfuzz/gen_sig.h"

static const char HEX_DIGITS[] = "0123456789abcdefABCDEF";

const char *vm_ref_verdict_name(vm_ref_verdict v) {
  static const char *const NAMES[] = {"valid", "missing", "malformed", "unverified"};
  return (unsigned)v < 4 ? NAMES[v] : "?";
}

vm_err_kind vm_ref_verdict_kind(vm_ref_verdict v) {
  switch (v) {
  case VM_REF_VALID: return VM_KIND_OK;
  case VM_REF_MALFORMED: return VM_KIND_MALFORMED;
  default: return VM_KIND_UNAUTHENTICATED;
  }
}

/* Strict hex of n characters into out (cap bytes). Returns the byte count or -1. */
static long strict_hex(const char *text, size_t n, uint8_t *out, size_t cap) {
  if (n % 2 || n / 2 > cap) return -1;
  for (size_t i = 0; i < n; i++)
    if (!text[i] || !strchr(HEX_DIGITS, text[i])) return -1;
  struct base16_decode_ctx ctx;
  size_t done = cap;
  base16_decode_init(&ctx);
  if (!base16_decode_update(&ctx, &done, out, n, text) || !base16_decode_final(&ctx)) return -1;
  return (long)done;
}

/* Rust's u8::from_str, then 0..3: after an optional '+' only digits (at least
 * one); the zeros in front carry no value, and what is left must be at most
 * one digit 0..3 (any larger value is either > 3 or not a u8). */
static bool rust_recid(const char *text, size_t n, int *recid) {
  const char *end = text + n;
  if (text < end && *text == '+') text++;
  if (text == end || strspn(text, "0123456789") < (size_t)(end - text)) return false;
  while (end - text > 1 && *text == '0') text++;
  if (end - text != 1 || *text > '3') return false;
  *recid = *text - '0';
  return true;
}

/* The parts of a signature, read strictly. */
typedef struct parts {
  uint8_t sig[VM_MSG_MAX];
  long sig_len;
  int recid;
  ff_sig_scheme scheme;
} parts;

static vm_ref_verdict read_scheme_a(const char *v, parts *p, uint8_t *msg, size_t *msg_len) {
  static const char PREFIX[] = "Signature ";
  if (strncmp(v, PREFIX, sizeof PREFIX - 1) != 0) return VM_REF_MALFORMED;
  const char *sig = v + sizeof PREFIX - 1;
  size_t sig_n = strcspn(sig, ".");
  const char *rec = sig + sig_n;
  if (*rec != '.') return VM_REF_MALFORMED;
  rec++;
  size_t rec_n = strcspn(rec, ".");
  const char *m = rec + rec_n;
  if (*m != '.') return VM_REF_MALFORMED;
  m++;
  size_t m_n = strlen(m);
  if (strchr(m, '.')) return VM_REF_MALFORMED;
  p->sig_len = strict_hex(sig, sig_n, p->sig, sizeof p->sig);
  long n = strict_hex(m, m_n, msg, VM_MSG_MAX);
  if (p->sig_len < 0 || n < 0 || !rust_recid(rec, rec_n, &p->recid)) return VM_REF_MALFORMED;
  *msg_len = (size_t)n;
  p->scheme = FF_SIG_SCHEME_A;
  return VM_REF_VALID;
}

static vm_ref_verdict read_scheme_b(const vm_headers *h, parts *p, uint8_t *msg, size_t *msg_len) {
  const char *m = h->x_message;
  if (strncmp(m, "0x", 2) == 0) m += 2;
  p->sig_len = strict_hex(h->x_signature, strlen(h->x_signature), p->sig, sizeof p->sig);
  long n = strict_hex(m, strlen(m), msg, VM_MSG_MAX);
  if (p->sig_len < 0 || n < 0 || !rust_recid(h->x_recovery_id, strlen(h->x_recovery_id), &p->recid))
    return VM_REF_MALFORMED;
  *msg_len = (size_t)n;
  p->scheme = FF_SIG_SCHEME_B;
  return VM_REF_VALID;
}

/* libsecp256k1 directly: parse (refuses r or s >= n), the low-S rule as the
 * library states it, recovery (refuses r or s = 0), then the address. */
static vm_ref_verdict recover(const parts *p, const uint8_t digest[32], vm_addr *signer) {
  const secp256k1_context *ctx = secp256k1_context_static;
  secp256k1_ecdsa_recoverable_signature rsig;
  secp256k1_ecdsa_signature plain;
  secp256k1_pubkey pk;
  uint8_t ser[65], addr[20];
  if (!secp256k1_ecdsa_recoverable_signature_parse_compact(ctx, &rsig, p->sig, p->recid))
    return VM_REF_UNVERIFIED;
  secp256k1_ecdsa_recoverable_signature_convert(ctx, &plain, &rsig);
  if (secp256k1_ecdsa_signature_normalize(ctx, NULL, &plain)) return VM_REF_UNVERIFIED; /* high-S */
  if (!secp256k1_ecdsa_recover(ctx, &pk, &rsig, digest)) return VM_REF_UNVERIFIED;
  size_t len = sizeof ser;
  secp256k1_ec_pubkey_serialize(ctx, ser, &len, &pk, SECP256K1_EC_UNCOMPRESSED);
  ff_address_from_pubkey(ser + 1, addr);
  vm_addr_from_bytes(addr, signer);
  return VM_REF_VALID;
}

/* recover() through the cache. */
static vm_ref_verdict recover_cached(const parts *p, const uint8_t *msg, size_t msg_len, vm_ref_cache *cache,
                                     vm_addr *signer) {
  if (p->sig_len != 64) return VM_REF_UNVERIFIED;
  uint8_t digest[32];
  ff_sig_digest(p->scheme, msg, msg_len, digest);
  for (size_t i = 0; cache && i < cache->count; i++) {
    if (cache->entry[i].recid != p->recid || memcmp(cache->entry[i].digest, digest, 32) != 0 ||
        memcmp(cache->entry[i].sig, p->sig, 64) != 0)
      continue;
    *signer = cache->entry[i].signer;
    return cache->entry[i].verdict;
  }
  vm_ref_verdict v = recover(p, digest, signer);
  if (cache) {
    size_t i = cache->next;
    cache->next = (i + 1) % VM_REF_CACHE;
    if (cache->count < VM_REF_CACHE) cache->count++;
    memcpy(cache->entry[i].digest, digest, 32);
    memcpy(cache->entry[i].sig, p->sig, 64);
    cache->entry[i].recid = p->recid;
    cache->entry[i].verdict = v;
    cache->entry[i].signer = *signer;
  }
  return v;
}

vm_ref_verdict vm_reference_authenticate(const vm_headers *h, vm_ref_cache *cache, vm_addr *signer,
                                         uint8_t *message, size_t *message_len) {
  parts p;
  vm_ref_verdict v;
  const unsigned b_bits = VM_HDR_X_SIGNATURE | VM_HDR_X_RECOVERY_ID | VM_HDR_X_MESSAGE;
  if (h->present & VM_HDR_AUTHORIZATION) {
    if (h->malformed & VM_HDR_AUTHORIZATION) return VM_REF_MALFORMED;
    v = read_scheme_a(h->authorization, &p, message, message_len);
  } else {
    if ((h->present & b_bits) != b_bits) return VM_REF_MISSING;
    if (h->malformed & b_bits) return VM_REF_MALFORMED;
    v = read_scheme_b(h, &p, message, message_len);
  }
  return v == VM_REF_VALID ? recover_cached(&p, message, *message_len, cache, signer) : v;
}
