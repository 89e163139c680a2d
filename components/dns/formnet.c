/* dns names of formnet peers (dns_formnet.h): the zone's records rebuilt
 * from the live peer list on a copy of the store, which replaces the store
 * only when every write succeeded. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns_formnet.h"

#define FORMNET_TTL 60

bool dns_key_is_formnet(const char *key) { return dns_key_in_zone(key, DNS_FORMNET_ZONE); }

/* The record of one peer, or -1 for a name or address that cannot be one. */
static int peer_record(const dns_formnet_peer *p, dns_record *rec, char *err, size_t cap) {
  memset(rec, 0, sizeof *rec);
  char text[DNS_KEY_MAX + 32];
  if (!p->name || !p->name[0] || strchr(p->name, '.') || strchr(p->name, '*'))
    return dns_fail(err, cap, "peer name \"%s\" is not one label", p->name ? p->name : "");
  snprintf(text, sizeof text, "%s.%s", p->name, DNS_FORMNET_ZONE);
  const char *why = "";
  if (dns_key_normalize(text, rec->key, &why)) return dns_fail(err, cap, "peer name \"%s\": %s", p->name, why);
  if (!dns_ip_is_formnet(&p->ip)) return dns_fail(err, cap, "peer %s: address not in 10/8", p->name);
  rec->type = DNS_T_A;
  rec->ttl = FORMNET_TTL;
  rec->vstate = DNS_V_VERIFIED;
  dns_ip a = p->ip;
  a.port = 0;
  dns_record_add_ip(rec, &a);
  return 0;
}

int dns_formnet_sync(dns_store *st, const dns_formnet_peer *peers, size_t n, char *err, size_t cap) {
  dns_store *work = malloc(sizeof *work);
  if (!work) return dns_fail(err, cap, "out of memory");
  *work = *st;
  int rc = -1;
  for (size_t i = 0; i < DNS_STORE_MAX; i++) /* every name under the zone goes, then the live ones come back */
    if (work->used[i] && dns_key_is_formnet(work->rec[i].key) && dns_store_remove(work, work->rec[i].key)) {
      dns_fail(err, cap, "storage write failed");
      goto out;
    }
  for (size_t i = 0; i < n; i++) {
    dns_record rec;
    if (peer_record(&peers[i], &rec, err, cap)) goto out;
    if (dns_store_get(work, rec.key)) {
      dns_fail(err, cap, "peer name %s given twice", peers[i].name);
      goto out;
    }
    if (work->count >= DNS_STORE_MAX) {
      dns_fail(err, cap, "store full");
      goto out;
    }
    if (dns_store_put(work, &rec)) {
      dns_fail(err, cap, "storage write failed");
      goto out;
    }
  }
  *st = *work;
  rc = 0;
out:
  free(work);
  return rc;
}
