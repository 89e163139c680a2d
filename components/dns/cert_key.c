/* dns private keys (spec §2.9 keys::load_private_key) with OpenSSL: PEM or
 * DER, PKCS#8 ("PRIVATE KEY") or PKCS#1 RSA ("RSA PRIVATE KEY"); a key is
 * kept with the format its bytes are really in, so reading it back in that
 * format gives the same key. */
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <string.h>

#include "dns_cert.h"
#include "formfuzz/bug.h"

static int fail(char *err, size_t cap, const char *msg) {
  if (err && cap) snprintf(err, cap, "%s", msg);
  ERR_clear_error();
  return -1;
}

/* The key in der as format, or NULL; the whole input must be consumed. */
static EVP_PKEY *read_as(dns_key_format format, const uint8_t *der, size_t len) {
  const unsigned char *p = der;
  EVP_PKEY *key = NULL;
  if (format == DNS_KEY_PKCS8) {
    PKCS8_PRIV_KEY_INFO *info = d2i_PKCS8_PRIV_KEY_INFO(NULL, &p, (long)len);
    if (info && p == der + len) key = EVP_PKCS82PKEY(info);
    PKCS8_PRIV_KEY_INFO_free(info);
  } else {
    key = d2i_PrivateKey(EVP_PKEY_RSA, NULL, &p, (long)len);
    if (key && p != der + len) EVP_PKEY_free(key), key = NULL;
  }
  ERR_clear_error();
  return key;
}

static int keep(dns_private_key *out, dns_key_format format, const uint8_t *der, size_t len, char *err, size_t cap) {
  if (len > sizeof out->der) return fail(err, cap, "key larger than 4 KiB");
  /* known-bug replica: PKCS#1 RSA DER wrapped as Pkcs8 (§2.9) */
  if (format == DNS_KEY_PKCS1_RSA && FF_BUG("dns.rsa_as_pkcs8")) format = DNS_KEY_PKCS8;
  out->format = format;
  memcpy(out->der, der, len);
  out->len = len;
  return 0;
}

int dns_private_key_load(const uint8_t *bytes, size_t len, dns_private_key *out, char *err, size_t cap) {
  memset(out, 0, sizeof *out);
  if (len > 1 << 16) return fail(err, cap, "key larger than 64 KiB");
  BIO *bio = BIO_new_mem_buf(bytes, (int)len);
  if (!bio) return fail(err, cap, "out of memory");
  char *name = NULL, *header = NULL;
  unsigned char *der = NULL;
  long dlen = 0;
  int rc = -1;
  if (PEM_read_bio(bio, &name, &header, &der, &dlen) == 1) {
    dns_key_format f = strcmp(name, "PRIVATE KEY") == 0 ? DNS_KEY_PKCS8 : DNS_KEY_PKCS1_RSA;
    bool known = strcmp(name, "PRIVATE KEY") == 0 || strcmp(name, "RSA PRIVATE KEY") == 0;
    EVP_PKEY *k = known ? read_as(f, der, (size_t)dlen) : NULL;
    if (!known) rc = fail(err, cap, "PEM block is not a PKCS#8 or RSA private key");
    else if (!k) rc = fail(err, cap, "PEM private key does not parse");
    else rc = keep(out, f, der, (size_t)dlen, err, cap);
    EVP_PKEY_free(k);
  } else {
    EVP_PKEY *k8 = read_as(DNS_KEY_PKCS8, bytes, len), *k1 = k8 ? NULL : read_as(DNS_KEY_PKCS1_RSA, bytes, len);
    if (k8) rc = keep(out, DNS_KEY_PKCS8, bytes, len, err, cap);
    else if (k1) rc = keep(out, DNS_KEY_PKCS1_RSA, bytes, len, err, cap);
    else rc = fail(err, cap, "neither PEM nor a PKCS#8 or PKCS#1 DER private key");
    EVP_PKEY_free(k8);
    EVP_PKEY_free(k1);
  }
  OPENSSL_free(name);
  OPENSSL_free(header);
  OPENSSL_free(der);
  BIO_free(bio);
  ERR_clear_error();
  return rc;
}

long dns_private_key_public(const dns_private_key *key, uint8_t *out, size_t cap) {
  EVP_PKEY *k = read_as(key->format, key->der, key->len);
  if (!k) return -1;
  int n = i2d_PUBKEY(k, NULL);
  unsigned char *p = out;
  long rc = n > 0 && (size_t)n <= cap && i2d_PUBKEY(k, &p) == n ? n : -1;
  EVP_PKEY_free(k);
  ERR_clear_error();
  return rc;
}
