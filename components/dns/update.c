/* dns UPDATE (RFC 2136) on the record store, intended semantics: TSIG
 * required, zone checked, prerequisites evaluated, every update applied to a
 * copy that replaces the store only when all succeeded, deletes never create,
 * CNAME exclusivity kept, TTLs bounded. */
#include <stdlib.h>
#include <string.h>

#include "formfuzz/bug.h"
#include "dns_update.h"

static bool in_use(const dns_store *st, const char *key) { return dns_store_get(st, key) != NULL; }

static bool rrset_exists(const dns_store *st, const char *key, uint16_t type) {
  const dns_record *r = dns_store_get(st, key);
  if (!r) return false;
  if (type == DNS_T_CNAME) return r->type == DNS_T_CNAME;
  if (type != DNS_T_A && type != DNS_T_AAAA) return false;
  uint8_t fam = type == DNS_T_A ? 4 : 6;
  for (size_t i = 0; i < r->npublic; i++)
    if (r->public_ip[i].family == fam) return true;
  for (size_t i = 0; i < r->nformnet; i++)
    if (r->formnet_ip[i].family == fam) return true;
  return false;
}

static int prerequisite(const dns_store *st, const dns_rr *rr, const char *key) {
  if (rr->ttl != 0) return DNS_R_FORMERR;
  if (rr->cls == DNS_C_ANY && rr->rdlen == 0) {
    if (rr->type == DNS_T_ANY) return in_use(st, key) ? 0 : DNS_R_NXDOMAIN;
    return rrset_exists(st, key, rr->type) ? 0 : DNS_R_NXRRSET;
  }
  if (rr->cls == DNS_C_NONE && rr->rdlen == 0) {
    if (rr->type == DNS_T_ANY) return in_use(st, key) ? DNS_R_YXDOMAIN : 0;
    return rrset_exists(st, key, rr->type) ? DNS_R_YXRRSET : 0;
  }
  return DNS_R_FORMERR; /* value-dependent prerequisites are not supported */
}

static bool address_of(const dns_rr *rr, const uint8_t *rd, dns_ip *ip) {
  memset(ip, 0, sizeof *ip);
  if (rr->type == DNS_T_A && rr->rdlen == 4) ip->family = 4;
  else if (rr->type == DNS_T_AAAA && rr->rdlen == 16) ip->family = 6;
  else return false;
  memcpy(ip->addr, rd, rr->rdlen);
  return true;
}

/* Removes every address equal to ip (any port); drops the record when it is left empty. */
static void delete_address(dns_store *st, const char *key, const dns_ip *ip) {
  dns_record *r = dns_store_get_mut(st, key);
  if (!r || r->type == DNS_T_CNAME) return;
  dns_ip *lists[2] = {r->public_ip, r->formnet_ip};
  uint8_t *counts[2] = {&r->npublic, &r->nformnet};
  for (int l = 0; l < 2; l++) {
    uint8_t kept = 0;
    for (uint8_t i = 0; i < *counts[l]; i++)
      if (!dns_ip_same_addr(&lists[l][i], ip)) lists[l][kept++] = lists[l][i];
    for (uint8_t i = kept; i < *counts[l]; i++) memset(&lists[l][i], 0, sizeof lists[l][i]);
    *counts[l] = kept;
  }
  if (r->npublic + r->nformnet == 0 && strcmp(r->key, DNS_BOOTSTRAP_DOMAIN) != 0)
    dns_store_remove(st, key);
}

static uint32_t bound_ttl(uint32_t ttl) {
  return ttl < DNS_TTL_MIN ? DNS_TTL_MIN : ttl > DNS_TTL_MAX ? DNS_TTL_MAX : ttl;
}

static int add_record(dns_store *st, const dns_rr *rr, const uint8_t *rd, const char *key) {
  dns_record *r = dns_store_get_mut(st, key);
  dns_record fresh;
  memset(&fresh, 0, sizeof fresh);
  if (rr->type == DNS_T_CNAME) {
    char target[DNS_KEY_MAX];
    dns_name tn;
    size_t p = 0;
    if (dns_name_read(rd, rr->rdlen, &p, &tn) || dns_key_from_name(&tn, target, NULL) ||
        strcmp(target, key) == 0)
      return DNS_R_FORMERR;
    if (r && r->type != DNS_T_CNAME) return 0; /* RFC 2136 3.4.2.2: CNAME beside data is ignored */
    dns_record *t = r ? r : &fresh;
    memset(t->cname, 0, sizeof t->cname);
    strcpy(t->cname, target);
    t->type = DNS_T_CNAME;
    t->ttl = bound_ttl(rr->ttl);
    if (r) return 0;
    strcpy(fresh.key, key);
    fresh.vstate = DNS_V_NOT_VERIFIED;
    return dns_store_put(st, &fresh) ? DNS_R_SERVFAIL : 0;
  }
  dns_ip ip;
  if (!address_of(rr, rd, &ip)) return DNS_R_FORMERR;
  if (r && (r->type == DNS_T_CNAME || (r->type == DNS_T_A) != (ip.family == 4)))
    return 0; /* an address beside a CNAME, or of the other family's record: ignored */
  dns_record *t = r ? r : &fresh;
  if (dns_record_add_ip(t, &ip)) return DNS_R_SERVFAIL;
  t->ttl = bound_ttl(rr->ttl);
  if (r) return 0;
  strcpy(fresh.key, key);
  fresh.type = rr->type;
  fresh.vstate = DNS_V_NOT_VERIFIED;
  return dns_store_put(st, &fresh) ? DNS_R_SERVFAIL : 0;
}

