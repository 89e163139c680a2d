/* HTTP/1.1 request generator: every request's claimed validity matches a
 * strict reader written here (http_check.c), for several specs (with and
 * without a body, a drawn method, signature headers from ff_gen_sig_headers);
 * valid, near-valid and hostile requests all occur; same bytes, same request. */
#include <string.h>

#include "formfuzz/gen_http.h"
#include "formfuzz/gen_sig.h"
#include "gen_harness.h"
#include "http_check.h"

#define CASES 3000
#define OUT_CAP 32768

typedef struct http_ctx {
  ff_http_request_spec spec;
  uint8_t body[48];
  bool draw_body;
  const char *method_written;
  unsigned quirks_seen;
} http_ctx;

static bool gen_request(ff_input *in, ff_gen_mode mode, ff_buf *out, void *ctx) {
  http_ctx *c = ctx;
  if (c->draw_body) {
    c->spec.body_len = ff_bytes(in, c->body, sizeof c->body);
    c->spec.body = c->body;
  }
  ff_http_info info;
  bool ok = ff_gen_http_request(in, mode, &c->spec, out, &info);
  REQUIRE(ok == info.expected_valid && info.variant && info.method, "info disagrees");
  c->method_written = info.method;
  if (ok) c->quirks_seen |= info.quirks;
  return ok;
}

static bool check_request(const char *text, size_t len, void *ctx) {
  http_ctx *c = ctx;
  http_expect want = {c->method_written, c->spec.host, c->spec.path, c->spec.body, c->spec.body_len};
  return http_check_request(text, len, &want);
}

static void run(const char *name, http_ctx *c) {
  harness_counts counts[4];
  harness_run(name, gen_request, check_request, NULL, c, CASES, OUT_CAP, counts);
  harness_expect_usual(name, counts);
  REQUIRE(counts[FF_GEN_HOSTILE].valid > 0, "%s: hostile never valid", name);
}

int main(void) {
  static const char JSON_BODY[] = "{\"name\":\"vm-1\",\"vcpus\":2}";
  http_ctx c = {.spec = {"POST", "127.0.0.1:3004", "/v1/account/create", (const uint8_t *)JSON_BODY,
                         sizeof JSON_BODY - 1, NULL}};
  run("http json body", &c);
  unsigned seen = c.quirks_seen;

  c = (http_ctx){.spec = {NULL, "localhost", "/", NULL, 0, NULL}};
  run("http no body", &c);
  seen |= c.quirks_seen;

  c = (http_ctx){.spec = {"PUT", "[::1]:3002", "/v1/vm/start?x=1", NULL, 0, NULL}, .draw_body = true};
  run("http drawn body", &c);
  seen |= c.quirks_seen;

  /* a signed request: the scheme-A header from the signature generator */
  ff_keypair kp;
  ff_keypair_from_seed(&kp, 7);
  char sig[512];
  ff_buf sb;
  ff_input in;
  ff_buf_init(&sb, sig, sizeof sig);
  ff_input_init(&in, NULL, 0);
  REQUIRE(ff_gen_sig_headers(&in, FF_GEN_VALID, FF_SIG_SCHEME_A, &kp, (const uint8_t *)JSON_BODY,
                           sizeof JSON_BODY - 1, &sb, NULL),
        "signature header");
  c = (http_ctx){.spec = {"POST", "10.0.0.2:3004", "/v1/instance/create", (const uint8_t *)JSON_BODY,
                          sizeof JSON_BODY - 1, sig}};
  run("http signed", &c);
  seen |= c.quirks_seen;

  unsigned want = FF_HTTP_Q_CHUNKED | FF_HTTP_Q_OVERSIZED | FF_HTTP_Q_ODD_FORM;
  REQUIRE((seen & want) == want, "http quirks seen %#x", seen);
  printf("http: ok\n");
  return 0;
}
