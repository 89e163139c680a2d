/* dns_geodns (FF_PROPERTY; also the dns_properties test): health flaps, a
 * geo table of regions and countries, distance
 * curves, configurations and client addresses, then the §2.4 answer for a
 * record. Oracles:
 *   dns.geo_family     an A answer holds only IPv4, AAAA only IPv6;
 *   dns.geo_subset     every answer is one of the record's addresses for the
 *                      source class, none twice;
 *   dns.geo_formnet    10/8 addresses only to 10/8 sources;
 *   dns.geo_health     while some candidate is available, only available
 *                      ones are returned; fail-open only when none is;
 *   dns.geo_count      the answer has min(candidates, max_results) addresses
 *                      and, without a limit, is a permutation of them;
 *   dns.geo_order      scores never increase along the answer, and nothing
 *                      left out scores higher than something kept;
 *   dns.geo_hysteresis a single failed check never makes an address unavailable;
 *   dns.ttl            the answer carries the record's own TTL (§2.4.6);
 *   dns.atomic         a poll of the node list that did not arrive (fault
 *                      site net.recv) answers -1 and leaves the health state
 *                      byte-identical; a location table whose read failed
 *                      (storage.read) is not loaded at all, else wholly (the
 *                      plan from the input: dns_gen_faults). */
#include <string.h>

#include "formfuzz/oracle.h"
#include "formfuzz/prop.h"
#include "gen.h"

/* The location table as the database file holds it, then loaded: whole,
 * or (a read that fails) not at all. */
static void gen_db(ff_input *in, dns_geo_db *db, const ff_fault_plan *plan) {
  static const struct {
    const char *net;
    uint8_t plen;
    double lat, lon;
    const char *cc, *region;
  } PLACES[] = {
      {"203.0.113.0", 25, 52.52, 13.40, "DE", "BE"}, {"203.0.113.2", 32, 48.14, 11.58, "DE", "BY"},
      {"198.51.100.0", 24, 40.71, -74.0, "US", "NY"}, {"10.0.0.0", 16, 37.77, -122.4, "US", "CA"},
      {"10.1.0.0", 16, 35.68, 139.69, "JP", "13"},    {"2001:db8::", 32, 51.5, -0.12, "GB", "ENG"},
      {"192.0.2.0", 24, -33.86, 151.2, "AU", "NSW"},  {"8.8.8.0", 24, 43.65, -79.38, "CA", "ON"},
  };
  dns_geo_entry table[FF_COUNT_OF(PLACES)];
  size_t n = 0;
  for (size_t i = 0; i < FF_COUNT_OF(PLACES); i++) {
    if (ff_u8(in) > 230) continue; /* unknown location */
    dns_geo_entry *e = &table[n++];
    memset(e, 0, sizeof *e);
    e->loc = (dns_geo_loc){true, PLACES[i].lat, PLACES[i].lon, "", ""};
    strcpy(e->loc.country, PLACES[i].cc);
    strcpy(e->loc.region, PLACES[i].region);
    if (ff_u8(in) > 240) e->loc.lat = ff_double(in); /* hostile coordinates */
    dns_ip_parse(PLACES[i].net, &e->net);
    e->plen = PLACES[i].plen;
  }
  memset(db, 0, sizeof *db);
  static dns_geo_db before;
  before = *db;
  uint32_t fired = plan->total_fired;
  if (dns_geo_db_load(db, table, n) != 0)
    FF_INVARIANT(plan->total_fired != fired && memcmp(&before, db, sizeof *db) == 0, "dns.atomic",
                 "a failed read of the location table left %zu entries", db->n);
  else
    FF_INVARIANT(db->n == n, "dns.atomic", "%zu of %zu locations loaded", db->n, n);
}

