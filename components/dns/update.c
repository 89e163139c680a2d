/* dns UPDATE (RFC 2136) on the record store, intended semantics: TSIG
 * required, zone checked, prerequisites evaluated (RFC 2136 2.4 and 3.2, the
 * value-dependent ones by set equality), every update applied to a
 * copy that replaces the store only when all succeeded (a storage fault on
 * the copy or at the commit is SERVFAIL with the store untouched), deletes
 * never create, adds never drop other addresses, CNAME exclusivity kept,
 * TTLs bounded. */
#include <stdlib.h>
#include <string.h>

#include "formfuzz/bug.h"
#include "formfuzz/fault.h"
#include "dns_formnet.h"
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
  if (rr->cls == DNS_C_IN) return 0; /* value dependent: value_prerequisites() */
  return DNS_R_FORMERR;
}

/* One RDATA of a value-dependent prerequisite as the store holds it: an
 * address (port 0) or a normalized CNAME target. false when malformed. */
typedef struct rr_value {
  dns_ip ip;
  char target[DNS_KEY_MAX];
} rr_value;

static bool value_of(const dns_msg *m, const dns_rr *rr, rr_value *v) {
  memset(v, 0, sizeof *v);
  const uint8_t *rd = dns_rr_rdata(m, rr);
  if (rr->type == DNS_T_CNAME) {
    dns_name tn;
    size_t p = 0;
    return dns_name_read(rd, rr->rdlen, &p, &tn) == 0 && p == rr->rdlen && dns_key_from_name(&tn, v->target, NULL) == 0;
  }
  if (rr->type != DNS_T_A && rr->type != DNS_T_AAAA) return true; /* a type the store never holds */
  if (rr->rdlen != (rr->type == DNS_T_A ? 4 : 16)) return false;
  v->ip.family = rr->type == DNS_T_A ? 4 : 6;
  memcpy(v->ip.addr, rd, rr->rdlen);
  return true;
}

static bool same_value(uint16_t type, const rr_value *a, const rr_value *b) {
  return type == DNS_T_CNAME ? strcmp(a->target, b->target) == 0 : dns_ip_same_addr(&a->ip, &b->ip);
}

/* The store's RRset of (key, type) as distinct values; returns the count. */
static size_t stored_rrset(const dns_store *st, const char *key, uint16_t type, rr_value *out) {
  const dns_record *r = dns_store_get(st, key);
  size_t n = 0;
  if (!r) return 0;
  if (type == DNS_T_CNAME) {
    if (r->type != DNS_T_CNAME) return 0;
    memset(&out[0], 0, sizeof out[0]);
    strcpy(out[0].target, r->cname);
    return 1;
  }
  uint8_t fam = type == DNS_T_A ? 4 : type == DNS_T_AAAA ? 6 : 0;
  const dns_ip *lists[2] = {r->public_ip, r->formnet_ip};
  size_t counts[2] = {r->npublic, r->nformnet};
  for (int l = 0; l < 2; l++)
    for (size_t i = 0; i < counts[l]; i++) {
      rr_value v = {.ip = lists[l][i]};
      v.ip.port = 0;
      bool dup = false;
      for (size_t k = 0; k < n; k++) dup |= same_value(type, &out[k], &v);
      if (v.ip.family == fam && !dup) out[n++] = v;
    }
  return n;
}

/* RFC 2136 3.2.5: the value-dependent prerequisites (class IN, TTL 0, with
 * RDATA) grouped by <name, type>; each group, as a set, must equal the zone's
 * RRset exactly (no more, no less). 0, FORMERR or NXRRSET. */
static int value_prerequisites(const dns_store *st, const dns_msg *m, size_t from, size_t to) {
  for (size_t i = from; i < to; i++) {
    const dns_rr *a = &m->rr[i];
    if (a->cls != DNS_C_IN) continue;
    char key[DNS_KEY_MAX], other[DNS_KEY_MAX];
    bool first = true;
    for (size_t j = from; j < i && first; j++)
      first = !(m->rr[j].cls == DNS_C_IN && m->rr[j].type == a->type &&
                dns_name_equal_nocase(&m->rr[j].owner, &a->owner));
    if (!first) continue; /* its group was evaluated with the first member */
    if (dns_key_from_name(&a->owner, key, NULL)) return DNS_R_FORMERR;
    rr_value have[2 * DNS_MAX_IPS], given[2 * DNS_MAX_IPS];
    size_t nhave = stored_rrset(st, key, a->type, have), ngiven = 0;
    for (size_t j = i; j < to; j++) {
      const dns_rr *b = &m->rr[j];
      if (b->cls != DNS_C_IN || b->type != a->type || dns_key_from_name(&b->owner, other, NULL) ||
          strcmp(other, key) != 0)
        continue;
      rr_value v;
      if (!value_of(m, b, &v)) return DNS_R_FORMERR;
      bool member = false, dup = false;
      for (size_t k = 0; k < nhave; k++) member |= same_value(a->type, &have[k], &v);
      for (size_t k = 0; k < ngiven; k++) dup |= same_value(a->type, &given[k], &v);
      if (!member) return DNS_R_NXRRSET; /* more than the zone has */
      if (!dup) given[ngiven++] = v;
    }
    if (ngiven != nhave) return DNS_R_NXRRSET; /* less than the zone has */
  }
  return 0;
}

