/* Unit tests of the live room's pieces (tools/live/): the allow gate, the
 * rules file, DNS and HTTP canonical forms and their difference (ID never
 * compared, TTL tolerance, unordered sections, ignored flags, headers and JSON
 * keys, signatures without indices), HTTP parsing (Content-Length, chunked,
 * refusals), the variants (deterministic, still DNS / HTTP) and the pace's
 * slot arithmetic. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns_wire.h"
#include "ff_check.h"
#include "live_allow.h"
#include "live_dns_norm.h"
#include "live_http.h"
#include "live_http_norm.h"
#include "live_lines.h"
#include "live_mutate.h"
#include "live_pace.h"
#include "live_rules.h"

static void test_allow(void) {
  live_allow a = {0};
  live_addr t;
  char err[512];
  CHECK(live_allow_load(&a, "127.0.0.1:53, 10.0.0.1:8080", NULL, err, sizeof err) == 0 && a.count == 2);
  CHECK(live_allow_target(&a, "--shadow", "10.0.0.1:8080", &t, err, sizeof err) == 0);
  CHECK(live_allow_target(&a, "--shadow", "10.0.0.1:8081", &t, err, sizeof err) == -1);
  CHECK_MSG(strstr(err, "--shadow 10.0.0.1:8081 is not allowed") != NULL, "%s", err);
  CHECK(live_allow_target(&a, "--primary", "localhost:53", &t, err, sizeof err) == -1);
  CHECK_MSG(strstr(err, "not a numeric IPv4") != NULL, "%s", err);
  live_allow b = {0};
  CHECK(live_allow_load(&b, "127.0.0.1:0", NULL, err, sizeof err) == -1);
  CHECK(live_allow_load(&b, "127.0.0.1:65536", NULL, err, sizeof err) == -1);
  CHECK(live_allow_listen("127.0.0.2:5300", &t, err, sizeof err) == 0);
  CHECK(live_allow_listen("0.0.0.0:5300", &t, err, sizeof err) == -1);
  char path[] = "/tmp/live_allow_XXXXXX";
  int fd = mkstemp(path);
  FILE *f = fdopen(fd, "w");
  fprintf(f, "# targets\n127.0.0.1:5353  # the test server\n\nbogus\n");
  fclose(f);
  live_allow c = {0};
  CHECK(live_allow_load(&c, NULL, path, err, sizeof err) == -1);
  CHECK_MSG(strstr(err, ":4: ") != NULL && c.count == 1, "%s", err);
  remove(path);
}

static void test_rules(void) {
  live_rules r;
  char err[256];
  live_rules_default(&r);
  CHECK(live_rules_header_ignored(&r, "date") && !live_rules_header_ignored(&r, "Server"));
  CHECK(live_rules_add_line(&r, "dns ttl-tolerance 30", err, sizeof err) == 0 && r.ttl_tolerance == 30);
  CHECK(live_rules_add_line(&r, "dns unordered answer", err, sizeof err) == 0 && r.unordered[DNS_AN]);
  CHECK(live_rules_add_line(&r, "dns ignore-flag RA", err, sizeof err) == 0 && r.ignore_flags == DNS_F_RA);
  CHECK(live_rules_add_line(&r, "dns ignore-edns", err, sizeof err) == 0 && r.ignore_edns);
  CHECK(live_rules_add_line(&r, "http ignore-json-key timestamp", err, sizeof err) == 0 &&
        live_rules_json_key_ignored(&r, "timestamp"));
  CHECK(live_rules_add_line(&r, "  # comment", err, sizeof err) == 0);
  CHECK(live_rules_add_line(&r, "dns unordered everything", err, sizeof err) == -1 && strstr(err, "section"));
  CHECK(live_rules_add_line(&r, "dns ttl-tolerance -1", err, sizeof err) == -1);
  CHECK(live_rules_add_line(&r, "ftp ignore-header X", err, sizeof err) == -1 && strstr(err, "unknown rule"));
  CHECK(live_rules_add_line(&r, "http ignore-header A B", err, sizeof err) == -1);
}

/* A reply to app.example. A with the given id, flags, two A records in order. */
static size_t reply(uint16_t id, uint16_t flags, bool swap, uint32_t ttl, uint8_t *out) {
  dns_msg m;
  dns_name n;
  dns_msg_init(&m);
  dns_name_from_text("app.example.", &n);
  const uint8_t a1[4] = {192, 0, 2, 1}, a2[4] = {192, 0, 2, 2};
  m.id = id, m.flags = flags;
  dns_msg_add(&m, DNS_QD, &n, DNS_T_A, DNS_C_IN, 0, NULL, 0);
  dns_msg_add(&m, DNS_AN, &n, DNS_T_A, DNS_C_IN, ttl, swap ? a2 : a1, 4);
  dns_msg_add(&m, DNS_AN, &n, DNS_T_A, DNS_C_IN, ttl, swap ? a1 : a2, 4);
  long len = dns_msg_write(&m, out, 4096);
  dns_msg_free(&m);
  return (size_t)len;
}

