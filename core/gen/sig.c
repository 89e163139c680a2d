/* Signed-request headers for Formation's schemes A and B, signed with real
 * secp256k1 keys (crypto.h), then bent one way at a time. A plan says what is
 * signed and how the text is written; the writer renders it.
 * See include/formfuzz/gen_sig.h. */
#include <nettle/sha2.h>
#include <stdio.h>
#include <string.h>

#include "formfuzz/gen_codec.h"
#include "formfuzz/gen_sig.h"

#define MAX_REPEAT 4096

typedef struct sig_plan {
  const char *name;
  bool valid;
  /* what is signed */
  ff_keypair other;  /* signer when use_other */
  bool use_other;
  bool other_digest; /* the other scheme's digest convention */
  size_t repeat;     /* the message, this many times, is signed and sent */
  bool sent_extra;   /* the header carries one byte more than was signed */
  /* edits of the signature */
  bool high_s, recid_flip, zero_r, s_is_n, eth_v, der;
  int cut;             /* hex characters cut from the end of the signature */
  const char *insert;  /* bytes put in the middle of the signature hex */
  size_t insert_len;
  /* text */
  const char *recid_text; /* NULL: the decimal recid */
  const char *prefix;     /* scheme A */
  const char *dot1, *dot2, *extra_part;
  bool drop_message_part; /* scheme A: two parts */
  int drop_header;        /* scheme B: which of the three is missing, -1 none */
  bool upper_sig, upper_msg, msg_0x, sig_0x, lower_names, ows, bad_msg_hex, empty_value;
  int duplicate; /* 0 none, 1 bogus header first, 2 bogus header second */
} sig_plan;

static const uint8_t CURVE_ORDER[32] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                        0xff, 0xff, 0xff, 0xff, 0xfe, 0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48,
                                        0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41};

static void digest_of(ff_sig_scheme scheme, const uint8_t *msg, size_t len, size_t repeat, uint8_t out[32]) {
  struct sha256_ctx ctx;
  sha256_init(&ctx);
  for (size_t i = 0; i < repeat; i++) sha256_update(&ctx, len, msg);
  sha256_digest(&ctx, SHA256_DIGEST_SIZE, out);
  if (scheme == FF_SIG_SCHEME_A) ff_sha256(out, 32, out);
}

void ff_sig_digest(ff_sig_scheme scheme, const uint8_t *msg, size_t msg_len, uint8_t digest[32]) {
  digest_of(scheme, msg, msg_len, 1, digest);
}

/* DER: SEQUENCE { INTEGER r, INTEGER s }, minimal integers. */
static size_t der_encode(const uint8_t sig[64], uint8_t out[72]) {
  size_t n = 2;
  for (int half = 0; half < 2; half++) {
    const uint8_t *v = sig + 32 * half;
    size_t skip = 0;
    while (skip < 31 && v[skip] == 0) skip++;
    bool pad = v[skip] & 0x80;
    out[n++] = 0x02;
    out[n++] = (uint8_t)(32 - skip + pad);
    if (pad) out[n++] = 0;
    memcpy(out + n, v + skip, 32 - skip);
    n += 32 - skip;
  }
  out[0] = 0x30;
  out[1] = (uint8_t)(n - 2);
  return n;
}

/* The signature as header text, edits applied. */
static void render_signature(const sig_plan *p, const uint8_t sig[64], int recid, ff_buf *out) {
  uint8_t raw[72];
  size_t n = 64;
  memcpy(raw, sig, 64);
  if (p->der) n = der_encode(sig, raw);
  if (p->eth_v) raw[n++] = (uint8_t)(27 + recid);
  char text[2 * sizeof raw + 8];
  ff_buf t;
  ff_buf_init(&t, text, sizeof text);
  ff_hex_encode(&t, raw, n, p->upper_sig);
  if (p->cut > 0 && (size_t)p->cut <= t.len) t.len -= (size_t)p->cut;
  if (p->sig_0x) ff_buf_puts(out, "0x");
  size_t half = t.len / 2;
  ff_buf_put(out, text, p->insert ? half : t.len);
  if (p->insert) {
    ff_buf_put(out, p->insert, p->insert_len);
    ff_buf_put(out, text + half, t.len - half);
  }
}

