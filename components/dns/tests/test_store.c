/* dns store: key normalization on every path, the §2.3 operations and their
 * all-or-nothing failures, the §2.4 answer rules (REFUSED outside zones,
 * formnet only to 10/8, health filter and fail-open, record TTL, max
 * results), verification (exact target, expiry), and the fault sites the
 * dns_records and dns_geodns fuzzers drive: a record create and a TTL write
 * (storage.write), a health poll (net.recv), a location table load
 * (storage.read), each leaving its state as it was. */
#include <string.h>

#include "ff_check.h"
#include "dns.h"
#include "formfuzz/fault.h"

static dns_ip ip(const char *s) {
  dns_ip a;
  dns_ip_parse(s, &a);
  return a;
}

/* Installs a plan that fails every call of site (NULL: no plan). */
static void fail_site(const char *site) {
  static ff_fault_plan plan;
  ff_fault_plan_init(&plan);
  if (site) CHECK(ff_fault_plan_parse(&plan, site, 0, NULL, 0) == 0);
  ff_fault_plan_install(site ? &plan : NULL);
}

static void faults(void) {
  static dns_store st, before;
  dns_store_init(&st);
  dns_ip addr = ip("203.0.113.7");
  dns_api_req req = {"Web.Formation.Cloud.", DNS_T_A, &addr, 1, NULL, false, false};
  char err[80] = "";
  before = st;
  fail_site("storage.write");
  CHECK(dns_api_create(&st, &req, err, sizeof err) != 0 && strcmp(err, "storage write failed") == 0);
  CHECK(memcmp(&before, &st, sizeof st) == 0);
  fail_site(NULL);
  CHECK(dns_api_create(&st, &req, err, sizeof err) == 0);
  dns_record *cur = dns_store_get_mut(&st, "web.formation.cloud"), next = *cur;
  next.ttl = 60;
  before = st;
  fail_site("storage.write");
  CHECK(dns_store_replace(cur, &next) != 0 && memcmp(&before, &st, sizeof st) == 0);
  fail_site(NULL);
  CHECK(dns_store_replace(cur, &next) == 0 && dns_store_get(&st, "web.formation.cloud")->ttl == 60);

  /* a poll that does not arrive: no mark changes, none expires */
  static dns_health h, hbefore;
  dns_health_init(&h);
  dns_health_report down[2] = {{ip("203.0.113.1"), false}, {ip("203.0.113.2"), true}};
  CHECK(dns_health_poll(&h, down, 2, 100) == 0 && dns_health_poll(&h, down, 1, 110) == 0);
  CHECK(!dns_health_available(&h, &down[0].addr) && dns_health_available(&h, &down[1].addr));
  hbefore = h;
  fail_site("net.recv");
  CHECK(dns_health_poll(&h, down + 1, 1, 110 + DNS_HEALTH_STALE_S) == -1 && memcmp(&hbefore, &h, sizeof h) == 0);
  fail_site(NULL);
  CHECK(dns_health_poll(&h, down + 1, 1, 110 + DNS_HEALTH_STALE_S) == 0 && dns_health_available(&h, &down[0].addr));

  /* a location table is loaded whole or not at all */
  static dns_geo_db db, dbefore;
  dns_geo_entry two[2] = {{ip("203.0.113.0"), 24, {true, 52.5, 13.4, "DE", "BE"}},
                          {ip("198.51.100.0"), 24, {true, 40.7, -74.0, "US", "NY"}}};
  CHECK(dns_geo_db_load(&db, two, 1) == 0 && db.n == 1);
  dbefore = db;
  fail_site("storage.read");
  CHECK(dns_geo_db_load(&db, two, 2) == -1 && memcmp(&dbefore, &db, sizeof db) == 0);
  fail_site(NULL);
  two[1].plen = 33; /* does not fit an IPv4 address: the whole load is refused */
  CHECK(dns_geo_db_load(&db, two, 2) == -1 && memcmp(&dbefore, &db, sizeof db) == 0);
  two[1].plen = 24;
  CHECK(dns_geo_db_load(&db, two, 2) == 0 && db.n == 2);
}