static size_t diff_count(const uint8_t *a, size_t al, const uint8_t *b, size_t bl, const live_rules *r,
                         char *sig, size_t cap) {
  live_lines x = {0}, y = {0};
  live_diff d;
  live_dns_canon(a, al, r, &x);
  live_dns_canon(b, bl, r, &y);
  size_t n = 99;
  if (live_diff_lines(&x, &y, r->ttl_tolerance, &d) == 0) {
    n = d.differing;
    snprintf(sig, cap, "%s", d.signature);
    live_diff_free(&d);
  }
  live_lines_free(&x);
  live_lines_free(&y);
  return n;
}

static void test_dns(void) {
  uint8_t p[4096], s[4096];
  char sig[256];
  live_rules r;
  live_rules_default(&r);
  uint16_t qr = DNS_F_QR | DNS_F_AA;
  size_t pl = reply(1, qr, false, 300, p), sl = reply(2, qr, false, 300, s);
  CHECK_MSG(diff_count(p, pl, s, sl, &r, sig, sizeof sig) == 0, "the ID is never compared");
  sl = reply(2, qr, true, 300, s);
  CHECK(diff_count(p, pl, s, sl, &r, sig, sizeof sig) == 4);
  CHECK_MSG(strcmp(sig, "+answer.A -answer.A") == 0, "%s", sig);
  r.unordered[DNS_AN] = true;
  CHECK(diff_count(p, pl, s, sl, &r, sig, sizeof sig) == 0);
  sl = reply(2, qr, true, 302, s);
  CHECK(diff_count(p, pl, s, sl, &r, sig, sizeof sig) == 4);
  r.ttl_tolerance = 2;
  CHECK(diff_count(p, pl, s, sl, &r, sig, sizeof sig) == 0);
  sl = reply(2, qr | DNS_F_RA, true, 300, s);
  CHECK(diff_count(p, pl, s, sl, &r, sig, sizeof sig) == 2 && strcmp(sig, "+flags -flags") == 0);
  r.ignore_flags = DNS_F_RA;
  CHECK(diff_count(p, pl, s, sl, &r, sig, sizeof sig) == 0);
  CHECK(diff_count(p, pl, NULL, 0, &r, sig, sizeof sig) > 0 && strstr(sig, "+no-reply"));
  uint8_t junk[13] = {0, 1, 0x80, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0x3f};
  live_lines j = {0};
  live_dns_canon(junk, sizeof junk, &r, &j);
  CHECK(j.count == 2 && strncmp(j.line[0], "unparseable ", 12) == 0);
  live_lines_free(&j);
}

