/* dns_provisioning (FF_PROPERTY; also the dns_properties test): sequences
 * of management operations (§2.3), signed DNS UPDATEs (RFC 2136 + TSIG),
 * bootstrap changes and domain verification (§2.6) with a simulated
 * upstream and clock, against a reference model of which names exist with
 * which type. Oracles, after every step:
 *   dns.atomic        a failed operation leaves the store byte-identical;
 *   dns.model         create succeeds iff the model has no such name, update
 *                     and delete iff it has, and the store's names and types
 *                     equal the model's (§2.10.1, §2.10.3);
 *   dns.key_normal    every name is found under any case/trailing-dot spelling;
 *   dns.update_ttl0   an UPDATE whose records all have TTL 0 never adds a name (§2.10.4);
 *   dns.tsig          an UPDATE without a valid signature changes nothing;
 *   dns.update_prereq an UPDATE applies only when each value-dependent
 *                     prerequisite (RFC 2136 2.4.2) names exactly the stored RRset;
 *   dns.verify_exact  Verified only when upstream shows this domain pointing
 *                     at this record's own addresses or exact target (§2.10.5);
 *   dns.bootstrap     the bootstrap list never holds duplicates (§2.10.6);
 *   dns.update_keep   an UPDATE of adds only (class IN, TTL > 0) keeps every
 *                     stored address (§2.5: an A or AAAA add never wipes a list);
 *   dns.provision, dns.provision_atomic, dns.provision_deadlock
 *                     §2.8 provisioning: a valid request for a new name
 *                     succeeds unless a fault fired; a failed one changes
 *                     neither DnsState, form-dns nor a tag; a successful one
 *                     leaves the same addresses in both and every instance
 *                     of the build tagged; the DataStore mutex is never
 *                     taken while held.
 * The fault plan comes from the input (dns_gen_faults: storage writes and
 * sends), so every oracle above also holds when a write or a POST fails. */
#include <stdio.h>
#include <string.h>

#include "formfuzz/oracle.h"
#include "formfuzz/prop.h"
#include "gen.h"

#define STEPS 24
#define MODEL_MAX 48

typedef struct model {
  char key[MODEL_MAX][DNS_KEY_MAX];
  uint16_t type[MODEL_MAX];
  size_t n;
} model;

/* The model's own spelling rule, written apart from dns_key_normalize. */
static void model_key(const char *in, char *out) {
  size_t n = strlen(in);
  if (n && in[n - 1] == '.') n--;
  if (n >= DNS_KEY_MAX) n = DNS_KEY_MAX - 1;
  for (size_t i = 0; i < n; i++) out[i] = (char)(in[i] >= 'A' && in[i] <= 'Z' ? in[i] + 32 : in[i]);
  out[n] = 0;
}

static int model_find(const model *m, const char *key) {
  for (size_t i = 0; i < m->n; i++)
    if (strcmp(m->key[i], key) == 0) return (int)i;
  return -1;
}

static void model_sync_from(model *m, const dns_store *st) {
  m->n = 0;
  for (size_t i = 0; i < DNS_STORE_MAX && m->n < MODEL_MAX; i++)
    if (st->used[i]) strcpy(m->key[m->n], st->rec[i].key), m->type[m->n++] = st->rec[i].type;
}

static void check_model(const model *m, const dns_store *st) {
  FF_INVARIANT(m->n == st->count, "dns.model", "model has %zu names, store %zu", m->n, st->count);
  for (size_t i = 0; i < m->n; i++) {
    char upper[DNS_KEY_MAX + 2];
    size_t n = strlen(m->key[i]);
    for (size_t j = 0; j < n; j++) upper[j] = (char)(m->key[i][j] >= 'a' && m->key[i][j] <= 'z' ? m->key[i][j] - 32 : m->key[i][j]);
    upper[n] = '.', upper[n + 1] = 0;
    const dns_record *r = dns_store_get(st, m->key[i]);
    FF_INVARIANT(r && r->type == m->type[i], "dns.model", "%s: model type %u, store %s", m->key[i],
                 m->type[i], r ? "other type" : "missing");
    FF_INVARIANT(dns_store_get(st, upper) == r, "dns.key_normal", "%s not found as %s", m->key[i], upper);
  }
  const dns_record *b = dns_store_get(st, DNS_BOOTSTRAP_DOMAIN);
  for (size_t i = 0; b && i < b->npublic; i++)
    for (size_t j = i + 1; j < b->npublic; j++)
      FF_INVARIANT(!dns_ip_equal(&b->public_ip[i], &b->public_ip[j]), "dns.bootstrap", "duplicate address");
}

