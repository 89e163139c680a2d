/* Unit tests of corpus import's TCP pieces (tools/corpus/): the message
 * splitter (DNS framing; HTTP Content-Length, chunked with extensions and
 * trailers, the requests that cannot be framed, junk lines, resync) and the
 * reassembler (the first copy wins on a conflicting overlap, a repeated SYN,
 * a FIN that comes before the data it ends, a hole inside a message of known
 * size keeps the alignment, skip across segments, the per-flow bound turning
 * a hole into a gap, late segments of an ended flow). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ff_check.h"
#include "stream_split.h"
#include "tcp_reasm.h"

#define S(lit) (const uint8_t *)(lit), sizeof(lit) - 1

static void test_dns_split(void) {
  split_result r = stream_split_dns(S("\x00"));
  CHECK(r.kind == SPLIT_MORE && r.total == 0);
  r = stream_split_dns(S("\x00\x05" "abc"));
  CHECK(r.kind == SPLIT_MORE && r.total == 7);
  r = stream_split_dns(S("\x00\x03" "abcdef"));
  CHECK(r.kind == SPLIT_MESSAGE && r.off == 2 && r.len == 3 && r.used == 5);
  r = stream_split_dns(S("\x00\x00" "ab"));
  CHECK(r.kind == SPLIT_BAD && r.used == 2);
}

static void test_http_split(void) {
  split_result r = stream_split_http(S("PO"));
  CHECK(r.kind == SPLIT_MORE);
  r = stream_split_http(S("GET / HTTP/1.1\r\nHost: x\r\n\r\nGET"));
  CHECK(r.kind == SPLIT_MESSAGE && r.len == 27 && r.used == 27);
  const char post[] = "POST /a HTTP/1.1\r\ncontent-length:  4 \r\n\r\nabcdXX";
  r = stream_split_http((const uint8_t *)post, sizeof post - 1);
  CHECK_MSG(r.kind == SPLIT_MESSAGE && r.len == sizeof post - 3, "kind %d len %zu", r.kind, r.len);
  const char head[] = "POST /a HTTP/1.1\r\nContent-Length: 400\r\n\r\n";
  r = stream_split_http(S("POST /a HTTP/1.1\r\nContent-Length: 400\r\n\r\nab"));
  CHECK(r.kind == SPLIT_MORE && r.total == sizeof head - 1 + 400);
  const char chunked[] = "POST /c HTTP/1.1\r\nTransfer-Encoding: gzip, Chunked\r\n\r\n"
                         "3;name=v\r\nabc\r\nA\r\n0123456789\r\n0\r\nT: 1\r\n\r\nnext";
  r = stream_split_http((const uint8_t *)chunked, sizeof chunked - 1);
  CHECK_MSG(r.kind == SPLIT_MESSAGE && r.len == sizeof chunked - 5, "kind %d len %zu", r.kind, r.len);
  for (size_t cut = 60; cut < sizeof chunked - 5; cut += 7) /* every prefix needs more */
    CHECK_MSG(stream_split_http((const uint8_t *)chunked, cut).kind == SPLIT_MORE, "cut %zu", cut);
  r = stream_split_http(S("POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"));
  CHECK(r.kind == SPLIT_BAD);
  r = stream_split_http(S("POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabcd\r\n"));
  CHECK(r.kind == SPLIT_BAD); /* no CRLF after the chunk's data */
  const char gzip[] = "POST /c HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n";
  r = stream_split_http(S("POST /c HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\nbody"));
  CHECK(r.kind == SPLIT_BAD && r.used == sizeof gzip - 1); /* the headers dropped, the body is junk */
  r = stream_split_http(S("POST /c HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd"));
  CHECK(r.kind == SPLIT_BAD);
  r = stream_split_http(S("POST /c HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc"));
  CHECK(r.kind == SPLIT_MESSAGE); /* the same value twice is one length */
  r = stream_split_http(S("POST /c HTTP/1.1\r\nContent-Length: -3\r\n\r\nabc"));
  CHECK(r.kind == SPLIT_BAD);
  r = stream_split_http(S("HELLO\r\nGET / HTTP/1.1\r\n\r\n"));
  CHECK(r.kind == SPLIT_JUNK && r.used == 7);
  r = stream_split_http(S("GET /no-version\r\nHost: x\r\n\r\n"));
  CHECK(r.kind == SPLIT_JUNK && r.used == 17);
  char *big = malloc(STREAM_HTTP_HEADER_MAX + 64);
  REQUIRE(big != NULL, "out of memory");
  memset(big, 'h', STREAM_HTTP_HEADER_MAX + 64);
  memcpy(big, "GET / HTTP/1.1\r\nX: ", 19);
  r = stream_split_http((const uint8_t *)big, STREAM_HTTP_HEADER_MAX + 64);
  CHECK(r.kind == SPLIT_JUNK); /* headers without end past the bound */
  free(big);
  CHECK(stream_http_resync(S("xx\r\nbody GET\nPUT /x HTTP/1.1")) == 13);
  CHECK(stream_http_resync(S("GET /")) == 0);
  CHECK(stream_http_resync(S("abc\nDEL")) == 4); /* maybe DELETE: wait for more */
  CHECK(stream_http_resync(S("abc\ndel")) == 7);
}

