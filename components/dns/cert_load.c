/* dns certificate loading with OpenSSL: PEM or DER X.509, DNS names from the
 * subjectAltName extension (the subject CN only when there is no SAN, RFC
 * 6125), validity times as unix seconds. */
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <string.h>

#include "dns_cert.h"

static int fail(char *err, size_t cap, const char *msg) {
  if (err && cap) snprintf(err, cap, "%s", msg);
  return -1;
}

static void add_name(dns_cert *c, const char *text, size_t len) {
  char raw[DNS_KEY_MAX + 2], key[DNS_KEY_MAX];
  if (len == 0 || len >= sizeof raw || memchr(text, 0, len) || c->nnames >= DNS_CERT_MAX_NAMES) return;
  memcpy(raw, text, len);
  raw[len] = 0;
  if (dns_key_normalize(raw, key, NULL)) return;
  strcpy(c->names[c->nnames++], key);
}

static int to_unix(const ASN1_TIME *t, int64_t *out) {
  struct tm tm;
  if (!t || !ASN1_TIME_to_tm(t, &tm)) return -1;
  *out = (int64_t)timegm(&tm);
  return 0;
}

int dns_cert_load(const uint8_t *bytes, size_t len, dns_cert *out, char *err, size_t cap) {
  memset(out, 0, sizeof *out);
  if (len > 1 << 20) return fail(err, cap, "certificate larger than 1 MiB");
  X509 *x = NULL;
  BIO *bio = BIO_new_mem_buf(bytes, (int)len);
  if (!bio) return fail(err, cap, "out of memory");
  x = PEM_read_bio_X509(bio, NULL, NULL, NULL);
  BIO_free(bio);
  if (!x) {
    const unsigned char *p = bytes;
    x = d2i_X509(NULL, &p, (long)len);
  }
  ERR_clear_error();
  if (!x) return fail(err, cap, "neither a PEM nor a DER certificate");
  int rc = 0;
  GENERAL_NAMES *sans = X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL);
  if (sans) {
    for (int i = 0; i < sk_GENERAL_NAME_num(sans); i++) {
      const GENERAL_NAME *g = sk_GENERAL_NAME_value(sans, i);
      if (g->type == GEN_DNS)
        add_name(out, (const char *)ASN1_STRING_get0_data(g->d.dNSName), (size_t)ASN1_STRING_length(g->d.dNSName));
    }
    GENERAL_NAMES_free(sans);
  } else {
    X509_NAME *subj = X509_get_subject_name(x);
    int idx = subj ? X509_NAME_get_index_by_NID(subj, NID_commonName, -1) : -1;
    if (idx >= 0) {
      ASN1_STRING *cn = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subj, idx));
      if (cn) add_name(out, (const char *)ASN1_STRING_get0_data(cn), (size_t)ASN1_STRING_length(cn));
    }
  }
  if (to_unix(X509_get0_notBefore(x), &out->not_before) || to_unix(X509_get0_notAfter(x), &out->not_after))
    rc = fail(err, cap, "unreadable validity times");
  else if (out->nnames == 0)
    rc = fail(err, cap, "no DNS name in the certificate");
  X509_free(x);
  ERR_clear_error();
  return rc;
}
