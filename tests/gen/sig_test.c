#define _GNU_SOURCE /* memmem */
/* Signature-header generator: the canonical headers equal the fact sheet's
 * test vectors (V2 scheme A, V3 scheme B), and every output's claimed validity
 * matches a verifier written here from the spec (section 1) on nettle's SHA-256
 * and libsecp256k1's own recover and verify (which refuses high-S), not on
 * crypto.c. Fixed seeds, fixed case counts. */
#include <nettle/sha2.h>
#include <secp256k1.h>
#include <secp256k1_recovery.h>
#include <string.h>
#include <strings.h>

#include "formfuzz/gen_sig.h"
#include "gen_harness.h"

#define CASES 2000
#define OUT_CAP 65536
#define KEYS 4

typedef struct sig_ctx {
  ff_sig_scheme scheme;
  ff_keypair keys[KEYS];
  const ff_keypair *kp;
  uint8_t msg[64];
  size_t msg_len;
  secp256k1_context *secp;
  unsigned variants_valid, variants_invalid;
} sig_ctx;

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Strict hex of any length into out (cap bytes); returns the byte count or -1. */
static long hex_decode(const char *s, size_t len, uint8_t *out, size_t cap) {
  if (len % 2 || len / 2 > cap) return -1;
  for (size_t i = 0; i < len; i += 2) {
    int hi = hexval(s[i]), lo = hexval(s[i + 1]);
    if (hi < 0 || lo < 0) return -1;
    out[i / 2] = (uint8_t)(hi << 4 | lo);
  }
  return (long)(len / 2);
}

/* Rust's u8::from_str: optional '+', then decimal digits, value <= 255. */
static int parse_u8(const char *s, size_t len) {
  if (len && s[0] == '+') s++, len--;
  if (len == 0) return -1;
  unsigned v = 0;
  for (size_t i = 0; i < len; i++) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (unsigned)(s[i] - '0');
    if (v > 255) return -1;
  }
  return (int)v;
}

/* The first header with this name (case-insensitive), HTTP whitespace trimmed. */
static bool find_header(const char *text, size_t len, const char *name, const char **value, size_t *vlen) {
  size_t nl = strlen(name);
  for (size_t pos = 0; pos < len;) {
    const char *line = text + pos;
    const char *end = memmem(line, len - pos, "\r\n", 2);
    size_t ll = end ? (size_t)(end - line) : len - pos;
    if (ll > nl && line[nl] == ':' && strncasecmp(line, name, nl) == 0) {
      const char *v = line + nl + 1, *e = line + ll;
      while (v < e && (*v == ' ' || *v == '\t')) v++;
      while (e > v && (e[-1] == ' ' || e[-1] == '\t')) e--;
      *value = v;
      *vlen = (size_t)(e - v);
      return true;
    }
    pos += ll + 2;
  }
  return false;
}

static bool recovers_to(sig_ctx *c, const uint8_t sig[64], int recid, const uint8_t digest[32]) {
  secp256k1_ecdsa_recoverable_signature rsig;
  secp256k1_ecdsa_signature nsig;
  secp256k1_pubkey pub;
  uint8_t ser[65];
  size_t slen = sizeof ser;
  if (recid < 0 || recid > 3) return false;
  if (!secp256k1_ecdsa_recoverable_signature_parse_compact(c->secp, &rsig, sig, recid)) return false;
  if (!secp256k1_ecdsa_recover(c->secp, &pub, &rsig, digest)) return false;
  secp256k1_ecdsa_recoverable_signature_convert(c->secp, &nsig, &rsig);
  if (!secp256k1_ecdsa_verify(c->secp, &nsig, digest, &pub)) return false; /* refuses high-S */
  secp256k1_ec_pubkey_serialize(c->secp, ser, &slen, &pub, SECP256K1_EC_UNCOMPRESSED);
  return memcmp(ser + 1, c->kp->pub64, 64) == 0;
}

static void sha256(const uint8_t *data, size_t len, uint8_t out[32]) {
  struct sha256_ctx h;
  sha256_init(&h);
  sha256_update(&h, len, data);
  sha256_digest(&h, 32, out);
}

static uint8_t message_buf[OUT_CAP];

static bool check_a(sig_ctx *c, const char *text, size_t len) {
  const char *v;
  size_t vl;
  if (!find_header(text, len, "authorization", &v, &vl)) return false;
  for (size_t i = 0; i < vl; i++)
    if (v[i] != '\t' && ((unsigned char)v[i] < 0x20 || (unsigned char)v[i] >= 0x7f)) return false;
  if (vl < 10 || memcmp(v, "Signature ", 10) != 0) return false;
  v += 10, vl -= 10;
  const char *d1 = memchr(v, '.', vl);
  if (!d1) return false;
  const char *d2 = memchr(d1 + 1, '.', (size_t)(v + vl - d1 - 1));
  if (!d2 || memchr(d2 + 1, '.', (size_t)(v + vl - d2 - 1))) return false;
  uint8_t sig[64], digest[32];
  if (hex_decode(v, (size_t)(d1 - v), sig, sizeof sig) != 64) return false;
  int recid = parse_u8(d1 + 1, (size_t)(d2 - d1 - 1));
  long mlen = hex_decode(d2 + 1, (size_t)(v + vl - d2 - 1), message_buf, sizeof message_buf);
  if (recid < 0 || mlen < 0) return false;
  sha256(message_buf, (size_t)mlen, digest);
  sha256(digest, 32, digest);
  return recovers_to(c, sig, recid, digest);
}