FF_PROPERTY(dns_geodns) {
  dns_gen_no_faults();
  const ff_fault_plan *plan = dns_gen_faults(in, "net.recv,storage.read");
  dns_store st;
  dns_store_init(&st);
  dns_health h;
  dns_health_init(&h);
  dns_geo_db db;
  gen_db(in, &db, plan);
  dns_geo_cfg cfg;
  dns_geo_cfg_default(&cfg);
  cfg.max_results = ff_range(in, 0, 6);
  cfg.region_bias = ff_u8(in) < 200 ? 0.8 : ff_double(in);
  cfg.curve = (dns_curve)ff_choose(in, 4);
  cfg.prefer_same_region = ff_u8(in) < 200;
  cfg.max_distance_km = ff_bool(in) ? (double)ff_range(in, 0, 20000) : 0;

  dns_record rec;
  memset(&rec, 0, sizeof rec);
  strcpy(rec.key, "app.formation.cloud");
  rec.type = ff_bool(in) ? DNS_T_A : DNS_T_AAAA;
  rec.ttl = (uint32_t)ff_range(in, DNS_TTL_MIN, DNS_TTL_MAX);
  do {
    dns_ip ip;
    dns_gen_ip(in, ff_u8(in) < 200 ? (rec.type == DNS_T_A ? 4 : 6) : 0, &ip);
    dns_record_add_ip(&rec, &ip);
  } while (ff_more(in));
  dns_store_put(&st, &rec);

  uint64_t now = DNS_GEN_NOW;
  while (ff_more(in)) { /* polls of one node each, flapping; a poll may not arrive */
    dns_health_report node;
    dns_gen_ip(in, 0, &node.addr);
    const dns_ip ip = node.addr;
    bool was = dns_health_available(&h, &ip);
    bool ok = node.active = ff_bool(in);
    static dns_health before;
    before = h;
    uint32_t fired = plan->total_fired;
    if (dns_health_poll(&h, &node, 1, now) != 0) {
      FF_INVARIANT(plan->total_fired != fired && memcmp(&before, &h, sizeof h) == 0, "dns.atomic",
                   "a poll that did not arrive changed the health state");
    } else if (was && !ok) {
      /* one failure after a success (or none) must not flip it */
      const dns_health_entry *e = NULL;
      for (size_t i = 0; i < DNS_HEALTH_MAX; i++)
        if (h.e[i].used && dns_ip_same_addr(&h.e[i].addr, &ip)) e = &h.e[i];
      FF_INVARIANT(!e || e->fails >= DNS_HEALTH_FALL || !e->unavailable, "dns.geo_hysteresis",
                   "unavailable after %u failure(s)", e ? e->fails : 0);
    }
    now += ff_range(in, 0, 400);
    if (ff_u8(in) > 200) dns_health_expire(&h, now);
  }

  dns_ip client;
  bool have_client = ff_u8(in) < 220;
  dns_gen_ip(in, 0, &client);
  uint16_t qtype = ff_bool(in) ? DNS_T_A : DNS_T_AAAA;
  dns_name qn;
  dns_name_from_text(ff_bool(in) ? "App.Formation.Cloud." : "app.formation.cloud", &qn);
  dns_answer_ctx ctx = {&h, &db, &cfg};
  dns_answer a;
  const dns_ip *cl = have_client ? &client : NULL;
  dns_store_answer(&st, &ctx, &qn, qtype, cl, &a);

  FF_INVARIANT(a.rcode == DNS_R_NOERROR, "dns.geo_subset", "rcode %d for a stored name", a.rcode);
  FF_INVARIANT(a.ttl == rec.ttl, "dns.ttl", "answer ttl %u, record ttl %u", a.ttl, rec.ttl);
  uint8_t fam = qtype == DNS_T_A ? 4 : 6;
  bool formnet_src = cl && dns_ip_is_formnet(cl);
  dns_ip cand[2 * DNS_MAX_IPS];
  size_t ncand = 0, navail = 0;
  const dns_ip *lists[2] = {rec.formnet_ip, rec.public_ip};
  size_t counts[2] = {formnet_src ? rec.nformnet : 0, rec.npublic};
  for (int l = 0; l < 2; l++)
    for (size_t i = 0; i < counts[l]; i++) {
      const dns_ip *x = &lists[l][i];
      bool dup = false;
      for (size_t k = 0; k < ncand; k++) dup |= dns_ip_same_addr(&cand[k], x);
      if (x->family != fam || dup) continue;
      cand[ncand++] = *x;
      navail += dns_health_available(&h, x);
    }
  for (size_t i = 0; i < a.naddrs; i++) {
    const dns_ip *x = &a.addrs[i];
    FF_INVARIANT(x->family == fam, "dns.geo_family", "IPv%u address in a type %u answer", x->family, qtype);
    FF_INVARIANT(formnet_src || !dns_ip_is_formnet(x), "dns.geo_formnet", "formnet address to a public source");
    bool found = false;
    for (size_t k = 0; k < ncand; k++) found |= dns_ip_same_addr(&cand[k], x);
    FF_INVARIANT(found, "dns.geo_subset", "answer address %zu is not a candidate", i);
    for (size_t j = 0; j < i; j++)
      FF_INVARIANT(!dns_ip_same_addr(&a.addrs[j], x), "dns.geo_subset", "address twice in the answer");
    if (navail > 0)
      FF_INVARIANT(dns_health_available(&h, x), "dns.geo_health", "unavailable address returned while %zu are up", navail);
  }
  FF_INVARIANT(a.fail_open == (ncand > 0 && navail == 0), "dns.geo_health", "fail_open %d with %zu/%zu available",
               a.fail_open, navail, ncand);
  size_t pool = navail ? navail : ncand;
  size_t want = cfg.max_results && cfg.max_results < pool ? cfg.max_results : pool;
  FF_INVARIANT(a.naddrs == want, "dns.geo_count", "%zu addresses, expected %zu (pool %zu, max %zu)", a.naddrs,
               want, pool, cfg.max_results);
  if (cl) {
    dns_geo_loc cloc, sloc;
    dns_geo_lookup(&db, cl, &cloc);
    double prev = 2;
    double min_kept = 2;
    for (size_t i = 0; i < a.naddrs; i++) {
      dns_geo_lookup(&db, &a.addrs[i], &sloc);
      double s = dns_geo_score(&cfg, &cloc, &sloc);
      FF_INVARIANT(s >= 0 && s <= 1 && s <= prev, "dns.geo_order", "score %g after %g at %zu", s, prev, i);
      prev = s;
      if (s < min_kept) min_kept = s;
    }
    for (size_t k = 0; k < ncand; k++) {
      bool kept = false;
      for (size_t i = 0; i < a.naddrs; i++) kept |= dns_ip_same_addr(&a.addrs[i], &cand[k]);
      if (kept || (navail && !dns_health_available(&h, &cand[k]))) continue;
      dns_geo_lookup(&db, &cand[k], &sloc);
      FF_INVARIANT(dns_geo_score(&cfg, &cloc, &sloc) <= min_kept, "dns.geo_order",
                   "a left-out address scores higher than a kept one");
    }
  }
  dns_gen_no_faults(); /* the plan reads the input, which ends with this run */
}
