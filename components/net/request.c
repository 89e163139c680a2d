/* Signed control-plane requests: the digest binds the operation, the claimed
 * IP and the body; signing and recovery use secp256k1 through crypto.h and
 * the vm component's verifier (low-S only, recid 0..3). */
#include <stdlib.h>
#include <string.h>

#include "formfuzz/crypto.h"
#include "net_control.h"
#include "vm.h"

static const char *const op_names[] = {"join", "leave", "candidates", "authorize"};

const char *net_op_name(net_op op) { return op_names[op]; }

void net_request_digest(const net_request *req, uint8_t digest[32]) {
  static const char tag[] = "formnet-control-v1\n";
  const char *op = op_names[req->op];
  size_t iplen = strnlen(req->path_ip, sizeof req->path_ip);
  size_t len = sizeof tag - 1 + strlen(op) + 1 + iplen + 1 + req->body_len;
  uint8_t stack[1024];
  uint8_t *buf = len <= sizeof stack ? stack : malloc(len);
  if (!buf) {
    memset(digest, 0, 32);
    return;
  }
  size_t o = 0;
  memcpy(buf + o, tag, sizeof tag - 1), o += sizeof tag - 1;
  memcpy(buf + o, op, strlen(op)), o += strlen(op);
  buf[o++] = '\n';
  memcpy(buf + o, req->path_ip, iplen), o += iplen;
  buf[o++] = '\n';
  if (req->body_len) memcpy(buf + o, req->body, req->body_len);
  ff_sha256(buf, len, digest);
  if (buf != stack) free(buf);
}

int net_request_sign(net_request *req, const void *keypair) {
  uint8_t digest[32];
  net_request_digest(req, digest);
  req->signed_ = ff_sign_recoverable((const ff_keypair *)keypair, digest, req->sig, &req->recid) == 0;
  return req->signed_ ? 0 : -1;
}

net_err net_request_signer(const net_request *req, uint8_t addr[20]) {
  if (!req->signed_) return NET_E_UNAUTHORIZED;
  uint8_t digest[32];
  net_request_digest(req, digest);
  vm_addr signer;
  if (vm_recover_signer(digest, req->sig, req->recid, &signer) != VM_OK) return NET_E_UNAUTHORIZED;
  if (ff_hex_decode(signer.hex, VM_ADDR_LEN, addr, 20) != 20) return NET_E_UNAUTHORIZED;
  return NET_OK;
}
