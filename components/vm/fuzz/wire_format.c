/* vm_wire's input format (wire_format.h): the framing line, HTTP/1.1
 * requests read and written, header lines edited, and the signature headers
 * re-computed for a changed request. */
#include "wire_format.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "formfuzz/gen_codec.h"
#include "formfuzz/gen_sig.h"
#include "formfuzz/hex.h"

static const char FRAME_MAGIC[] = "vm-wire";
static const char FACT_SHEET_SECRET[] = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";

static ff_keypair fact_sheet_key;
static pthread_once_t fact_sheet_once = PTHREAD_ONCE_INIT;

static void make_fact_sheet_key(void) {
  uint8_t secret[32];
  if (ff_hex_decode(FACT_SHEET_SECRET, 64, secret, sizeof secret) != 32 ||
      ff_keypair_from_secret(&fact_sheet_key, secret) != 0)
    ff_keypair_from_seed(&fact_sheet_key, VM_WIRE_FACT_SHEET_KEY + 1); /* unreachable: the secret is valid */
}

const ff_keypair *vm_wire_key(size_t k) {
  if (k < VM_GEN_KEYS) return vm_gen_key(k);
  pthread_once(&fact_sheet_once, make_fact_sheet_key);
  return &fact_sheet_key;
}

void vm_wire_init(vm_wire *w) {
  memset(w, 0, sizeof *w);
  w->accounts = (1u << VM_WIRE_KEYS) - 1;
  snprintf(w->peer, sizeof w->peer, "%s", VM_WIRE_DEFAULT_PEER);
}

/* ---- reading ---------------------------------------------------------------- */

/* The line at *pos (up to LF, a CR before it dropped); false when no LF follows. */
static bool take_line(const uint8_t *d, size_t len, size_t *pos, const char **line, size_t *n) {
  const uint8_t *nl = *pos < len ? memchr(d + *pos, '\n', len - *pos) : NULL;
  if (!nl) return false;
  *line = (const char *)d + *pos;
  *n = (size_t)(nl - (d + *pos));
  if (*n > 0 && (*line)[*n - 1] == '\r') (*n)--;
  *pos = (size_t)(nl - d) + 1;
  return true;
}

static bool is_tchar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         (c && strchr("!#$%&'*+-.^_`|~", c));
}

static size_t token_len(const char *s, size_t n) {
  size_t i = 0;
  while (i < n && is_tchar(s[i])) i++;
  return i;
}

/* "name=value" tokens of the framing line; sign gets one entry per request. */
static void parse_frame(const char *line, size_t n, vm_wire *w, int sign[VM_WIRE_REQUESTS]) {
  size_t i = sizeof FRAME_MAGIC - 1;
  while (i < n) {
    while (i < n && line[i] == ' ') i++;
    size_t start = i;
    while (i < n && line[i] != ' ') i++;
    const char *tok = line + start, *eq = memchr(tok, '=', i - start);
    if (!eq) continue;
    const char *v = eq + 1;
    size_t name_len = (size_t)(eq - tok), vlen = (size_t)(line + i - v);
    if (name_len == 8 && memcmp(tok, "accounts", 8) == 0) {
      w->accounts = 0;
      for (size_t k = 0; k < vlen; k++)
        if (v[k] >= '0' && v[k] < '0' + VM_WIRE_KEYS) w->accounts |= 1u << (v[k] - '0');
    } else if (name_len == 6 && memcmp(tok, "faults", 6) == 0) {
      if (ff_hex_decode(v, vlen, w->faults, sizeof w->faults) != (long)sizeof w->faults)
        memset(w->faults, 0, sizeof w->faults);
    } else if (name_len == 4 && memcmp(tok, "peer", 4) == 0 && vlen <= VM_WIRE_PEER_MAX) {
      memcpy(w->peer, v, vlen);
      w->peer[vlen] = '\0';
    } else if (name_len == 4 && memcmp(tok, "sign", 4) == 0) {
      for (size_t k = 0; k < vlen && k < VM_WIRE_REQUESTS; k++)
        sign[k] = v[k] >= '0' && v[k] < '0' + VM_WIRE_KEYS ? v[k] - '0' : VM_WIRE_KEEP;
    }
  }
}

