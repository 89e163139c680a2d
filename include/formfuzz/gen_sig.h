/* Formation's signed-request headers, built from real secp256k1 keys
 * (crypto.h), valid first and then bent.
 *   Scheme A: "Authorization: Signature <hex r||s>.<recid>.<hex message>",
 *             signed digest SHA-256(SHA-256(message)) (form-state, form-pack).
 *   Scheme B: "X-Signature: <hex r||s>", "X-Recovery-Id: <recid>",
 *             "X-Message: <hex message, optional 0x>", digest SHA-256(message)
 *             (vmm-service).
 * Output: the header lines, each ending in CRLF, ready for an HTTP request.
 * "expected_valid" means a correct server authenticates the request as the
 * given key's address: strict hex (either case), recid as Rust's u8 parser
 * reads it ("+1" and "001" are 1) and 0..3, low-S, HTTP whitespace around a
 * header value ignored, the first of repeated headers used. */
#ifndef FORMFUZZ_GEN_SIG_H
#define FORMFUZZ_GEN_SIG_H

#include "formfuzz/crypto.h"
#include "formfuzz/gen.h"

typedef enum ff_sig_scheme {
  FF_SIG_SCHEME_A,
  FF_SIG_SCHEME_B,
} ff_sig_scheme;

typedef struct ff_sig_info {
  bool expected_valid;
  const char *variant; /* what was done, e.g. "high-S twin", "recid 001" */
} ff_sig_info;

/* The digest a scheme signs for a message. */
void ff_sig_digest(ff_sig_scheme scheme, const uint8_t *msg, size_t msg_len, uint8_t digest[32]);

/* Valid: canonical, uppercase hex, recid "001" or "+1", lowercase header
 * names, whitespace around values, 0x before X-Message (B). Near-valid:
 * high-S twin, recid flipped, recid out of range (4, 27, 256, -1), 63 bytes,
 * odd hex, wrong message, other key, the other scheme's digest, 0x before the
 * signature, "signature " prefix, doubled space, spaces around dots, a part or
 * header missing, r = 0, s = n. Hostile: a huge signed message, repeated
 * headers (bad first or good first), non-visible bytes, NUL, 65-byte r||s||v,
 * a DER signature, recid with many leading zeros, an empty value.
 * info may be NULL. Returns info->expected_valid (false when out overflowed). */
bool ff_gen_sig_headers(ff_input *in, ff_gen_mode mode, ff_sig_scheme scheme, const ff_keypair *kp,
                        const uint8_t *msg, size_t msg_len, ff_buf *out, ff_sig_info *info);

#endif
