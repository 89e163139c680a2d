/* dns store files (dns_served_load): records go through the §2.3 rules,
 * health marks make addresses unavailable, errors name their line and
 * reason. */
#include <string.h>

#include "ff_check.h"
#include "dns.h"

int main(void) {
  static dns_served s;
  char err[200];
  CHECK(dns_served_load(&s,
                         "# comment\nzone example.test\n\n"
                         "record App.Example.Test. A 42 203.0.113.1 10.0.0.1   # trailing comment\n"
                         "record w.formation.cloud CNAME 60 App.Example.Test\n"
                         "health 203.0.113.1 down\ngeo 10.0.0.0/8 1.5 2.5 US CA\nmax-results 0\n",
                         err, sizeof err) == 0);
  const dns_record *r = dns_store_get(&s.store, "app.example.test");
  CHECK(r && r->ttl == 42 && r->npublic == 1 && r->nformnet == 1);
  r = dns_store_get(&s.store, "w.formation.cloud");
  CHECK(r && r->type == DNS_T_CNAME && strcmp(r->cname, "app.example.test") == 0);
  dns_ip ip;
  dns_ip_parse("203.0.113.1", &ip);
  CHECK(!dns_health_available(&s.health, &ip));
  CHECK(s.geo.n == 1 && s.geo_cfg.max_results == 0);

  static const char *const BAD[] = {
      "record a.formation.cloud A 60 2001:db8::1\n",    "record a.formation.cloud MX 60 x\n",
      "record a.formation.cloud A 0 203.0.113.1\n",     "record a.nowhere.test A 60 203.0.113.1\n",
      "health 203.0.113.1 sideways\n",                   "geo 203.0.113.0 1 2 DE BE\n",
      "frobnicate\n",                                    "zone *.x\n",
  };
  for (size_t i = 0; i < sizeof BAD / sizeof *BAD; i++) {
    char text[200];
    snprintf(text, sizeof text, "# first\n%s", BAD[i]);
    CHECK(dns_served_load(&s, text, err, sizeof err) == -1 && strncmp(err, "line 2: ", 8) == 0);
  }
  return check_summary("test_served");
}
