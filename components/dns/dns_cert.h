/* dns certificates (spec §2.9): X.509 loading with OpenSSL (PEM or DER),
 * SAN and wildcard matching, renewal decisions, ACME vs local (.fog)
 * issuance, safe file names, renewals that cannot both install, SNI choice. */
#ifndef DNS_CERT_H
#define DNS_CERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dns_store.h"

#define DNS_CERT_MAX_NAMES 8
#define DNS_CERT_SLOTS 8

typedef struct dns_cert {
  char names[DNS_CERT_MAX_NAMES][DNS_KEY_MAX]; /* normalized DNS names (SAN, else CN) */
  size_t nnames;
  int64_t not_before, not_after; /* unix seconds */
} dns_cert;

/* 0, or -1 with a reason (not a certificate, no usable name, bad times). */
int dns_cert_load(const uint8_t *bytes, size_t len, dns_cert *out, char *err, size_t cap);
/* RFC 6125 6.4.3: exact match, or "*" as the whole leftmost label standing
 * for exactly one label, with at least two labels after it. Case-insensitive. */
bool dns_cert_name_matches(const char *pattern, const char *host);
bool dns_cert_covers(const dns_cert *c, const char *host);
bool dns_cert_valid_at(const dns_cert *c, int64_t now);
/* Renew when not valid now or when now is within window seconds of expiry. */
bool dns_cert_needs_renewal(const dns_cert *c, int64_t now, int64_t window);

typedef enum dns_issuer { DNS_ISSUER_ACME, DNS_ISSUER_LOCAL } dns_issuer;
/* LOCAL (mkcert) for "fog" and names ending in ".fog", ACME for the rest.
 * 0, or -1 for an invalid domain. */
int dns_cert_issuer(const char *domain, dns_issuer *out);
/* "admin@<last two labels>"; -1 for a single-label domain. */
int dns_cert_acme_contact(const char *domain, char *out, size_t cap);
/* <dir>/<name>.cert.pem and <dir>/<name>.key.pem for a validated domain
 * ("*" spelled "_wildcard"): never outside dir, never the same path. 0 or -1. */
int dns_cert_paths(const char *dir, const char *domain, char *cert, char *key, size_t cap);

/* Private keys (§2.9 keys::load_private_key): the format the DER really is in. */
typedef enum dns_key_format { DNS_KEY_PKCS8, DNS_KEY_PKCS1_RSA } dns_key_format;
typedef struct dns_private_key {
  dns_key_format format;
  uint8_t der[4096];
  size_t len;
} dns_private_key;
/* PEM ("PRIVATE KEY", "RSA PRIVATE KEY") or DER (PKCS#8 tried first, then
 * PKCS#1 RSA). 0, or -1 with a reason. */
int dns_private_key_load(const uint8_t *bytes, size_t len, dns_private_key *out, char *err, size_t cap);
/* The DER SubjectPublicKeyInfo of key, read in its recorded format: its
 * length, or -1 when the DER does not parse as that format. */
long dns_private_key_public(const dns_private_key *key, uint8_t *out, size_t cap);

typedef struct dns_cert_slot {
  bool used, has_cert;
  char domain[DNS_KEY_MAX];
  dns_cert cert;
  uint64_t renewing;  /* token of the renewal in flight, 0 when none */
  uint64_t installs;
} dns_cert_slot;

typedef struct dns_cert_store {
  dns_cert_slot slot[DNS_CERT_SLOTS];
  uint64_t next_token;
} dns_cert_store;

void dns_cert_store_init(dns_cert_store *cs);
/* Starts a renewal for domain: a token, or 0 when one is already in flight
 * (or the domain is invalid or the store full). */
uint64_t dns_renew_begin(dns_cert_store *cs, const char *domain);
/* Installs cert when token is the domain's renewal in flight, cert covers
 * the domain and is valid at now (and the write does not fail: a storage
 * fault keeps the old certificate). Ends the renewal either way. 0 or -1. */
int dns_renew_commit(dns_cert_store *cs, uint64_t token, const dns_cert *cert, int64_t now);
void dns_renew_abort(dns_cert_store *cs, uint64_t token);
/* The certificate to serve for an SNI name: from the slots of the name's
 * resolver (dns_cert_issuer of the slot's domain equal to the name's: local
 * for .fog, ACME otherwise), one that covers it, valid now, an exact name
 * preferred over a wildcard; NULL when none. */
const dns_cert *dns_cert_select(const dns_cert_store *cs, const char *sni, int64_t now);

#endif
