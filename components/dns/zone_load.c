/* dns zone loading: a master-file reader (RFC 1035 5) for the record types
 * the core knows, producing uncompressed RDATA. */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns_zone.h"

#define TOK_MAX 64

typedef struct line_toks {
  char *tok[TOK_MAX];
  bool quoted[TOK_MAX];
  size_t n;
  bool owner_blank;
} line_toks;

/* Splits one logical record (parentheses may span lines) into tokens. */
static const char *next_record(const char *p, char *buf, size_t cap, line_toks *t, int *lineno) {
  size_t o = 0;
  int depth = 0;
  t->n = 0;
  t->owner_blank = (*p == ' ' || *p == '\t');
  while (*p) {
    char c = *p;
    if (c == ';') {
      while (*p && *p != '\n') p++;
      continue;
    }
    if (c == '\n') {
      (*lineno)++;
      p++;
      if (depth == 0) {
        if (t->n) break;
        t->owner_blank = (*p == ' ' || *p == '\t');
      }
      continue;
    }
    if (c == '(' || c == ')') {
      depth += c == '(' ? 1 : -1;
      p++;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r') {
      p++;
      continue;
    }
    if (t->n >= TOK_MAX) return NULL;
    t->quoted[t->n] = c == '"';
    t->tok[t->n++] = buf + o;
    if (c == '"') {
      p++;
      while (*p && *p != '"' && o + 2 < cap) {
        if (*p == '\\' && p[1]) buf[o++] = *p++;
        buf[o++] = *p++;
      }
      if (*p == '"') p++;
    } else {
      while (*p && !strchr(" \t\r\n;()", *p) && o + 2 < cap) {
        if (*p == '\\' && p[1]) buf[o++] = *p++;
        buf[o++] = *p++;
      }
    }
    buf[o++] = 0;
  }
  return p;
}

static int name_of(const char *tok, const dns_name *origin, dns_name *out) {
  if (strcmp(tok, "@") == 0) {
    *out = *origin;
    return 0;
  }
  size_t n = strlen(tok);
  if (n && tok[n - 1] == '.' && (n < 2 || tok[n - 2] != '\\')) return dns_name_from_text(tok, out);
  dns_name rel;
  if (dns_name_from_text(tok, &rel) || rel.len - 1 + origin->len > DNS_NAME_WIRE_MAX) return -1;
  memcpy(out->wire, rel.wire, rel.len - 1u);
  memcpy(out->wire + rel.len - 1, origin->wire, origin->len);
  out->len = (uint8_t)(rel.len - 1 + origin->len);
  return 0;
}

static int parse_u32(const char *s, uint32_t *v) {
  char *end;
  if (!*s || !isdigit((unsigned char)*s)) return -1;
  unsigned long x = strtoul(s, &end, 10);
  if (*end || x > 0xffffffffUL) return -1;
  *v = (uint32_t)x;
  return 0;
}

static void put16(uint8_t *rd, size_t *n, uint32_t v) { rd[(*n)++] = (uint8_t)(v >> 8), rd[(*n)++] = (uint8_t)v; }

static int rdata_of(uint16_t type, char **f, size_t nf, const dns_name *origin, uint8_t *rd, size_t *n) {
  dns_name nm;
  uint32_t v[5];
  *n = 0;
  switch (type) {
  case DNS_T_A: return nf == 1 && inet_pton(AF_INET, f[0], rd) == 1 ? (*n = 4, 0) : -1;
  case DNS_T_AAAA: return nf == 1 && inet_pton(AF_INET6, f[0], rd) == 1 ? (*n = 16, 0) : -1;
  case DNS_T_NS:
  case DNS_T_CNAME:
  case DNS_T_PTR:
    if (nf != 1 || name_of(f[0], origin, &nm)) return -1;
    memcpy(rd, nm.wire, nm.len), *n = nm.len;
    return 0;
  case DNS_T_MX:
    if (nf != 2 || parse_u32(f[0], &v[0]) || v[0] > 0xffff || name_of(f[1], origin, &nm)) return -1;
    put16(rd, n, v[0]);
    memcpy(rd + *n, nm.wire, nm.len), *n += nm.len;
    return 0;
  case DNS_T_SRV:
    if (nf != 4 || parse_u32(f[0], &v[0]) || parse_u32(f[1], &v[1]) || parse_u32(f[2], &v[2]) ||
        name_of(f[3], origin, &nm) || v[0] > 0xffff || v[1] > 0xffff || v[2] > 0xffff)
      return -1;
    for (int i = 0; i < 3; i++) put16(rd, n, v[i]);
    memcpy(rd + *n, nm.wire, nm.len), *n += nm.len;
    return 0;
  case DNS_T_SOA: {
    dns_name m2;
    if (nf != 7 || name_of(f[0], origin, &nm) || name_of(f[1], origin, &m2)) return -1;
    memcpy(rd, nm.wire, nm.len), *n = nm.len;
    memcpy(rd + *n, m2.wire, m2.len), *n += m2.len;
    for (int i = 0; i < 5; i++) {
      if (parse_u32(f[2 + i], &v[i])) return -1;
      rd[(*n)++] = (uint8_t)(v[i] >> 24), rd[(*n)++] = (uint8_t)(v[i] >> 16);
      rd[(*n)++] = (uint8_t)(v[i] >> 8), rd[(*n)++] = (uint8_t)v[i];
    }
    return 0;
  }
  case DNS_T_TXT:
    if (nf == 0) return -1;
    for (size_t i = 0; i < nf; i++) {
      size_t o = *n + 1, len = 0;
      for (const char *s = f[i]; *s; s++, len++) {
        if (len >= 255) return -1;
        rd[o + len] = (uint8_t)(*s == '\\' && s[1] ? *++s : *s);
      }
      rd[*n] = (uint8_t)len;
      *n = o + len;
    }
    return 0;
  case DNS_T_CAA: {
    size_t tl = nf == 3 ? strlen(f[1]) : 0, vl = nf == 3 ? strlen(f[2]) : 0;
    if (nf != 3 || parse_u32(f[0], &v[0]) || v[0] > 255 || tl == 0 || tl > 15 || vl > 1000) return -1;
    rd[0] = (uint8_t)v[0], rd[1] = (uint8_t)tl;
    memcpy(rd + 2, f[1], tl), memcpy(rd + 2 + tl, f[2], vl);
    *n = 2 + tl + vl;
    return 0;
  }
  default: return -1;
  }
}

