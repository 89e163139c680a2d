/* dns_certificates (FF_PROPERTY; also the dns_properties test):
 * certificates made with OpenSSL at first use (fixed
 * Ed25519 keys, so the bytes are the same every run), whole, truncated or
 * bent, as PEM or DER, with domains and clocks from the input. Oracles:
 *   dns.cert_load     an intact certificate loads with exactly its names and
 *                     validity; anything loaded has normalized names only;
 *   dns.cert_issuer   local issuance iff the last label is "fog" (§2.9);
 *   dns.cert_paths    cert and key paths differ and stay directly in the
 *                     certificate directory;
 *   dns.acme_contact  admin@<last two labels>, refused for one label;
 *   dns.renewal       renewal is due iff the certificate is not valid now or
 *                     expires within the window;
 *   dns.renew_once    at most one renewal per domain in flight; a commit
 *                     installs only for the renewal in flight, so two
 *                     concurrent renewals never both install;
 *   dns.sni           the certificate chosen for a name covers it and is
 *                     valid now; an exact name wins over a wildcard; when a
 *                     valid covering certificate is installed for a domain
 *                     of the name's resolver (.fog local, else ACME), one is
 *                     chosen (§2.9 SNI resolution);
 *   dns.key_load      a private key, PEM or DER, PKCS#8 or PKCS#1 RSA, loads
 *                     in the format it is in and gives the generated key's
 *                     public key (§2.9 keys::load_private_key);
 *   a crash           no domain makes the ACME contact panic (§2.9).
 * The fault plan comes from the input (storage: installing a certificate),
 * so a commit may fail; it must then keep the old certificate. */
#include <stdio.h>
#include <string.h>

#include "formfuzz/oracle.h"
#include "formfuzz/prop.h"
#include "gen.h"

static void check_loaded(const dns_cert *c) {
  for (size_t i = 0; i < c->nnames; i++) {
    char k[DNS_KEY_MAX];
    FF_INVARIANT(dns_key_normalize(c->names[i], k, NULL) == 0 && strcmp(k, c->names[i]) == 0,
                 "dns.cert_load", "name \"%s\" not normalized", c->names[i]);
  }
}

/* The oracle's own resolver rule: the last label is "fog". */
static bool ends_fog(const char *key) {
  const char *last = strrchr(key, '.');
  return strcmp(last ? last + 1 : key, "fog") == 0;
}

static bool stays_in_dir(const char *path) {
  return strncmp(path, "certs/", 6) == 0 && !strchr(path + 6, '/') && strcmp(path + 6, "..") != 0 &&
         path[6] != '.' && path[6] != 0;
}

static void check_domain(const char *domain) {
  char key[DNS_KEY_MAX];
  bool valid = dns_key_normalize(domain, key, NULL) == 0;
  dns_issuer iss = DNS_ISSUER_ACME;
  int rc = dns_cert_issuer(domain, &iss);
  FF_INVARIANT((rc == 0) == valid, "dns.cert_issuer", "issuer rc %d for \"%s\"", rc, domain);
  if (valid) {
    const char *last = strrchr(key, '.');
    bool fog = strcmp(last ? last + 1 : key, "fog") == 0;
    FF_INVARIANT((iss == DNS_ISSUER_LOCAL) == fog, "dns.cert_issuer", "\"%s\" issued by %s", key,
                 iss == DNS_ISSUER_LOCAL ? "mkcert" : "ACME");
  }
  char cert[600], keyp[600];
  if (dns_cert_paths("certs", domain, cert, keyp, sizeof cert) == 0) {
    FF_INVARIANT(strcmp(cert, keyp) != 0, "dns.cert_paths", "cert and key both at %s", cert);
    FF_INVARIANT(stays_in_dir(cert) && stays_in_dir(keyp), "dns.cert_paths", "path leaves the directory: %s", cert);
  }
  char contact[300];
  int c = dns_cert_acme_contact(domain, contact, sizeof contact);
  if (valid) {
    const char *last = strrchr(key, '.');
    FF_INVARIANT((c == 0) == (last != NULL), "dns.acme_contact", "rc %d for \"%s\"", c, key);
    if (c == 0) {
      const char *p = last;
      while (p > key && p[-1] != '.') p--;
      char want[300];
      snprintf(want, sizeof want, "mailto:admin@%s", p);
      FF_INVARIANT(strcmp(contact, want) == 0, "dns.acme_contact", "%s for %s", contact, key);
    }
  }
}

