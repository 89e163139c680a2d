/* vm component generators (see gen.h). Keys come from a table made once per
 * process (read-only afterwards); everything else is drawn from the input. */
#include "gen.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static ff_keypair KEYS[VM_GEN_KEYS];
static pthread_once_t keys_once = PTHREAD_ONCE_INIT;

static void make_keys(void) {
  for (size_t i = 0; i < VM_GEN_KEYS; i++) ff_keypair_from_seed(&KEYS[i], i + 1);
}

const ff_keypair *vm_gen_key(size_t i) {
  pthread_once(&keys_once, make_keys);
  return &KEYS[i % VM_GEN_KEYS];
}

void vm_gen_key_addr(size_t i, vm_addr *out) { vm_addr_from_bytes(vm_gen_key(i)->addr, out); }

void vm_gen_address_spelling(ff_input *in, const vm_addr *a, char out[43]) {
  size_t style = ff_choose(in, 5);
  const char *prefix = style == 2 ? "0x" : style == 3 ? "0X" : "";
  size_t plen = strlen(prefix);
  memcpy(out, prefix, plen);
  uint8_t mask[5] = {0};
  if (style == 4) ff_fill(in, mask, sizeof mask);
  for (size_t i = 0; i < VM_ADDR_LEN; i++) {
    char c = a->hex[i];
    bool upper = style == 1 || (style == 4 && (mask[i / 8] >> (i % 8) & 1));
    out[plen + i] = upper ? (char)toupper((unsigned char)c) : c;
  }
  out[plen + VM_ADDR_LEN] = '\0';
}

void vm_gen_instance_id(size_t k, char out[41]) {
  static const char NODE_ID[] = "0123456789abcdef0123456789abcdef01234567";
  vm_addr owner;
  char name[16], build[65];
  vm_gen_key_addr(k % VM_GEN_KEYS, &owner);
  snprintf(name, sizeof name, "vm-%zu", k);
  if (vm_build_id(&owner, name, build) != VM_OK || vm_instance_id(build, NODE_ID, out) != VM_OK)
    snprintf(out, 41, "%040zx", k); /* unreachable: the inputs above are valid */
}

static const char *const BEND_NAMES[VM_BEND_COUNT] = {
    "none",   "high_s",  "recid_flip", "recid_text", "payload",       "wrong_hash", "sig_length",
    "sig_0x", "upper_hex", "stale",    "other_request", "no_header", "random_sig"};

const char *vm_bend_name(vm_bend b) { return (unsigned)b < VM_BEND_COUNT ? BEND_NAMES[b] : "?"; }

void vm_gen_request_fix(vm_gen_request *g) {
  g->req.method = g->method;
  g->req.path = g->path;
  g->req.body = (const uint8_t *)g->body;
  g->req.body_len = strlen(g->body);
  bool unsigned_req = g->bend == VM_BEND_NO_HEADER;
  g->req.authorization = (g->scheme == 'A' && !unsigned_req) ? g->authorization : NULL;
  bool b = g->scheme == 'B' && !unsigned_req;
  g->req.scheme_b.x_signature = b ? g->x_signature : NULL;
  g->req.scheme_b.x_recovery_id = b ? g->x_recovery_id : NULL;
  g->req.scheme_b.x_message = b ? g->x_message : NULL;
}

static void upper(char *s) {
  for (; *s; s++) *s = (char)toupper((unsigned char)*s);
}

/* The digest a scheme signs: A double SHA-256, B single. */
static void scheme_digest(int scheme, const uint8_t *m, size_t n, uint8_t d[32]) {
  if (scheme == 'A')
    ff_sha256d(m, n, d);
  else
    ff_sha256(m, n, d);
}

static void sign_message(ff_input *in, vm_gen_request *g, uint8_t sig[64], int *recid) {
  uint8_t digest[32];
  int digest_scheme = g->bend == VM_BEND_WRONG_HASH ? (g->scheme == 'A' ? 'B' : 'A') : g->scheme;
  scheme_digest(digest_scheme, g->message, g->message_len, digest);
  if (g->bend == VM_BEND_RANDOM_SIG) {
    ff_fill(in, sig, 64);
    *recid = (int)ff_choose(in, 4);
    return;
  }
  if (ff_sign_recoverable(vm_gen_key(g->key), digest, sig, recid) != 0) memset(sig, 0, 64);
  if (g->bend == VM_BEND_HIGH_S) {
    ff_sig_negate_s(sig);
    *recid ^= 1;
  } else if (g->bend == VM_BEND_RECID_FLIP) {
    *recid ^= 1;
  }
}