static bool check_b(sig_ctx *c, const char *text, size_t len) {
  const char *s, *r, *m;
  size_t sl, rl, ml;
  if (!find_header(text, len, "x-signature", &s, &sl) || !find_header(text, len, "x-recovery-id", &r, &rl) ||
      !find_header(text, len, "x-message", &m, &ml))
    return false;
  uint8_t sig[64], digest[32];
  if (hex_decode(s, sl, sig, sizeof sig) != 64) return false;
  int recid = parse_u8(r, rl);
  if (ml >= 2 && m[0] == '0' && m[1] == 'x') m += 2, ml -= 2;
  long mlen = hex_decode(m, ml, message_buf, sizeof message_buf);
  if (recid < 0 || mlen < 0) return false;
  sha256(message_buf, (size_t)mlen, digest);
  return recovers_to(c, sig, recid, digest);
}

static bool check_headers(const char *text, size_t len, void *ctx) {
  sig_ctx *c = ctx;
  return c->scheme == FF_SIG_SCHEME_A ? check_a(c, text, len) : check_b(c, text, len);
}

static bool gen_headers(ff_input *in, ff_gen_mode mode, ff_buf *out, void *ctx) {
  sig_ctx *c = ctx;
  c->kp = &c->keys[ff_choose(in, KEYS)];
  c->msg_len = ff_bytes(in, c->msg, sizeof c->msg);
  ff_sig_info info;
  bool ok = ff_gen_sig_headers(in, mode, c->scheme, c->kp, c->msg, c->msg_len, out, &info);
  REQUIRE(ok == info.expected_valid && info.variant, "info disagrees");
  return ok;
}

static void fact_sheet_vectors(sig_ctx *c) {
  static const uint8_t V1_SECRET[32] = {0x4c, 0x08, 0x83, 0xa6, 0x91, 0x02, 0x93, 0x7d, 0x62, 0x31, 0x47,
                                        0x1b, 0x5d, 0xbb, 0x62, 0x04, 0xfe, 0x51, 0x29, 0x61, 0x70, 0x82,
                                        0x79, 0x2a, 0xe4, 0x68, 0xd0, 0x1a, 0x3f, 0x36, 0x23, 0x18};
  ff_keypair kp;
  REQUIRE(ff_keypair_from_secret(&kp, V1_SECRET) == 0, "V1 key");
  char text[1024];
  ff_buf b;
  ff_input in;
  const char *msg = "Create account request";
  ff_input_init(&in, NULL, 0);
  ff_buf_init(&b, text, sizeof text);
  REQUIRE(ff_gen_sig_headers(&in, FF_GEN_VALID, FF_SIG_SCHEME_A, &kp, (const uint8_t *)msg, strlen(msg), &b, NULL),
        "V2 not valid");
  REQUIRE(strcmp(text, "Authorization: Signature 149de7da3283ea914e393d2ba906bc6ea9bdffd75d05f188000d6a7ffecd7b61"
                     "2ec5ad10e8d9d3f4515a7b84617fe6bd310f9c5373fc9b0f10d067355c852069.1."
                     "437265617465206163636f756e742072657175657374\r\n") == 0,
        "V2 header: %s", text);
  uint8_t v3_msg[32];
  hex_decode("f9a8f1bbd8232806a7390730d56a2e20a855829ce5f9f859267a5ba72beee0fd", 64, v3_msg, 32);
  ff_input_init(&in, NULL, 0);
  ff_buf_reset(&b);
  REQUIRE(ff_gen_sig_headers(&in, FF_GEN_VALID, FF_SIG_SCHEME_B, &kp, v3_msg, 32, &b, NULL), "V3 not valid");
  REQUIRE(strcmp(text, "X-Signature: 9fa2350809aa1900792ce0ce654e09cf476b5dc99226deb48807ca38a6b19c40"
                     "6203970d0a4e0e09434f487f4b96a34492a2291b89e99541115f915c6efffcdb\r\n"
                     "X-Recovery-Id: 1\r\n"
                     "X-Message: f9a8f1bbd8232806a7390730d56a2e20a855829ce5f9f859267a5ba72beee0fd\r\n") == 0,
        "V3 headers: %s", text);
  c->kp = &kp;
  c->scheme = FF_SIG_SCHEME_B;
  REQUIRE(check_headers(text, strlen(text), c), "the test's verifier refuses V3");
}

int main(void) {
  sig_ctx ctx = {0};
  ctx.secp = secp256k1_context_create(SECP256K1_CONTEXT_SIGN | SECP256K1_CONTEXT_VERIFY);
  fact_sheet_vectors(&ctx);
  for (int i = 0; i < KEYS; i++) ff_keypair_from_seed(&ctx.keys[i], (uint64_t)i + 1);
  harness_counts counts[4];
  ctx.scheme = FF_SIG_SCHEME_A;
  harness_run("sig scheme A", gen_headers, check_headers, NULL, &ctx, CASES, OUT_CAP, counts);
  harness_expect_usual("sig scheme A", counts);
  REQUIRE(counts[FF_GEN_HOSTILE].valid > 0, "scheme A: hostile never valid");
  ctx.scheme = FF_SIG_SCHEME_B;
  harness_run("sig scheme B", gen_headers, check_headers, NULL, &ctx, CASES, OUT_CAP, counts);
  harness_expect_usual("sig scheme B", counts);
  REQUIRE(counts[FF_GEN_HOSTILE].valid > 0, "scheme B: hostile never valid");
  secp256k1_context_destroy(ctx.secp);
  printf("sig: ok\n");
  return 0;
}
