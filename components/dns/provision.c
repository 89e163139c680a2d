/* dns provisioning through form-state (spec §2.8, intended semantics): every
 * check before the first change; DnsState, the instance tags and the form-dns
 * record are written to copies and committed together only when each write
 * and the POST succeeded; the DataStore mutex is released before
 * handle_dns_create takes it again (a re-entrant acquisition is counted, as
 * the real code would hang there). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns_formnet.h"
#include "dns_provision.h"
#include "formfuzz/bug.h"
#include "formfuzz/fault.h"

void dns_provisioner_init(dns_provisioner *p, dns_store *dns) {
  memset(p, 0, sizeof *p);
  p->dns = dns;
}

int dns_provisioner_add_instance(dns_provisioner *p, const char *id, const char *build_id, const dns_ip *formnet_ip,
                                 const dns_ip *host_ip) {
  if (!id[0] || !build_id[0] || strlen(id) >= DNS_PROV_ID_MAX || strlen(build_id) >= DNS_PROV_ID_MAX) return -1;
  if (!dns_ip_is_formnet(formnet_ip) || host_ip->family != 4 || dns_ip_is_formnet(host_ip)) return -1;
  for (size_t i = 0; i < DNS_PROV_INSTANCES; i++)
    if (!p->inst[i].used) {
      dns_instance *in = &p->inst[i];
      memset(in, 0, sizeof *in);
      in->used = true;
      strcpy(in->id, id);
      strcpy(in->build_id, build_id);
      in->formnet_ip = *formnet_ip, in->host_ip = *host_ip;
      in->formnet_ip.port = in->host_ip.port = 0;
      return 0;
    }
  return -1;
}

/* The DataStore mutex: false (and counted) when it is already held. */
static bool lock(dns_provisioner *p) {
  if (p->locked) {
    p->reentered++;
    return false;
  }
  p->locked = true;
  return true;
}

static void unlock(dns_provisioner *p) { p->locked = false; }

/* The addresses of the record (§2.8): formnet addresses of the build's
 * instances, and for a public domain their hosts' addresses, port 80. */
static size_t gather(const dns_provisioner *p, const char *build_id, bool public_, dns_ip *ips, size_t cap) {
  size_t n = 0;
  for (int pass = 0; pass < (public_ ? 2 : 1); pass++)
    for (size_t i = 0; i < DNS_PROV_INSTANCES; i++) {
      if (!p->inst[i].used || strcmp(p->inst[i].build_id, build_id) != 0) continue;
      dns_ip a = pass ? p->inst[i].host_ip : p->inst[i].formnet_ip;
      a.port = 80;
      bool dup = false;
      for (size_t k = 0; k < n; k++) dup |= dns_ip_equal(&ips[k], &a);
      if (!dup && n < cap) ips[n++] = a;
    }
  return n;
}

/* handle_dns_create: DnsState upsert, instance tags, POST to form-dns. The
 * intended version works on copies; the replica writes in place and stops at
 * the first failure, keeping what it wrote, and ignores form-dns's Failure. */
static int handle_create(dns_provisioner *p, const char *key, const dns_ip *ips, size_t nips, char *err, size_t cap) {
  if (!lock(p)) return dns_fail(err, cap, "DataStore mutex already held: the request would deadlock");
  /* known-bug replica: an error after the CRDT write aborts with the write
   * kept, and the Failure of POST /record/create is ignored (§2.8) */
  bool in_place = FF_BUG("dns.provision_partial");
  dns_store *state = in_place ? &p->state : malloc(sizeof *state);
  dns_store *dns = in_place ? p->dns : malloc(sizeof *dns);
  dns_instance inst[DNS_PROV_INSTANCES];
  dns_instance *tags = in_place ? p->inst : inst;
  int rc = -1;
  if (!state || !dns) {
    dns_fail(err, cap, "out of memory");
    goto out;
  }
  if (!in_place) *state = p->state, *dns = *p->dns, memcpy(inst, p->inst, sizeof inst);
  dns_record rec;
  memset(&rec, 0, sizeof rec);
  strcpy(rec.key, key);
  rec.type = DNS_T_A;
  rec.ttl = DNS_TTL_DEFAULT;
  rec.vstate = DNS_V_NOT_VERIFIED;
  for (size_t i = 0; i < nips; i++) dns_record_add_ip(&rec, &ips[i]);
  if (dns_store_put(state, &rec)) {
    dns_fail(err, cap, "DnsState write failed");
    goto out;
  }
  for (size_t i = 0; i < DNS_PROV_INSTANCES; i++) {
    bool serves = false;
    for (size_t k = 0; tags[i].used && k < nips; k++) serves |= dns_ip_same_addr(&tags[i].formnet_ip, &ips[k]);
    if (!serves) continue;
    if (ff_fault("storage.write")) {
      dns_fail(err, cap, "tagging instance %s failed", tags[i].id);
      goto out;
    }
    strcpy(tags[i].domain, key);
  }
  dns_api_req req = {.domain = key, .type = DNS_T_A, .ips = ips, .nips = nips};
  char why[160] = "";
  if (ff_fault("net.send")) snprintf(why, sizeof why, "POST /record/create: connection failed");
  else if (dns_api_create(dns, &req, why, sizeof why) == 0) why[0] = 0;
  else if (!why[0]) snprintf(why, sizeof why, "POST /record/create failed");
  if (why[0] && !in_place) {
    dns_fail(err, cap, "%s", why);
    goto out;
  }
  if (!in_place) p->state = *state, *p->dns = *dns, memcpy(p->inst, inst, sizeof inst);
  rc = 0;
out:
  if (!in_place) free(state), free(dns);
  unlock(p);
  return rc;
}

int dns_provision_request(dns_provisioner *p, const char *domain, const char *build_id, bool public_,
                          char *err, size_t cap) {
  char key[DNS_KEY_MAX];
  const char *why = "missing";
  if (!lock(p)) return dns_fail(err, cap, "DataStore mutex already held");
  int rc = -1;
  dns_ip ips[2 * DNS_PROV_INSTANCES];
  size_t nips = 0;
  if (!domain || dns_key_normalize(domain, key, &why)) dns_fail(err, cap, "domain: %s", why);
  else if (strchr(key, '*')) dns_fail(err, cap, "a wildcard cannot be provisioned");
  else if (dns_store_zone_of(p->dns, key) < 0) dns_fail(err, cap, "%s is outside form-dns's zones", key);
  else if (dns_key_is_formnet(key)) dns_fail(err, cap, "names under %s belong to formnet peers", DNS_FORMNET_ZONE);
  else if (dns_store_get(&p->state, key) || dns_store_get(p->dns, key)) dns_fail(err, cap, "%s already exists", key);
  else if (p->dns->count >= DNS_STORE_MAX || p->state.count >= DNS_STORE_MAX) dns_fail(err, cap, "store full");
  else if ((nips = gather(p, build_id ? build_id : "", public_, ips, 2 * DNS_PROV_INSTANCES)) == 0)
    dns_fail(err, cap, "build %s has no instance", build_id ? build_id : "(null)");
  else if (nips > DNS_MAX_IPS) dns_fail(err, cap, "more than %d addresses", DNS_MAX_IPS);
  else rc = 0;
  /* known-bug replica: handle_dns_create is called while the DataStore
   * mutex is still held (§2.8, a self-deadlock) */
  if (rc == 0 && FF_BUG("dns.provision_deadlock")) {
    rc = handle_create(p, key, ips, nips, err, cap);
    unlock(p);
    return rc;
  }
  unlock(p);
  return rc == 0 ? handle_create(p, key, ips, nips, err, cap) : -1;
}
