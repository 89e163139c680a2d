/* dns certificates: OpenSSL-made certificates loaded as PEM and DER with
 * their SANs and times, wildcard rules, renewal window, issuer choice, file
 * names, exclusive renewals, SNI choice. */
#include <string.h>

#include "ff_check.h"
#include "gen.h"

int main(void) {
  dns_cert c;
  size_t len;
  const uint8_t *der = dns_gen_cert_der(1, &len);
  CHECK(der && dns_cert_load(der, len, &c, NULL, 0) == 0);
  CHECK(c.nnames == 2 && strcmp(c.names[0], "*.formation.cloud") == 0 && c.not_after == 1750500000);
  const char *pem = dns_gen_cert_pem(0);
  CHECK(dns_cert_load((const uint8_t *)pem, strlen(pem), &c, NULL, 0) == 0 && strcmp(c.names[0], "app.formation.cloud") == 0);
  CHECK(dns_cert_load(der, len / 2, &c, NULL, 0) != 0);

  CHECK(dns_cert_name_matches("*.formation.cloud", "App.Formation.Cloud"));
  CHECK(!dns_cert_name_matches("*.formation.cloud", "formation.cloud"));
  CHECK(!dns_cert_name_matches("*.formation.cloud", "a.b.formation.cloud"));
  CHECK(!dns_cert_name_matches("*.cloud", "formation.cloud"));

  dns_cert_load(der, len, &c, NULL, 0);
  CHECK(!dns_cert_needs_renewal(&c, 1745000000, 86400) && dns_cert_needs_renewal(&c, 1750450000, 86400));
  CHECK(dns_cert_needs_renewal(&c, 1750500000, 0));

  dns_issuer iss;
  CHECK(dns_cert_issuer("hello.fog", &iss) == 0 && iss == DNS_ISSUER_LOCAL);
  CHECK(dns_cert_issuer("fog.example.com", &iss) == 0 && iss == DNS_ISSUER_ACME);
  CHECK(dns_cert_issuer("hellofog", &iss) == 0 && iss == DNS_ISSUER_ACME);
  char contact[128], cp[300], kp[300];
  CHECK(dns_cert_acme_contact("a.b.example.com", contact, sizeof contact) == 0 && strcmp(contact, "mailto:admin@example.com") == 0);
  CHECK(dns_cert_acme_contact("localhost", contact, sizeof contact) != 0);
  CHECK(dns_cert_paths("certs", "x.fog", cp, kp, sizeof cp) == 0 && strcmp(cp, kp) != 0);
  CHECK(dns_cert_paths("certs", "../etc/passwd", cp, kp, sizeof cp) != 0);

  static dns_cert_store cs;
  dns_cert_store_init(&cs);
  uint64_t t1 = dns_renew_begin(&cs, "app.formation.cloud");
  CHECK(t1 && dns_renew_begin(&cs, "APP.formation.cloud.") == 0);
  der = dns_gen_cert_der(0, &len);
  dns_cert_load(der, len, &c, NULL, 0);
  CHECK(dns_renew_commit(&cs, t1, &c, 1750000000) == 0 && dns_renew_commit(&cs, t1, &c, 1750000000) != 0);
  uint64_t t2 = dns_renew_begin(&cs, "x.formation.cloud");
  der = dns_gen_cert_der(1, &len);
  dns_cert wild;
  dns_cert_load(der, len, &wild, NULL, 0);
  CHECK(dns_renew_commit(&cs, t2, &wild, 1750000000) == 0);
  CHECK(dns_cert_select(&cs, "app.formation.cloud", 1750000000) == &cs.slot[0].cert);
  const dns_cert *s = dns_cert_select(&cs, "x.formation.cloud", 1750000000);
  CHECK(s && strcmp(s->names[0], "*.formation.cloud") == 0);
  CHECK(dns_cert_select(&cs, "x.formation.cloud", 1760000000) == NULL); /* expired */
  return check_summary("test_cert");
}
