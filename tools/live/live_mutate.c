/* Protocol-aware request variants of the live commands (live_mutate.h). */
#include "live_mutate.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dns_wire.h"
#include "rng.h"

/* The engine's generator (engine/rng.h), seeded per (request, seed, index). */
static uint64_t next_rand(ff_rng *r) { return ff_rng_next(r); }

static uint64_t mix(const uint8_t *d, size_t len, uint64_t seed, unsigned index) {
  uint64_t h = 1469598103934665603ull ^ seed;
  for (size_t i = 0; i < len; i++) h = (h ^ d[i]) * 1099511628211ull;
  return h ^ ((uint64_t)index * 0x9e3779b97f4a7c15ull);
}

static const uint16_t qtypes[] = {DNS_T_A, DNS_T_AAAA, DNS_T_TXT, DNS_T_MX, DNS_T_NS, DNS_T_SOA,
                                  DNS_T_CNAME, DNS_T_ANY, DNS_T_CAA, DNS_T_SRV, DNS_T_PTR, 65280};

static void name_case(dns_name *n, ff_rng *rs) {
  for (size_t i = 0; i < n->len; i++) /* label bytes only: length octets are < 64 */
    if ((n->wire[i] | 0x20) >= 'a' && (n->wire[i] | 0x20) <= 'z' && (next_rand(rs) & 1)) n->wire[i] ^= 0x20;
}

static bool add_label(dns_name *n, ff_rng *rs) {
  static const char *const labels[] = {"www", "x", "_tcp", "*", "a-b", "0"};
  const char *l = labels[next_rand(rs) % 6];
  size_t ll = strlen(l);
  if (n->len + ll + 1 > DNS_NAME_WIRE_MAX) return false;
  memmove(n->wire + ll + 1, n->wire, n->len);
  n->wire[0] = (uint8_t)ll;
  memcpy(n->wire + 1, l, ll);
  n->len = (uint8_t)(n->len + ll + 1);
  return true;
}

size_t live_mutate_dns(const uint8_t *q, size_t len, uint64_t seed, unsigned index, uint8_t *out,
                       size_t cap) {
  ff_rng rs;
  ff_rng_seed(&rs, mix(q, len, seed, index));
  if (len > cap) return 0;
  if (next_rand(&rs) % 8 == 0 && len > DNS_HEADER_LEN) { /* raw: flip bytes past the ID */
    memcpy(out, q, len);
    unsigned flips = 1 + (unsigned)(next_rand(&rs) % 3);
    for (unsigned i = 0; i < flips; i++) out[2 + next_rand(&rs) % (len - 2)] ^= (uint8_t)(1u << (next_rand(&rs) % 8));
    return len;
  }
  dns_msg m, v;
  if (dns_msg_init(&m)) return 0;
  if (dns_msg_init(&v)) {
    dns_msg_free(&m);
    return 0;
  }
  size_t n = 0;
  if (dns_msg_parse(&m, q, len) != DNS_OK || m.count[DNS_QD] != 1) goto done;
  dns_name name = m.rr[0].owner;
  uint16_t type = m.rr[0].type, cls = m.rr[0].cls;
  bool edns = m.opt_index >= 0, dnssec = (m.edns_flags & 0x8000u) != 0;
  uint16_t udp = m.edns_udp, flags = m.flags;
  switch (next_rand(&rs) % 8) {
  case 0: type = qtypes[next_rand(&rs) % (sizeof qtypes / sizeof qtypes[0])]; break;
  case 1: cls = (next_rand(&rs) & 1) ? DNS_C_CH : DNS_C_ANY; break;
  case 2: name_case(&name, &rs); break;
  case 3: if (!add_label(&name, &rs)) name_case(&name, &rs); break;
  case 4: if (dns_name_labels(&name) > 0) { dns_name p; dns_name_parent(&name, 1, &p); name = p; } break;
  case 5: flags ^= (next_rand(&rs) & 1) ? DNS_F_RD : DNS_F_CD; break;
  case 6:
    edns = !edns || (next_rand(&rs) & 1);
    udp = (next_rand(&rs) & 1) ? 4096 : 512;
    dnssec = next_rand(&rs) & 1;
    break;
  default: flags = (uint16_t)((flags & ~0x7800u) | ((uint16_t)((next_rand(&rs) & 1) ? DNS_OP_NOTIFY : 2) << 11)); break;
  }
  v.id = m.id, v.flags = flags;
  if (dns_msg_add(&v, DNS_QD, &name, type, cls, 0, NULL, 0) != DNS_OK) goto done;
  if (edns && dns_msg_add_opt(&v, udp, dnssec) != DNS_OK) goto done;
  long w = dns_msg_write(&v, out, cap);
  n = w > 0 ? (size_t)w : 0;
done:
  dns_msg_free(&m);
  dns_msg_free(&v);
  return n;
}

