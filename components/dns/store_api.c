/* dns management operations (spec §2.3) with the intended semantics: names
 * validated and normalized, address families checked, create never
 * overwrites, every check done before the first change so a failed call
 * leaves the store exactly as it was. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "formfuzz/bug.h"
#include "dns_formnet.h"
#include "dns_store.h"

int dns_fail(char *err, size_t cap, const char *fmt, ...) { /* dns_store.h */
  if (err && cap) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, cap, fmt, ap);
    va_end(ap);
  }
  return -1;
}

/* Builds the record content a request asks for into rec (addresses, target). */
static int fill(const dns_api_req *req, dns_record *rec, bool extend, char *err, size_t cap) {
  if (req->type == DNS_T_CNAME) {
    char target[DNS_KEY_MAX];
    const char *why = "missing";
    if (!req->cname_target || dns_key_normalize(req->cname_target, target, &why))
      return dns_fail(err, cap, "CNAME target: %s", why);
    if (strchr(target, '*')) return dns_fail(err, cap, "CNAME target may not be a wildcard");
    if (strcmp(target, rec->key) == 0) return dns_fail(err, cap, "CNAME points at itself");
    rec->npublic = rec->nformnet = 0;
    memset(rec->public_ip, 0, sizeof rec->public_ip);
    memset(rec->formnet_ip, 0, sizeof rec->formnet_ip);
    memset(rec->cname, 0, sizeof rec->cname);
    strcpy(rec->cname, target);
    return 0;
  }
  if (req->type != DNS_T_A && req->type != DNS_T_AAAA)
    return dns_fail(err, cap, "record type %u is not supported (A, AAAA, CNAME)", req->type);
  if (req->nips == 0) return dns_fail(err, cap, "at least one address is required");
  uint8_t family = req->type == DNS_T_A ? 4 : 6;
  for (size_t i = 0; i < req->nips; i++)
    if (req->ips[i].family != family)
      return dns_fail(err, cap, "address %zu is not IPv%u", i, family);
  if (!extend) {
    rec->npublic = rec->nformnet = 0;
    memset(rec->public_ip, 0, sizeof rec->public_ip);
    memset(rec->formnet_ip, 0, sizeof rec->formnet_ip);
  }
  memset(rec->cname, 0, sizeof rec->cname);
  for (size_t i = 0; i < req->nips; i++)
    if (dns_record_add_ip(rec, &req->ips[i]))
      return dns_fail(err, cap, "more than %d addresses", DNS_MAX_IPS);
  return 0;
}

int dns_api_create(dns_store *st, const dns_api_req *req, char *err, size_t cap) {
  dns_record rec;
  memset(&rec, 0, sizeof rec);
  const char *why = "missing";
  if (!req->domain || dns_key_normalize(req->domain, rec.key, &why))
    return dns_fail(err, cap, "domain: %s", why);
  if (dns_store_zone_of(st, rec.key) < 0)
    return dns_fail(err, cap, "%s is outside the zones this server is authoritative for", rec.key);
  if (dns_key_is_formnet(rec.key)) return dns_fail(err, cap, "names under %s belong to formnet peers", DNS_FORMNET_ZONE);
  if (dns_store_get(st, rec.key)) return dns_fail(err, cap, "%s already exists (use update)", rec.key);
  if (st->count >= DNS_STORE_MAX) return dns_fail(err, cap, "store full");
  rec.type = req->type;
  rec.ssl_cert = req->ssl_cert;
  rec.ttl = DNS_TTL_DEFAULT;
  rec.vstate = DNS_V_NOT_VERIFIED;
  if (fill(req, &rec, false, err, cap)) return -1;
  /* every check is done (the key is valid, there is room): only the write itself can fail */
  return dns_store_put(st, &rec) ? dns_fail(err, cap, "storage write failed") : 0;
}

/* The replica's re-insert: the updated record stored under the spelling the
 * request used (lowercased, dot kept) in a slot of its own when that differs
 * from the stored key, so one name has two keys. */
static int reinsert_beside(dns_store *st, const dns_record *next, const char *raw) {
  char spelled[DNS_KEY_MAX];
  size_t n = strnlen(raw, DNS_KEY_MAX - 1);
  for (size_t i = 0; i < n; i++) spelled[i] = (char)(raw[i] >= 'A' && raw[i] <= 'Z' ? raw[i] + 32 : raw[i]);
  spelled[n] = 0;
  dns_record *cur = dns_store_get_mut(st, raw);
  if (strcmp(spelled, next->key) == 0 || st->count >= DNS_STORE_MAX) return dns_store_replace(cur, next);
  for (size_t i = 0; i < DNS_STORE_MAX; i++)
    if (!st->used[i]) {
      st->rec[i] = *next;
      memset(st->rec[i].key, 0, sizeof st->rec[i].key);
      strcpy(st->rec[i].key, spelled);
      st->used[i] = true;
      st->count++;
      break;
    }
  return 0;
}