static int apply_one(dns_store *st, const dns_rr *rr, const uint8_t *rd, const char *key) {
  if (rr->cls == DNS_C_ANY) {
    if (rr->ttl != 0 || rr->rdlen != 0) return DNS_R_FORMERR;
    const dns_record *r = dns_store_get(st, key);
    if (!r || strcmp(key, DNS_BOOTSTRAP_DOMAIN) == 0) return 0;
    if (rr->type == DNS_T_ANY || rr->type == r->type) dns_store_remove(st, key);
    return 0;
  }
  if (rr->cls == DNS_C_NONE) {
    dns_ip ip;
    if (rr->ttl != 0) return DNS_R_FORMERR;
    if (rr->type == DNS_T_CNAME) {
      const dns_record *r = dns_store_get(st, key);
      if (r && r->type == DNS_T_CNAME) dns_store_remove(st, key);
      return 0;
    }
    if (!address_of(rr, rd, &ip)) return DNS_R_REFUSED;
    delete_address(st, key, &ip);
    return 0;
  }
  if (rr->cls != DNS_C_IN) return DNS_R_FORMERR;
  if (rr->type != DNS_T_A && rr->type != DNS_T_AAAA && rr->type != DNS_T_CNAME) return DNS_R_REFUSED;
  if (rr->ttl == 0) {
    /* Formation's convention: TTL 0 deletes. known-bug replica: when the name
     * is not found, the original creates a record with ttl 3600 (§2.5) */
    if (FF_BUG("dns.update_ttl0_create") && !dns_store_get(st, key)) {
      dns_rr as_add = *rr;
      as_add.ttl = DNS_TTL_DEFAULT;
      return add_record(st, &as_add, rd, key);
    }
    dns_ip ip;
    if (rr->type == DNS_T_CNAME) return 0;
    if (address_of(rr, rd, &ip)) delete_address(st, key, &ip);
    return 0;
  }
  return add_record(st, rr, rd, key);
}

int dns_update_apply(dns_store *st, const uint8_t *msg, size_t len, const dns_tsig_key *keys,
                     size_t nkeys, uint64_t now) {
  dns_msg m;
  if (dns_msg_init(&m)) return DNS_R_SERVFAIL;
  dns_store *work = NULL;
  int rc = DNS_R_FORMERR;
  if (dns_msg_parse(&m, msg, len) || DNS_OPCODE(m.flags) != DNS_OP_UPDATE) goto out;
  rc = DNS_R_NOTAUTH;
  if (dns_tsig_verify(msg, len, keys, nkeys, now) != 0) goto out;
  rc = DNS_R_FORMERR;
  if (m.count[DNS_QD] != 1 || m.rr[0].type != DNS_T_SOA) goto out;
  char zone[DNS_KEY_MAX];
  rc = DNS_R_NOTAUTH;
  if (dns_key_from_name(&m.rr[0].owner, zone, NULL)) goto out;
  int zi = dns_store_zone_of(st, zone);
  if (zi < 0 || strcmp(st->zones[zi], zone) != 0) goto out;
  rc = DNS_R_SERVFAIL;
  if (!(work = malloc(sizeof *work))) goto out;
  *work = *st;
  size_t an = dns_msg_section_start(&m, DNS_AN), ns = dns_msg_section_start(&m, DNS_NS);
  size_t ar = dns_msg_section_start(&m, DNS_AR);
  for (size_t i = an; i < ar; i++) {
    char key[DNS_KEY_MAX];
    if (dns_key_from_name(&m.rr[i].owner, key, NULL) || !dns_key_in_zone(key, zone)) {
      rc = DNS_R_NOTZONE;
      goto out;
    }
    if (i < ns) {
      if ((rc = prerequisite(st, &m.rr[i], key)) != 0) goto out;
    } else if ((rc = apply_one(work, &m.rr[i], dns_rr_rdata(&m, &m.rr[i]), key)) != 0) {
      goto out;
    }
  }
  *st = *work;
  rc = DNS_R_NOERROR;
out:
  free(work);
  dns_msg_free(&m);
  return rc;
}
