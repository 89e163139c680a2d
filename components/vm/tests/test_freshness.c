/* Freshness end to end through vm_server_handle with signatures made here:
 * binding to method/path/body, the time window, replay rejection, and the
 * bounded nonce cache's floor after eviction. */
#include <stdio.h>
#include <string.h>

#include "ff_check.h"
#include "gen.h"

static char header[4096];

static const char *sign(size_t key, const char *method, const char *path, const char *body,
                        uint64_t ts, unsigned nonce_n) {
  char nonce[VM_NONCE_HEX + 1], msg[VM_MSG_MAX], msghex[2 * VM_MSG_MAX + 1], sighex[129];
  snprintf(nonce, sizeof nonce, "%032x", nonce_n);
  long n = vm_fresh_format(method, path, body, strlen(body), ts, nonce, msg, sizeof msg);
  uint8_t digest[32], sig[64];
  int recid;
  ff_sha256d(msg, (size_t)n, digest);
  ff_sign_recoverable(vm_gen_key(key), digest, sig, &recid);
  vm_hex_encode((const uint8_t *)msg, (size_t)n, msghex);
  vm_hex_encode(sig, 64, sighex);
  snprintf(header, sizeof header, "Signature %s.%d.%s", sighex, recid, msghex);
  return header;
}

static vm_err send(vm_server *srv, const char *method, const char *path, const char *body,
                   const char *auth) {
  vm_request r = {.method = method, .path = path, .body = (const uint8_t *)body, .body_len = strlen(body),
                  .authorization = auth};
  return vm_server_handle(srv, &r, NULL);
}

/* {"Create":{"address":"<key k>"}}, the account-create body (§2.5). */
static const char *acc_body(size_t k) {
  static char body[2][96];
  vm_addr a;
  vm_gen_key_addr(k, &a);
  snprintf(body[k % 2], sizeof body[0], "{\"Create\":{\"address\":\"%s\"}}", a.hex);
  return body[k % 2];
}

int main(void) {
  static vm_server srv;
  const uint64_t now = VM_GEN_NOW;
  vm_server_init(&srv, now);
  const char *acc = "/v1/account/create";
  const char *b0 = acc_body(0), *b1 = acc_body(1);
  CHECK(send(&srv, "POST", acc, b0, NULL) == VM_E_MISSING_SIGNATURE);
  const char *h = sign(0, "POST", acc, b0, now, 1);
  char saved[4096];
  strcpy(saved, h);
  CHECK(send(&srv, "POST", acc, b0, saved) == VM_OK);
  CHECK(send(&srv, "POST", acc, b0, saved) == VM_E_REPLAY);
  CHECK(send(&srv, "POST", acc, b0, sign(0, "POST", acc, b0, now, 2)) == VM_E_EXISTS);
  /* bound to method, path, body */
  char id[41], other[128], inst[2048];
  const char *path = "/v1/instance/create";
  vm_gen_instance_id(0, id);
  ff_input none;
  ff_input_init(&none, NULL, 0); /* the canonical Instance body */
  vm_gen_instance_json(&none, id, "", inst, sizeof inst);
  snprintf(other, sizeof other, "/v1/instance/%s/delete", id);
  CHECK(send(&srv, "POST", other, "", sign(0, "POST", path, inst, now, 3)) == VM_E_NOT_BOUND);
  CHECK(send(&srv, "GET", path, inst, sign(0, "POST", path, inst, now, 4)) == VM_E_NOT_BOUND);
  CHECK(send(&srv, "POST", path, inst, sign(0, "POST", path, "x", now, 5)) == VM_E_NOT_BOUND);
  /* window */
  CHECK(send(&srv, "POST", path, inst, sign(0, "POST", path, inst, now - VM_FRESH_WINDOW - 1, 6)) ==
        VM_E_STALE);
  CHECK(send(&srv, "POST", path, inst, sign(0, "POST", path, inst, now + VM_FRESH_WINDOW + 1, 7)) ==
        VM_E_STALE);
  CHECK(send(&srv, "POST", path, inst, sign(0, "POST", path, inst, now - VM_FRESH_WINDOW, 8)) == VM_OK);
  /* the same nonce by another signer is not a replay */
  CHECK(send(&srv, "POST", acc, b1, sign(1, "POST", acc, b1, now, 1)) == VM_OK);
  /* an unprivileged signer cannot delete */
  CHECK(send(&srv, "POST", other, "", sign(1, "POST", other, "", now, 9)) == VM_E_FORBIDDEN);
  CHECK(vm_instance_get(&srv.store, id) != NULL);

  /* a full cache evicts its oldest entry and refuses anything at or below it */
  vm_nonce_cache c;
  vm_nonce_cache_init(&c);
  vm_signed s;
  memset(&s, 0, sizeof s);
  vm_gen_key_addr(0, &s.signer);
  for (unsigned i = 0; i < VM_NONCE_CACHE; i++) {
    char nonce[VM_NONCE_HEX + 1];
    snprintf(nonce, sizeof nonce, "%032x", 100 + i);
    s.message_len = (size_t)vm_fresh_format("POST", acc, "", 0, now - 100 + i, nonce,
                                            (char *)s.message, sizeof s.message);
    CHECK(vm_fresh_check(&c, &s, "POST", acc, "", 0, now) == VM_OK);
  }
  char nonce[VM_NONCE_HEX + 1];
  snprintf(nonce, sizeof nonce, "%032x", 999);
  s.message_len = (size_t)vm_fresh_format("POST", acc, "", 0, now - 100, nonce, (char *)s.message,
                                          sizeof s.message);
  CHECK(vm_fresh_check(&c, &s, "POST", acc, "", 0, now) == VM_E_STALE); /* would be the oldest */
  s.message_len = (size_t)vm_fresh_format("POST", acc, "", 0, now, nonce, (char *)s.message,
                                          sizeof s.message);
  CHECK(vm_fresh_check(&c, &s, "POST", acc, "", 0, now) == VM_OK); /* evicts now-100 */
  snprintf(nonce, sizeof nonce, "%032x", 100);                      /* the evicted nonce */
  s.message_len = (size_t)vm_fresh_format("POST", acc, "", 0, now - 100, nonce, (char *)s.message,
                                          sizeof s.message);
  CHECK(vm_fresh_check(&c, &s, "POST", acc, "", 0, now) == VM_E_STALE);
  CHECK(c.count == VM_NONCE_CACHE);
  return check_summary("vm_test_freshness");
}