static bool load_generated(ff_input *in, size_t i, dns_cert *c, bool *intact) {
  static uint8_t buf[8192];
  size_t len = 0;
  const uint8_t *der = dns_gen_cert_der(i, &len);
  if (!der) return false;
  if (ff_bool(in)) {
    const char *pem = dns_gen_cert_pem(i);
    len = strlen(pem);
    memcpy(buf, pem, len);
  } else {
    memcpy(buf, der, len);
  }
  size_t before = len;
  if (ff_u8(in) > 200) len = dns_gen_bend(in, buf, len, sizeof buf);
  *intact = len == before && memcmp(buf, len == strlen(dns_gen_cert_pem(i)) ? (const uint8_t *)dns_gen_cert_pem(i) : der, len) == 0;
  return dns_cert_load(buf, len, c, NULL, 0) == 0;
}

/* A generated private key, whole or bent: an intact one loads and yields its
 * own public key in the format it was loaded as. */
static void check_key(ff_input *in) {
  static uint8_t buf[4200];
  size_t i = ff_choose(in, DNS_GEN_KEYS), len = 0, plen = 0;
  bool pem = ff_bool(in);
  const uint8_t *bytes = dns_gen_key(i, pem, &len), *pub = dns_gen_key_public(i, &plen);
  if (!bytes || !pub || len > sizeof buf) return;
  memcpy(buf, bytes, len);
  size_t n = ff_u8(in) > 220 ? dns_gen_bend(in, buf, len, sizeof buf) : len;
  bool intact = n == len && memcmp(buf, bytes, len) == 0;
  static dns_private_key key;
  static uint8_t got[1024];
  char err[120] = "";
  int rc = dns_private_key_load(buf, n, &key, err, sizeof err);
  if (intact) FF_INVARIANT(rc == 0, "dns.key_load", "key %zu (%s) not loaded: %s", i, pem ? "PEM" : "DER", err);
  if (rc) return;
  long g = dns_private_key_public(&key, got, sizeof got);
  FF_INVARIANT(g > 0, "dns.key_load", "key %zu (%s) loaded as %s does not read back in that format", i,
               pem ? "PEM" : "DER", key.format == DNS_KEY_PKCS8 ? "PKCS#8" : "PKCS#1");
  if (intact) FF_INVARIANT((size_t)g == plen && memcmp(got, pub, plen) == 0, "dns.key_load",
                           "key %zu: another public key", i);
}