static const dns_tsig_key KEY = {"update.formation.cloud", "formation-test-secret-0123456789", 32};

/* Value-dependent prerequisites (RFC 2136 2.4.2) for d: mostly exactly the
 * stored RRset, sometimes one value dropped or a foreign one added. */
static void add_value_prerequisites(ff_input *in, dns_msg *m, const dns_store *st, const char *d,
                                    const dns_name *owner) {
  uint16_t type = FF_PICK(in, ((const uint16_t[]){DNS_T_A, DNS_T_A, DNS_T_AAAA, DNS_T_CNAME}));
  const dns_record *r = dns_store_get(st, d);
  dns_name t;
  if (r && type == DNS_T_CNAME && r->type == DNS_T_CNAME && ff_u8(in) >= 24 && dns_name_from_text(r->cname, &t) == 0)
    dns_msg_add(m, DNS_AN, owner, type, DNS_C_IN, 0, t.wire, t.len);
  const dns_ip *lists[2] = {r ? r->public_ip : NULL, r ? r->formnet_ip : NULL};
  size_t counts[2] = {r ? r->npublic : 0, r ? r->nformnet : 0};
  for (int l = 0; type != DNS_T_CNAME && l < 2; l++)
    for (size_t i = 0; i < counts[l]; i++)
      if (lists[l][i].family == (type == DNS_T_A ? 4 : 6) && ff_u8(in) >= 24)
        dns_msg_add(m, DNS_AN, owner, type, DNS_C_IN, 0, lists[l][i].addr, type == DNS_T_A ? 4 : 16);
  if (ff_u8(in) < 24 || !r) { /* a value the zone does not (necessarily) have */
    char text[DNS_NAME_TEXT_MAX];
    dns_ip ip;
    if (type == DNS_T_CNAME) {
      dns_gen_domain(in, text);
      if (dns_name_from_text(text, &t) == 0) dns_msg_add(m, DNS_AN, owner, type, DNS_C_IN, 0, t.wire, t.len);
    } else {
      dns_gen_ip(in, type == DNS_T_A ? 4 : 6, &ip);
      dns_msg_add(m, DNS_AN, owner, type, DNS_C_IN, 0, ip.addr, type == DNS_T_A ? 4 : 16);
    }
  }
}

