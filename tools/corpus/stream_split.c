/* Messages in a client byte stream (stream_split.h). */
#define _GNU_SOURCE /* memmem */
#include "stream_split.h"

#include <string.h>
#include <strings.h>

static const char *const methods[] = {"GET ", "HEAD ", "POST ", "PUT ", "DELETE ", "CONNECT ", "OPTIONS ",
                                      "TRACE ", "PATCH "};

/* 1: a method starts buf; 0: buf (shorter) is the start of one; -1: neither. */
static int method_at(const uint8_t *buf, size_t n) {
  bool prefix = false;
  for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++) {
    size_t m = strlen(methods[i]);
    if (n >= m && memcmp(buf, methods[i], m) == 0) return 1;
    if (n < m && memcmp(buf, methods[i], n) == 0) prefix = true;
  }
  return prefix ? 0 : -1;
}

split_result stream_split_dns(const uint8_t *buf, size_t n) {
  if (n < 2) return (split_result){.kind = SPLIT_MORE};
  size_t len = (size_t)buf[0] << 8 | buf[1];
  if (len == 0) return (split_result){.kind = SPLIT_BAD, .used = 2};
  if (n - 2 < len) return (split_result){.kind = SPLIT_MORE, .total = len + 2};
  return (split_result){.kind = SPLIT_MESSAGE, .used = len + 2, .off = 2, .len = len};
}

static split_result junk_line(const uint8_t *buf, size_t n) {
  const uint8_t *nl = memchr(buf, '\n', n);
  return (split_result){.kind = SPLIT_JUNK, .used = nl ? (size_t)(nl - buf) + 1 : n};
}

/* The header value of name in the header block h (after the request line),
 * trimmed; NULL when absent. *count says how many times it occurs. */
static const uint8_t *header(const uint8_t *h, size_t hlen, const char *name, size_t *vlen, int *count) {
  const uint8_t *found = NULL;
  size_t nl = strlen(name);
  *count = 0;
  for (size_t pos = 0; pos < hlen;) {
    const uint8_t *eol = memmem(h + pos, hlen - pos, "\r\n", 2);
    size_t line = eol ? (size_t)(eol - h) - pos : hlen - pos;
    const uint8_t *l = h + pos;
    if (line > nl && strncasecmp((const char *)l, name, nl) == 0 && l[nl] == ':') {
      size_t a = nl + 1, b = line;
      while (a < b && (l[a] == ' ' || l[a] == '\t')) a++;
      while (b > a && (l[b - 1] == ' ' || l[b - 1] == '\t')) b--;
      if (!found || *vlen != b - a || memcmp(found, l + a, b - a) != 0) (*count)++;
      found = l + a, *vlen = b - a;
    }
    pos += line + 2;
  }
  return found;
}

/* The end of a chunked body starting at buf[pos]: the stream offset after its
 * last CRLF, 0 when more bytes are needed, -1 when it is malformed. */
static long long chunked_end(const uint8_t *buf, size_t n, size_t pos) {
  for (;;) {
    const uint8_t *eol = memmem(buf + pos, n - pos, "\r\n", 2);
    if (!eol) return n - pos > 1024 ? -1 : 0;
    uint64_t size = 0;
    size_t i = pos, digits = 0;
    for (; i < (size_t)(eol - buf); i++, digits++) {
      int c = buf[i], v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                          : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
      if (v < 0) break;
      if (size >> 59) return -1;
      size = size << 4 | (uint64_t)v;
    }
    if (!digits || (i < (size_t)(eol - buf) && buf[i] != ';' && buf[i] != ' ' && buf[i] != '\t')) return -1;
    pos = (size_t)(eol - buf) + 2;
    if (size == 0) { /* trailer lines up to an empty one */
      for (;;) {
        const uint8_t *t = memmem(buf + pos, n - pos, "\r\n", 2);
        if (!t) return n - pos > STREAM_HTTP_HEADER_MAX ? -1 : 0;
        bool empty = t == buf + pos;
        pos = (size_t)(t - buf) + 2;
        if (empty) return (long long)pos;
      }
    }
    if (size > n - pos || n - pos - size < 2) return 0;
    if (buf[pos + size] != '\r' || buf[pos + size + 1] != '\n') return -1;
    pos += size + 2;
  }
}

split_result stream_split_http(const uint8_t *buf, size_t n) {
  int m = method_at(buf, n);
  if (m == 0) return (split_result){.kind = SPLIT_MORE};
  if (m < 0) return junk_line(buf, n);
  size_t scan = n < STREAM_HTTP_HEADER_MAX ? n : STREAM_HTTP_HEADER_MAX;
  const uint8_t *line_end = memmem(buf, scan, "\r\n", 2);
  if (line_end && !memmem(buf, (size_t)(line_end - buf), " HTTP/", 6)) return junk_line(buf, n);
  const uint8_t *end = memmem(buf, scan, "\r\n\r\n", 4);
  if (!end) return n >= STREAM_HTTP_HEADER_MAX ? junk_line(buf, n) : (split_result){.kind = SPLIT_MORE};
  size_t head = (size_t)(end - buf) + 4, hstart = (size_t)(line_end - buf) + 2;
  size_t hlen = head - 2 > hstart ? head - 2 - hstart : 0;
  size_t vlen = 0;
  int count;
  const uint8_t *te = header(buf + hstart, hlen, "transfer-encoding", &vlen, &count);
  if (te) { /* chunked must be the last coding; anything else cannot be framed in a request */
    size_t a = vlen;
    while (a > 0 && te[a - 1] != ',') a--;
    while (a < vlen && (te[a] == ' ' || te[a] == '\t')) a++;
    if (count != 1 || vlen - a != 7 || strncasecmp((const char *)te + a, "chunked", 7) != 0)
      return (split_result){.kind = SPLIT_BAD, .used = head};
    long long e = chunked_end(buf, n, head);
    if (e < 0) return (split_result){.kind = SPLIT_BAD, .used = head};
    if (e == 0) return (split_result){.kind = SPLIT_MORE};
    return (split_result){.kind = SPLIT_MESSAGE, .used = (size_t)e, .len = (size_t)e};
  }
  const uint8_t *cl = header(buf + hstart, hlen, "content-length", &vlen, &count);
  uint64_t body = 0;
  if (cl) {
    if (count != 1 || vlen == 0 || vlen > 15) return (split_result){.kind = SPLIT_BAD, .used = head};
    for (size_t i = 0; i < vlen; i++) {
      if (cl[i] < '0' || cl[i] > '9') return (split_result){.kind = SPLIT_BAD, .used = head};
      body = body * 10 + (uint64_t)(cl[i] - '0');
    }
  }
  uint64_t total = head + body;
  if (total > n) return (split_result){.kind = SPLIT_MORE, .total = total};
  return (split_result){.kind = SPLIT_MESSAGE, .used = (size_t)total, .len = (size_t)total};
}

size_t stream_http_resync(const uint8_t *buf, size_t n) {
  for (size_t i = 0; i < n; i++)
    if ((i == 0 || buf[i - 1] == '\n') && method_at(buf + i, n - i) >= 0) return i;
  return n;
}