/* A sink that records the DNS messages of the stream, the gaps and the ends. */
typedef struct rec {
  char log[2048];
  size_t n;
} rec;

static void logf_(rec *r, const char *s, size_t len) {
  int w = snprintf(r->log + r->n, sizeof r->log - r->n, "%.*s ", (int)len, s);
  if (w > 0 && r->n + (size_t)w < sizeof r->log) r->n += (size_t)w;
}

static size_t on_data(void *ctx, const uint8_t *buf, size_t n, bool *lost) {
  size_t pos = 0;
  if (*lost) return n;
  for (;;) {
    split_result s = stream_split_dns(buf + pos, n - pos);
    if (s.kind == SPLIT_MESSAGE) logf_(ctx, (const char *)buf + pos + s.off, s.len), pos += s.used;
    else if (s.kind == SPLIT_MORE && s.total > 8) return pos + (size_t)s.total; /* "too large": skipped */
    else return pos;
  }
}

static size_t on_gap(void *ctx, const uint8_t *pending, size_t n, uint64_t missing) {
  char note[64];
  snprintf(note, sizeof note, "gap%llu", (unsigned long long)missing);
  logf_(ctx, note, strlen(note));
  split_result s = stream_split_dns(pending, n);
  if (n && s.kind == SPLIT_MORE && s.total && s.total - n > missing) return (size_t)(s.total - n - missing);
  return TCP_REASM_LOST;
}

static void on_end(void *ctx, const uint8_t *pending, size_t n) {
  (void)pending;
  char note[32];
  snprintf(note, sizeof note, "end%zu", n);
  logf_(ctx, note, strlen(note));
}

static tcp_reasm *reasm(rec *r, size_t flow_bound) {
  memset(r, 0, sizeof *r);
  const tcp_reasm_sink sink = {.ctx = r, .data = on_data, .gap = on_gap, .end = on_end};
  tcp_reasm *t = tcp_reasm_new(&sink, flow_bound, 1 << 20, 16);
  REQUIRE(t != NULL, "out of memory");
  return t;
}

static void seg(tcp_reasm *t, uint16_t sport, uint32_t seq, unsigned flags, const char *data, size_t len) {
  tcp_flow_key k = {.family = 4, .sport = sport, .dport = 53};
  tcp_reasm_segment(t, &k, seq, flags, (const uint8_t *)data, len);
}