static void render_recid(const sig_plan *p, int recid, ff_buf *out) {
  if (p->recid_text) ff_buf_puts(out, p->recid_text);
  else ff_buf_printf(out, "%d", recid);
}

static void render_message(const sig_plan *p, const uint8_t *msg, size_t len, ff_buf *out) {
  if (p->bad_msg_hex) {
    ff_buf_puts(out, "zz");
    return;
  }
  if (p->msg_0x) ff_buf_puts(out, "0x");
  for (size_t i = 0; i < p->repeat; i++) ff_hex_encode(out, msg, len, p->upper_msg);
  if (p->sent_extra) ff_buf_puts(out, "21");
}

static void header_start(const sig_plan *p, const char *name, const char *lower, ff_buf *out) {
  ff_buf_puts(out, p->lower_names ? lower : name);
  ff_buf_puts(out, p->ows ? ": \t" : ": ");
}

static void header_end(const sig_plan *p, ff_buf *out) { ff_buf_puts(out, p->ows ? " \t\r\n" : "\r\n"); }

static void write_scheme_a(const sig_plan *p, const uint8_t sig[64], int recid, const uint8_t *msg, size_t len,
                           ff_buf *out) {
  if (p->duplicate == 1) ff_buf_puts(out, "Authorization: Signature 00.0.00\r\n");
  header_start(p, "Authorization", "authorization", out);
  if (!p->empty_value) {
    ff_buf_puts(out, p->prefix);
    render_signature(p, sig, recid, out);
    ff_buf_puts(out, p->dot1);
    render_recid(p, recid, out);
    if (!p->drop_message_part) {
      ff_buf_puts(out, p->dot2);
      render_message(p, msg, len, out);
    }
    ff_buf_puts(out, p->extra_part);
  }
  header_end(p, out);
  if (p->duplicate == 2) ff_buf_puts(out, "Authorization: Signature 00.0.00\r\n");
}

static void write_scheme_b(const sig_plan *p, const uint8_t sig[64], int recid, const uint8_t *msg, size_t len,
                           ff_buf *out) {
  if (p->duplicate == 1) ff_buf_puts(out, "X-Signature: 00\r\n");
  if (p->drop_header != 0) {
    header_start(p, "X-Signature", "x-signature", out);
    if (!p->empty_value) render_signature(p, sig, recid, out);
    header_end(p, out);
  }
  if (p->duplicate == 2) ff_buf_puts(out, "X-Signature: 00\r\n");
  if (p->drop_header != 1) {
    header_start(p, "X-Recovery-Id", "x-recovery-id", out);
    render_recid(p, recid, out);
    header_end(p, out);
  }
  if (p->drop_header != 2) {
    header_start(p, "X-Message", "x-message", out);
    render_message(p, msg, len, out);
    header_end(p, out);
  }
}

enum {
  V_CANONICAL, V_UPPER_SIG, V_UPPER_MSG, V_RECID_ZEROS, V_RECID_PLUS, V_LOWER_NAMES, V_OWS, V_MSG_0X,
  VALID_COUNT,
  N_HIGH_S = VALID_COUNT, N_RECID_FLIP, N_RECID_RANGE, N_TRUNCATED, N_ODD_HEX, N_WRONG_MESSAGE, N_OTHER_KEY,
  N_OTHER_DIGEST, N_SIG_0X, N_PREFIX_CASE, N_DOUBLE_SPACE, N_SPACE_AROUND_DOT, N_MISSING_PART, N_EXTRA_PART,
  N_ZERO_R, N_S_IS_N,
  NEAR_END,
  H_HUGE_MESSAGE = NEAR_END, H_DUP_BAD_FIRST, H_DUP_GOOD_FIRST, H_NON_VISIBLE, H_NUL, H_ETH_V, H_DER,
  H_RECID_LONG, H_EMPTY_VALUE,
  HOSTILE_END
};