static size_t build_update(ff_input *in, const dns_store *st, uint8_t *out, size_t cap, bool *all_ttl0,
                           bool *only_adds, uint64_t now) {
  dns_msg m;
  if (dns_msg_init(&m)) return 0;
  m.id = ff_u16(in);
  m.flags = DNS_OP_UPDATE << 11;
  dns_name zone, owner;
  dns_name_from_text(ff_u8(in) < 240 ? DNS_GEN_ZONE : "example.com", &zone);
  dns_msg_add(&m, DNS_QD, &zone, DNS_T_SOA, DNS_C_IN, 0, NULL, 0);
  while (ff_u8(in) > 220) {
    char d[DNS_NAME_TEXT_MAX];
    dns_gen_domain(in, d);
    if (dns_name_from_text(d, &owner)) continue;
    if (ff_u8(in) < 128)
      dns_msg_add(&m, DNS_AN, &owner, ff_bool(in) ? DNS_T_ANY : DNS_T_A, ff_bool(in) ? DNS_C_ANY : DNS_C_NONE, 0, NULL, 0);
    else
      add_value_prerequisites(in, &m, st, d, &owner);
  }
  *all_ttl0 = *only_adds = true;
  bool adding = ff_u8(in) < 64; /* an UPDATE of address adds to stored names */
  do {
    char d[DNS_NAME_TEXT_MAX];
    dns_gen_domain(in, d);
    if (adding && st->count) { /* one of the stored names */
      size_t k = ff_choose(in, st->count);
      for (size_t i = 0; i < DNS_STORE_MAX; i++)
        if (st->used[i] && k-- == 0) snprintf(d, sizeof d, "%s", st->rec[i].key);
    }
    if (dns_name_from_text(d, &owner)) continue;
    uint16_t cls = adding ? DNS_C_IN : FF_PICK(in, ((const uint16_t[]){DNS_C_IN, DNS_C_IN, DNS_C_ANY, DNS_C_NONE}));
    uint16_t type = adding ? (ff_u8(in) < 192 ? DNS_T_A : DNS_T_AAAA)
                           : FF_PICK(in, ((const uint16_t[]){DNS_T_A, DNS_T_AAAA, DNS_T_CNAME, DNS_T_ANY, DNS_T_TXT}));
    uint32_t ttl = cls == DNS_C_IN && (adding || ff_bool(in)) ? (uint32_t)ff_range(in, 1, 100000) : 0;
    *all_ttl0 &= ttl == 0;
    *only_adds &= cls == DNS_C_IN && ttl > 0;
    uint8_t rd[DNS_NAME_WIRE_MAX];
    uint16_t rdlen = 0;
    if (cls != DNS_C_ANY) {
      if (type == DNS_T_CNAME) {
        dns_name t;
        dns_gen_domain(in, d);
        if (dns_name_from_text(d, &t) == 0) memcpy(rd, t.wire, t.len), rdlen = t.len;
      } else if (type == DNS_T_A || type == DNS_T_AAAA) {
        dns_ip ip;
        dns_gen_ip(in, type == DNS_T_A ? 4 : 6, &ip);
        rdlen = type == DNS_T_A ? 4 : 16;
        memcpy(rd, ip.addr, rdlen);
      } else {
        rd[0] = 1, rd[1] = 'x', rdlen = 2;
      }
    }
    dns_msg_add(&m, DNS_NS, &owner, type, cls, ttl, rd, rdlen);
  } while (ff_more(in) && m.nrr < 8);
  long n = dns_msg_write(&m, out, cap);
  dns_msg_free(&m);
  if (n < 0) return 0;
  uint8_t how = ff_u8(in);
  if (how < 200) {
    dns_tsig_key k = KEY;
    if (how < 10) k.secret[0] ^= 1; /* wrong secret */
    if (how == 10) strcpy(k.name, "other.formation.cloud");
    uint64_t when = how == 11 ? now - 1000 : now;
    n = dns_tsig_sign(out, (size_t)n, cap, &k, when);
  }
  return n < 0 ? 0 : (size_t)n;
}

/* The model's reading of RFC 2136 3.2.5, apart from update.c: the values of
 * the value-dependent prerequisites (class IN) of one <name, type>, as text,
 * must be exactly the record's values of that type. */
static void value_text(uint16_t type, const uint8_t *rd, size_t len, char *out, size_t cap) {
  dns_name n;
  size_t p = 0;
  dns_ip ip = {.family = type == DNS_T_A ? 4 : 6};
  char text[DNS_NAME_TEXT_MAX];
  if (type == DNS_T_CNAME && dns_name_read(rd, len, &p, &n) == 0 && dns_name_to_text(&n, text, sizeof text) >= 0)
    model_key(text, out);
  else if ((type == DNS_T_A && len == 4) || (type == DNS_T_AAAA && len == 16))
    memcpy(ip.addr, rd, len), dns_ip_format(&ip, out, cap);
  else
    snprintf(out, cap, "?");
}

