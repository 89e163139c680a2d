/* HTTP/1.1 message reading, parsing and forwarding (live_http.h). */
#define _GNU_SOURCE /* memmem, vasprintf, accept4 */
#include "live_http.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "live_addr.h"
#include "live_net.h"
#include "live_pace.h"

#define HEAD_MAX (64u << 10)

void live_http_free(live_http_msg *m) {
  free(m->start);
  free(m->target);
  for (int i = 0; i < m->nheaders; i++) free(m->headers[i].name), free(m->headers[i].value);
  free(m->body);
  memset(m, 0, sizeof *m);
}

const char *live_http_header_get(const live_http_msg *m, const char *name) {
  for (int i = 0; i < m->nheaders; i++)
    if (strcasecmp(m->headers[i].name, name) == 0) return m->headers[i].value;
  return NULL;
}

static const uint8_t *find_head_end(const uint8_t *d, size_t len) {
  for (size_t i = 0; i + 3 < len; i++)
    if (d[i] == '\r' && d[i + 1] == '\n' && d[i + 2] == '\r' && d[i + 3] == '\n') return d + i;
  return NULL;
}

static char *dup_range(const uint8_t *s, size_t n) {
  char *r = malloc(n + 1);
  if (r) memcpy(r, s, n), r[n] = 0;
  return r;
}

static int parse_start(live_http_msg *m, bool response, char *err, size_t cap) {
  if (response) {
    int code;
    if (sscanf(m->start, "HTTP/1.%*1[01] %3d", &code) != 1 || code < 100 || code > 999) {
      snprintf(err, cap, "bad status line");
      return -1;
    }
    m->status = code;
    return 0;
  }
  const char *sp1 = strchr(m->start, ' '), *sp2 = sp1 ? strchr(sp1 + 1, ' ') : NULL;
  if (!sp1 || !sp2 || sp1 == m->start || (size_t)(sp1 - m->start) >= sizeof m->method ||
      strncmp(sp2 + 1, "HTTP/1.", 7) != 0) {
    snprintf(err, cap, "bad request line");
    return -1;
  }
  memcpy(m->method, m->start, (size_t)(sp1 - m->start));
  m->target = dup_range((const uint8_t *)sp1 + 1, (size_t)(sp2 - sp1 - 1));
  return m->target ? 0 : -1;
}

/* Decodes a chunked body; returns bytes of data consumed, 0 when incomplete, -1 malformed. */
static long dechunk(const uint8_t *d, size_t len, uint8_t **out, size_t *out_len) {
  size_t pos = 0, total = 0;
  uint8_t *buf = NULL;
  for (;;) {
    const uint8_t *eol = memmem(d + pos, len - pos, "\r\n", 2);
    if (!eol) goto incomplete;
    char *end;
    unsigned long n = strtoul((const char *)d + pos, &end, 16);
    if (end == (const char *)d + pos || n > LIVE_HTTP_MAX_BODY || total + n > LIVE_HTTP_MAX_BODY) goto bad;
    pos = (size_t)(eol - d) + 2;
    if (n == 0) {
      const uint8_t *fin = memmem(d + pos - 2, len - pos + 2, "\r\n\r\n", 4);
      if (!fin) goto incomplete;
      *out = buf ? buf : malloc(1), *out_len = total;
      return (long)((size_t)(fin - d) + 4);
    }
    if (len - pos < n + 2) goto incomplete;
    uint8_t *grown = realloc(buf, total + n + 1);
    if (!grown) goto bad;
    buf = grown;
    memcpy(buf + total, d + pos, n);
    total += n, pos += n + 2;
  }
incomplete:
  free(buf);
  return 0;
bad:
  free(buf);
  return -1;
}

/* How complete the message in d is: 1 whole (m filled, *used its bytes), 0 more needed, -1 bad.
 * at_eof: no more bytes come. */