static bool address_of(const dns_rr *rr, const uint8_t *rd, dns_ip *ip) {
  memset(ip, 0, sizeof *ip);
  if (rr->type == DNS_T_A && rr->rdlen == 4) ip->family = 4;
  else if (rr->type == DNS_T_AAAA && rr->rdlen == 16) ip->family = 6;
  else return false;
  memcpy(ip->addr, rd, rr->rdlen);
  return true;
}

/* Removes every address equal to ip (any port); drops the record when it is
 * left empty. 0, or SERVFAIL when the removal fails (a storage fault). */
static int delete_address(dns_store *st, const char *key, const dns_ip *ip) {
  dns_record *r = dns_store_get_mut(st, key);
  if (!r || r->type == DNS_T_CNAME) return 0;
  dns_ip *lists[2] = {r->public_ip, r->formnet_ip};
  uint8_t *counts[2] = {&r->npublic, &r->nformnet};
  for (int l = 0; l < 2; l++) {
    uint8_t kept = 0;
    for (uint8_t i = 0; i < *counts[l]; i++)
      if (!dns_ip_same_addr(&lists[l][i], ip)) lists[l][kept++] = lists[l][i];
    for (uint8_t i = kept; i < *counts[l]; i++) memset(&lists[l][i], 0, sizeof lists[l][i]);
    *counts[l] = kept;
  }
  if (r->npublic + r->nformnet == 0 && strcmp(r->key, DNS_BOOTSTRAP_DOMAIN) != 0 && dns_store_remove(st, key))
    return DNS_R_SERVFAIL;
  return 0;
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
  /* known-bug replica (§2.5, a found record): an A with a 10.x address wipes
   * public_ip, an AAAA wipes formnet_ip */
  if (r && FF_BUG("dns.update_wipe")) {
    bool wipe_public = ip.family == 4 && dns_ip_is_formnet(&ip);
    if (wipe_public || ip.family == 6) {
      memset(wipe_public ? t->public_ip : t->formnet_ip, 0, sizeof t->public_ip);
      *(wipe_public ? &t->npublic : &t->nformnet) = 0;
    }
  }
  if (r) return 0;
  strcpy(fresh.key, key);
  fresh.type = rr->type;
  fresh.vstate = DNS_V_NOT_VERIFIED;
  return dns_store_put(st, &fresh) ? DNS_R_SERVFAIL : 0;
}

static int apply_one(dns_store *st, const dns_rr *rr, const uint8_t *rd, const char *key) {
  if (dns_key_is_formnet(key)) return DNS_R_REFUSED; /* the formnet peer list owns these names */
  if (rr->cls == DNS_C_ANY) {
    if (rr->ttl != 0 || rr->rdlen != 0) return DNS_R_FORMERR;
    const dns_record *r = dns_store_get(st, key);
    if (!r || strcmp(key, DNS_BOOTSTRAP_DOMAIN) == 0) return 0;
    if ((rr->type == DNS_T_ANY || rr->type == r->type) && dns_store_remove(st, key)) return DNS_R_SERVFAIL;
    return 0;
  }
  if (rr->cls == DNS_C_NONE) {
    dns_ip ip;
    if (rr->ttl != 0) return DNS_R_FORMERR;
    if (rr->type == DNS_T_CNAME) {
      const dns_record *r = dns_store_get(st, key);
      if (r && r->type == DNS_T_CNAME && dns_store_remove(st, key)) return DNS_R_SERVFAIL;
      return 0;
    }
    if (!address_of(rr, rd, &ip)) return DNS_R_REFUSED;
    return delete_address(st, key, &ip);
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
    return address_of(rr, rd, &ip) ? delete_address(st, key, &ip) : 0;
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
  /* known-bug replica: apply_update checks no signature at all (§2.5) */
  if (!FF_BUG("dns.update_unauth") && dns_tsig_verify(msg, len, keys, nkeys, now) != 0) goto out;
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
      if (i + 1 == ns && (rc = value_prerequisites(st, &m, an, ns)) != 0) goto out;
    } else if ((rc = apply_one(work, &m.rr[i], dns_rr_rdata(&m, &m.rr[i]), key)) != 0) {
      goto out;
    }
  }
  rc = DNS_R_SERVFAIL;
  if (ff_fault("storage.write")) goto out; /* the commit itself failed: nothing applied */
  *st = *work;
  rc = DNS_R_NOERROR;
out:
  free(work);
  dns_msg_free(&m);
  return rc;
}