static bool stored_has(const dns_record *r, uint16_t type, const char *value) {
  char text[DNS_KEY_MAX];
  if (!r) return false;
  if (type == DNS_T_CNAME) return r->type == DNS_T_CNAME && strcmp(r->cname, value) == 0;
  for (size_t i = 0; i < (size_t)r->npublic + r->nformnet; i++) {
    const dns_ip *ip = i < r->npublic ? &r->public_ip[i] : &r->formnet_ip[i - r->npublic];
    if (ip->family == (type == DNS_T_A ? 4 : 6) && strcmp(dns_ip_format(ip, text, sizeof text), value) == 0) return true;
  }
  return false;
}

static bool model_prerequisites_hold(const dns_store *before, const uint8_t *msg, size_t len) {
  dns_msg m;
  bool hold = true;
  if (dns_msg_init(&m)) return true;
  if (dns_msg_parse(&m, msg, len) == DNS_OK) {
    size_t an = dns_msg_section_start(&m, DNS_AN);
    for (size_t i = an; hold && i < an + m.count[DNS_AN]; i++) {
      if (m.rr[i].cls != DNS_C_IN) continue;
      char owner[DNS_NAME_TEXT_MAX], key[DNS_KEY_MAX], value[DNS_KEY_MAX];
      dns_name_to_text(&m.rr[i].owner, owner, sizeof owner);
      model_key(owner, key);
      const dns_record *r = dns_store_get(before, key);
      uint16_t type = m.rr[i].type;
      size_t given = 0, stored = 0; /* distinct values named for <key, type>, and stored */
      for (size_t j = an; j < an + m.count[DNS_AN]; j++) {
        char other[DNS_NAME_TEXT_MAX], okey[DNS_KEY_MAX], prev[DNS_KEY_MAX];
        dns_name_to_text(&m.rr[j].owner, other, sizeof other);
        model_key(other, okey);
        if (m.rr[j].cls != DNS_C_IN || m.rr[j].type != type || strcmp(okey, key) != 0) continue;
        value_text(type, dns_rr_rdata(&m, &m.rr[j]), m.rr[j].rdlen, value, sizeof value);
        hold &= stored_has(r, type, value);
        bool seen = false;
        for (size_t k = an; k < j; k++) {
          dns_name_to_text(&m.rr[k].owner, other, sizeof other);
          model_key(other, okey);
          value_text(type, dns_rr_rdata(&m, &m.rr[k]), m.rr[k].rdlen, prev, sizeof prev);
          seen |= m.rr[k].cls == DNS_C_IN && m.rr[k].type == type && strcmp(okey, key) == 0 && strcmp(prev, value) == 0;
        }
        given += !seen;
      }
      if (r && type == DNS_T_CNAME) stored = r->type == DNS_T_CNAME;
      for (size_t s = 0; r && type != DNS_T_CNAME && s < (size_t)r->npublic + r->nformnet; s++) {
        const dns_ip *ip = s < r->npublic ? &r->public_ip[s] : &r->formnet_ip[s - r->npublic];
        bool dup = false;
        for (size_t k = 0; k < s; k++)
          dup |= dns_ip_same_addr(k < r->npublic ? &r->public_ip[k] : &r->formnet_ip[k - r->npublic], ip);
        stored += ip->family == (type == DNS_T_A ? 4 : 6) && !dup;
      }
      hold &= given == stored;
    }
  }
  dns_msg_free(&m);
  return hold;
}

/* Is every address of every record in before still in after (under the
 * same name)? */
static bool addresses_kept(const dns_store *before, const dns_store *after, char *which, size_t cap) {
  for (size_t r = 0; r < DNS_STORE_MAX; r++) {
    if (!before->used[r]) continue;
    const dns_record *b = &before->rec[r], *a = dns_store_get(after, b->key);
    for (size_t i = 0; i < (size_t)b->npublic + b->nformnet; i++) {
      const dns_ip *ip = i < b->npublic ? &b->public_ip[i] : &b->formnet_ip[i - b->npublic];
      bool kept = false;
      for (size_t j = 0; a && j < (size_t)a->npublic + a->nformnet; j++)
        kept |= dns_ip_same_addr(ip, j < a->npublic ? &a->public_ip[j] : &a->formnet_ip[j - a->npublic]);
      if (!kept) {
        char text[64];
        snprintf(which, cap, "%s lost %s", b->key, dns_ip_format(ip, text, sizeof text));
        return false;
      }
    }
  }
  return true;
}