FF_PROPERTY(dns_certificates) {
  dns_gen_no_faults();
  const ff_fault_plan *plan = dns_gen_faults(in, "storage");
  static dns_cert_store cs;
  dns_cert_store_init(&cs);
  int64_t now = DNS_GEN_NOW;
  uint64_t inflight[DNS_GEN_CERTS] = {0}; /* model: the renewal in flight per pool domain */
  static const char *const DOMAINS[] = {"app.formation.cloud", "api.formation.cloud", "hello.fog", "example.com",
                                        "x.formation.cloud"};
  uint64_t tokens[8] = {0};
  size_t token_domain[8] = {0};
  size_t ntokens = 0;
  for (int step = 0; step < 24 && ff_more(in); step++) {
    switch (ff_choose(in, 7)) {
    case 0: { /* load and check a certificate */
      size_t i = ff_choose(in, DNS_GEN_CERTS);
      dns_cert c;
      bool intact = false;
      bool ok = load_generated(in, i, &c, &intact);
      if (ok) check_loaded(&c);
      if (intact) {
        const dns_gen_cert_info *info = dns_gen_cert_info_of(i);
        FF_INVARIANT(ok && c.not_before == info->not_before && c.not_after == info->not_after, "dns.cert_load",
                     "certificate %zu: %s", i, ok ? "validity differs" : "not loaded");
        size_t n = 0;
        while (n < 3 && info->names[n]) n++;
        FF_INVARIANT(c.nnames == n, "dns.cert_load", "certificate %zu: %zu names, expected %zu", i, c.nnames, n);
        for (size_t k = 0; k < n; k++)
          FF_INVARIANT(strcmp(c.names[k], info->names[k]) == 0, "dns.cert_load", "name %zu differs", k);
      }
      if (ok) {
        int64_t window = (int64_t)ff_range(in, 0, 90 * 86400);
        bool due = dns_cert_needs_renewal(&c, now, window);
        bool expect = !(c.not_before <= now && now < c.not_after) || c.not_after - now <= window;
        FF_INVARIANT(due == expect, "dns.renewal", "renewal due %d, expected %d", due, expect);
      }
      break;
    }
    case 1: { /* domain policy */
      char d[DNS_NAME_TEXT_MAX];
      if (ff_bool(in)) dns_gen_domain(in, d);
      else ff_cstr_from(in, d, 40, "abf.o/-*\\");
      check_domain(d);
      break;
    }
    case 2: { /* begin a renewal */
      size_t d = ff_choose(in, FF_COUNT_OF(DOMAINS));
      uint64_t t = dns_renew_begin(&cs, DOMAINS[d]);
      FF_INVARIANT((t != 0) == (inflight[d] == 0), "dns.renew_once", "%s: begin %s while %s in flight", DOMAINS[d],
                   t ? "succeeded" : "refused", inflight[d] ? "one is" : "none is");
      if (t) {
        inflight[d] = t;
        if (ntokens < 8) tokens[ntokens] = t, token_domain[ntokens++] = d;
      }
      break;
    }
    case 3: { /* commit one of the tokens with a generated certificate */
      if (!ntokens) break;
      static const size_t FITS[] = {0, 3, 2, 4, 1}; /* a generated certificate naming DOMAINS[d] */
      size_t k = ff_choose(in, ntokens), d = token_domain[k];
      size_t i = ff_bool(in) ? FITS[d] : ff_choose(in, DNS_GEN_CERTS);
      dns_cert c;
      bool intact;
      if (!load_generated(in, i, &c, &intact)) break;
      static dns_cert_slot slots_before[DNS_CERT_SLOTS];
      memcpy(slots_before, cs.slot, sizeof slots_before);
      uint32_t fired = plan->total_fired;
      int rc = dns_renew_commit(&cs, tokens[k], &c, now);
      bool current = inflight[d] == tokens[k];
      bool fits = dns_cert_covers(&c, DOMAINS[d]) && dns_cert_valid_at(&c, now);
      FF_INVARIANT((rc == 0) == (current && fits) || (rc != 0 && plan->total_fired != fired), "dns.renew_once",
                   "%s: commit of %s token %s", DOMAINS[d], current ? "the current" : "a stale",
                   rc == 0 ? "installed" : "refused");
      for (size_t s = 0; rc != 0 && s < DNS_CERT_SLOTS; s++) /* a refused or failed install keeps every certificate */
        FF_INVARIANT(slots_before[s].has_cert == cs.slot[s].has_cert &&
                     memcmp(&slots_before[s].cert, &cs.slot[s].cert, sizeof cs.slot[s].cert) == 0,
                     "dns.renew_once", "a failed commit changed the certificate of %s", cs.slot[s].domain);
      if (current) inflight[d] = 0;
      if (rc == 0) /* the certificate just installed covers its domain and is valid: it is served */
        FF_INVARIANT(dns_cert_select(&cs, DOMAINS[d], now) != NULL, "dns.sni",
                     "no certificate served for %s right after its renewal", DOMAINS[d]);
      break;
    }
    case 4: { /* SNI */
      char d[DNS_NAME_TEXT_MAX];
      if (ff_bool(in)) snprintf(d, sizeof d, "%s", DOMAINS[ff_choose(in, FF_COUNT_OF(DOMAINS))]);
      else dns_gen_domain(in, d);
      const dns_cert *c = dns_cert_select(&cs, d, now);
      if (c) {
        FF_INVARIANT(dns_cert_covers(c, d) && dns_cert_valid_at(c, now), "dns.sni", "certificate for %s does not fit", d);
        char key[DNS_KEY_MAX];
        bool exact_here = false, exact_any = false;
        dns_key_normalize(d, key, NULL);
        for (size_t i = 0; i < c->nnames; i++) exact_here |= strcmp(c->names[i], key) == 0;
        for (size_t s = 0; s < DNS_CERT_SLOTS; s++)
          for (size_t i = 0; cs.slot[s].has_cert && dns_cert_valid_at(&cs.slot[s].cert, now) && i < cs.slot[s].cert.nnames; i++)
            exact_any |= strcmp(cs.slot[s].cert.names[i], key) == 0;
        FF_INVARIANT(exact_here || !exact_any, "dns.sni", "wildcard chosen for %s over an exact name", d);
      }
      char key[DNS_KEY_MAX];
      bool held = false; /* a valid covering certificate installed for a domain of d's resolver */
      for (size_t s = 0; dns_key_normalize(d, key, NULL) == 0 && !strchr(key, '*') && s < DNS_CERT_SLOTS; s++)
        held |= cs.slot[s].has_cert && ends_fog(cs.slot[s].domain) == ends_fog(key) &&
                dns_cert_valid_at(&cs.slot[s].cert, now) && dns_cert_covers(&cs.slot[s].cert, key);
      FF_INVARIANT(c || !held, "dns.sni", "no certificate served for %s though one is installed", d);
      break;
    }
    case 5: check_key(in); break;
    default: now += ff_range_i64(in, -86400, 120 * 86400); break;
    }
  }
  dns_gen_no_faults(); /* the plan reads the input, which ends with this run */
}