static int try_parse(const uint8_t *d, size_t len, bool response, bool at_eof, live_http_msg *m,
                     size_t *used_out, char *err, size_t cap) {
  memset(m, 0, sizeof *m);
  const uint8_t *he = find_head_end(d, len);
  if (!he) {
    if (len > HEAD_MAX) snprintf(err, cap, "headers over %u bytes", HEAD_MAX);
    else snprintf(err, cap, "incomplete headers");
    return len > HEAD_MAX || at_eof ? -1 : 0;
  }
  const uint8_t *eol = memmem(d, (size_t)(he - d) + 2, "\r\n", 2);
  m->start = dup_range(d, (size_t)(eol - d));
  if (!m->start || parse_start(m, response, err, cap)) goto bad;
  if (response && m->status >= 100 && m->status < 200 && m->status != 101) { /* interim (100 Continue): skipped */
    size_t skip = (size_t)(he - d) + 4;
    live_http_free(m);
    int r = try_parse(d + skip, len - skip, response, at_eof, m, used_out, err, cap);
    if (r == 1) *used_out += skip;
    return r;
  }
  for (const uint8_t *p = eol + 2; p < he + 2;) {
    const uint8_t *e = memmem(p, (size_t)(he + 2 - p), "\r\n", 2);
    const uint8_t *colon = memchr(p, ':', (size_t)(e - p));
    if (!colon || colon == p || m->nheaders == LIVE_HTTP_MAX_HEADERS) {
      snprintf(err, cap, colon ? "more than %d headers" : "header line without a name", LIVE_HTTP_MAX_HEADERS);
      goto bad;
    }
    const uint8_t *v = colon + 1, *ve = e;
    while (v < ve && (*v == ' ' || *v == '\t')) v++;
    while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t')) ve--;
    live_http_header *h = &m->headers[m->nheaders++];
    h->name = dup_range(p, (size_t)(colon - p));
    h->value = dup_range(v, (size_t)(ve - v));
    if (!h->name || !h->value) goto bad;
    p = e + 2;
  }
  const uint8_t *body = he + 4;
  size_t have = len - (size_t)(body - d);
  const char *cl = live_http_header_get(m, "Content-Length");
  const char *te = live_http_header_get(m, "Transfer-Encoding");
  bool no_body = response && (m->status == 204 || m->status == 304 || m->status < 200);
  if (te && strcasecmp(te, "chunked") == 0) {
    long used = dechunk(body, have, &m->body, &m->body_len);
    if (used < 0) snprintf(err, cap, "bad chunked body");
    if (used < 0 || (used == 0 && at_eof)) goto bad;
    if (used == 0) goto incomplete;
    *used_out = (size_t)(body - d) + (size_t)used;
    return 1;
  }
  size_t want = 0;
  if (cl) {
    char *end;
    unsigned long n = strtoul(cl, &end, 10);
    if (*end || !isdigit((unsigned char)cl[0]) || n > LIVE_HTTP_MAX_BODY) {
      snprintf(err, cap, "bad or too large Content-Length");
      goto bad;
    }
    want = n;
  } else if (response && !no_body) {
    if (!at_eof && have <= LIVE_HTTP_MAX_BODY) goto incomplete; /* until the server closes */
    want = have > LIVE_HTTP_MAX_BODY ? LIVE_HTTP_MAX_BODY : have;
  }
  if (no_body) want = 0;
  if (have < want) {
    snprintf(err, cap, "body shorter than Content-Length");
    if (at_eof) goto bad;
    goto incomplete;
  }
  m->body = malloc(want + 1);
  if (!m->body) goto bad;
  memcpy(m->body, body, want);
  m->body[want] = 0, m->body_len = want;
  *used_out = (size_t)(body - d) + want;
  return 1;
incomplete:
  live_http_free(m);
  return 0;
bad:
  live_http_free(m);
  return -1;
}

int live_http_parse(const uint8_t *data, size_t len, bool response, live_http_msg *m, char *err,
                    size_t err_cap) {
  size_t used;
  return try_parse(data, len, response, true, m, &used, err, err_cap) == 1 ? 0 : -1;
}

long live_http_take(const uint8_t *data, size_t len, bool response, bool at_eof, live_http_msg *m,
                    char *err, size_t err_cap) {
  size_t used = 0;
  int r = try_parse(data, len, response, at_eof, m, &used, err, err_cap);
  return r == 1 ? (long)used : r;
}