/* Fills the plan for one variant; returns whether the result is valid. */
static bool plan_variant(ff_input *in, int v, ff_sig_scheme scheme, const ff_keypair *kp, sig_plan *p) {
  static const char *const BAD_RECIDS[] = {"4", "27", "28", "255", "256", "-1", "1 0", "0x1", ""};
  static const char *const NON_VISIBLE[] = {"\x7f", "\xC3\xA9", "\x01"};
  bool a = scheme == FF_SIG_SCHEME_A;
  p->valid = v < VALID_COUNT;
  switch (v) {
  case V_CANONICAL: p->name = "canonical"; break;
  case V_UPPER_SIG: p->name = "uppercase signature hex"; p->upper_sig = true; break;
  case V_UPPER_MSG: p->name = "uppercase message hex"; p->upper_msg = true; break;
  case V_RECID_ZEROS: p->name = "recid with leading zeros"; break; /* text set by the caller */
  case V_RECID_PLUS: p->name = "recid with +"; break;
  case V_LOWER_NAMES: p->name = "lowercase header names"; p->lower_names = true; break;
  case V_OWS: p->name = "whitespace around the value"; p->ows = true; break;
  case V_MSG_0X:
    p->name = a ? "0x before the message (refused by A)" : "0x before X-Message";
    p->msg_0x = true;
    p->valid = !a;
    break;
  case N_HIGH_S: p->name = "high-S twin"; p->high_s = true; break;
  case N_RECID_FLIP: p->name = "recid flipped"; p->recid_flip = true; break;
  case N_RECID_RANGE: p->name = "recid out of range"; p->recid_text = FF_PICK(in, BAD_RECIDS); break;
  case N_TRUNCATED: p->name = "63-byte signature"; p->cut = 2; break;
  case N_ODD_HEX: p->name = "odd-length signature hex"; p->cut = 1; break;
  case N_WRONG_MESSAGE: p->name = "message differs from the signed one"; p->sent_extra = true; break;
  case N_OTHER_KEY: {
    p->name = "signed by another key";
    p->use_other = true;
    uint64_t seed = ff_range(in, 1, 1000);
    ff_keypair_from_seed(&p->other, seed);
    if (memcmp(p->other.addr, kp->addr, 20) == 0) ff_keypair_from_seed(&p->other, seed + 1);
    break;
  }
  case N_OTHER_DIGEST: p->name = "the other scheme's digest signed"; p->other_digest = true; break;
  case N_SIG_0X: p->name = "0x before the signature"; p->sig_0x = true; break;
  case N_PREFIX_CASE:
    p->name = a ? "lowercase 'signature ' prefix" : "X-Recovery-Id missing";
    p->prefix = "signature ";
    p->drop_header = a ? -1 : 1;
    break;
  case N_DOUBLE_SPACE:
    p->name = "space inside the value";
    p->prefix = "Signature  ";
    if (!a) p->insert = " ", p->insert_len = 1;
    break;
  case N_SPACE_AROUND_DOT:
    p->name = a ? "spaces around the dots" : "X-Message missing";
    p->dot1 = " . ";
    p->drop_header = a ? -1 : 2;
    break;
  case N_MISSING_PART:
    p->name = a ? "message part missing" : "X-Signature missing";
    p->drop_message_part = a;
    p->drop_header = a ? -1 : 0;
    break;
  case N_EXTRA_PART:
    p->name = a ? "a fourth part" : "X-Message not hex";
    p->extra_part = a ? ".00" : "";
    p->bad_msg_hex = !a;
    break;
  case N_ZERO_R: p->name = "r = 0"; p->zero_r = true; break;
  case N_S_IS_N: p->name = "s = n"; p->s_is_n = true; break;
  case H_HUGE_MESSAGE:
    p->name = "huge signed message";
    p->repeat = (size_t)ff_range(in, 2, MAX_REPEAT);
    p->valid = true;
    break;
  case H_DUP_BAD_FIRST: p->name = "a bogus header before the real one"; p->duplicate = 1; break;
  case H_DUP_GOOD_FIRST: p->name = "a bogus header after the real one"; p->duplicate = 2; p->valid = true; break;
  case H_NON_VISIBLE:
    p->name = "non-visible byte in the signature";
    p->insert = FF_PICK(in, NON_VISIBLE);
    p->insert_len = strlen(p->insert);
    break;
  case H_NUL: p->name = "NUL in the signature"; p->insert = "\0", p->insert_len = 1; break;
  case H_ETH_V: p->name = "65-byte r||s||v"; p->eth_v = true; break;
  case H_DER: p->name = "DER-encoded signature"; p->der = true; break;
  case H_RECID_LONG: p->name = "recid with many leading zeros"; p->valid = true; break;
  default: p->name = "empty value"; p->empty_value = true; break;
  }
  return p->valid;
}

