/* One message of a live fuzz sequence mutated, protocol-aware or by havoc
 * (live_proto.h). The shadow proxy's variants (live_mutate.h) are two of the
 * operators; the others are here. */
#define _GNU_SOURCE /* memmem */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns_wire.h"
#include "live_mutate.h"
#include "live_proto.h"

static size_t havoc(uint8_t *buf, size_t len, size_t cap, ff_mutator *m, char *what, size_t what_cap) {
  size_t n = ff_mutate(m, buf, len, cap);
  char ops[128];
  ff_mutator_describe_last(m, ops, sizeof ops);
  snprintf(what, what_cap, "havoc (%s)", ops);
  return n;
}

static size_t put_if_fits(uint8_t *buf, size_t cap, const uint8_t *data, size_t n) {
  if (n == 0 || n > cap) return 0;
  memcpy(buf, data, n);
  return n;
}

/* A record appended after the last one: owner the question's name (a
 * pointer to offset 12) or the root for OPT. 0 when it does not fit. */
static size_t dns_append_record(uint8_t *buf, size_t len, size_t cap, ff_rng *rng, char *what, size_t what_cap) {
  unsigned an = (unsigned)buf[6] << 8 | buf[7], ns = (unsigned)buf[8] << 8 | buf[9], ar = (unsigned)buf[10] << 8 | buf[11];
  static const uint8_t a[] = {0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 127, 0, 0, 1};
  static const uint8_t txt[] = {0xc0, 12, 0, 16, 0, 1, 0, 0, 0, 60, 0, 2, 1, 'x'};
  static const uint8_t opt[] = {0, 0, 41, 0x10, 0, 0, 0, 0, 0, 0, 0};
  unsigned kind = (unsigned)ff_rng_below(rng, 3);
  const uint8_t *rr = kind == 0 ? a : kind == 1 ? txt : opt;
  size_t rlen = kind == 0 ? sizeof a : kind == 1 ? sizeof txt : sizeof opt;
  if (len + rlen > cap || (kind != 2 && (unsigned)buf[4] << 8 == 0 && buf[5] == 0)) return 0; /* no question to point at */
  bool answer = kind != 2 && ns == 0 && ar == 0 && (ff_rng_next(rng) & 1);
  unsigned c = (answer ? an : ar) + 1;
  if (c > 0xffff) return 0;
  memcpy(buf + len, rr, rlen);
  buf[answer ? 6 : 10] = (uint8_t)(c >> 8), buf[answer ? 7 : 11] = (uint8_t)c;
  snprintf(what, what_cap, "dns %s record appended to the %s section", kind == 0 ? "A" : kind == 1 ? "TXT" : "OPT",
           answer ? "answer" : "additional");
  return len + rlen;
}

static size_t dns_aware(uint8_t *buf, size_t len, size_t cap, ff_mutator *m, char *what, size_t what_cap) {
  ff_rng *rng = ff_mutator_rng(m);
  unsigned op = (unsigned)ff_rng_below(rng, 10);
  if (len < DNS_HEADER_LEN || op >= 8) return havoc(buf, len, cap, m, what, what_cap);
  if (op < 4) { /* the shadow's variants */
    static uint8_t out[DNS_MSG_MAX];
    unsigned index = (unsigned)ff_rng_below(rng, 1u << 16);
    size_t n = put_if_fits(buf, cap, out, live_mutate_dns(buf, len, ff_rng_next(rng), index, out, sizeof out));
    if (n) snprintf(what, what_cap, "dns variant %u", index);
    return n ? n : havoc(buf, len, cap, m, what, what_cap);
  }
  if (op == 4) {
    buf[0] = (uint8_t)ff_rng_next(rng), buf[1] = (uint8_t)ff_rng_next(rng);
    snprintf(what, what_cap, "dns id %u", (unsigned)buf[0] << 8 | buf[1]);
    return len;
  }
  if (op == 5) { /* one header flag bit: QR, opcode, AA, TC, RD, RA, Z, AD, CD or an rcode bit */
    unsigned bit = (unsigned)ff_rng_below(rng, 16);
    buf[2 + (bit < 8)] ^= (uint8_t)(1u << (bit & 7));
    snprintf(what, what_cap, "dns flag bit %u flipped", bit);
    return len;
  }
  if (op == 6) {
    unsigned sec = (unsigned)ff_rng_below(rng, 4), old = (unsigned)buf[4 + 2 * sec] << 8 | buf[5 + 2 * sec];
    const unsigned values[] = {0, 1, 2, (old + 1) & 0xffff, (old - 1) & 0xffff, 0xffff};
    unsigned v = values[ff_rng_below(rng, 6)];
    buf[4 + 2 * sec] = (uint8_t)(v >> 8), buf[5 + 2 * sec] = (uint8_t)v;
    snprintf(what, what_cap, "dns %s count %u -> %u", (const char *[]){"QD", "AN", "NS", "AR"}[sec], old, v);
    return len;
  }
  size_t n = dns_append_record(buf, len, cap, rng, what, what_cap);
  return n ? n : havoc(buf, len, cap, m, what, what_cap);
}

