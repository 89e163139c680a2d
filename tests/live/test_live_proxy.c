/* Unit tests of the shadow proxy's pieces (tools/live/): the bounded queue
 * (refuses when full, FIFO, drains after close), a client connection read
 * through a buffer (pipelined DNS frames and HTTP requests taken in order
 * from one write, a request split over writes, a cut-off message), HTTP
 * keep-alive rules, and a response framed again for a client (status line,
 * headers and body kept, framing replaced). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dns_wire.h"
#include "ff_check.h"
#include "live_conn.h"
#include "live_http.h"
#include "live_pace.h"
#include "live_queue.h"

static void test_queue(void) {
  live_queue q;
  int items[4] = {1, 2, 3, 4};
  CHECK(live_queue_init(&q, 3) == 0);
  CHECK(live_queue_push(&q, &items[0]) && live_queue_push(&q, &items[1]) && live_queue_push(&q, &items[2]));
  CHECK(!live_queue_push(&q, &items[3])); /* full: refused at once */
  CHECK(live_queue_pop(&q) == &items[0]);
  CHECK(live_queue_push(&q, &items[3])); /* wraps around */
  live_queue_close(&q);
  CHECK(!live_queue_push(&q, &items[0]));
  CHECK(live_queue_pop(&q) == &items[1] && live_queue_pop(&q) == &items[2] && live_queue_pop(&q) == &items[3]);
  CHECK(live_queue_pop(&q) == NULL);
  CHECK(live_queue_peak(&q) == 3);
  live_queue_free(&q);
}

static void test_conn_dns(void) {
  int sv[2];
  REQUIRE(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0, "socketpair");
  /* three frames in one write, the third cut after its first byte */
  const uint8_t stream[] = {0, 3, 'a', 'b', 'c', 0, 2, 'd', 'e', 0, 5, 'f'};
  CHECK(write(sv[1], stream, sizeof stream) == (ssize_t)sizeof stream);
  live_conn c;
  live_conn_init(&c, sv[0]);
  uint8_t out[DNS_MSG_MAX + 2];
  CHECK(live_conn_dns(&c, out, sizeof out, live_now() + 1) == 3 && memcmp(out, "abc", 3) == 0);
  CHECK(live_conn_dns(&c, out, sizeof out, live_now() + 1) == 2 && memcmp(out, "de", 2) == 0);
  CHECK(write(sv[1], "ghij", 4) == 4); /* the rest of the third */
  CHECK(live_conn_dns(&c, out, sizeof out, live_now() + 1) == 5 && memcmp(out, "fghij", 5) == 0);
  CHECK(write(sv[1], "\0\7x", 3) == 3);
  close(sv[1]);
  CHECK(live_conn_dns(&c, out, sizeof out, live_now() + 1) == -1); /* cut off by the close */
  live_conn_free(&c);
  close(sv[0]);
  REQUIRE(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0, "socketpair");
  live_conn_init(&c, sv[0]);
  CHECK(live_conn_dns(&c, out, sizeof out, live_now() + 0.05) == 0); /* nothing before the deadline */
  close(sv[1]);
  CHECK(live_conn_dns(&c, out, sizeof out, live_now() + 1) == 0); /* closed between messages */
  live_conn_free(&c);
  close(sv[0]);
}

