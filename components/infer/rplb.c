/* form-rplb (§3.1): extract_sni, a pure parser of a raw TLS record holding a
 * ClientHello, with the fact sheet's bounds except that the server_name list
 * is bounded by its own extension (the original checked it against the end of
 * all extensions); the Host of a plain HTTP request, read from the header
 * section only (the original took any line starting "Host: ", body included);
 * and backend selection, round robin over the healthy addresses (the original
 * chose uniformly at random, health unchecked). */
#include <string.h>
#include <strings.h>

#include "formfuzz/bug.h"
#include "infer.h"

static size_t be16(const uint8_t *p) { return (size_t)p[0] << 8 | p[1]; }

/* Well-formed UTF-8 without NUL (the name becomes a C string). */
static bool utf8_ok(const uint8_t *s, size_t n) {
  for (size_t i = 0; i < n;) {
    uint8_t c = s[i];
    size_t k;
    uint32_t cp;
    if (c == 0) return false;
    if (c < 0x80) { i++; continue; }
    if ((c & 0xe0) == 0xc0) k = 1, cp = c & 0x1f;
    else if ((c & 0xf0) == 0xe0) k = 2, cp = c & 0x0f;
    else if ((c & 0xf8) == 0xf0) k = 3, cp = c & 0x07;
    else return false;
    if (i + k >= n) return false;
    for (size_t j = 1; j <= k; j++) {
      if ((s[i + j] & 0xc0) != 0x80) return false;
      cp = cp << 6 | (s[i + j] & 0x3f);
    }
    static const uint32_t min[4] = {0, 0x80, 0x800, 0x10000};
    if (cp < min[k] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += k + 1;
  }
  return true;
}

static int server_name(const uint8_t *b, size_t pos, size_t ext_end, char out[INFER_SNI_MAX]) {
  if (pos + 2 > ext_end) return -1;
  size_t list_len = be16(b + pos);
  pos += 2;
  if (pos + list_len > ext_end) return -1;
  size_t list_end = pos + list_len;
  while (pos + 3 <= list_end) {
    uint8_t type = b[pos];
    size_t name_len = be16(b + pos + 1);
    pos += 3;
    if (pos + name_len > list_end) return -1;
    if (type == 0) {
      if (name_len >= INFER_SNI_MAX || !utf8_ok(b + pos, name_len)) return -1;
      memcpy(out, b + pos, name_len);
      out[name_len] = 0;
      return (int)name_len;
    }
    pos += name_len;
  }
  return -1;
}

int infer_extract_sni(const uint8_t *b, size_t len, char out[INFER_SNI_MAX]) {
  if (len < 5 || b[0] != 0x16) return -1;
  if (len < 6 || b[5] != 0x01) return -1;
  size_t pos = 43; /* record 5 + handshake 4 + version 2 + random 32 */
  if (pos >= len) return -1;
  pos += 1 + (size_t)b[pos]; /* session id */
  if (pos + 2 > len) return -1;
  pos += 2 + be16(b + pos); /* cipher suites */
  if (pos + 1 > len) return -1;
  pos += 1 + (size_t)b[pos]; /* compression methods */
  if (pos + 2 > len) return -1;
  size_t end = pos + 2 + be16(b + pos);
  pos += 2;
  if (end > len) return -1;
  while (pos + 4 <= end) {
    size_t type = be16(b + pos), ext_len = be16(b + pos + 2);
    pos += 4;
    if (type == 0) {
      size_t ext_end = pos + ext_len;
      if (FF_BUG("infer.sni_list_bound")) ext_end = end; /* §3.1: the list checked against `end` */
      else if (ext_end > end) return -1;
      return server_name(b, pos, ext_end, out);
    }
    pos += ext_len;
  }
  return -1;
}

int infer_rplb_select(infer_backend *b) {
  if (b->n < 1 || b->n > INFER_RPLB_MAX_ADDRS) return -1;
  if (FF_BUG("infer.rplb_random_backend")) return (int)(infer_mix64(&b->rng) % (uint64_t)b->n);
  for (int i = 0; i < b->n; i++) {
    int at = (int)((b->next + (uint32_t)i) % (uint32_t)b->n);
    if (b->healthy[at]) {
      b->next = (uint32_t)at + 1;
      return at;
    }
  }
  return -1;
}

/* §3.1 proxy.rs: the first line anywhere that starts exactly with "Host: ",
 * value trimmed, port kept, case kept. */
static int host_anywhere(const char *req, size_t len, char out[INFER_HOST_MAX]) {
  for (size_t at = 0; at < len;) {
    const char *nl = memchr(req + at, '\n', len - at);
    size_t end = nl ? (size_t)(nl - req) : len;
    if (end - at >= 6 && memcmp(req + at, "Host: ", 6) == 0) {
      size_t b = at + 6, e = end;
      while (b < e && (req[b] == ' ' || req[b] == '\t' || req[b] == '\r')) b++;
      while (e > b && (req[e - 1] == ' ' || req[e - 1] == '\t' || req[e - 1] == '\r')) e--;
      if (e - b >= INFER_HOST_MAX) return -1;
      memcpy(out, req + b, e - b);
      out[e - b] = 0;
      return (int)(e - b);
    }
    at = end + 1;
  }
  return -1;
}

int infer_rplb_host(const char *req, size_t len, char out[INFER_HOST_MAX]) {
  if (FF_BUG("infer.rplb_host_anywhere")) return host_anywhere(req, len, out);
  size_t at = 0;
  const char *nl = memchr(req, '\n', len);
  if (!nl) return -1;
  at = (size_t)(nl - req) + 1; /* past the request line */
  int found = -1;
  while (at < len) {
    nl = memchr(req + at, '\n', len - at);
    if (!nl) break; /* a line cut by the read is not a header */
    size_t end = (size_t)(nl - req), line_end = end > at && req[end - 1] == '\r' ? end - 1 : end;
    if (line_end == at) break; /* the empty line: the headers end */
    const char *colon = memchr(req + at, ':', line_end - at);
    if (colon && colon - (req + at) == 4 && strncasecmp(req + at, "host", 4) == 0) {
      if (found >= 0) return -1; /* two Host fields */
      size_t b = (size_t)(colon - req) + 1, e = line_end;
      while (b < e && (req[b] == ' ' || req[b] == '\t')) b++;
      while (e > b && (req[e - 1] == ' ' || req[e - 1] == '\t')) e--;
      size_t port = e; /* a :port after the name (or after a bracketed IPv6 literal) */
      for (size_t i = e; i > b; i--)
        if (req[i - 1] == ':') {
          port = i - 1;
          break;
        } else if (req[i - 1] < '0' || req[i - 1] > '9' || req[i - 1] == ']') {
          break;
        }
      if (port < e && (port == b || req[port - 1] == ':')) return -1;
      if (port == b || port - b >= INFER_HOST_MAX) return -1;
      for (size_t i = b; i < port; i++) {
        char ch = req[i];
        if (ch < 0x21 || ch > 0x7e) return -1;
        out[i - b] = ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
      }
      out[port - b] = 0;
      found = (int)(port - b);
    }
    at = end + 1;
  }
  return found;
}