/* Sets one JSON number member of the body to a near value; NULL when the body has none. */
static char *json_number_nudge(const live_http_msg *req, ff_rng *rng, char *what, size_t what_cap) {
  json_t *doc = json_loadb((const char *)req->body, req->body_len, 0, NULL);
  const char *key, *numeric[64];
  json_t *val;
  size_t n = 0;
  if (json_is_object(doc))
    json_object_foreach(doc, key, val) if (json_is_number(val) && n < 64) numeric[n++] = key;
  char *text = NULL;
  if (n) {
    const char *pick = numeric[ff_rng_below(rng, n)];
    json_int_t v = json_is_integer(json_object_get(doc, pick)) ? json_integer_value(json_object_get(doc, pick))
                                                               : (json_int_t)json_real_value(json_object_get(doc, pick));
    static const char *const how[] = {"negated", "-1", "+1", "0", "x1000"};
    unsigned k = (unsigned)ff_rng_below(rng, 5);
    json_int_t nv = k == 0 ? -v : k == 1 ? -1 : k == 2 ? v + 1 : k == 3 ? 0 : v * 1000;
    snprintf(what, what_cap, "http json %s %s", pick, how[k]);
    json_object_set_new(doc, pick, json_integer(nv));
    text = json_dumps(doc, JSON_COMPACT);
  }
  json_decref(doc);
  return text;
}

/* The request written again with v's fields (Content-Length right). */
static size_t http_emit(const live_http_msg *v, uint8_t *buf, size_t cap) {
  size_t n;
  uint8_t *bytes = live_http_request_bytes(v, &n);
  n = bytes ? put_if_fits(buf, cap, bytes, n) : 0;
  free(bytes);
  return n;
}

/* A number in the request target (an index, an id, a limit) set to a
 * boundary: 0, 1, n+1, n-1, 65536, 2^32, 2^64-1 or -1. 0 when it has none. */
static size_t http_path_number(const live_http_msg *req, uint8_t *buf, size_t cap, ff_rng *rng, char *what,
                               size_t what_cap) {
  const char *t = req->target;
  size_t runs[32][2], nruns = 0;
  for (size_t i = 0; t[i] && nruns < 32;)
    if (t[i] >= '0' && t[i] <= '9') {
      size_t j = i;
      while (t[j] >= '0' && t[j] <= '9') j++;
      runs[nruns][0] = i, runs[nruns][1] = j - i, nruns++;
      i = j;
    } else i++;
  if (!nruns) return 0;
  size_t pick = (size_t)ff_rng_below(rng, nruns), at = runs[pick][0], n = runs[pick][1];
  unsigned long long v = n <= 19 ? strtoull(t + at, NULL, 10) : 0;
  char num[32];
  switch (ff_rng_below(rng, 8)) {
  case 0: snprintf(num, sizeof num, "0"); break;
  case 1: snprintf(num, sizeof num, "1"); break;
  case 2: snprintf(num, sizeof num, "%llu", v + 1); break;
  case 3: snprintf(num, sizeof num, "%llu", v ? v - 1 : 0); break;
  case 4: snprintf(num, sizeof num, "65536"); break;
  case 5: snprintf(num, sizeof num, "4294967296"); break;
  case 6: snprintf(num, sizeof num, "18446744073709551615"); break;
  default: snprintf(num, sizeof num, "-1"); break;
  }
  char target[8400];
  snprintf(target, sizeof target, "%.*s%s%s", (int)at, t, num, t + at + n);
  snprintf(what, what_cap, "http number in the target: %s", target);
  live_http_msg v2 = *req;
  v2.target = target;
  return http_emit(&v2, buf, cap);
}