static void recid_text(ff_input *in, vm_gen_request *g, int recid) {
  if (g->bend != VM_BEND_RECID_TEXT) {
    snprintf(g->recid_text, sizeof g->recid_text, "%d", recid);
    return;
  }
  static const char *const FORMS[] = {"+%d", "0%d", "00%d", " %d", "%d ", "%d", "2%d"};
  size_t f = ff_choose(in, FF_COUNT_OF(FORMS));
  int v = f == 6 ? 7 + recid : recid; /* "27"/"28": Ethereum's v */
  if (f == 6)
    snprintf(g->recid_text, sizeof g->recid_text, "%d", 20 + v);
  else
    snprintf(g->recid_text, sizeof g->recid_text, FORMS[f], recid);
}

static void signature_text(ff_input *in, vm_gen_request *g, const uint8_t sig[64], char *out,
                           size_t cap) {
  char hex[129];
  vm_hex_encode(sig, 64, hex);
  g->sig_canonical = true;
  memcpy(g->sig, sig, 64);
  if (g->bend == VM_BEND_UPPER_HEX) upper(hex);
  if (g->bend == VM_BEND_SIG_LENGTH) {
    size_t keep = (size_t)ff_range(in, 0, 65) * 2;
    if (keep >= 128) {
      snprintf(out, cap, "%s00", hex);
    } else {
      hex[keep] = '\0';
      snprintf(out, cap, "%s", hex);
    }
    g->sig_canonical = false;
    return;
  }
  snprintf(out, cap, "%s%s", g->bend == VM_BEND_SIG_0X ? "0x" : "", hex);
  if (g->bend == VM_BEND_SIG_0X) g->sig_canonical = false;
}

void vm_gen_signed_request(ff_input *in, vm_gen_request *g, const char *method, const char *path,
                           const char *body, uint64_t now) {
  memset(g, 0, sizeof *g);
  snprintf(g->method, sizeof g->method, "%s", method);
  snprintf(g->path, sizeof g->path, "%s", path);
  snprintf(g->body, sizeof g->body, "%s", body);
  g->scheme = ff_bool(in) ? 'B' : 'A';
  g->key = ff_choose(in, VM_GEN_KEYS);
  static const unsigned BEND_WEIGHTS[VM_BEND_COUNT] = {12, 2, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1};
  g->bend = (vm_bend)ff_weighted(in, BEND_WEIGHTS, VM_BEND_COUNT);
  ff_note(in, "request %s %s by key %zu scheme %c bend %s", method, path, g->key, g->scheme,
          vm_bend_name(g->bend));

  uint8_t nonce_bytes[VM_NONCE_HEX / 2];
  char nonce[VM_NONCE_HEX + 1];
  ff_fill(in, nonce_bytes, sizeof nonce_bytes);
  vm_hex_encode(nonce_bytes, sizeof nonce_bytes, nonce);
  uint64_t ts = now - ff_range(in, 0, 60);
  if (g->bend == VM_BEND_STALE) ts = now - VM_FRESH_WINDOW - 1 - ff_range(in, 0, 1000);
  const char *signed_path = g->bend == VM_BEND_OTHER_REQUEST ? "/v1/account/create" : path;
  const char *signed_method = g->bend == VM_BEND_OTHER_REQUEST ? "POST" : method;
  const char *signed_body = g->bend == VM_BEND_OTHER_REQUEST ? "" : body;
  long n = vm_fresh_format(signed_method, signed_path, signed_body, strlen(signed_body), ts, nonce,
                           (char *)g->message, sizeof g->message);
  g->message_len = n > 0 ? (size_t)n : 0;

  uint8_t sig[64];
  int recid = 0;
  sign_message(in, g, sig, &recid);
  if (g->bend == VM_BEND_PAYLOAD && g->message_len > 0)
    g->message[ff_choose(in, g->message_len)] ^= (uint8_t)(1 + ff_u8(in) % 255);
  recid_text(in, g, recid);

  char msg_hex[VM_MSG_MAX * 2 + 1], sig_hex[140];
  vm_hex_encode(g->message, g->message_len, msg_hex);
  if (g->bend == VM_BEND_UPPER_HEX) upper(msg_hex);
  signature_text(in, g, sig, sig_hex, sizeof sig_hex);
  if (g->scheme == 'A') {
    snprintf(g->authorization, sizeof g->authorization, "Signature %s.%s.%s", sig_hex,
             g->recid_text, msg_hex);
  } else {
    snprintf(g->x_signature, sizeof g->x_signature, "%s", sig_hex);
    snprintf(g->x_recovery_id, sizeof g->x_recovery_id, "%s", g->recid_text);
    snprintf(g->x_message, sizeof g->x_message, "%s%s", ff_bool(in) ? "0x" : "", msg_hex);
  }
  vm_gen_request_fix(g);
}