static void test_http(void) {
  const char *chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nDate: Mon\r\n"
                        "Content-Type: application/json\r\n\r\n5\r\n{\"b\":\r\n0e\r\n2,\"a\":1,\"id\":7\r\n1\r\n}\r\n0\r\n\r\n";
  const char *plain = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nDate: Tue\r\nContent-Length: 20\r\n\r\n"
                      "{\"a\":1,\"id\":8,\"b\":2}";
  live_http_msg a, b;
  char err[256];
  REQUIRE(live_http_parse((const uint8_t *)chunked, strlen(chunked), true, &a, err, sizeof err) == 0, "%s", err);
  CHECK(a.status == 200 && a.body_len == 20 && memcmp(a.body, "{\"b\":2,\"a\":1,\"id\":7}", 20) == 0);
  REQUIRE(live_http_parse((const uint8_t *)plain, strlen(plain), true, &b, err, sizeof err) == 0, "%s", err);
  live_rules r;
  live_rules_default(&r);
  live_lines x = {0}, y = {0};
  live_diff d;
  live_http_canon(&a, &r, &x);
  live_http_canon(&b, &r, &y);
  CHECK(live_diff_lines(&x, &y, 0, &d) == 0 && d.differing == 2 && strcmp(d.signature, "+body.id -body.id") == 0);
  live_diff_free(&d);
  live_lines_free(&x), live_lines_free(&y);
  live_rules_add_line(&r, "http ignore-json-key id", err, sizeof err);
  live_http_canon(&a, &r, &x);
  live_http_canon(&b, &r, &y);
  CHECK_MSG(live_diff_lines(&x, &y, 0, &d) == 0 && d.differing == 0, "member order, Date, ignored key");
  live_diff_free(&d);
  live_lines_free(&x), live_lines_free(&y);
  live_http_free(&a), live_http_free(&b);
  const char *req = "POST /api/v1/x?q=1 HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer t\r\nContent-Length: 9\r\n"
                    "Connection: keep-alive\r\n\r\n{\"k\":\"v\"}";
  REQUIRE(live_http_parse((const uint8_t *)req, strlen(req), false, &a, err, sizeof err) == 0, "%s", err);
  CHECK(strcmp(a.method, "POST") == 0 && strcmp(a.target, "/api/v1/x?q=1") == 0 && a.body_len == 9);
  size_t len;
  uint8_t *up = live_http_request_bytes(&a, &len);
  CHECK(up && strstr((char *)up, "Connection: close\r\n") && !strstr((char *)up, "keep-alive"));
  free(up);
  int distinct = 0;
  char prev[4096] = "";
  for (unsigned i = 0; i < 64; i++) {
    char what[256];
    size_t vl, vl2;
    uint8_t *v = live_mutate_http(&a, 1, i, &vl, what, sizeof what), *v2 = live_mutate_http(&a, 1, i, &vl2, what, sizeof what);
    CHECK(v && v2 && vl == vl2 && memcmp(v, v2, vl) == 0);
    live_http_msg back;
    CHECK_MSG(live_http_parse(v, vl, false, &back, err, sizeof err) == 0, "variant %u: %s", i, err);
    bool printable = back.target && back.target[0] == '/';
    for (const char *t = back.target; printable && *t; t++) printable = *t > 0x20 && *t < 0x7f;
    CHECK_MSG(printable, "variant %u target %s", i, back.target ? back.target : "(none)");
    live_http_free(&back);
    if (vl < sizeof prev && strncmp(prev, (char *)v, vl) != 0) distinct++;
    snprintf(prev, sizeof prev, "%.*s", (int)vl, (char *)v);
    free(v), free(v2);
  }
  CHECK(distinct >= 32);
  int dotdot = 0; /* the "/.." path variant repeats the path after it, exactly */
  for (unsigned i = 0; i < 512; i++) {
    char what[256];
    size_t vl;
    uint8_t *v = live_mutate_http(&a, 9, i, &vl, what, sizeof what);
    if (v && strstr(what, "/..")) {
      dotdot++;
      CHECK_MSG(strcmp(what, "path /api/v1/x/../api/v1/x") == 0, "%s", what);
    }
    free(v);
  }
  CHECK(dotdot > 0);
  live_http_free(&a);
  const char *bad[] = {"GET\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n", "GET / HTTP/1.1\r\nnocolon\r\n\r\n"};
  for (size_t i = 0; i < 3; i++)
    CHECK(live_http_parse((const uint8_t *)bad[i], strlen(bad[i]), i == 1, &a, err, sizeof err) == -1);
}

static void test_mutate_dns(void) {
  uint8_t q[512], v[DNS_MSG_MAX], v2[DNS_MSG_MAX];
  dns_msg m;
  dns_name n;
  dns_msg_init(&m);
  dns_name_from_text("app.formation.cloud.", &n);
  m.id = 7, m.flags = DNS_F_RD;
  dns_msg_add(&m, DNS_QD, &n, DNS_T_A, DNS_C_IN, 0, NULL, 0);
  size_t ql = (size_t)dns_msg_write(&m, q, sizeof q);
  int parsed = 0, changed = 0;
  for (unsigned i = 0; i < 200; i++) {
    size_t vl = live_mutate_dns(q, ql, 3, i, v, sizeof v), vl2 = live_mutate_dns(q, ql, 3, i, v2, sizeof v2);
    CHECK(vl > 0 && vl == vl2 && memcmp(v, v2, vl) == 0);
    if (vl != ql || memcmp(v, q, ql)) changed++;
    dns_msg_clear(&m);
    if (dns_msg_parse(&m, v, vl) == DNS_OK) parsed++;
  }
  dns_msg_free(&m);
  CHECK_MSG(parsed >= 150 && changed >= 170, "parsed %d changed %d of 200", parsed, changed);
  CHECK(live_mutate_dns((const uint8_t *)"\x00\x01", 2, 3, 1, v, sizeof v) == 0 ||
        live_mutate_dns((const uint8_t *)"\x00\x01", 2, 3, 1, v, sizeof v) == 2);
}

static void test_pace(void) {
  live_pace p;
  live_pace_init(&p, 1e9);
  CHECK(p.rate == LIVE_RATE_CAP);
  double start = p.next;
  for (int i = 0; i < 20; i++) live_pace_take(&p);
  CHECK(p.sent == 20 && p.next >= start + 20 / LIVE_RATE_CAP - 1e-9);
}

int main(void) {
  test_allow();
  test_rules();
  test_dns();
  test_http();
  test_mutate_dns();
  test_pace();
  return check_summary("live_unit");
}