int dns_api_update(dns_store *st, const dns_api_req *req, char *err, size_t cap) {
  dns_record *cur = req->domain ? dns_store_get_mut(st, req->domain) : NULL;
  if (!cur) return dns_fail(err, cap, "no record for %s", req->domain ? req->domain : "(null)");
  if (dns_key_is_formnet(cur->key)) return dns_fail(err, cap, "names under %s belong to formnet peers", DNS_FORMNET_ZONE);
  /* known-bug replica: the type is assigned before the addresses are checked (§2.3) */
  if (FF_BUG("dns.update_partial")) cur->type = req->type;
  dns_record next = *cur;
  bool extend = !req->replace && req->type == cur->type;
  if (fill(req, &next, extend, err, cap)) return -1;
  next.type = req->type;
  next.ssl_cert = req->ssl_cert;
  /* known-bug replica (adapted, §2.3 Update): the result goes back under
   * another key than the one it was found under, and the old one stays */
  if (FF_BUG("dns.update_two_keys")) return reinsert_beside(st, &next, req->domain);
  return dns_store_replace(cur, &next) ? dns_fail(err, cap, "storage write failed") : 0;
}

int dns_api_delete(dns_store *st, const char *domain, char *err, size_t cap) {
  const dns_record *r = dns_store_get(st, domain);
  if (r && dns_key_is_formnet(r->key)) return dns_fail(err, cap, "names under %s belong to formnet peers", DNS_FORMNET_ZONE);
  if (dns_store_remove(st, domain)) return dns_fail(err, cap, "no record for %s", domain);
  return 0;
}

size_t dns_api_list(const dns_store *st, const dns_record **out, size_t max) {
  size_t n = 0;
  for (size_t i = 0; i < DNS_STORE_MAX && n < max; i++)
    if (st->used[i]) out[n++] = &st->rec[i];
  return n;
}

int dns_api_bootstrap_add(dns_store *st, const dns_ip *ip, uint32_t ttl, char *err, size_t cap) {
  dns_record *boot = dns_store_get_mut(st, DNS_BOOTSTRAP_DOMAIN);
  if (!boot) return dns_fail(err, cap, "no bootstrap record");
  if (ttl && (ttl < DNS_TTL_MIN || ttl > DNS_TTL_MAX))
    return dns_fail(err, cap, "ttl %u outside %u..%u", ttl, DNS_TTL_MIN, DNS_TTL_MAX);
  if (ip->family != 4) return dns_fail(err, cap, "bootstrap addresses are IPv4 (A record)");
  dns_record next = *boot;
  dns_ip addr = *ip;
  addr.port = DNS_BOOTSTRAP_PORT;
  if (dns_record_add_ip(&next, &addr)) return dns_fail(err, cap, "bootstrap list full");
  if (ttl) next.ttl = ttl;
  next.vstate = DNS_V_VERIFIED;
  return dns_store_replace(boot, &next) ? dns_fail(err, cap, "storage write failed") : 0;
}

int dns_api_bootstrap_remove(dns_store *st, const dns_ip *ip, char *err, size_t cap) {
  dns_record *boot = dns_store_get_mut(st, DNS_BOOTSTRAP_DOMAIN);
  if (!boot) return dns_fail(err, cap, "no bootstrap record");
  dns_ip addr = *ip;
  addr.port = DNS_BOOTSTRAP_PORT;
  dns_record next = *boot;
  dns_ip *lists[2] = {next.public_ip, next.formnet_ip};
  uint8_t *counts[2] = {&next.npublic, &next.nformnet};
  for (int l = 0; l < 2; l++) {
    uint8_t kept = 0;
    for (uint8_t i = 0; i < *counts[l]; i++)
      if (!dns_ip_equal(&lists[l][i], &addr)) lists[l][kept++] = lists[l][i];
    for (uint8_t i = kept; i < *counts[l]; i++) memset(&lists[l][i], 0, sizeof lists[l][i]);
    *counts[l] = kept;
  }
  return dns_store_replace(boot, &next) ? dns_fail(err, cap, "storage write failed") : 0;
}
