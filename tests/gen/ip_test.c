/* IP address and CIDR generators: every output's claimed validity matches
 * inet_pton (plus a strict decimal prefix check for CIDR), the binary value the
 * generator reports equals what inet_pton parsed, the quirks (zone ids, host
 * bits, dotted tails, special ranges) all occur, and outputs are deterministic. */
#include <arpa/inet.h>
#include <string.h>

#include "formfuzz/gen_ip.h"
#include "gen_harness.h"

#define CASES 3000

typedef struct ip_ctx {
  ff_ip_family family;
  ff_ip_value value;
  unsigned quirks, quirks_seen;
  unsigned classes_seen;
} ip_ctx;

static bool parse_address(const char *text, size_t len, ff_ip_value *got) {
  char copy[256];
  if (len >= sizeof copy || memchr(text, '\0', len)) return false;
  memcpy(copy, text, len);
  copy[len] = '\0';
  memset(got, 0, sizeof *got);
  if (inet_pton(AF_INET, copy, got->addr) == 1) {
    got->family = FF_IP_V4;
    return true;
  }
  if (inet_pton(AF_INET6, copy, got->addr) == 1) {
    got->family = FF_IP_V6;
    return true;
  }
  return false;
}

static bool same_value(const ip_ctx *c, const ff_ip_value *got, int prefix) {
  return got->family == c->value.family && memcmp(got->addr, c->value.addr, 16) == 0 && prefix == c->value.prefix;
}

static bool check_ip(const char *text, size_t len, void *ctx) {
  ip_ctx *c = ctx;
  ff_ip_value got;
  if (!parse_address(text, len, &got)) return false;
  REQUIRE(same_value(c, &got, -1), "value differs for %.*s", (int)len, text);
  return c->family == FF_IP_ANY_FAMILY || got.family == c->family;
}

static bool check_cidr(const char *text, size_t len, void *ctx) {
  ip_ctx *c = ctx;
  const char *slash = NULL;
  for (size_t i = len; i-- > 0;)
    if (text[i] == '/') {
      slash = text + i;
      break;
    }
  if (!slash) return false;
  size_t plen = len - (size_t)(slash + 1 - text);
  const char *p = slash + 1;
  if (plen == 0 || plen > 3 || (plen > 1 && p[0] == '0')) return false;
  int prefix = 0;
  for (size_t i = 0; i < plen; i++) {
    if (p[i] < '0' || p[i] > '9') return false;
    prefix = prefix * 10 + (p[i] - '0');
  }
  ff_ip_value got;
  if (!parse_address(text, (size_t)(slash - text), &got)) return false;
  if (prefix > (got.family == FF_IP_V4 ? 32 : 128)) return false;
  REQUIRE(same_value(c, &got, prefix), "value differs for %.*s", (int)len, text);
  return true;
}

static bool gen_ip(ff_input *in, ff_gen_mode mode, ff_buf *out, void *ctx) {
  ip_ctx *c = ctx;
  bool ok = ff_gen_ip(in, mode, c->family, out, &c->value, &c->quirks);
  c->quirks_seen |= c->quirks;
  if (ok) c->classes_seen |= 1u << ff_ip_classify(&c->value);
  return ok;
}

static bool gen_cidr(ff_input *in, ff_gen_mode mode, ff_buf *out, void *ctx) {
  ip_ctx *c = ctx;
  bool ok = ff_gen_cidr(in, mode, c->family, out, &c->value, &c->quirks);
  c->quirks_seen |= c->quirks;
  return ok;
}

static void classify_examples(void) {
  ff_ip_value v = {.family = FF_IP_V4, .addr = {169, 254, 169, 254}, .prefix = -1};
  REQUIRE(ff_ip_classify(&v) == FF_IP_LINK_LOCAL, "169.254.169.254");
  v = (ff_ip_value){.family = FF_IP_V4, .addr = {100, 127, 0, 1}, .prefix = -1};
  REQUIRE(ff_ip_classify(&v) == FF_IP_SHARED, "100.127.0.1");
  v = (ff_ip_value){.family = FF_IP_V4, .addr = {172, 32, 0, 1}, .prefix = -1};
  REQUIRE(ff_ip_classify(&v) == FF_IP_PUBLIC, "172.32.0.1");
  v = (ff_ip_value){.family = FF_IP_V6, .addr = {0xfe, 0xbf, [15] = 1}, .prefix = -1};
  REQUIRE(ff_ip_classify(&v) == FF_IP_LINK_LOCAL, "febf::1");
  v = (ff_ip_value){.family = FF_IP_V6, .addr = {0xfd, 0x12}, .prefix = -1};
  REQUIRE(ff_ip_classify(&v) == FF_IP_PRIVATE, "fd12::");
}

int main(void) {
  classify_examples();
  static const ff_ip_family FAMILIES[] = {FF_IP_V4, FF_IP_V6, FF_IP_ANY_FAMILY};
  static const char *const NAMES[] = {"", "ipv4", "ipv6"};
  harness_counts counts[4];
  unsigned all_quirks = 0, all_classes = 0;
  for (size_t f = 0; f < FF_COUNT_OF(FAMILIES); f++) {
    ip_ctx ctx = {.family = FAMILIES[f]};
    const char *name = FAMILIES[f] == FF_IP_ANY_FAMILY ? "ip" : NAMES[FAMILIES[f]];
    harness_run(name, gen_ip, check_ip, NULL, &ctx, CASES, 256, counts);
    harness_expect_usual(name, counts);
    REQUIRE(counts[FF_GEN_HOSTILE].valid > 0, "%s: hostile never valid", name);
    all_quirks |= ctx.quirks_seen;
    all_classes |= ctx.classes_seen;
    ctx = (ip_ctx){.family = FAMILIES[f]};
    harness_run("cidr", gen_cidr, check_cidr, NULL, &ctx, CASES, 256, counts);
    harness_expect_usual("cidr", counts);
    all_quirks |= ctx.quirks_seen;
  }
  unsigned want = FF_IP_Q_ZONE | FF_IP_Q_HOST_BITS | FF_IP_Q_V4_MAPPED | FF_IP_Q_SPECIAL;
  REQUIRE((all_quirks & want) == want, "quirks seen %#x", all_quirks);
  for (int k = FF_IP_PUBLIC; k <= FF_IP_V4_MAPPED; k++)
    REQUIRE(all_classes & (1u << k), "no valid %s address generated", ff_ip_class_name((ff_ip_class)k));
  printf("ip: ok\n");
  return 0;
}