/* Build "b1" has two instances, "b2" one, "b0" none. */
static void add_instances(dns_provisioner *p) {
  static const char *const I[][4] = {{"i1", "b1", "10.0.0.1", "203.0.113.1"},
                                     {"i2", "b1", "10.0.0.2", "203.0.113.2"},
                                     {"i3", "b2", "10.1.2.3", "198.51.100.7"}};
  for (size_t i = 0; i < FF_COUNT_OF(I); i++) {
    dns_ip f, h;
    dns_ip_parse(I[i][2], &f), dns_ip_parse(I[i][3], &h);
    dns_provisioner_add_instance(p, I[i][0], I[i][1], &f, &h);
  }
}

/* §2.8 through dns_provision_request, against the oracle's own reading:
 * no re-entrant lock; a failure changes neither store nor tag; a success
 * puts the same addresses in DnsState and form-dns and tags every instance
 * of the build; a valid request for a new name succeeds unless a fault fired. */
static void check_provision(ff_input *in, dns_provisioner *p, const dns_store *st_before, const char *domain,
                            const ff_fault_plan *plan, bool *failed) {
  static dns_provisioner before;
  before = *p;
  const char *build = FF_PICK(in, ((const char *const[]){"b1", "b1", "b2", "b0"}));
  bool pub = ff_bool(in);
  uint32_t fired = plan->total_fired;
  char key[DNS_KEY_MAX], err[200] = "";
  bool fresh = dns_key_normalize(domain, key, NULL) == 0 && !strchr(key, '*') && dns_store_zone_of(p->dns, key) >= 0 &&
               !dns_key_is_formnet(key) &&
               !dns_store_get(p->dns, key) && !dns_store_get(&p->state, key) && p->dns->count < DNS_STORE_MAX &&
               strcmp(build, "b0") != 0;
  int rc = dns_provision_request(p, domain, build, pub, err, sizeof err);
  *failed = rc != 0;
  FF_INVARIANT(p->reentered == 0 && !p->locked, "dns.provision_deadlock",
               "DataStore mutex acquired while held (%u time(s)): %s", p->reentered, err);
  FF_INVARIANT(rc == 0 || !fresh || plan->total_fired != fired, "dns.provision", "request for new %s (%s) failed: %s",
               key, build, err);
  if (rc != 0) {
    FF_INVARIANT(memcmp(&p->state, &before.state, sizeof p->state) == 0 && memcmp(p->dns, st_before, sizeof *st_before) == 0 &&
                 memcmp(p->inst, before.inst, sizeof p->inst) == 0,
                 "dns.provision_atomic", "failed request for %s (%s) left a change behind", key, err);
    return;
  }
  const dns_record *s = dns_store_get(&p->state, key), *d = dns_store_get(p->dns, key);
  FF_INVARIANT(s && d, "dns.provision_atomic", "%s provisioned but missing from %s", key, s ? "form-dns" : "DnsState");
  FF_INVARIANT(s->npublic == d->npublic && s->nformnet == d->nformnet &&
               memcmp(s->public_ip, d->public_ip, sizeof s->public_ip) == 0 &&
               memcmp(s->formnet_ip, d->formnet_ip, sizeof s->formnet_ip) == 0,
               "dns.provision_atomic", "%s: DnsState and form-dns disagree on the addresses", key);
  for (size_t i = 0; i < DNS_PROV_INSTANCES; i++)
    if (p->inst[i].used && strcmp(p->inst[i].build_id, build) == 0)
      FF_INVARIANT(strcmp(p->inst[i].domain, key) == 0, "dns.provision_atomic", "instance %s not tagged with %s",
                   p->inst[i].id, key);
}