static void test_conn_http(void) {
  int sv[2];
  REQUIRE(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0, "socketpair");
  const char *two = "POST /a HTTP/1.1\r\nContent-Length: 3\r\n\r\nxyzGET /b HTTP/1.1\r\nConnection: close\r\n\r\n"
                    "PUT /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n";
  CHECK(write(sv[1], two, strlen(two)) == (ssize_t)strlen(two));
  live_conn c;
  live_conn_init(&c, sv[0]);
  live_http_msg m;
  char err[256];
  CHECK(live_conn_http(&c, live_now() + 1, &m, err, sizeof err) == 1);
  CHECK(strcmp(m.method, "POST") == 0 && strcmp(m.target, "/a") == 0 && m.body_len == 3 && live_http_keep_alive(&m));
  live_http_free(&m);
  CHECK(live_conn_http(&c, live_now() + 1, &m, err, sizeof err) == 1);
  CHECK(strcmp(m.target, "/b") == 0 && m.body_len == 0 && !live_http_keep_alive(&m));
  live_http_free(&m);
  CHECK(write(sv[1], "0\r\n\r\n", 5) == 5); /* the chunked body ends in a second write */
  CHECK(live_conn_http(&c, live_now() + 1, &m, err, sizeof err) == 1);
  CHECK(strcmp(m.target, "/c") == 0 && m.body_len == 2 && memcmp(m.body, "hi", 2) == 0);
  live_http_free(&m);
  CHECK(live_conn_http(&c, live_now() + 0.05, &m, err, sizeof err) == 0); /* idle */
  CHECK(write(sv[1], "GET /d HTTP/1.1\r\nHost", 21) == 21);
  close(sv[1]);
  CHECK(live_conn_http(&c, live_now() + 1, &m, err, sizeof err) == -1); /* cut off */
  live_conn_free(&c);
  close(sv[0]);
  CHECK(live_http_parse((const uint8_t *)"GET / HTTP/1.0\r\n\r\n", 18, false, &m, err, sizeof err) == 0);
  CHECK(!live_http_keep_alive(&m));
  live_http_free(&m);
  CHECK(live_http_parse((const uint8_t *)"GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", 42, false, &m, err,
                        sizeof err) == 0);
  CHECK(live_http_keep_alive(&m));
  live_http_free(&m);
}

static void test_response_bytes(void) {
  const char *chunked = "HTTP/1.1 201 Created\r\nX-A: 1\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n"
                        "Set-Cookie: s=2\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n";
  live_http_msg m, again;
  char err[256];
  CHECK(live_http_parse((const uint8_t *)chunked, strlen(chunked), true, &m, err, sizeof err) == 0);
  size_t len;
  uint8_t *out = live_http_response_bytes(&m, true, &len);
  const char *want = "HTTP/1.1 201 Created\r\nX-A: 1\r\nSet-Cookie: s=2\r\nContent-Length: 5\r\n"
                     "Connection: keep-alive\r\n\r\nabcde";
  CHECK_MSG(out && len == strlen(want) && memcmp(out, want, len) == 0, "%.*s", (int)len, (char *)out);
  CHECK(live_http_take(out, len, true, false, &again, err, sizeof err) == (long)len); /* self-delimiting */
  CHECK(again.status == 201 && again.body_len == 5);
  live_http_free(&again);
  free(out);
  live_http_free(&m);
  const char *empty = "HTTP/1.1 204 No Content\r\nX-B: 2\r\n\r\n";
  CHECK(live_http_parse((const uint8_t *)empty, strlen(empty), true, &m, err, sizeof err) == 0);
  out = live_http_response_bytes(&m, false, &len);
  want = "HTTP/1.1 204 No Content\r\nX-B: 2\r\nConnection: close\r\n\r\n";
  CHECK_MSG(out && len == strlen(want) && memcmp(out, want, len) == 0, "%.*s", (int)len, (char *)out);
  free(out);
  live_http_free(&m);
  /* an interim 100 Continue before the response is skipped */
  const char *interim = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
  CHECK(live_http_take((const uint8_t *)interim, strlen(interim), true, false, &m, err, sizeof err) ==
        (long)strlen(interim));
  CHECK(m.status == 200 && m.body_len == 2);
  live_http_free(&m);
  CHECK(live_http_take((const uint8_t *)interim, 25, true, false, &m, err, sizeof err) == 0);
  /* one message taken from the front; the next pipelined one left alone */
  const char *two = "GET /x HTTP/1.1\r\n\r\nGET /y HTTP/1.1\r\n\r\n";
  CHECK(live_http_take((const uint8_t *)two, strlen(two), false, false, &m, err, sizeof err) == 19);
  live_http_free(&m);
  CHECK(live_http_take((const uint8_t *)two, 10, false, false, &m, err, sizeof err) == 0);
}

int main(void) {
  test_queue();
  test_conn_dns();
  test_conn_http();
  test_response_bytes();
  return check_summary("live_proxy_unit");
}