int main(void) {
  char key[DNS_KEY_MAX];
  CHECK(dns_key_normalize("WWW.Example.COM.", key, NULL) == 0 && strcmp(key, "www.example.com") == 0);
  CHECK(dns_key_normalize("a..b", key, NULL) != 0 && dns_key_normalize("-a.b", key, NULL) != 0);
  CHECK(dns_key_normalize("a.*.b", key, NULL) != 0 && dns_key_normalize("*.b", key, NULL) == 0);
  CHECK(dns_key_in_zone("app.formation.cloud", "formation.cloud") && !dns_key_in_zone("evilformation.cloud", "formation.cloud"));

  static dns_store st, copy;
  dns_store_init(&st);
  dns_ip ips[3] = {ip("203.0.113.1:80"), ip("10.0.0.1"), ip("203.0.113.2")};
  dns_api_req req = {"App.Formation.Cloud.", DNS_T_A, ips, 3, NULL, false, false};
  CHECK(dns_api_create(&st, &req, NULL, 0) == 0);
  const dns_record *r = dns_store_get(&st, "app.formation.cloud");
  CHECK(r && r->npublic == 2 && r->nformnet == 1 && r->ttl == DNS_TTL_DEFAULT);
  CHECK(dns_store_get(&st, "APP.formation.cloud.") == r);
  CHECK(dns_api_create(&st, &req, NULL, 0) != 0); /* no silent overwrite */
  req.domain = "x.example.com";
  CHECK(dns_api_create(&st, &req, NULL, 0) != 0); /* outside the zones */

  copy = st;
  dns_ip v6 = ip("2001:db8::1");
  dns_api_req bad = {"app.formation.cloud", DNS_T_A, &v6, 1, NULL, false, true};
  char err[128];
  CHECK(dns_api_update(&st, &bad, err, sizeof err) != 0 && memcmp(&st, &copy, sizeof st) == 0);
  bad.type = DNS_T_CNAME, bad.cname_target = "app.formation.cloud";
  CHECK(dns_api_update(&st, &bad, err, sizeof err) != 0 && memcmp(&st, &copy, sizeof st) == 0);
  CHECK(dns_api_delete(&st, "nothere.formation.cloud", NULL, 0) != 0 && memcmp(&st, &copy, sizeof st) == 0);

  dns_ip b = ip("198.51.100.7");
  CHECK(dns_api_bootstrap_add(&st, &b, 0, NULL, 0) == 0 && dns_api_bootstrap_add(&st, &b, 0, NULL, 0) == 0);
  CHECK(dns_store_get(&st, DNS_BOOTSTRAP_DOMAIN)->npublic == 1);

  /* answers */
  dns_name q;
  dns_answer a;
  dns_ip pub = ip("8.8.8.8"), formnet = ip("10.9.9.9");
  dns_name_from_text("APP.formation.cloud", &q);
  dns_store_answer(&st, NULL, &q, DNS_T_A, &pub, &a);
  CHECK(a.rcode == DNS_R_NOERROR && a.naddrs == 2 && a.ttl == DNS_TTL_DEFAULT);
  dns_store_answer(&st, NULL, &q, DNS_T_A, &formnet, &a);
  CHECK(a.naddrs == 3 && a.addrs[0].addr[0] == 10);
  dns_name_from_text("example.org", &q);
  dns_store_answer(&st, NULL, &q, DNS_T_A, &pub, &a);
  CHECK(a.rcode == DNS_R_REFUSED && !a.authoritative);
  dns_name_from_text("nope.formation.cloud", &q);
  dns_store_answer(&st, NULL, &q, DNS_T_A, &pub, &a);
  CHECK(a.rcode == DNS_R_NXDOMAIN && a.authoritative);

  dns_health h;
  dns_health_init(&h);
  dns_ip d1 = ip("203.0.113.1"), d2 = ip("203.0.113.2");
  dns_health_observe(&h, &d1, false, 100);
  CHECK(dns_health_available(&h, &d1)); /* one failure is not enough */
  dns_health_observe(&h, &d1, false, 110);
  CHECK(!dns_health_available(&h, &d1));
  dns_health_observe(&h, &d1, true, 120);
  CHECK(!dns_health_available(&h, &d1)); /* nor one success */
  dns_answer_ctx ctx = {&h, NULL, NULL};
  dns_name_from_text("app.formation.cloud", &q);
  dns_store_answer(&st, &ctx, &q, DNS_T_A, &pub, &a);
  CHECK(a.naddrs == 1 && dns_ip_same_addr(&a.addrs[0], &d2) && !a.fail_open);
  dns_health_observe(&h, &d2, false, 130), dns_health_observe(&h, &d2, false, 140);
  dns_store_answer(&st, &ctx, &q, DNS_T_A, &pub, &a);
  CHECK(a.naddrs == 2 && a.fail_open);
  dns_health_expire(&h, 140 + DNS_HEALTH_STALE_S);
  CHECK(dns_health_available(&h, &d1));

  /* verification */
  dns_api_req cn = {"shop.formation.cloud", DNS_T_CNAME, NULL, 0, "app.formation.cloud", false, false};
  CHECK(dns_api_create(&st, &cn, NULL, 0) == 0);
  dns_upstream up = {.cname = "evilapp.formation.cloud"};
  CHECK(dns_verify_initiate(&st, "shop.formation.cloud", &up, 1000) == DNS_VERIFY_REQUIRES_CONFIG);
  CHECK(dns_store_get(&st, "shop.formation.cloud")->vstate == DNS_V_PENDING);
  strcpy(up.cname, "APP.formation.cloud.");
  CHECK(dns_verify_check(&st, "shop.formation.cloud", &up, 2000) == DNS_VERIFY_OK);
  r = dns_store_get(&st, "shop.formation.cloud");
  CHECK(dns_verify_state(r, 2000 + DNS_VERIFY_VALID_S - 1) == DNS_V_VERIFIED);
  CHECK(dns_verify_state(r, 2000 + DNS_VERIFY_VALID_S) == DNS_V_NOT_VERIFIED);
  dns_upstream other = {.a = {ip("203.0.113.1")}, .na = 1};
  CHECK(dns_verify_check(&st, "shop.formation.cloud", &other, 3000) != DNS_VERIFY_OK); /* app's IP is not shop's */
  faults();
  return check_summary("test_store");
}