/* The oracle's own reading of "points here", apart from verify.c. */
static bool points_here(const dns_record *rec, const dns_upstream *up) {
  if (up->error) return false;
  for (size_t i = 0; i < up->na; i++)
    for (size_t j = 0; j < rec->npublic; j++)
      if (up->a[i].family == rec->public_ip[j].family && memcmp(up->a[i].addr, rec->public_ip[j].addr, 16) == 0)
        return true;
  char got[DNS_KEY_MAX];
  model_key(up->cname, got);
  return rec->cname[0] && strcmp(got, rec->cname) == 0;
}

static void gen_upstream(ff_input *in, const dns_store *st, const char *domain, dns_upstream *up) {
  memset(up, 0, sizeof *up);
  up->error = ff_u8(in) > 240;
  size_t na = ff_range(in, 0, 2);
  for (size_t i = 0; i < na; i++) dns_gen_ip(in, 4, &up->a[up->na++]);
  const dns_record *r = dns_store_get(st, domain);
  switch (ff_choose(in, 4)) {
  case 0: break;
  case 1: if (r && r->cname[0]) snprintf(up->cname, sizeof up->cname, "%s", r->cname); break;
  case 2:
    if (r && r->cname[0] && strlen(r->cname) + 4 < sizeof up->cname) {
      memcpy(up->cname, "evil", 4);
      strcpy(up->cname + 4, r->cname);
    }
    break;
  default: {
    char d[DNS_NAME_TEXT_MAX];
    dns_gen_domain(in, d);
    size_t n = strnlen(d, sizeof up->cname - 1);
    memcpy(up->cname, d, n);
    up->cname[n] = 0;
    break;
  }
  }
}