int live_http_read(int fd, double deadline, bool response, live_http_msg *m, uint8_t **raw,
                   size_t *raw_len, char *err, size_t err_cap) {
  size_t cap = 4096, len = 0;
  uint8_t *buf = malloc(cap);
  bool eof = false;
  int r = -1;
  size_t used;
  snprintf(err, err_cap, "out of memory");
  while (buf) {
    r = try_parse(buf, len, response, eof, m, &used, err, err_cap);
    if (r != 0 || eof) break;
    if (len == cap) {
      if (cap > HEAD_MAX + LIVE_HTTP_MAX_BODY + 1024) {
        snprintf(err, err_cap, "message too large");
        r = -1;
        break;
      }
      uint8_t *grown = realloc(buf, cap *= 2);
      if (!grown) break;
      buf = grown;
    }
    long n = live_read_some(fd, buf + len, cap - len, deadline);
    if (n < 0) {
      snprintf(err, err_cap, "no complete message before the time limit");
      r = -1;
      break;
    }
    if (n == 0) eof = true;
    len += (size_t)n;
  }
  if (r == 1 && raw) {
    *raw = buf, *raw_len = len;
    return 0;
  }
  free(buf);
  return r == 1 ? 0 : -1;
}

static bool hop_by_hop(const char *name) {
  return strcasecmp(name, "Connection") == 0 || strcasecmp(name, "Keep-Alive") == 0 ||
         strncasecmp(name, "Proxy-", 6) == 0 || strcasecmp(name, "Transfer-Encoding") == 0 ||
         strcasecmp(name, "Content-Length") == 0;
}

uint8_t *live_http_request_bytes(const live_http_msg *m, size_t *len) {
  char *out = NULL;
  size_t n = 0;
  FILE *f = open_memstream(&out, &n);
  if (!f) return NULL;
  fprintf(f, "%s %s HTTP/1.1\r\n", m->method, m->target);
  for (int i = 0; i < m->nheaders; i++)
    if (!hop_by_hop(m->headers[i].name)) fprintf(f, "%s: %s\r\n", m->headers[i].name, m->headers[i].value);
  if (m->body_len || strcmp(m->method, "POST") == 0 || strcmp(m->method, "PUT") == 0)
    fprintf(f, "Content-Length: %zu\r\n", m->body_len);
  fprintf(f, "Connection: close\r\n\r\n");
  if (m->body_len) fwrite(m->body, 1, m->body_len, f);
  if (fclose(f)) {
    free(out);
    return NULL;
  }
  *len = n;
  return (uint8_t *)out;
}

bool live_http_keep_alive(const live_http_msg *req) {
  const char *conn = live_http_header_get(req, "Connection");
  size_t sl = strlen(req->start);
  bool http10 = sl >= 8 && strcmp(req->start + sl - 8, "HTTP/1.0") == 0;
  if (conn && strcasestr(conn, "close")) return false;
  return http10 ? conn && strcasestr(conn, "keep-alive") : true;
}

uint8_t *live_http_response_bytes(const live_http_msg *m, bool keep_alive, size_t *len) {
  char *out = NULL;
  size_t n = 0;
  FILE *f = open_memstream(&out, &n);
  if (!f) return NULL;
  fprintf(f, "%s\r\n", m->start);
  for (int i = 0; i < m->nheaders; i++)
    if (!hop_by_hop(m->headers[i].name)) fprintf(f, "%s: %s\r\n", m->headers[i].name, m->headers[i].value);
  if (m->status >= 200 && m->status != 204 && m->status != 304) fprintf(f, "Content-Length: %zu\r\n", m->body_len);
  fprintf(f, "Connection: %s\r\n\r\n", keep_alive ? "keep-alive" : "close");
  if (m->body_len) fwrite(m->body, 1, m->body_len, f);
  if (fclose(f)) {
    free(out);
    return NULL;
  }
  *len = n;
  return (uint8_t *)out;
}

int live_http_exchange(const live_addr *to, const uint8_t *request, size_t len, double timeout_s,
                       live_http_msg *response, uint8_t **raw, size_t *raw_len, char *err,
                       size_t err_cap) {
  double deadline = live_now() + timeout_s;
  int fd = live_tcp_connect(to, timeout_s);
  if (fd < 0) {
    snprintf(err, err_cap, "cannot connect to %s", to->text);
    return -1;
  }
  int rc = -1;
  if (live_write_all(fd, request, len, deadline)) snprintf(err, err_cap, "cannot send to %s", to->text);
  else rc = live_http_read(fd, deadline, true, response, raw, raw_len, err, err_cap);
  close(fd);
  return rc;
}