static void test_reasm(void) {
  rec r;
  tcp_reasm *t = reasm(&r, 1 << 16);
  /* stream "\0\3abc\0\3def" from ISN 99: a repeated SYN, a conflicting overlap (first copy wins) */
  seg(t, 1, 99, TCP_SYN, NULL, 0);
  seg(t, 1, 104, 0, "c\0\3de", 5);   /* out of order */
  seg(t, 1, 99, TCP_SYN, NULL, 0);    /* the SYN again: same stream */
  seg(t, 1, 100, 0, "\0\3ab", 4);
  seg(t, 1, 105, 0, "XXXXf", 5);      /* overlaps "\0\3de": only the "f" is new */
  seg(t, 1, 110, TCP_FIN, NULL, 0);
  CHECK_MSG(strcmp(r.log, "abc def ") == 0, "%s", r.log);
  CHECK(tcp_reasm_get_stats(t)->retransmitted == 4 && tcp_reasm_get_stats(t)->out_of_order == 1);
  seg(t, 1, 105, 0, "\0\3def", 5);    /* late: a retransmission after the FIN */
  seg(t, 1, 110, 0, "\0\1z", 3);      /* late: new bytes after the FIN */
  CHECK_MSG(strcmp(r.log, "abc def ") == 0, "%s", r.log);
  CHECK(tcp_reasm_get_stats(t)->late == 3 && tcp_reasm_get_stats(t)->flows == 1);
  /* a FIN before the data it ends; a hole inside a message of known size keeps the alignment */
  seg(t, 2, 0, TCP_SYN, NULL, 0);
  seg(t, 2, 12, TCP_FIN, "\0\2hi", 4);
  seg(t, 2, 1, 0, "\0\6ab", 4);       /* "\0\6abcdef": "cd" never comes */
  seg(t, 2, 7, 0, "ef\0\1g", 5);
  CHECK_MSG(strcmp(r.log, "abc def ") == 0, "%s", r.log); /* held until the hole is declared */
  /* a message too large for the sink is skipped across segments, the next one found */
  seg(t, 3, 0, 0, "\0\x0b" "0123", 6);
  seg(t, 3, 6, 0, "4567", 4);
  seg(t, 3, 10, TCP_FIN, "89a\0\2ok", 7);
  CHECK_MSG(strcmp(r.log, "abc def ok ") == 0, "%s", r.log);
  tcp_reasm_finish(t); /* flow 2 ends: its hole is a gap inside "\0\6abcdef", then "g" and "hi" */
  CHECK_MSG(strcmp(r.log, "abc def ok gap2 g hi ") == 0, "%s", r.log);
  tcp_reasm_free(t);

  /* the per-flow bound turns a hole into a gap: nothing after it is known for DNS */
  t = reasm(&r, 6);
  seg(t, 4, 0, TCP_SYN, NULL, 0);
  seg(t, 4, 4, 0, "\0\2xy", 4);       /* behind a 3-byte hole */
  seg(t, 4, 8, 0, "\0\2zw", 4);       /* over the bound (6): the hole becomes a gap */
  CHECK_MSG(strcmp(r.log, "gap3 ") == 0, "%s", r.log);
  CHECK(tcp_reasm_get_stats(t)->gaps == 1);
  /* a flow evicted with an unfinished message reports it */
  seg(t, 5, 0, 0, "\0\4ab", 4);
  tcp_reasm_finish(t);
  CHECK_MSG(strstr(r.log, "end4 ") != NULL, "%s", r.log);
  tcp_reasm_free(t);

  /* sequence numbers wrap */
  t = reasm(&r, 1 << 16);
  seg(t, 6, 0xfffffffe, TCP_SYN, NULL, 0);
  seg(t, 6, 0xffffffff, 0, "\0\3", 2);
  seg(t, 6, 1, 0, "abc", 3);
  CHECK_MSG(strcmp(r.log, "abc ") == 0, "%s", r.log);
  tcp_reasm_free(t);
}

int main(void) {
  test_dns_split();
  test_http_split();
  test_reasm();
  return check_summary("live_corpus_stream_unit");
}