static uint16_t type_of(const char *s) {
  static const struct { const char *name; uint16_t type; } T[] = {
      {"A", DNS_T_A},     {"AAAA", DNS_T_AAAA}, {"NS", DNS_T_NS},   {"CNAME", DNS_T_CNAME}, {"PTR", DNS_T_PTR},
      {"MX", DNS_T_MX},   {"TXT", DNS_T_TXT},   {"SRV", DNS_T_SRV}, {"SOA", DNS_T_SOA},     {"CAA", DNS_T_CAA}};
  for (size_t i = 0; i < sizeof T / sizeof *T; i++)
    if (strcasecmp(s, T[i].name) == 0) return T[i].type;
  return 0;
}

int dns_zone_load(dns_zone *z, const char *text, const char *origin, char *err, size_t cap) {
  memset(z, 0, sizeof *z);
  z->soa = -1;
  if (dns_msg_init(&z->rrs)) return snprintf(err, cap, "out of memory"), -1;
  dns_name org, owner;
  if (dns_name_from_text(origin, &org)) return snprintf(err, cap, "bad origin %s", origin), -1;
  z->origin = org;
  owner = org;
  uint32_t default_ttl = 3600;
  int lineno = 1;
  size_t bufcap = strlen(text) + 16;
  char *buf = malloc(bufcap);
  if (!buf) return snprintf(err, cap, "out of memory"), -1;
  const char *p = text;
  line_toks t;
  int rc = 0;
  while (p && *p) {
    int at = lineno;
    p = next_record(p, buf, bufcap, &t, &lineno);
    if (!p) { rc = -1; snprintf(err, cap, "line %d: too many fields", at); break; }
    if (t.n == 0) continue;
    size_t i = 0;
    if (strcmp(t.tok[0], "$ORIGIN") == 0 || strcmp(t.tok[0], "$TTL") == 0) {
      bool bad = t.n != 2 || (t.tok[0][1] == 'O' ? name_of(t.tok[1], &z->origin, &org) != 0 : parse_u32(t.tok[1], &default_ttl) != 0);
      if (bad) { rc = -1; snprintf(err, cap, "line %d: bad %s", at, t.tok[0]); break; }
      continue;
    }
    if (!t.owner_blank) {
      if (name_of(t.tok[0], &org, &owner)) { rc = -1; snprintf(err, cap, "line %d: bad owner", at); break; }
      i = 1;
    }
    uint32_t ttl = default_ttl;
    for (int k = 0; k < 2 && i < t.n; k++) {
      if (parse_u32(t.tok[i], &ttl) == 0) i++;
      else if (strcasecmp(t.tok[i], "IN") == 0) i++;
    }
    uint16_t type = i < t.n ? type_of(t.tok[i]) : 0;
    uint8_t rd[2048];
    size_t rdlen = 0;
    if (!type || rdata_of(type, t.tok + i + 1, t.n - i - 1, &org, rd, &rdlen)) {
      rc = -1;
      snprintf(err, cap, "line %d: bad or unsupported record", at);
      break;
    }
    if (!dns_name_is_subdomain(&owner, &z->origin)) { rc = -1; snprintf(err, cap, "line %d: outside the zone", at); break; }
    if (type == DNS_T_SOA) z->soa = (int)z->rrs.nrr;
    if (dns_msg_add(&z->rrs, DNS_AN, &owner, type, DNS_C_IN, ttl, rd, (uint16_t)rdlen)) {
      rc = -1;
      snprintf(err, cap, "line %d: zone too large", at);
      break;
    }
  }
  free(buf);
  if (rc == 0 && z->soa < 0) rc = -1, snprintf(err, cap, "no SOA record");
  return rc;
}

void dns_zone_free(dns_zone *z) { dns_msg_free(&z->rrs); }
