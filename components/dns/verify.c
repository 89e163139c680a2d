/* dns domain verification (spec §2.6, §2.8, intended semantics): a domain is
 * Verified only when public DNS shows *this* domain pointing at *this*
 * record (an A address among its public addresses, or a CNAME exactly equal
 * to its target), a verification expires and must be renewed, a pending one
 * that never completes fails. */
#include <stdio.h>
#include <string.h>

#include "formfuzz/bug.h"
#include "dns_store.h"

static bool a_matches(const dns_store *st, const dns_record *rec, const dns_upstream *up) {
  for (size_t i = 0; i < up->na; i++) {
    /* known-bug replica: any stored record's public address counts (§2.6) */
    if (FF_BUG("dns.verify_any_record") && st) {
      for (size_t r = 0; r < DNS_STORE_MAX; r++)
        for (size_t j = 0; st->used[r] && j < st->rec[r].npublic; j++)
          if (dns_ip_same_addr(&st->rec[r].public_ip[j], &up->a[i])) return true;
    }
    for (size_t j = 0; j < rec->npublic; j++)
      if (dns_ip_same_addr(&rec->public_ip[j], &up->a[i])) return true;
  }
  return false;
}

static bool cname_matches(const dns_record *rec, const dns_upstream *up) {
  char got[DNS_KEY_MAX];
  if (!up->cname[0] || !rec->cname[0] || dns_key_normalize(up->cname, got, NULL)) return false;
  /* known-bug replica: a plain string suffix test, "evilexample.com" ends with "example.com" (§2.6) */
  if (FF_BUG("dns.verify_suffix")) {
    size_t g = strlen(got), t = strlen(rec->cname);
    return g >= t && strcmp(got + g - t, rec->cname) == 0;
  }
  return strcmp(got, rec->cname) == 0;
}

static bool points_here(const dns_store *st, const dns_record *rec, const dns_upstream *up) {
  if (up->error) return false;
  return a_matches(st, rec, up) || cname_matches(rec, up);
}

bool dns_verify_points_here(const dns_record *rec, const dns_upstream *up) {
  return points_here(NULL, rec, up);
}

static void set_state(dns_record *rec, dns_vstate s, uint64_t now, const char *reason) {
  rec->vstate = s;
  rec->vtime = now;
  memset(rec->vreason, 0, sizeof rec->vreason);
  if (reason) snprintf(rec->vreason, sizeof rec->vreason, "%s", reason);
}

/* Initiate and check differ only in the state a domain that does not point
 * here is left in: Pending (initiate) or Failed (check). */
static dns_verify_result verify(dns_store *st, const char *domain, const dns_upstream *up, uint64_t now,
                                dns_vstate miss, const char *miss_reason) {
  dns_record *rec = dns_store_get_mut(st, domain);
  if (!rec) return DNS_VERIFY_NO_RECORD;
  if (up->error) {
    set_state(rec, DNS_V_FAILED, now, "lookup failed");
    return DNS_VERIFY_FAILED;
  }
  if (points_here(st, rec, up)) {
    set_state(rec, DNS_V_VERIFIED, now, NULL);
    return DNS_VERIFY_OK;
  }
  set_state(rec, miss, now, miss_reason);
  return DNS_VERIFY_REQUIRES_CONFIG;
}

dns_verify_result dns_verify_initiate(dns_store *st, const char *domain, const dns_upstream *up,
                                      uint64_t now) {
  return verify(st, domain, up, now, DNS_V_PENDING, NULL);
}

dns_verify_result dns_verify_check(dns_store *st, const char *domain, const dns_upstream *up,
                                   uint64_t now) {
  return verify(st, domain, up, now, DNS_V_FAILED, "Domain does not point to our network");
}

dns_vstate dns_verify_state(const dns_record *rec, uint64_t now) {
  uint64_t age = now >= rec->vtime ? now - rec->vtime : 0;
  if (rec->vstate == DNS_V_VERIFIED && rec->vtime && age >= DNS_VERIFY_VALID_S) return DNS_V_NOT_VERIFIED;
  if (rec->vstate == DNS_V_PENDING && age >= DNS_VERIFY_PENDING_S) return DNS_V_FAILED;
  return rec->vstate;
}
