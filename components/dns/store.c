/* dns store: records in fixed slots under their normalized key, zones the
 * store is authoritative for, the preconfigured bootstrap record. Every write
 * (put, replace, remove) asks ff_fault("storage.write") first and, when it
 * fires, fails with the store untouched. */
#include <string.h>

#include "formfuzz/bug.h"
#include "formfuzz/fault.h"
#include "dns_store.h"

void dns_store_init(dns_store *st) {
  memset(st, 0, sizeof *st);
  dns_store_add_zone(st, "formation.cloud");
  dns_record boot;
  memset(&boot, 0, sizeof boot);
  strcpy(boot.key, DNS_BOOTSTRAP_DOMAIN);
  boot.type = DNS_T_A;
  boot.ttl = DNS_BOOTSTRAP_TTL;
  boot.vstate = DNS_V_VERIFIED;
  dns_store_put(st, &boot);
}

int dns_store_add_zone(dns_store *st, const char *zone) {
  char key[DNS_KEY_MAX];
  if (st->nzones >= DNS_ZONES_MAX || dns_key_normalize(zone, key, NULL)) return -1;
  if (strchr(key, '*')) return -1;
  for (size_t i = 0; i < st->nzones; i++)
    if (strcmp(st->zones[i], key) == 0) return 0;
  memset(st->zones[st->nzones], 0, DNS_KEY_MAX);
  strcpy(st->zones[st->nzones++], key);
  return 0;
}

int dns_store_zone_of(const dns_store *st, const char *key) {
  int best = -1;
  size_t best_len = 0;
  for (size_t i = 0; i < st->nzones; i++) {
    size_t len = strlen(st->zones[i]);
    if (dns_key_in_zone(key, st->zones[i]) && (best < 0 || len > best_len)) best = (int)i, best_len = len;
  }
  return best;
}

static int slot_of(const dns_store *st, const char *domain) {
  char key[DNS_KEY_MAX];
  const char *k = key;
  /* known-bug replica: get/remove/entry look the raw string up (§2.2) */
  if (FF_BUG("dns.key_unnormalized")) {
    k = domain;
  } else if (dns_key_normalize(domain, key, NULL)) {
    return -1;
  }
  for (size_t i = 0; i < DNS_STORE_MAX; i++)
    if (st->used[i] && strcmp(st->rec[i].key, k) == 0) return (int)i;
  return -1;
}

const dns_record *dns_store_get(const dns_store *st, const char *domain) {
  int i = slot_of(st, domain);
  return i < 0 ? NULL : &st->rec[i];
}

dns_record *dns_store_get_mut(dns_store *st, const char *domain) {
  int i = slot_of(st, domain);
  return i < 0 ? NULL : &st->rec[i];
}

int dns_store_put(dns_store *st, const dns_record *rec) {
  char key[DNS_KEY_MAX];
  if (dns_key_normalize(rec->key, key, NULL) || ff_fault("storage.write")) return -1;
  int slot = -1;
  for (size_t i = 0; i < DNS_STORE_MAX; i++)
    if (st->used[i] && strcmp(st->rec[i].key, key) == 0) slot = (int)i;
  if (slot < 0) {
    for (size_t i = 0; i < DNS_STORE_MAX && slot < 0; i++)
      if (!st->used[i]) slot = (int)i;
    if (slot < 0) return -1;
    st->count++;
  }
  dns_record copy = *rec;
  memset(copy.key, 0, sizeof copy.key);
  strcpy(copy.key, key);
  st->rec[slot] = copy;
  st->used[slot] = true;
  return 0;
}

int dns_store_replace(dns_record *cur, const dns_record *next) {
  if (ff_fault("storage.write")) return -1;
  *cur = *next;
  return 0;
}

int dns_store_remove(dns_store *st, const char *domain) {
  int i = slot_of(st, domain);
  if (i < 0 || ff_fault("storage.write")) return -1;
  memset(&st->rec[i], 0, sizeof st->rec[i]);
  st->used[i] = false;
  st->count--;
  return 0;
}

bool dns_store_has_below(const dns_store *st, const char *key) {
  for (size_t i = 0; i < DNS_STORE_MAX; i++)
    if (st->used[i] && strcmp(st->rec[i].key, key) != 0 && dns_key_in_zone(st->rec[i].key, key))
      return true;
  return false;
}

int dns_record_add_ip(dns_record *rec, const dns_ip *addr) {
  bool formnet = dns_ip_is_formnet(addr);
  dns_ip *list = formnet ? rec->formnet_ip : rec->public_ip;
  uint8_t *n = formnet ? &rec->nformnet : &rec->npublic;
  for (size_t i = 0; i < *n; i++)
    if (dns_ip_equal(&list[i], addr)) return 0;
  if (*n >= DNS_MAX_IPS) return -1;
  list[(*n)++] = *addr;
  return 0;
}

const char *dns_vstate_name(dns_vstate s) {
  static const char *names[] = {"None", "NotVerified", "Pending", "Verified", "Failed"};
  return (size_t)s < 5 ? names[s] : "?";
}
