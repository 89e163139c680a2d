/* dns component generators: domains in several spellings of a small pool,
 * addresses from a pool (so records, health marks and upstream answers
 * collide), queries as resolvers send them, whole messages with every record
 * type, bent bytes, and certificates made with OpenSSL from fixed Ed25519 keys
 * (deterministic bytes). Used by the four dns fuzzers and the dns tests. */
#ifndef DNS_FUZZ_GEN_H
#define DNS_FUZZ_GEN_H

#include "dns.h"
#include "formfuzz/fault.h"
#include "formfuzz/input.h"

#define DNS_GEN_NOW 1750000000 /* the simulated clock: 2025-06-15 */
#define DNS_GEN_ZONE "formation.cloud"

/* Installs this run's fault plan (one per thread, reset every run): in one
 * run of four, up to 4 input bytes decide the comma list of sites, 2 bits
 * per consulted call (a call fails when both are 1); otherwise no faults.
 * Returns the plan, for its counts. */
ff_fault_plan *dns_gen_faults(ff_input *in, const char *sites);
/* The same plan, empty: for the fuzzers whose writes are set-up only. */
void dns_gen_no_faults(void);

/* One of a few domains (in the zone, outside it, near-misses like
 * "evilapp.formation.cloud"), or a generated name; spelled with random case
 * and an optional trailing dot. */
void dns_gen_domain(ff_input *in, char out[DNS_NAME_TEXT_MAX]);
/* A pool address: public v4, formnet 10/8, v6, with a port sometimes. */
void dns_gen_ip(ff_input *in, uint8_t family /* 0 any, 4, 6 */, dns_ip *out);
/* A resolver-style query (id, RD, one question, EDNS sometimes) for a pool
 * name. Returns its length. */
size_t dns_gen_query(ff_input *in, uint8_t *out, size_t cap);
/* A message with every section and record type, compressed by the
 * serializer. Returns its length (0 when it did not fit). */
size_t dns_gen_message(ff_input *in, uint8_t *out, size_t cap);
/* Uncompressed RDATA valid for type (A, AAAA, names, MX, SRV, SOA, TXT, CAA;
 * other types: up to 64 random bytes); cap at least 600. Returns its length. */
size_t dns_gen_rdata(ff_input *in, uint16_t type, uint8_t *rd, size_t cap);
/* Flips, inserts, deletes or overwrites a few bytes, or cuts the tail. */
size_t dns_gen_bend(ff_input *in, uint8_t *buf, size_t len, size_t cap);

/* Certificate number i (0 <= i < DNS_GEN_CERTS) as DER: names and validity
 * in dns_gen_cert_info. NULL when OpenSSL failed. */
#define DNS_GEN_CERTS 6
const uint8_t *dns_gen_cert_der(size_t i, size_t *len);
typedef struct dns_gen_cert_info {
  const char *names[3];
  int64_t not_before, not_after;
} dns_gen_cert_info;
const dns_gen_cert_info *dns_gen_cert_info_of(size_t i);
/* The PEM text of certificate i (NUL-terminated). */
const char *dns_gen_cert_pem(size_t i);

/* Private key i (0 <= i < DNS_GEN_KEYS): 0 Ed25519 as PKCS#8, 1 a fixed RSA
 * key as PKCS#1, 2 the same RSA key as PKCS#8; DER or PEM. NULL when OpenSSL
 * failed. dns_gen_key_public: its DER SubjectPublicKeyInfo. */
#define DNS_GEN_KEYS 3
const uint8_t *dns_gen_key(size_t i, bool pem, size_t *len);
const uint8_t *dns_gen_key_public(size_t i, size_t *len);

#endif
