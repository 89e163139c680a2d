/* Unit tests of live fuzz's protocol parts (tools/live/live_proto*.c,
 * live_seq.c): reply states for raw bytes, DNS (ID ignored; rcode, flags,
 * counts, EDNS, unparsed) and HTTP (status and JSON key shape: values and
 * member order ignored); aware mutation of DNS and HTTP messages (every
 * operator reached, a number in a request target changed, outputs still framed right, deterministic per seed,
 * havoc-only mode only havoc); the sequence operators; and HTTP exchanges
 * against a scripted server on 127.0.0.1 (a chunked reply, a HEAD reply with
 * a Content-Length and no body on the same kept-alive connection,
 * "Connection: close" and a new connection after it, a close without a
 * reply, no reply). */
#include <arpa/inet.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dns_wire.h"
#include "live_addr.h"
#include "live_exchange.h"
#include "ff_check.h"
#include "live_http.h"
#include "live_proto.h"
#include "live_seq.h"
#include "mutator.h"

static long dns_reply(uint16_t id, uint16_t flags, bool edns, uint8_t *out, size_t cap) {
  dns_msg m;
  dns_name n;
  dns_msg_init(&m);
  dns_name_from_text("www.example.", &n);
  m.id = id, m.flags = flags;
  dns_msg_add(&m, DNS_QD, &n, DNS_T_A, DNS_C_IN, 0, NULL, 0);
  uint8_t soa[22] = {0};
  dns_name root;
  dns_name_from_text(".", &root);
  soa[0] = 0, soa[1] = 0; /* mname ".", rname ".", five zero counters */
  dns_msg_add(&m, DNS_NS, &root, DNS_T_SOA, DNS_C_IN, 60, soa, 22);
  if (edns) dns_msg_add_opt(&m, 1232, false);
  long len = dns_msg_write(&m, out, cap);
  dns_msg_free(&m);
  return len;
}

static void test_states(void) {
  char a[LIVE_STATE_TEXT], b[LIVE_STATE_TEXT];
  uint8_t r1[512], r2[512];
  long n1 = dns_reply(1, DNS_F_QR | DNS_F_AA | DNS_F_RD | DNS_R_NXDOMAIN, false, r1, sizeof r1);
  long n2 = dns_reply(999, DNS_F_QR | DNS_F_AA | DNS_F_RD | DNS_R_NXDOMAIN, false, r2, sizeof r2);
  REQUIRE(n1 > 0 && n2 > 0, "dns replies written");
  uint32_t s1 = live_state_dns(r1, (size_t)n1, a, sizeof a), s2 = live_state_dns(r2, (size_t)n2, b, sizeof b);
  CHECK_MSG(strcmp(a, "op0 NXDOMAIN qr,aa,rd 1/0/1/0") == 0, "%s", a);
  CHECK(s1 == s2 && s1 > 15); /* the ID is not part of the state */
  n2 = dns_reply(1, DNS_F_QR | DNS_F_AA | DNS_F_RD | DNS_R_NXDOMAIN, true, r2, sizeof r2);
  CHECK(live_state_dns(r2, (size_t)n2, b, sizeof b) != s1);
  CHECK_MSG(strcmp(b, "op0 NXDOMAIN qr,aa,rd 1/0/1/1 edns") == 0, "%s", b);
  n2 = dns_reply(1, DNS_F_QR | DNS_R_REFUSED, false, r2, sizeof r2);
  live_state_dns(r2, (size_t)n2, b, sizeof b);
  CHECK_MSG(strcmp(b, "op0 REFUSED qr 1/0/1/0") == 0, "%s", b);
  memcpy(r2, r1, (size_t)n1);
  r2[5] = 40; /* QDCOUNT 40: the message no longer parses */
  live_state_dns(r2, (size_t)n1, b, sizeof b);
  CHECK_MSG(strstr(b, " 8+/0/1/0 unparsed") != NULL, "%s", b);
  live_state_dns(r1, 5, b, sizeof b);
  CHECK_MSG(strcmp(b, "short 5") == 0, "%s", b);

  static const char resp1[] = "HTTP/1.1 200 OK\r\nContent-Length: 49\r\n\r\n{\"b\":1,\"a\":{\"x\":\"s\"},\"l\":[{\"k\":true},3],\"n\":null}";
  static const char resp2[] = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                              "34\r\n{\"n\":null,\"l\":[{\"k\":false}],\"a\":{\"x\":\"other\"},\"b\":7}\r\n0\r\n\r\n";
  live_http_msg m1, m2, m3;
  char err[128];
  REQUIRE(live_http_parse((const uint8_t *)resp1, strlen(resp1), true, &m1, err, sizeof err) == 0, "%s", err);
  REQUIRE(live_http_parse((const uint8_t *)resp2, strlen(resp2), true, &m2, err, sizeof err) == 0, "%s", err);
  s1 = live_state_http(&m1, a, sizeof a), s2 = live_state_http(&m2, b, sizeof b);
  CHECK_MSG(strcmp(a, "200 {a:{x:s},b:i,l:[{k:b}],n:n}") == 0, "%s", a);
  CHECK_MSG(s1 == s2 && strcmp(a, b) == 0, "%s / %s", a, b); /* values and member order do not matter */
  m1.status = 404;
  CHECK(live_state_http(&m1, a, sizeof a) != s2);
  static const char text[] = "HTTP/1.1 400 Bad Request\r\nContent-Length: 5\r\n\r\noops!";
  static const char none[] = "HTTP/1.1 204 No Content\r\n\r\n";
  REQUIRE(live_http_parse((const uint8_t *)text, strlen(text), true, &m3, err, sizeof err) == 0, "%s", err);
  live_state_http(&m3, a, sizeof a);
  CHECK_MSG(strcmp(a, "400 text") == 0, "%s", a);
  live_http_free(&m3);
  REQUIRE(live_http_parse((const uint8_t *)none, strlen(none), true, &m3, err, sizeof err) == 0, "%s", err);
  live_state_http(&m3, a, sizeof a);
  CHECK_MSG(strcmp(a, "204 empty") == 0, "%s", a);
  live_state_http(NULL, a, sizeof a);
  CHECK_MSG(strcmp(a, "not-http") == 0, "%s", a);
  live_http_free(&m1), live_http_free(&m2), live_http_free(&m3);

  s1 = live_state_raw((const uint8_t *)"200 HELLO\nmore", 14, 0, 12, a, sizeof a);
  CHECK_MSG(strcmp(a, "200 HELLO") == 0, "%s", a);
  CHECK(s1 == live_state_raw((const uint8_t *)"200 HELLO\n", 10, 0, 12, b, sizeof b));
  CHECK(s1 != live_state_raw((const uint8_t *)"201 AUTH\n", 9, 0, 12, b, sizeof b));
}