/* Replaces one member of the JSON object body (or removes it). */
static char *mutate_json(const uint8_t *body, size_t len, ff_rng *rs, char *what, size_t cap) {
  json_t *doc = json_loadb((const char *)body, len, 0, NULL);
  if (!json_is_object(doc) || json_object_size(doc) == 0) {
    json_decref(doc);
    return NULL;
  }
  size_t pick = next_rand(rs) % json_object_size(doc), i = 0;
  const char *key;
  json_t *val;
  char chosen[256] = "";
  json_object_foreach(doc, key, val) if (i++ == pick) snprintf(chosen, sizeof chosen, "%s", key);
  static char big[4097];
  memset(big, 'A', 4096);
  json_t *bounds[] = {json_integer(0), json_integer(-1), json_real(9223372036854775808.0),
                      json_string(""), json_string(big), json_null(), json_array()};
  unsigned b = (unsigned)(next_rand(rs) % 8);
  if (b == 7) {
    json_object_del(doc, chosen);
    snprintf(what, cap, "json member %s removed", chosen);
  } else {
    json_object_set(doc, chosen, bounds[b]);
    snprintf(what, cap, "json member %s set to a boundary value (%u)", chosen, b);
  }
  for (int k = 0; k < 7; k++) json_decref(bounds[k]);
  char *text = json_dumps(doc, JSON_COMPACT);
  json_decref(doc);
  return text;
}

uint8_t *live_mutate_http(const live_http_msg *req, uint64_t seed, unsigned index, size_t *out_len,
                          char *what, size_t what_cap) {
  ff_rng rs;
  ff_rng_seed(&rs, mix((const uint8_t *)req->start, strlen(req->start), seed, index));
  live_http_msg v = *req; /* shallow: only the fields changed below are replaced */
  char target[8400];
  char *new_body = NULL;
  int drop = -1;
  snprintf(target, sizeof target, "%s", req->target);
  unsigned kind = (unsigned)(next_rand(&rs) % 4);
  if (kind == 3 && req->body_len) {
    new_body = mutate_json(req->body, req->body_len, &rs, what, what_cap);
    if (new_body) v.body = (uint8_t *)new_body, v.body_len = strlen(new_body);
    else kind = 1;
  } else if (kind == 3) kind = 1;
  if (kind == 0) {
    static const char *const methods[] = {"GET", "POST", "PUT", "DELETE", "HEAD", "PATCH"};
    snprintf(v.method, sizeof v.method, "%s", methods[next_rand(&rs) % 6]);
    snprintf(what, what_cap, "method %s", v.method);
  } else if (kind == 1) { /* the path (query dropped), rewritten into target */
    char path[4096];
    snprintf(path, sizeof path, "%s", req->target);
    path[strcspn(path, "?")] = 0;
    const char *slash = strrchr(path, '/');
    switch (next_rand(&rs) % 5) {
    case 0: snprintf(target, sizeof target, "%s/x", path); break;
    case 1:
      if (slash && slash != path) snprintf(target, sizeof target, "%.*s", (int)(slash - path), path);
      else snprintf(target, sizeof target, "/");
      break;
    case 2: snprintf(target, sizeof target, "%s/..%s", path, path[0] == '/' ? path : "/"); break;
    case 3:
      if (slash && slash[1])
        snprintf(target, sizeof target, "%.*s%%%02X%s", (int)(slash + 1 - path), path, (unsigned char)slash[1],
                 slash + 2);
      else snprintf(target, sizeof target, "%s", path);
      break;
    default: snprintf(target, sizeof target, "%s?limit=-1&x=%%00", path); break;
    }
    snprintf(what, what_cap, "path %s", target);
  } else if (kind == 2) {
    for (int i = 0; i < req->nheaders && drop < 0; i++)
      if (strcasecmp(req->headers[i].name, "Authorization") == 0) drop = i;
    if (drop < 0 && req->nheaders) drop = (int)(next_rand(&rs) % (uint64_t)req->nheaders);
    snprintf(what, what_cap, "header %s dropped", drop >= 0 ? req->headers[drop].name : "(none)");
  }
  v.target = target;
  if (drop >= 0) {
    memmove(&v.headers[drop], &v.headers[drop + 1], (size_t)(v.nheaders - drop - 1) * sizeof v.headers[0]);
    v.nheaders--;
  }
  uint8_t *bytes = live_http_request_bytes(&v, out_len);
  free(new_body);
  return bytes;
}
