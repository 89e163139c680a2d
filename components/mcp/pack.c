/* Scheme C (§1.3) and the pack queue's build path (§6.4) with the intended
 * behaviour: the server recomputes the hash from the signer and the request
 * it got (the real one never does, so one signature authorizes any
 * formfile), the request's name must be its Formfile's (validated) name,
 * build_id is hex(SHA3-256(signer20 || name)) everywhere, and the image path
 * is made from the build id, never from a caller's string. Signers are
 * recovered with the vm core (vm_recover_signer: low-S, recid 0..3). */
#include <jansson.h>
#include <nettle/sha3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formfuzz/bug.h"
#include "formfuzz/crypto.h"
#include "mcp.h"

#define ARTIFACTS_MAX 4096

static void sha3(const void *a, size_t alen, const void *b, size_t blen, const void *c, size_t clen, uint8_t out[32]) {
  struct sha3_256_ctx ctx;
  sha3_256_init(&ctx);
  sha3_256_update(&ctx, alen, a);
  if (b) sha3_256_update(&ctx, blen, b);
  if (c) sha3_256_update(&ctx, clen, c);
  sha3_256_digest(&ctx, 32, out);
}

void mcp_pack_hash(const uint8_t signer20[20], const mcp_formfile *f, const uint8_t *artifacts, size_t artifacts_len,
                   uint8_t out[32]) {
  uint8_t who[32], art[32];
  sha3(signer20, 20, f->name, strlen(f->name), NULL, 0, who);
  sha3(artifacts ? artifacts : (const uint8_t *)"", artifacts_len, NULL, 0, NULL, 0, art);
  char *json = mcp_formfile_to_json(f);
  sha3(who, 32, json ? json : "", json ? strlen(json) : 0, art, 32, out);
  free(json);
}

static json_t *bytes_json(const uint8_t *b, size_t n) {
  json_t *a = json_array();
  for (size_t i = 0; i < n; i++) json_array_append_new(a, json_integer(b[i]));
  return a;
}

char *mcp_pack_request_json(const ff_keypair *kp, const mcp_formfile *f, const uint8_t *artifacts, size_t artifacts_len) {
  uint8_t hash[32], digest[32], sig[64];
  int rec;
  mcp_pack_hash(kp->addr, f, artifacts, artifacts_len, hash);
  ff_sha256(hash, 32, digest);
  if (ff_sign_recoverable(kp, digest, sig, &rec) != 0) return NULL;
  char sighex[129], *ff = mcp_formfile_to_json(f);
  vm_hex_encode(sig, 64, sighex);
  json_t *formfile = ff ? json_loads(ff, 0, NULL) : NULL;
  free(ff);
  if (!formfile) return NULL;
  json_t *doc = json_pack("{s:{s:s, s:i}, s:o, s:{s:s, s:o, s:o}}", "sig", "sig", sighex, "rec", rec, "hash",
                          bytes_json(hash, 32), "request", "name", f->name, "formfile", formfile, "artifacts",
                          bytes_json(artifacts, artifacts_len));
  char *out = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER);
  json_decref(doc);
  return out;
}

static bool bad(char *err, size_t cap, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err, cap, fmt, ap);
  va_end(ap);
  return false;
}

/* A JSON array of at most max integers 0..255 into out; returns the count or -1. */
static long read_bytes(json_t *a, uint8_t *out, size_t max) {
  if (!json_is_array(a) || json_array_size(a) > max) return -1;
  for (size_t i = 0; i < json_array_size(a); i++) {
    json_t *v = json_array_get(a, i);
    if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 255) return -1;
    out[i] = (uint8_t)json_integer_value(v);
  }
  return (long)json_array_size(a);
}

static bool verify_doc(json_t *d, mcp_pack_build *out, char *err, size_t cap) {
  json_t *sig = json_object_get(d, "sig"), *req = json_object_get(d, "request");
  const char *sighex = json_string_value(json_object_get(sig, "sig"));
  json_t *rec = json_object_get(sig, "rec");
  uint8_t sig64[64], hash[32], want[32], digest[32], signer20[20];
  uint8_t artifacts[ARTIFACTS_MAX];
  if (!sighex || ff_hex_decode(sighex, strlen(sighex), sig64, sizeof sig64) != 64) return bad(err, cap, "sig.sig is 64 bytes of hex");
  if (!json_is_integer(rec) || json_integer_value(rec) < 0 || json_integer_value(rec) > 3) return bad(err, cap, "sig.rec is 0..3");
  if (read_bytes(json_object_get(d, "hash"), hash, 32) != 32) return bad(err, cap, "hash is 32 bytes");
  ff_sha256(hash, 32, digest);
  if (vm_recover_signer(digest, sig64, (int)json_integer_value(rec), &out->signer) != VM_OK)
    return bad(err, cap, "the signature does not recover");
  const char *name = json_string_value(json_object_get(req, "name"));
  long alen = read_bytes(json_object_get(req, "artifacts"), artifacts, sizeof artifacts);
  char *ff = json_dumps(json_object_get(req, "formfile"), JSON_COMPACT);
  bool parsed = ff && mcp_formfile_from_json(ff, strlen(ff), &out->formfile, err, cap);
  free(ff);
  if (!name || alen < 0) return bad(err, cap, "request is {name, formfile, artifacts}");
  if (!parsed) return false;
  if (strcmp(name, out->formfile.name) != 0) return bad(err, cap, "request.name is not the Formfile's name");
  ff_hex_decode(out->signer.hex, VM_ADDR_LEN, signer20, sizeof signer20);
  mcp_pack_hash(signer20, &out->formfile, artifacts, (size_t)alen, want);
  if (memcmp(want, hash, 32) != 0 && !FF_BUG("mcp.pack_hash_unbound"))
    return bad(err, cap, "hash is not the hash of this request by its signer");
  if (vm_build_id(&out->signer, out->formfile.name, out->build_id) != VM_OK) return bad(err, cap, "no build id");
  snprintf(out->image_path, sizeof out->image_path, "%s/%s.raw", MCP_IMAGE_DIR, out->build_id);
  return true;
}

bool mcp_pack_verify_request(const char *json, size_t len, mcp_pack_build *out, char *err, size_t cap) {
  memset(out, 0, sizeof *out);
  json_t *d = json_loadb(json, len, JSON_REJECT_DUPLICATES, NULL);
  if (!json_is_object(d)) {
    json_decref(d);
    return bad(err, cap, "not a JSON object");
  }
  bool ok = verify_doc(d, out, err, cap);
  json_decref(d);
  return ok;
}

bool mcp_pack_handle_message(const uint8_t *msg, size_t len, mcp_pack_build *out, char *err, size_t cap) {
  if (len == 0) return bad(err, cap, "empty message");
  if (msg[0] == 1) return bad(err, cap, "ignored");
  if (msg[0] != 0) return bad(err, cap, "unknown subtopic %u", msg[0]);
  return mcp_pack_verify_request((const char *)msg + 1, len - 1, out, err, cap);
}