static bool append(vm_wire_request *r, const char *s, size_t n) {
  if (r->head_len + n > sizeof r->head) return false;
  memcpy(r->head + r->head_len, s, n);
  r->head_len += n;
  return true;
}

/* One header line into r (Content-Length taken out); false when the request
 * cannot be read on. */
static bool read_header(vm_wire_request *r, const char *line, size_t n) {
  size_t name_len = token_len(line, n);
  if (name_len == 0 || name_len >= n || line[name_len] != ':') return false;
  if (name_len != 14 || strncasecmp(line, "Content-Length", 14) != 0)
    return append(r, line, n) && append(r, "\r\n", 2);
  const char *v = line + 15, *end = line + n;
  while (v < end && (*v == ' ' || *v == '\t')) v++;
  while (end > v && (end[-1] == ' ' || end[-1] == '\t')) end--;
  if (r->has_length || v == end || end - v > 4) return false;
  size_t value = 0;
  for (const char *p = v; p < end; p++) {
    if (*p < '0' || *p > '9') return false;
    value = value * 10 + (size_t)(*p - '0');
  }
  if (value > VM_WIRE_BODY_MAX) return false;
  r->has_length = true;
  r->body_len = value;
  return true;
}

static bool parse_request(const uint8_t *d, size_t len, size_t *pos, vm_wire_request *r) {
  size_t p = *pos;
  const char *line;
  size_t n;
  while (p < len && (d[p] == '\r' || d[p] == '\n')) p++; /* empty lines before a request are ignored */
  if (!take_line(d, len, &p, &line, &n)) return false;
  size_t m = token_len(line, n);
  if (m == 0 || m > VM_WIRE_METHOD_MAX || m >= n || line[m] != ' ') return false;
  memcpy(r->method, line, m);
  const char *t = line + m + 1, *end = line + n;
  size_t tl = 0;
  while (t + tl < end && t[tl] > ' ' && t[tl] < 0x7f) tl++;
  if (tl == 0 || tl > VM_WIRE_TARGET_MAX || t + tl == end || t[tl] != ' ') return false;
  memcpy(r->target, t, tl);
  const char *version = t + tl + 1;
  if ((size_t)(end - version) != 8 || (memcmp(version, "HTTP/1.1", 8) && memcmp(version, "HTTP/1.0", 8)))
    return false;
  for (;;) {
    if (!take_line(d, len, &p, &line, &n)) return false;
    if (n == 0) break;
    if (!read_header(r, line, n)) return false;
  }
  if (len - p < r->body_len) return false;
  memcpy(r->body, d + p, r->body_len);
  *pos = p + r->body_len;
  return true;
}

size_t vm_wire_parse(const uint8_t *data, size_t len, vm_wire *w) {
  vm_wire_init(w);
  int sign[VM_WIRE_REQUESTS];
  for (size_t i = 0; i < VM_WIRE_REQUESTS; i++) sign[i] = VM_WIRE_KEEP;
  size_t pos = 0;
  const char *line;
  size_t n;
  if (len >= sizeof FRAME_MAGIC - 1 && memcmp(data, FRAME_MAGIC, sizeof FRAME_MAGIC - 1) == 0) {
    if (!take_line(data, len, &pos, &line, &n)) return 0;
    parse_frame(line, n, w, sign);
  }
  while (w->n < VM_WIRE_REQUESTS) {
    vm_wire_request *r = &w->req[w->n];
    size_t at = pos;
    memset(r, 0, sizeof *r);
    if (!parse_request(data, len, &at, r)) break;
    r->key = sign[w->n];
    vm_wire_read_message(r);
    r->signed_key = r->key;
    ff_sha256(r->msg, r->msg_len, r->signed_hash);
    pos = at;
    w->n++;
  }
  while (pos < len && (data[pos] == '\r' || data[pos] == '\n')) pos++;
  return pos;
}

/* ---- writing ---------------------------------------------------------------- */