static const char cart_req[] = "POST /cart HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer tk1\r\n"
                               "Content-Type: application/json\r\nContent-Length: 24\r\n\r\n{\"item\":\"pen\",\"qty\":2}  ";

/* Mutates cart_req n times (fresh each time) and counts the operators seen. */
static void test_http_mutation(void) {
  ff_mutator *m = ff_mutator_new(7), *m2 = ff_mutator_new(7);
  const char *kinds[] = {"method", "path", "header", "json member", "http json qty", "body havoc",
                         "added", "Content-Length", "havoc ("};
  int seen[9] = {0}, framed = 0, negative = 0, same = 0;
  size_t len0 = strlen(cart_req);
  for (int i = 0; i < 600; i++) {
    uint8_t buf[LIVE_SEQ_MAX_MSG], buf2[LIVE_SEQ_MAX_MSG];
    char what[200], what2[200];
    memcpy(buf, cart_req, len0), memcpy(buf2, cart_req, len0);
    size_t n = live_proto_mutate(LIVE_PROTO_HTTP, true, buf, len0, sizeof buf, m, what, sizeof what);
    size_t n2 = live_proto_mutate(LIVE_PROTO_HTTP, true, buf2, len0, sizeof buf2, m2, what2, sizeof what2);
    same += n == n2 && memcmp(buf, buf2, n) == 0 && strcmp(what, what2) == 0;
    for (int k = 0; k < 9; k++) seen[k] += strstr(what, kinds[k]) != NULL;
    live_http_msg req;
    char err[128];
    if (live_http_parse(buf, n, false, &req, err, sizeof err) == 0) {
      const char *cl = live_http_header_get(&req, "Content-Length");
      framed += !strstr(what, "havoc (") && !strstr(what, "Content-Length") && (!cl || (size_t)atol(cl) == req.body_len);
      negative += strstr(what, "qty") && req.body_len && strstr((const char *)req.body, "\"qty\":-") != NULL;
      live_http_free(&req);
    }
  }
  for (int k = 0; k < 9; k++) CHECK_MSG(seen[k] > 0, "operator '%s' never used", kinds[k]);
  CHECK_MSG(same == 600, "deterministic per seed: %d of 600", same);
  CHECK_MSG(framed >= 330, "aware outputs framed right: %d", framed);
  CHECK_MSG(negative >= 5, "qty made negative %d times", negative);
  static const char get_after[] = "GET /queue/jobs/0/get_after HTTP/1.1\r\nHost: x\r\n\r\n";
  int numbers = 0, past = 0;
  for (int i = 0; i < 300; i++) { /* a number in the target */
    uint8_t buf[LIVE_SEQ_MAX_MSG];
    char what[200];
    memcpy(buf, get_after, sizeof get_after - 1);
    size_t n = live_proto_mutate(LIVE_PROTO_HTTP, true, buf, sizeof get_after - 1, sizeof buf, m, what, sizeof what);
    if (!strstr(what, "number in the target")) continue;
    numbers++;
    live_http_msg req;
    char err[128];
    if (live_http_parse(buf, n, false, &req, err, sizeof err) == 0) {
      past += strcmp(req.target, "/queue/jobs/1/get_after") == 0 || strcmp(req.target, "/queue/jobs/-1/get_after") == 0;
      live_http_free(&req);
    }
  }
  CHECK_MSG(numbers > 0 && past > 0, "numbers in the target: %d, to 1 or -1: %d", numbers, past);
  for (int i = 0; i < 100; i++) { /* havoc only */
    uint8_t buf[LIVE_SEQ_MAX_MSG];
    char what[200];
    memcpy(buf, cart_req, len0);
    live_proto_mutate(LIVE_PROTO_HTTP, false, buf, len0, sizeof buf, m, what, sizeof what);
    CHECK_MSG(strncmp(what, "havoc (", 7) == 0, "%s", what);
  }
  ff_mutator_free(m), ff_mutator_free(m2);
}

