/* DNS name generators: every text name's claimed validity matches ldns
 * (ldns_dname_new_frm_str) and, when valid, ldns' wire form equals the one the
 * generator reports; every wire name's claim matches ldns_wire2dname. Also the
 * limits (63-octet labels, 255-octet names) and the quirks all occur. */
#include <ldns/ldns.h>
#include <string.h>

#include "formfuzz/gen_dns.h"
#include "gen_harness.h"

#define CASES 3000

typedef struct dns_ctx {
  const char *zone;
  ff_dns_wire wire;
  unsigned quirks_seen;
} dns_ctx;

static bool gen_name(ff_input *in, ff_gen_mode mode, ff_buf *out, void *ctx) {
  dns_ctx *c = ctx;
  unsigned q;
  bool ok = ff_gen_dns_name(in, mode, c->zone, out, &c->wire, &q);
  if (ok) c->quirks_seen |= q;
  return ok;
}

static bool check_name(const char *text, size_t len, void *ctx) {
  dns_ctx *c = ctx;
  if (memchr(text, '\0', len)) return false;
  ldns_rdf *rdf = ldns_dname_new_frm_str(text);
  if (!rdf) return false;
  bool same = ldns_rdf_size(rdf) == c->wire.len && memcmp(ldns_rdf_data(rdf), c->wire.data, c->wire.len) == 0;
  ldns_rdf_deep_free(rdf);
  REQUIRE(same, "wire form differs for %s", text);
  return true;
}

static bool gen_wire(ff_input *in, ff_gen_mode mode, ff_buf *out, void *ctx) {
  dns_ctx *c = ctx;
  bool ok = ff_gen_dns_wire(in, mode, &c->wire);
  ff_buf_put(out, c->wire.data, c->wire.len); /* so the harness sees and compares the bytes */
  return ok;
}

static bool check_wire(const char *text, size_t len, void *ctx) {
  (void)ctx;
  ldns_rdf *rdf = NULL;
  size_t pos = 0;
  ldns_status st = ldns_wire2dname(&rdf, (const uint8_t *)text, len, &pos);
  bool ok = st == LDNS_STATUS_OK && pos == len && ldns_rdf_size(rdf) == len &&
            memcmp(ldns_rdf_data(rdf), text, len) == 0;
  if (rdf) ldns_rdf_deep_free(rdf);
  return ok;
}

int main(void) {
  static const char *const ZONES[] = {NULL, "example.com", "formation.cloud"};
  harness_counts counts[4];
  unsigned seen = 0;
  for (size_t z = 0; z < FF_COUNT_OF(ZONES); z++) {
    dns_ctx ctx = {.zone = ZONES[z]};
    harness_run(ZONES[z] ? ZONES[z] : "dns name", gen_name, check_name, NULL, &ctx, CASES, 2048, counts);
    harness_expect_usual("dns name", counts);
    REQUIRE(counts[FF_GEN_HOSTILE].valid > 0, "dns name: hostile never valid");
    seen |= ctx.quirks_seen;
  }
  unsigned want = FF_DNS_Q_NOT_HOSTNAME | FF_DNS_Q_WILDCARD | FF_DNS_Q_IDN | FF_DNS_Q_ESCAPES | FF_DNS_Q_AT_LIMIT |
                  FF_DNS_Q_RELATIVE;
  REQUIRE((seen & want) == want, "dns quirks seen %#x", seen);
  dns_ctx ctx = {0};
  harness_run("dns wire", gen_wire, check_wire, NULL, &ctx, CASES, 512, counts);
  harness_expect_usual("dns wire", counts);
  printf("dns: ok\n");
  return 0;
}