FF_PROPERTY(dns_provisioning) {
  static dns_store st, before;
  static dns_provisioner prov;
  static uint8_t msg[4096];
  model m;
  dns_gen_no_faults();
  dns_store_init(&st);
  dns_store_add_zone(&st, "fog");
  dns_provisioner_init(&prov, &st);
  add_instances(&prov);
  model_sync_from(&m, &st);
  const ff_fault_plan *plan = dns_gen_faults(in, "storage,net");
  uint64_t now = DNS_GEN_NOW;
  for (int step = 0; step < STEPS && ff_more(in); step++) {
    before = st;
    char domain[DNS_NAME_TEXT_MAX], target[DNS_NAME_TEXT_MAX], key[DNS_KEY_MAX];
    dns_gen_domain(in, domain);
    model_key(domain, key);
    int at = model_find(&m, key);
    dns_ip ips[10];
    size_t nips = ff_range(in, 0, 3);
    uint8_t fam = ff_u8(in) < 200 ? 0 : 6;
    for (size_t i = 0; i < nips; i++) dns_gen_ip(in, fam, &ips[i]);
    dns_gen_domain(in, target);
    uint16_t type = FF_PICK(in, ((const uint16_t[]){DNS_T_A, DNS_T_AAAA, DNS_T_CNAME, DNS_T_MX}));
    dns_api_req req = {domain, type, ips, nips, target, ff_bool(in), ff_bool(in)};
    int rc = 0;
    bool failed = false;
    switch (ff_choose(in, 9)) {
    case 0:
      rc = dns_api_create(&st, &req, NULL, 0);
      FF_INVARIANT(rc != 0 || at < 0, "dns.model", "create of existing %s succeeded", key);
      if (rc == 0) strcpy(m.key[m.n], key), m.type[m.n++] = type;
      failed = rc != 0;
      break;
    case 1:
      rc = dns_api_update(&st, &req, NULL, 0);
      FF_INVARIANT(rc != 0 || at >= 0, "dns.model", "update of missing %s succeeded", key);
      if (rc == 0) m.type[at] = type;
      failed = rc != 0;
      break;
    case 2: {
      uint32_t fired = plan->total_fired;
      rc = dns_api_delete(&st, domain, NULL, 0);
      FF_INVARIANT((rc == 0) == (at >= 0) || (rc != 0 && plan->total_fired != fired), "dns.model",
                   "delete %s: rc %d, model %s", key, rc, at >= 0 ? "has it" : "has not");
      if (rc == 0) m.n--, memmove(&m.key[at], &m.key[at + 1], (m.n - (size_t)at) * sizeof m.key[0]),
                   memmove(&m.type[at], &m.type[at + 1], (m.n - (size_t)at) * sizeof m.type[0]);
      failed = rc != 0;
      break;
    }
    case 3: {
      bool all_ttl0 = false, only_adds = false;
      size_t n = build_update(in, &st, msg, sizeof msg, &all_ttl0, &only_adds, now);
      size_t count = st.count;
      int r = dns_update_apply(&st, msg, n, &KEY, 1, now);
      if (r != DNS_R_NOERROR) failed = true;
      if (dns_tsig_verify(msg, n, &KEY, 1, now) != 0)
        FF_INVARIANT(r != DNS_R_NOERROR, "dns.tsig", "unsigned or badly signed UPDATE applied");
      if (r == DNS_R_NOERROR)
        FF_INVARIANT(model_prerequisites_hold(&before, msg, n), "dns.update_prereq",
                     "UPDATE applied though a value-dependent prerequisite does not hold");
      if (all_ttl0) FF_INVARIANT(st.count <= count, "dns.update_ttl0", "TTL-0 UPDATE added a name (%zu -> %zu)", count, st.count);
      char lost[160] = "";
      if (r == DNS_R_NOERROR && only_adds)
        FF_INVARIANT(addresses_kept(&before, &st, lost, sizeof lost), "dns.update_keep", "an UPDATE of adds only: %s", lost);
      if (!failed) model_sync_from(&m, &st);
      break;
    }
    case 4:
    case 5: {
      dns_upstream up;
      if (m.n && ff_u8(in) < 192) snprintf(domain, sizeof domain, "%s", m.key[ff_choose(in, m.n)]); /* mostly a stored name */
      gen_upstream(in, &st, domain, &up);
      dns_verify_result r = (ff_bool(in) ? dns_verify_initiate : dns_verify_check)(&st, domain, &up, now);
      failed = r == DNS_VERIFY_NO_RECORD;
      const dns_record *rec = dns_store_get(&st, domain);
      if (r == DNS_VERIFY_OK) FF_INVARIANT(rec && points_here(rec, &up), "dns.verify_exact",
                                           "%s Verified though upstream (A x%zu, CNAME \"%s\") does not point at it",
                                           key, up.na, up.cname);
      break;
    }
    case 6: {
      dns_ip ip;
      dns_gen_ip(in, 4, &ip);
      rc = ff_bool(in) ? dns_api_bootstrap_add(&st, &ip, (uint32_t)ff_range(in, 0, 100), NULL, 0)
                        : dns_api_bootstrap_remove(&st, &ip, NULL, 0);
      failed = rc != 0;
      break;
    }
    case 7:
      check_provision(in, &prov, &before, domain, plan, &failed);
      if (!failed) model_sync_from(&m, &st);
      break;
    default:
      now += ff_range(in, 0, 40 * 86400);
      if (at >= 0) {
        const dns_record *rec = dns_store_get(&st, key);
        dns_vstate s = rec ? dns_verify_state(rec, now) : DNS_V_NONE;
        FF_INVARIANT(!rec || s != DNS_V_VERIFIED || !rec->vtime || now - rec->vtime < DNS_VERIFY_VALID_S,
                     "dns.verify_exact", "verification of %s did not expire", key);
      }
      break;
    }
    if (failed) FF_INVARIANT(memcmp(&st, &before, sizeof st) == 0, "dns.atomic", "a failed operation changed the store");
    check_model(&m, &st);
  }
  dns_gen_no_faults(); /* the plan reads the input, which ends with this run */
}
