/* Strict HTTP/1.1 request reader for the generator tests (see http_check.h). */
#define _GNU_SOURCE /* memmem, strncasecmp */
#include "http_check.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct reader {
  const char *s;
  size_t len, pos;
} reader;

static bool is_tchar(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c && strchr("!#$%&'*+-.^_`|~", c));
}

/* One line ending in CRLF, with no other CR or LF in it. */
static bool line(reader *r, const char **start, size_t *n) {
  const char *end = memmem(r->s + r->pos, r->len - r->pos, "\r\n", 2);
  if (!end) return false;
  *start = r->s + r->pos;
  *n = (size_t)(end - *start);
  for (size_t i = 0; i < *n; i++)
    if ((*start)[i] == '\r' || (*start)[i] == '\n') return false;
  r->pos += *n + 2;
  return true;
}

static bool field_value_ok(const char *v, size_t n) {
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)v[i];
    if (c == 0x7f || (c < 0x20 && c != '\t')) return false;
  }
  return true;
}

typedef struct fields {
  int hosts, lengths, codings;
  char host[256], coding[64];
  unsigned long long length;
  bool length_ok;
} fields;

static bool header_line(const char *l, size_t n, fields *f) {
  size_t k = 0;
  while (k < n && is_tchar((unsigned char)l[k])) k++;
  if (k == 0 || k >= n || l[k] != ':') return false; /* no name, or whitespace before the colon */
  const char *v = l + k + 1, *e = l + n;
  while (v < e && (*v == ' ' || *v == '\t')) v++;
  while (e > v && (e[-1] == ' ' || e[-1] == '\t')) e--;
  size_t vn = (size_t)(e - v);
  if (!field_value_ok(v, vn)) return false;
  if (k == 4 && strncasecmp(l, "host", 4) == 0) {
    if (vn >= sizeof f->host) return false;
    memcpy(f->host, v, vn);
    f->host[vn] = '\0';
    f->hosts++;
  } else if (k == 14 && strncasecmp(l, "content-length", 14) == 0) {
    f->lengths++;
    f->length = 0;
    f->length_ok = vn > 0 && vn <= 18;
    for (size_t i = 0; i < vn; i++) {
      if (v[i] < '0' || v[i] > '9') f->length_ok = false;
      else f->length = f->length * 10 + (unsigned)(v[i] - '0');
    }
  } else if (k == 17 && strncasecmp(l, "transfer-encoding", 17) == 0) {
    if (vn >= sizeof f->coding) return false;
    memcpy(f->coding, v, vn);
    f->coding[vn] = '\0';
    f->codings++;
  }
  return true;
}

static bool headers(reader *r, fields *f) {
  for (;;) {
    const char *l;
    size_t n;
    if (!line(r, &l, &n)) return false;
    if (n == 0) return true;
    if (l[0] == ' ' || l[0] == '\t') return false; /* obs-fold */
    if (!header_line(l, n, f)) return false;
  }
}

/* The chunked body into out (cap bytes); returns the length or -1. */
static long chunked_body(reader *r, uint8_t *out, size_t cap) {
  size_t total = 0;
  for (;;) {
    const char *l;
    size_t n, k = 0;
    if (!line(r, &l, &n)) return -1;
    unsigned long long size = 0;
    while (k < n && strchr("0123456789abcdefABCDEF", l[k]) && l[k]) {
      if (size >> 56) return -1;
      size = size * 16 + (unsigned)(l[k] <= '9' ? l[k] - '0' : (l[k] | 0x20) - 'a' + 10);
      k++;
    }
    if (k == 0) return -1;
    while (k < n && l[k] == ';') { /* chunk-ext: ;name[=value] with tokens */
      size_t start = ++k;
      while (k < n && (is_tchar((unsigned char)l[k]) || l[k] == '=')) k++;
      if (k == start) return -1;
    }
    if (k != n) return -1;
    if (size == 0) break;
    if (size > r->len - r->pos || size > cap - total) return -1;
    memcpy(out + total, r->s + r->pos, size);
    total += size;
    r->pos += size;
    if (r->len - r->pos < 2 || memcmp(r->s + r->pos, "\r\n", 2) != 0) return -1;
    r->pos += 2;
  }
  fields trailer = {0};
  if (!headers(r, &trailer)) return -1;
  return (long)total;
}

bool http_check_request(const char *text, size_t len, const http_expect *want) {
  reader r = {text, len, 0};
  const char *l;
  size_t n;
  if (!line(&r, &l, &n)) return false;
  const char *sp1 = memchr(l, ' ', n);
  if (!sp1) return false;
  const char *sp2 = memchr(sp1 + 1, ' ', (size_t)(l + n - sp1 - 1));
  if (!sp2 || memchr(sp2 + 1, ' ', (size_t)(l + n - sp2 - 1))) return false;
  size_t mlen = (size_t)(sp1 - l), tlen = (size_t)(sp2 - sp1 - 1), vlen = (size_t)(l + n - sp2 - 1);
  if (mlen == 0 || tlen == 0 || vlen != 8 || memcmp(sp2 + 1, "HTTP/1.1", 8) != 0) return false;
  for (size_t i = 0; i < mlen; i++)
    if (!is_tchar((unsigned char)l[i])) return false;
  const char *target = sp1 + 1;
  for (size_t i = 0; i < tlen; i++)
    if ((unsigned char)target[i] <= 0x20 || (unsigned char)target[i] >= 0x7f) return false;
  if (want->method && (strlen(want->method) != mlen || memcmp(l, want->method, mlen) != 0)) return false;
  size_t hl = strlen(want->host);
  if (tlen > 7 + hl && memcmp(target, "http://", 7) == 0 && memcmp(target + 7, want->host, hl) == 0)
    target += 7 + hl, tlen -= 7 + hl;
  size_t pl = strlen(want->path);
  if (tlen < pl || memcmp(target, want->path, pl) != 0) return false;
  if (tlen > pl && target[pl] != '?' && target[pl] != '&') return false;

  fields f = {0};
  if (!headers(&r, &f)) return false;
  if (f.hosts != 1 || strcmp(f.host, want->host) != 0) return false;
  uint8_t *body = malloc(len + 1);
  if (!body) return false;
  long body_len;
  if (f.codings) {
    body_len = f.codings == 1 && f.lengths == 0 && strcasecmp(f.coding, "chunked") == 0
                   ? chunked_body(&r, body, len + 1)
                   : -1;
  } else if (f.lengths) {
    body_len = f.lengths == 1 && f.length_ok && f.length <= r.len - r.pos ? (long)f.length : -1;
    if (body_len >= 0) {
      memcpy(body, r.s + r.pos, (size_t)body_len);
      r.pos += (size_t)body_len;
    }
  } else {
    body_len = 0;
  }
  bool ok = body_len >= 0 && r.pos == r.len && (size_t)body_len == want->body_len &&
            (body_len == 0 || memcmp(body, want->body, (size_t)body_len) == 0);
  free(body);
  return ok;
}
