/* vm_wire's input: signed HTTP/1.1 requests exactly as a Formation client
 * sends them to form-state, after one framing line that says what the
 * fuzzer needs around them:
 *
 *   vm-wire accounts=0124 faults=00000000 peer=203.0.113.7:41000 sign=01-4
 *   POST /v1/account/create HTTP/1.1
 *   Authorization: Signature <hex r||s>.<recid>.<hex message>
 *   Content-Type: application/json
 *   Content-Length: 61
 *
 *   {"Create":{"address":"..."}}GET /v1/instance/<id>/get HTTP/1.1
 *   ...
 *
 * Framing (one line, tokens in any order, unknown ones ignored, each
 * optional): accounts = the keys (0-4) that hold an account at the start
 * (default all), key 2's account is a global admin and key 3 is an admin
 * peer; faults = 4 bytes in hex, the storage fault plan (3 bits a decision,
 * site storage.write; default none); peer = the connection's address text
 * (default 203.0.113.7:41000); sign = one character per request, the key
 * (0-4) whose signature the protocol-aware mutator re-computes after a
 * change, or '-' to keep the signature headers as they are (default '-').
 * Keys 0-3 are the vm fuzzers' test keys (vm_gen_key), key 4 the fact
 * sheet's V1 key (§9). Without the framing line the input is requests only,
 * with the defaults.
 *
 * After the framing line, everything is an HTTP/1.1 byte stream a client
 * pipelines on one connection: `tail -n +2 input | nc host 3004` replays an
 * input against a real form-state. A request is a request line (method of
 * 1-7 token characters, a target of 1-159 visible characters, HTTP/1.1 or
 * HTTP/1.0), header lines up to an empty line (CRLF or LF), and a body of
 * exactly Content-Length bytes (at most 2047; none without the header). */
#ifndef VM_FUZZ_WIRE_FORMAT_H
#define VM_FUZZ_WIRE_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "formfuzz/crypto.h"
#include "gen.h"

#define VM_WIRE_REQUESTS 12
#define VM_WIRE_KEYS 5
#define VM_WIRE_FACT_SHEET_KEY 4 /* §9 V1: 4c0883a6…, address 2c7536e3… */
#define VM_WIRE_KEEP (-1)        /* sign: keep the headers as they are */
#define VM_WIRE_METHOD_MAX 7
#define VM_WIRE_TARGET_MAX 159
#define VM_WIRE_HEAD_MAX 3072 /* header lines of one request, without Content-Length */
#define VM_WIRE_BODY_MAX 2047 /* an Instance body fits (vm_gen_request.body) */
#define VM_WIRE_PEER_MAX 47
#define VM_WIRE_DEFAULT_PEER "203.0.113.7:41000"

typedef struct vm_wire_request {
  char method[VM_WIRE_METHOD_MAX + 1];
  char target[VM_WIRE_TARGET_MAX + 1];
  char head[VM_WIRE_HEAD_MAX]; /* "Name: value\r\n" lines as sent, Content-Length left out */
  size_t head_len;
  uint8_t body[VM_WIRE_BODY_MAX + 1];
  size_t body_len;
  bool has_length; /* Content-Length is written even for an empty body */
  int key;         /* the framing's sign entry: 0-4 or VM_WIRE_KEEP */
  /* The message the signature headers sign (decoded; empty when there is
   * none), and whether it is the freshness message of this very request. */
  uint8_t msg[VM_MSG_MAX];
  size_t msg_len;
  bool bound;
  /* What the signature headers hold now: the key and SHA-256 of the message
   * (from the framing at parse time, then from each vm_wire_resign). */
  int signed_key;
  uint8_t signed_hash[32];
} vm_wire_request;

typedef struct vm_wire {
  unsigned accounts; /* bit k: key k has an account */
  uint8_t faults[4];
  char peer[VM_WIRE_PEER_MAX + 1];
  size_t n;
  vm_wire_request req[VM_WIRE_REQUESTS];
} vm_wire;

/* Key k of the table (0-3: vm_gen_key, 4: the fact sheet's V1 key). */
const ff_keypair *vm_wire_key(size_t k);

void vm_wire_init(vm_wire *w);
/* Reads data into w: the framing line, then requests until the data ends or
 * one does not parse (or VM_WIRE_REQUESTS are read). Returns the number of
 * bytes consumed; every byte was read when it returns len. */
size_t vm_wire_parse(const uint8_t *data, size_t len, vm_wire *w);
/* Writes w (framing line, then each request with its Content-Length).
 * Returns the length, or -1 when it does not fit in cap. */
long vm_wire_write(const vm_wire *w, uint8_t *out, size_t cap);

/* The first header named name (case-insensitive): value without the
 * whitespace around it. */
bool vm_wire_header(const vm_wire_request *r, const char *name, const char **value, size_t *len);
/* Sets the first header named name to value (keeping its spelling and the
 * whitespace around the old value), or adds "name: value". False when the
 * header lines would not fit. */
bool vm_wire_set_header(vm_wire_request *r, const char *name, const char *value);
/* Drops every header named name. */
void vm_wire_drop_header(vm_wire_request *r, const char *name);
/* The offsets where r's header lines start (at most cap); returns how many. */
size_t vm_wire_header_lines(const vm_wire_request *r, size_t *starts, size_t cap);
/* Replaces drop bytes of r's header lines at offset at by n bytes of text;
 * false (r unchanged) when the result would not fit. */
bool vm_wire_splice_head(vm_wire_request *r, size_t at, size_t drop, const char *text, size_t n);

/* Reads msg, msg_len and bound from r's signature headers (scheme A's
 * Authorization, else scheme B's X-Message). */
void vm_wire_read_message(vm_wire_request *r);
/* The request's own freshness message with the given time and nonce into
 * r->msg (bound). */
bool vm_wire_bind(vm_wire_request *r, uint64_t timestamp, const char nonce[VM_NONCE_HEX + 1]);
/* The re-computed signature, this format's checksum: when r->key is a key
 * and the message to sign (the bound message re-made from r's method,
 * target and body, else r->msg as it is) or the key differ from what was
 * last signed, signs it and rewrites the signature headers (scheme A when an
 * Authorization header is there or no scheme B header is, else scheme B),
 * keeping their spelling: hex case, the recovery id's "+" or leading zeros,
 * X-Message's "0x". */
void vm_wire_resign(vm_wire_request *r);

/* Request i as the vm request oracles take it (request_checks.h); false when
 * it does not fit there. */
bool vm_wire_to_gen(const vm_wire *w, size_t i, vm_gen_request *g);

#endif
