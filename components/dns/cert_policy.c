/* dns certificate policy: name matching with wildcards, validity and renewal
 * window, ACME vs local issuer with a correct ".fog" suffix test, the ACME
 * contact address (refused, not a panic, for one label), file names that
 * stay in their directory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formfuzz/bug.h"
#include "dns_cert.h"

bool dns_cert_name_matches(const char *pattern, const char *host) {
  char h[DNS_KEY_MAX];
  if (dns_key_normalize(host, h, NULL) || strchr(h, '*')) return false;
  if (strcmp(pattern, h) == 0) return true;
  if (strncmp(pattern, "*.", 2) != 0) return false;
  const char *rest = pattern + 2;
  if (!strchr(rest, '.')) return false; /* "*.com" is too broad */
  const char *dot = strchr(h, '.');
  return dot && strcmp(dot + 1, rest) == 0;
}

bool dns_cert_covers(const dns_cert *c, const char *host) {
  for (size_t i = 0; i < c->nnames; i++)
    if (dns_cert_name_matches(c->names[i], host)) return true;
  return false;
}

bool dns_cert_valid_at(const dns_cert *c, int64_t now) {
  return c->not_before <= now && now < c->not_after;
}

bool dns_cert_needs_renewal(const dns_cert *c, int64_t now, int64_t window) {
  if (!dns_cert_valid_at(c, now)) return true;
  if (window < 0) window = 0;
  return c->not_after - now <= window;
}

int dns_cert_issuer(const char *domain, dns_issuer *out) {
  char key[DNS_KEY_MAX];
  if (dns_key_normalize(domain, key, NULL)) return -1;
  size_t n = strlen(key);
  bool local = strcmp(key, "fog") == 0 || (n > 4 && strcmp(key + n - 4, ".fog") == 0);
  *out = local ? DNS_ISSUER_LOCAL : DNS_ISSUER_ACME;
  return 0;
}

int dns_cert_acme_contact(const char *domain, char *out, size_t cap) {
  char key[DNS_KEY_MAX];
  if (dns_key_normalize(domain, key, NULL)) return -1;
  char *last = strrchr(key, '.');
  /* known-bug replica: the labels split[len-2..] with one label: the start
   * index underflows and the slice panics (§2.9) */
  if (!last && FF_BUG("dns.acme_single_label")) {
    fprintf(stderr, "panic: dns.acme_single_label: range start index %zu out of range for slice of length 1\n",
            (size_t)1 - 2);
    abort();
  }
  if (!last) return -1;
  char *p = last;
  while (p > key && p[-1] != '.') p--;
  int n = snprintf(out, cap, "mailto:admin@%s", p);
  return n < 0 || (size_t)n >= cap ? -1 : 0;
}

static void stem_pem(const char *name, char *out, size_t cap) {
  /* the original: Path::with_extension("pem") on the raw domain */
  char tmp[DNS_KEY_MAX + 8];
  snprintf(tmp, sizeof tmp, "%s", name);
  char *dot = strrchr(tmp, '.');
  if (dot) *dot = 0;
  snprintf(out, cap, "%s.pem", tmp);
}

int dns_cert_paths(const char *dir, const char *domain, char *cert, char *key, size_t cap) {
  char name[DNS_KEY_MAX], file_c[DNS_KEY_MAX + 64], file_k[DNS_KEY_MAX + 64];
  /* known-bug replica: the raw domain and with_extension("pem") (§2.9) */
  if (FF_BUG("dns.cert_paths")) {
    char keyname[DNS_KEY_MAX + 8];
    snprintf(keyname, sizeof keyname, "%s-key", domain);
    stem_pem(domain, file_c, sizeof file_c);
    stem_pem(keyname, file_k, sizeof file_k);
  } else {
    if (dns_key_normalize(domain, name, NULL)) return -1;
    const char *base = name;
    char wild[DNS_KEY_MAX + 16];
    if (name[0] == '*') {
      snprintf(wild, sizeof wild, "_wildcard%s", name + 1);
      base = wild;
    }
    snprintf(file_c, sizeof file_c, "%s.cert.pem", base);
    snprintf(file_k, sizeof file_k, "%s.key.pem", base);
  }
  int a = snprintf(cert, cap, "%s/%s", dir, file_c), b = snprintf(key, cap, "%s/%s", dir, file_k);
  return a < 0 || b < 0 || (size_t)a >= cap || (size_t)b >= cap ? -1 : 0;
}