long vm_wire_write(const vm_wire *w, uint8_t *out, size_t cap) {
  ff_buf b;
  ff_buf_init(&b, (char *)out, cap);
  ff_buf_puts(&b, "vm-wire accounts=");
  for (int k = 0; k < VM_WIRE_KEYS; k++)
    if (w->accounts & (1u << k)) ff_buf_putc(&b, (char)('0' + k));
  ff_buf_printf(&b, " faults=%02x%02x%02x%02x peer=%s sign=", w->faults[0], w->faults[1], w->faults[2],
                w->faults[3], w->peer);
  for (size_t i = 0; i < w->n; i++) ff_buf_putc(&b, w->req[i].key < 0 ? '-' : (char)('0' + w->req[i].key));
  ff_buf_putc(&b, '\n');
  for (size_t i = 0; i < w->n; i++) {
    const vm_wire_request *r = &w->req[i];
    ff_buf_printf(&b, "%s %s HTTP/1.1\r\n", r->method, r->target);
    ff_buf_put(&b, r->head, r->head_len);
    if (r->has_length || r->body_len) ff_buf_printf(&b, "Content-Length: %zu\r\n", r->body_len);
    ff_buf_puts(&b, "\r\n");
    ff_buf_put(&b, r->body, r->body_len);
  }
  return b.overflow ? -1 : (long)b.len;
}

/* ---- header lines ------------------------------------------------------------ */

/* The line at offset at: its end (past CRLF), name length, trimmed value. */
typedef struct header_line {
  size_t start, end, name_len, value_at, value_len;
} header_line;

static bool line_at(const vm_wire_request *r, size_t at, header_line *h) {
  if (at >= r->head_len) return false;
  const char *s = r->head + at, *nl = memchr(s, '\n', r->head_len - at);
  h->start = at;
  h->end = nl ? (size_t)(nl - r->head) + 1 : r->head_len;
  const char *colon = memchr(s, ':', h->end - at);
  h->name_len = colon ? (size_t)(colon - s) : 0;
  size_t v = colon ? (size_t)(colon - r->head) + 1 : h->end, e = h->end;
  while (e > v && (r->head[e - 1] == '\n' || r->head[e - 1] == '\r')) e--;
  while (v < e && (r->head[v] == ' ' || r->head[v] == '\t')) v++;
  while (e > v && (r->head[e - 1] == ' ' || r->head[e - 1] == '\t')) e--;
  h->value_at = v;
  h->value_len = e - v;
  return true;
}

static bool named(const vm_wire_request *r, const header_line *h, const char *name) {
  return h->name_len == strlen(name) && strncasecmp(r->head + h->start, name, h->name_len) == 0;
}

static bool find_header(const vm_wire_request *r, const char *name, header_line *h) {
  for (size_t at = 0; line_at(r, at, h); at = h->end)
    if (named(r, h, name)) return true;
  return false;
}

bool vm_wire_header(const vm_wire_request *r, const char *name, const char **value, size_t *len) {
  header_line h;
  if (!find_header(r, name, &h)) return false;
  *value = r->head + h.value_at;
  *len = h.value_len;
  return true;
}

bool vm_wire_set_header(vm_wire_request *r, const char *name, const char *value) {
  size_t n = strlen(value);
  header_line h;
  if (!find_header(r, name, &h)) {
    size_t need = strlen(name) + 2 + n + 2;
    if (r->head_len + need > sizeof r->head) return false;
    return append(r, name, strlen(name)) && append(r, ": ", 2) && append(r, value, n) && append(r, "\r\n", 2);
  }
  return vm_wire_splice_head(r, h.value_at, h.value_len, value, n);
}

size_t vm_wire_header_lines(const vm_wire_request *r, size_t *starts, size_t cap) {
  header_line h;
  size_t count = 0;
  for (size_t at = 0; count < cap && line_at(r, at, &h); at = h.end) starts[count++] = at;
  return count;
}

bool vm_wire_splice_head(vm_wire_request *r, size_t at, size_t drop, const char *text, size_t n) {
  if (at > r->head_len || drop > r->head_len - at || r->head_len - drop + n > sizeof r->head) return false;
  memmove(r->head + at + n, r->head + at + drop, r->head_len - at - drop);
  memcpy(r->head + at, text, n);
  r->head_len = r->head_len - drop + n;
  return true;
}