static void test_dns_mutation(void) {
  uint8_t q[512];
  dns_msg m;
  dns_name n;
  dns_msg_init(&m);
  dns_name_from_text("app.formation.cloud.", &n);
  m.id = 0x1234, m.flags = DNS_F_RD;
  dns_msg_add(&m, DNS_QD, &n, DNS_T_A, DNS_C_IN, 0, NULL, 0);
  long qlen = dns_msg_write(&m, q, sizeof q);
  REQUIRE(qlen > 0, "query written");
  ff_mutator *mut = ff_mutator_new(3);
  const char *kinds[] = {"dns variant", "dns id", "dns flag bit", "count", "record appended", "havoc ("};
  int seen[6] = {0}, appended_ok = 0;
  for (int i = 0; i < 400; i++) {
    uint8_t buf[LIVE_SEQ_MAX_MSG];
    char what[200];
    memcpy(buf, q, (size_t)qlen);
    size_t len = live_proto_mutate(LIVE_PROTO_DNS, true, buf, (size_t)qlen, sizeof buf, mut, what, sizeof what);
    for (int k = 0; k < 6; k++) seen[k] += strstr(what, kinds[k]) != NULL;
    if (strstr(what, "record appended")) {
      dns_msg p;
      dns_msg_init(&p);
      appended_ok += dns_msg_parse(&p, buf, len) == DNS_OK && p.nrr == 2;
      dns_msg_free(&p);
    }
  }
  for (int k = 0; k < 6; k++) CHECK_MSG(seen[k] > 0, "operator '%s' never used", kinds[k]);
  CHECK_MSG(appended_ok == seen[4], "appended records parse: %d of %d", appended_ok, seen[4]);
  dns_msg_free(&m);
  ff_mutator_free(mut);
}

static void test_sequence_ops(void) {
  static const uint8_t framed[] = "\x00\x02" "AA" "\x00\x02" "BB" "\x00\x02" "CC";
  static const uint8_t other_bytes[] = "\x00\x02" "XX" "\x00\x02" "YY";
  live_seq base, other;
  char err[128];
  REQUIRE(live_seq_parse(framed, sizeof framed - 1, &base, err, sizeof err) == 0, "%s", err);
  REQUIRE(live_seq_parse(other_bytes, sizeof other_bytes - 1, &other, err, sizeof err) == 0, "%s", err);
  ff_mutator *m = ff_mutator_new(11);
  const char *kinds[] = {"dropped", "repeated", "inserted", "swapped", "another sequence's", "havoc ("};
  int seen[6] = {0}, bounded = 0, spliced_right = 0;
  for (int i = 0; i < 400; i++) {
    live_seq s;
    char what[256];
    REQUIRE(live_seq_copy(&base, &s) == 0, "copy");
    REQUIRE(live_seq_mutate(&s, &other, LIVE_PROTO_RAW, true, m, what, sizeof what) == 0, "mutate");
    for (int k = 0; k < 6; k++) seen[k] += strstr(what, kinds[k]) != NULL;
    bounded += s.count >= 1 && s.count <= LIVE_SEQ_MAX_MSGS;
    if (strstr(what, "another sequence's")) /* a prefix of base, then a suffix of other */
      spliced_right += memcmp(s.msg[0].data, "AA", 2) == 0 && s.msg[s.count - 1].data[0] == 'Y';
    live_seq_free(&s);
  }
  for (int k = 0; k < 6; k++) CHECK_MSG(seen[k] > 0, "sequence operator '%s' never used", kinds[k]);
  CHECK(bounded == 400);
  CHECK_MSG(spliced_right == seen[4], "splices: %d of %d", spliced_right, seen[4]);
  live_seq_free(&base), live_seq_free(&other);
  ff_mutator_free(m);
}

