/* dns certificate store: one renewal in flight per domain (a token from
 * begin, checked at commit, so two concurrent renewals never both install)
 * and SNI selection among the installed certificates, by the resolver the
 * name belongs to (local for .fog, ACME otherwise). Installing asks
 * ff_fault("storage.write") first: when it fires, the old certificate stays. */
#include <string.h>

#include "dns_cert.h"
#include "formfuzz/bug.h"
#include "formfuzz/fault.h"

void dns_cert_store_init(dns_cert_store *cs) {
  memset(cs, 0, sizeof *cs);
  cs->next_token = 1;
}

static dns_cert_slot *slot_for(dns_cert_store *cs, const char *key, bool create) {
  for (size_t i = 0; i < DNS_CERT_SLOTS; i++)
    if (cs->slot[i].used && strcmp(cs->slot[i].domain, key) == 0) return &cs->slot[i];
  if (!create) return NULL;
  for (size_t i = 0; i < DNS_CERT_SLOTS; i++)
    if (!cs->slot[i].used) {
      memset(&cs->slot[i], 0, sizeof cs->slot[i]);
      cs->slot[i].used = true;
      strcpy(cs->slot[i].domain, key);
      return &cs->slot[i];
    }
  return NULL;
}

uint64_t dns_renew_begin(dns_cert_store *cs, const char *domain) {
  char key[DNS_KEY_MAX];
  if (dns_key_normalize(domain, key, NULL)) return 0;
  dns_cert_slot *s = slot_for(cs, key, true);
  if (!s || s->renewing) return 0; /* one renewal at a time per domain */
  s->renewing = cs->next_token++;
  return s->renewing;
}

static dns_cert_slot *slot_of_token(dns_cert_store *cs, uint64_t token) {
  for (size_t i = 0; token && i < DNS_CERT_SLOTS; i++)
    if (cs->slot[i].used && cs->slot[i].renewing == token) return &cs->slot[i];
  return NULL;
}

int dns_renew_commit(dns_cert_store *cs, uint64_t token, const dns_cert *cert, int64_t now) {
  dns_cert_slot *s = slot_of_token(cs, token);
  if (!s) return -1;
  s->renewing = 0;
  if (!dns_cert_covers(cert, s->domain) || !dns_cert_valid_at(cert, now)) return -1;
  if (ff_fault("storage.write")) return -1; /* writing the certificate failed: the old one stays */
  s->cert = *cert;
  s->has_cert = true;
  s->installs++;
  return 0;
}

void dns_renew_abort(dns_cert_store *cs, uint64_t token) {
  dns_cert_slot *s = slot_of_token(cs, token);
  if (s) s->renewing = 0;
}

/* The resolver an SNI name goes to: the local (mkcert) one for .fog names,
 * ACME for the rest. */
static dns_issuer resolver_of(const char *key) {
  dns_issuer iss = DNS_ISSUER_ACME;
  /* known-bug replica: ResolverManager::resolve tests starts_with(".fog")
   * where ends_with was meant, so .fog certificates are never served (§2.9) */
  if (FF_BUG("dns.fog_prefix")) return strncmp(key, ".fog", 4) == 0 ? DNS_ISSUER_LOCAL : DNS_ISSUER_ACME;
  dns_cert_issuer(key, &iss);
  return iss;
}

const dns_cert *dns_cert_select(const dns_cert_store *cs, const char *sni, int64_t now) {
  const dns_cert *wild = NULL;
  char key[DNS_KEY_MAX];
  if (dns_key_normalize(sni, key, NULL) || strchr(key, '*')) return NULL; /* no wildcard SNI */
  dns_issuer want = resolver_of(key);
  for (size_t i = 0; i < DNS_CERT_SLOTS; i++) {
    const dns_cert_slot *s = &cs->slot[i];
    dns_issuer have = DNS_ISSUER_ACME;
    if (!s->used || !s->has_cert || !dns_cert_valid_at(&s->cert, now)) continue;
    if (dns_cert_issuer(s->domain, &have) || have != want) continue; /* the other resolver's certificate */
    for (size_t j = 0; j < s->cert.nnames; j++) {
      if (strcmp(s->cert.names[j], key) == 0) return &s->cert;
      if (!wild && dns_cert_name_matches(s->cert.names[j], key)) wild = &s->cert;
    }
  }
  return wild;
}