void vm_wire_drop_header(vm_wire_request *r, const char *name) {
  header_line h;
  size_t at = 0;
  while (line_at(r, at, &h)) {
    if (!named(r, &h, name)) {
      at = h.end;
      continue;
    }
    vm_wire_splice_head(r, h.start, h.end - h.start, "", 0);
  }
}

/* ---- the signed message -------------------------------------------------------- */

/* Scheme A's value "Signature <sig>.<recid>.<msg>": the three parts. */
static bool scheme_a_parts(const char *v, size_t n, const char *part[3], size_t part_len[3]) {
  static const char PREFIX[] = "Signature ";
  if (n < sizeof PREFIX - 1 || memcmp(v, PREFIX, sizeof PREFIX - 1) != 0) return false;
  const char *p = v + sizeof PREFIX - 1, *end = v + n;
  for (int i = 0; i < 3; i++) {
    const char *dot = i < 2 ? memchr(p, '.', (size_t)(end - p)) : end;
    if (!dot) return false;
    part[i] = p;
    part_len[i] = (size_t)(dot - p);
    p = dot + 1;
  }
  return true;
}

static bool same_request(const vm_wire_request *r, const vm_fresh_fields *f) {
  uint8_t h[32];
  ff_sha256(r->body, r->body_len, h);
  return strcmp(f->method, r->method) == 0 && strcmp(f->path, r->target) == 0 && memcmp(h, f->body_hash, 32) == 0;
}

void vm_wire_read_message(vm_wire_request *r) {
  const char *v, *part[3];
  size_t n, part_len[3];
  long got = -1;
  if (vm_wire_header(r, "Authorization", &v, &n)) {
    if (scheme_a_parts(v, n, part, part_len)) got = ff_hex_decode(part[2], part_len[2], r->msg, sizeof r->msg);
  } else if (vm_wire_header(r, "X-Message", &v, &n)) {
    if (n >= 2 && v[0] == '0' && v[1] == 'x') v += 2, n -= 2;
    got = ff_hex_decode(v, n, r->msg, sizeof r->msg);
  }
  r->msg_len = got > 0 ? (size_t)got : 0;
  vm_fresh_fields f;
  r->bound = vm_fresh_parse(r->msg, r->msg_len, &f) == VM_OK && same_request(r, &f);
}

bool vm_wire_bind(vm_wire_request *r, uint64_t timestamp, const char nonce[VM_NONCE_HEX + 1]) {
  long n = vm_fresh_format(r->method, r->target, r->body, r->body_len, timestamp, nonce, (char *)r->msg,
                           sizeof r->msg);
  if (n < 0) return false;
  r->msg_len = (size_t)n;
  r->bound = true;
  return true;
}

/* ---- re-signing ---------------------------------------------------------------- */

static bool has_upper_hex(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (s[i] >= 'A' && s[i] <= 'F') return true;
  return false;
}

/* The "+" or leading zeros of a recovery id text like "+1" or "001" (empty
 * for any other text). */
static void recid_prefix(const char *t, size_t n, char out[16]) {
  out[0] = '\0';
  if (n < 2 || n > 15 || t[n - 1] < '0' || t[n - 1] > '9') return;
  for (size_t i = 0; i + 1 < n; i++)
    if (!(t[i] == '0' || (t[i] == '+' && i == 0))) return;
  memcpy(out, t, n - 1);
  out[n - 1] = '\0';
}

/* The current header value (or "" when missing) of name, as text. */
static void header_text(const vm_wire_request *r, const char *name, char *out, size_t cap) {
  const char *v;
  size_t n;
  if (!vm_wire_header(r, name, &v, &n) || n >= cap) n = 0, v = "";
  memcpy(out, v, n);
  out[n] = '\0';
}

#define SIG_VALUE_MAX (VM_MSG_MAX * 2 + 160)