bool ff_gen_sig_headers(ff_input *in, ff_gen_mode mode, ff_sig_scheme scheme, const ff_keypair *kp,
                        const uint8_t *msg, size_t msg_len, ff_buf *out, ff_sig_info *info) {
  sig_plan p;
  memset(&p, 0, sizeof p);
  p.prefix = "Signature ";
  p.dot1 = p.dot2 = ".";
  p.extra_part = "";
  p.drop_header = -1;
  p.repeat = 1;
  int v;
  switch (ff_gen_resolve_mode(in, mode)) {
  case FF_GEN_VALID: v = (int)ff_choose(in, scheme == FF_SIG_SCHEME_B ? VALID_COUNT : VALID_COUNT - 1); break;
  case FF_GEN_NEAR: v = VALID_COUNT + (int)ff_choose(in, NEAR_END - VALID_COUNT); break;
  default: v = NEAR_END + (int)ff_choose(in, HOSTILE_END - NEAR_END); break;
  }
  bool valid = plan_variant(in, v, scheme, kp, &p);
  if (p.repeat > 1 && msg_len > 0) { /* the huge message fills at most the buffer's room */
    size_t room = ff_buf_room(out), fit = room > 512 ? (room - 512) / (2 * msg_len) : 1;
    if (p.repeat > fit) p.repeat = fit ? fit : 1;
  }
  ff_note(in, "signature headers: %s", p.name);

  uint8_t digest[32], sig[64];
  int recid = 0;
  ff_sig_scheme convention = p.other_digest ? (scheme == FF_SIG_SCHEME_A ? FF_SIG_SCHEME_B : FF_SIG_SCHEME_A) : scheme;
  digest_of(convention, msg, msg_len, p.repeat, digest);
  if (ff_sign_recoverable(p.use_other ? &p.other : kp, digest, sig, &recid) != 0) {
    valid = false; /* cannot happen with a valid key pair; the output is then the zero signature */
    memset(sig, 0, sizeof sig);
  }
  if (p.high_s) {
    ff_sig_negate_s(sig);
    recid ^= 1;
  }
  if (p.recid_flip) recid ^= 1;
  if (p.zero_r) memset(sig, 0, 32);
  if (p.s_is_n) memcpy(sig + 32, CURVE_ORDER, 32);
  char recid_text[24];
  if (v == V_RECID_ZEROS || v == V_RECID_PLUS || v == H_RECID_LONG) {
    snprintf(recid_text, sizeof recid_text, v == V_RECID_ZEROS ? "00%d" : v == V_RECID_PLUS ? "+%d" : "0000000000%d",
             recid);
    p.recid_text = recid_text;
  }
  if (scheme == FF_SIG_SCHEME_A) write_scheme_a(&p, sig, recid, msg, msg_len, out);
  else write_scheme_b(&p, sig, recid, msg, msg_len, out);
  valid = valid && !out->overflow;
  if (info) {
    info->expected_valid = valid;
    info->variant = p.name;
  }
  return valid;
}