/* The scripted HTTP server (a child process): per request line, a canned reply. */
static void scripted_server(int ls) {
  for (;;) {
    int c = accept(ls, NULL, NULL);
    if (c < 0) _exit(0);
    char buf[4096];
    size_t len = 0;
    for (;;) {
      ssize_t n = read(c, buf + len, sizeof buf - 1 - len);
      if (n <= 0) break;
      len += (size_t)n;
      buf[len] = 0;
      char *end = strstr(buf, "\r\n\r\n");
      if (!end) continue;
      const char *reply = NULL;
      bool close_after = false;
      if (strncmp(buf, "GET /chunked ", 13) == 0)
        reply = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{\"a\"\r\n4\r\n:[1]\r\n1\r\n}\r\n0\r\n\r\n";
      else if (strncmp(buf, "HEAD /x ", 8) == 0) reply = "HTTP/1.1 404 Not Found\r\nContent-Length: 20\r\n\r\n";
      else if (strncmp(buf, "GET /close ", 11) == 0)
        reply = "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok", close_after = true;
      else if (strncmp(buf, "GET /drop ", 10) == 0) close_after = true;
      if (reply && write(c, reply, strlen(reply)) < 0) close_after = true;
      len = 0;
      if (close_after) break;
    }
    close(c);
  }
}

static void test_http_exchange(void) {
  int ls = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  socklen_t al = sizeof a;
  REQUIRE(bind(ls, (struct sockaddr *)&a, sizeof a) == 0 && listen(ls, 4) == 0 &&
              getsockname(ls, (struct sockaddr *)&a, &al) == 0, "listen");
  pid_t child = fork();
  if (child == 0) scripted_server(ls);
  close(ls);
  char text[64], err[128];
  live_addr to;
  snprintf(text, sizeof text, "127.0.0.1:%u", ntohs(a.sin_port));
  REQUIRE(live_addr_parse(text, &to, err, sizeof err) == 0, "%s", err);
  live_link l;
  live_link_init(&l, &to, true, LIVE_PROTO_HTTP, 0.3, 0, 12);
  const char *reqs[] = {"GET /chunked HTTP/1.1\r\nHost: x\r\n\r\n", "HEAD /x HTTP/1.1\r\nHost: x\r\n\r\n",
                        "GET /chunked HTTP/1.1\r\nHost: x\r\n\r\n", "GET /close HTTP/1.1\r\nHost: x\r\n\r\n",
                        "GET /chunked HTTP/1.1\r\nHost: x\r\n\r\n", "GET /drop HTTP/1.1\r\nHost: x\r\n\r\n",
                        "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n", "GET /chunked HTTP/1.1\r\nHost: x\r\n\r\n"};
  const char *want[] = {"200 {a:[i]}", "404 empty", "200 {a:[i]}", "200 text", "200 {a:[i]}", "closed", "none", "200 {a:[i]}"};
  const live_reply_kind kinds[] = {LIVE_REPLY, LIVE_REPLY, LIVE_REPLY, LIVE_REPLY, LIVE_REPLY, LIVE_REPLY_CLOSED,
                                   LIVE_REPLY_NONE, LIVE_REPLY};
  const uint64_t connects[] = {1, 1, 1, 1, 2, 2, 3, 4}; /* kept alive until the close, then one each */
  for (int i = 0; i < 8; i++) {
    uint32_t st;
    char got[LIVE_STATE_TEXT];
    live_reply_kind k = live_link_exchange(&l, (const uint8_t *)reqs[i], strlen(reqs[i]), &st, got, sizeof got);
    CHECK_MSG(k == kinds[i] && strcmp(got, want[i]) == 0 && l.connects == connects[i],
              "request %d: kind %d state '%s' connections %llu", i + 1, (int)k, got, (unsigned long long)l.connects);
  }
  live_link_close(&l);
  kill(child, SIGTERM);
  waitpid(child, NULL, 0);
}

int main(void) {
  live_proto p;
  CHECK(live_proto_parse("http", &p) == 0 && p == LIVE_PROTO_HTTP && live_proto_parse("smtp", &p) == -1);
  test_states();
  test_http_mutation();
  test_dns_mutation();
  test_sequence_ops();
  test_http_exchange();
  return check_summary("live_proto_unit");
}