static void write_scheme_a(vm_wire_request *r, const uint8_t sig[64], int recid) {
  char old[SIG_VALUE_MAX], prefix[16] = "", value[SIG_VALUE_MAX];
  const char *part[3];
  size_t part_len[3];
  bool upper_sig = false, upper_msg = false;
  header_text(r, "Authorization", old, sizeof old);
  if (scheme_a_parts(old, strlen(old), part, part_len)) {
    upper_sig = has_upper_hex(part[0], part_len[0]);
    recid_prefix(part[1], part_len[1], prefix);
    upper_msg = has_upper_hex(part[2], part_len[2]);
  }
  ff_buf b;
  ff_buf_init(&b, value, sizeof value);
  ff_buf_puts(&b, "Signature ");
  ff_hex_encode(&b, sig, 64, upper_sig);
  ff_buf_printf(&b, ".%s%d.", prefix, recid);
  ff_hex_encode(&b, r->msg, r->msg_len, upper_msg);
  if (!b.overflow) vm_wire_set_header(r, "Authorization", value);
}

static void write_scheme_b(vm_wire_request *r, const uint8_t sig[64], int recid) {
  char old[SIG_VALUE_MAX], prefix[16] = "", value[SIG_VALUE_MAX];
  ff_buf b;
  header_text(r, "X-Signature", old, sizeof old);
  ff_buf_init(&b, value, sizeof value);
  ff_hex_encode(&b, sig, 64, has_upper_hex(old, strlen(old)));
  vm_wire_set_header(r, "X-Signature", value);
  header_text(r, "X-Recovery-Id", old, sizeof old);
  recid_prefix(old, strlen(old), prefix);
  snprintf(value, sizeof value, "%s%d", prefix, recid);
  vm_wire_set_header(r, "X-Recovery-Id", value);
  header_text(r, "X-Message", old, sizeof old);
  ff_buf_init(&b, value, sizeof value);
  if (old[0] == '0' && old[1] == 'x') ff_buf_puts(&b, "0x");
  ff_hex_encode(&b, r->msg, r->msg_len, has_upper_hex(old, strlen(old)));
  if (!b.overflow) vm_wire_set_header(r, "X-Message", value);
}

void vm_wire_resign(vm_wire_request *r) {
  if (r->key < 0 || r->key >= VM_WIRE_KEYS) return;
  vm_fresh_fields f;
  if (r->bound && vm_fresh_parse(r->msg, r->msg_len, &f) == VM_OK) vm_wire_bind(r, f.timestamp, f.nonce);
  uint8_t h[32];
  ff_sha256(r->msg, r->msg_len, h);
  if (r->key == r->signed_key && memcmp(h, r->signed_hash, 32) == 0) return;
  const char *v;
  size_t n;
  bool scheme_b = !vm_wire_header(r, "Authorization", &v, &n) &&
                  (vm_wire_header(r, "X-Signature", &v, &n) || vm_wire_header(r, "X-Recovery-Id", &v, &n) ||
                   vm_wire_header(r, "X-Message", &v, &n));
  uint8_t digest[32], sig[64];
  int recid;
  ff_sig_digest(scheme_b ? FF_SIG_SCHEME_B : FF_SIG_SCHEME_A, r->msg, r->msg_len, digest);
  if (ff_sign_recoverable(vm_wire_key((size_t)r->key), digest, sig, &recid) != 0) return;
  if (scheme_b)
    write_scheme_b(r, sig, recid);
  else
    write_scheme_a(r, sig, recid);
  r->signed_key = r->key;
  memcpy(r->signed_hash, h, 32);
}

/* ---- to the oracles ------------------------------------------------------------- */

bool vm_wire_to_gen(const vm_wire *w, size_t i, vm_gen_request *g) {
  const vm_wire_request *r = &w->req[i];
  if (r->head_len > sizeof g->block || r->body_len >= sizeof g->body) return false;
  memset(g, 0, sizeof *g);
  snprintf(g->method, sizeof g->method, "%s", r->method);
  snprintf(g->path, sizeof g->path, "%s", r->target);
  snprintf(g->peer, sizeof g->peer, "%s", w->peer);
  memcpy(g->body, r->body, r->body_len);
  g->body_len = r->body_len;
  memcpy(g->block, r->head, r->head_len);
  g->block_len = r->head_len;
  vm_headers_read(g->block, g->block_len, &g->headers);
  g->key = r->key < 0 ? 0 : (size_t)r->key;
  g->fresh = VM_FRESH_OK;
  g->sig_variant = "as sent";
  vm_gen_request_fix(g);
  g->local_claim = vm_request_claims_local(&g->req);
  return true;
}