static size_t http_aware_parsed(live_http_msg *req, uint8_t *buf, size_t cap, ff_mutator *m,
                                unsigned op, char *what, size_t what_cap) {
  ff_rng *rng = ff_mutator_rng(m);
  if (op < 4) { /* the shadow's variants */
    size_t n;
    uint8_t *bytes = live_mutate_http(req, ff_rng_next(rng), (unsigned)ff_rng_below(rng, 1u << 16), &n, what, what_cap);
    n = bytes ? put_if_fits(buf, cap, bytes, n) : 0;
    free(bytes);
    return n;
  }
  live_http_msg v = *req; /* shallow: body replaced below */
  if (op == 4 && req->body_len) {
    char *text = json_number_nudge(req, rng, what, what_cap);
    if (!text) return 0;
    v.body = (uint8_t *)text, v.body_len = strlen(text);
    size_t n = http_emit(&v, buf, cap);
    free(text);
    return n;
  }
  if (op == 5 && req->body_len) { /* havoc on the body, framing kept */
    uint8_t body[8192];
    size_t bl = req->body_len < sizeof body ? req->body_len : sizeof body;
    memcpy(body, req->body, bl);
    char ops[128];
    v.body = body, v.body_len = ff_mutate(m, body, bl, sizeof body);
    ff_mutator_describe_last(m, ops, sizeof ops);
    snprintf(what, what_cap, "http body havoc (%s), Content-Length kept right", ops);
    return http_emit(&v, buf, cap);
  }
  if (op == 6 && v.nheaders < LIVE_HTTP_MAX_HEADERS) {
    static const char *const added[][2] = {{"Authorization", "Bearer x"}, {"Content-Type", "text/plain"},
                                           {"Content-Type", "application/json"}, {"Accept", "*/*"},
                                           {"X-Forwarded-For", "127.0.0.1"}, {"Cookie", "session=1"}};
    unsigned k = (unsigned)ff_rng_below(rng, 6);
    v.headers[v.nheaders].name = (char *)added[k][0], v.headers[v.nheaders].value = (char *)added[k][1];
    v.nheaders++;
    snprintf(what, what_cap, "http header %s: %s added", added[k][0], added[k][1]);
    return http_emit(&v, buf, cap);
  }
  if (op == 7 && (!req->body_len || (ff_rng_next(rng) & 1))) return http_path_number(req, buf, cap, rng, what, what_cap);
  if (op == 7 && req->body_len > 1) { /* Content-Length under the body: the rest reads as a second request */
    size_t n = http_emit(&v, buf, cap);
    if (!n) return 0;
    char *cl = memmem(buf, n, "Content-Length: ", 16);
    size_t shorter = ff_rng_below(rng, req->body_len);
    char digits[24];
    int dl = snprintf(digits, sizeof digits, "%zu", shorter), old = 0;
    while (cl && cl + 16 + old < (char *)buf + n && cl[16 + old] >= '0' && cl[16 + old] <= '9') old++;
    if (!cl || dl > old) return 0;
    memset(cl + 16, ' ', (size_t)old); /* same length: "Content-Length: 7   " */
    memcpy(cl + 16, digits, (size_t)dl);
    snprintf(what, what_cap, "http Content-Length %zu under a body of %zu", shorter, req->body_len);
    return n;
  }
  return 0;
}

static size_t http_aware(uint8_t *buf, size_t len, size_t cap, ff_mutator *m, char *what, size_t what_cap) {
  ff_rng *rng = ff_mutator_rng(m);
  unsigned op = (unsigned)ff_rng_below(rng, 10);
  live_http_msg req;
  char err[128];
  size_t n = 0;
  if (op < 8 && live_http_parse(buf, len, false, &req, err, sizeof err) == 0) {
    n = http_aware_parsed(&req, buf, cap, m, op, what, what_cap);
    if (!n && op >= 4) n = http_aware_parsed(&req, buf, cap, m, (unsigned)ff_rng_below(rng, 4), what, what_cap);
    live_http_free(&req);
  }
  return n ? n : havoc(buf, len, cap, m, what, what_cap);
}

size_t live_proto_mutate(live_proto p, bool aware, uint8_t *buf, size_t len, size_t cap, ff_mutator *m,
                         char *what, size_t what_cap) {
  if (aware && p == LIVE_PROTO_DNS) return dns_aware(buf, len, cap, m, what, what_cap);
  if (aware && p == LIVE_PROTO_HTTP) return http_aware(buf, len, cap, m, what, what_cap);
  return havoc(buf, len, cap, m, what, what_cap);
}
