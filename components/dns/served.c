/* dns served store: reads the --store file of formfuzz-dns (see dns_served.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns_served.h"

#define WORDS_MAX (3 + DNS_MAX_IPS)

static int fail(char *err, size_t cap, unsigned line, const char *why) {
  if (err && cap) snprintf(err, cap, "line %u: %s", line, why);
  return -1;
}

static bool parse_u32(const char *s, uint32_t *out) {
  char *end;
  unsigned long v = strtoul(s, &end, 10);
  if (!*s || *end || v > UINT32_MAX) return false;
  *out = (uint32_t)v;
  return true;
}

static bool parse_double(const char *s, double *out) {
  char *end;
  *out = strtod(s, &end);
  return *s && !*end && *out == *out;
}

/* record NAME TYPE TTL VALUE... */
static const char *add_record(dns_served *s, char **w, size_t n, char *why, size_t cap) {
  if (n < 5) return "record needs NAME TYPE TTL and a value";
  dns_api_req req = {.domain = w[1]};
  dns_ip ips[DNS_MAX_IPS];
  uint32_t ttl;
  if (!parse_u32(w[3], &ttl) || ttl < DNS_TTL_MIN || ttl > DNS_TTL_MAX) return "TTL out of 1..604800";
  if (strcmp(w[2], "CNAME") == 0) {
    if (n != 5) return "CNAME takes one target";
    req.type = DNS_T_CNAME, req.cname_target = w[4];
  } else {
    req.type = strcmp(w[2], "A") == 0 ? DNS_T_A : strcmp(w[2], "AAAA") == 0 ? DNS_T_AAAA : 0;
    if (!req.type) return "record type must be A, AAAA or CNAME";
    for (size_t i = 4; i < n; i++)
      if (dns_ip_parse(w[i], &ips[i - 4])) return "bad address";
    req.ips = ips, req.nips = n - 4;
  }
  if (dns_api_create(&s->store, &req, why, cap)) return why;
  dns_store_get_mut(&s->store, w[1])->ttl = ttl;
  return NULL;
}

static const char *add_geo(dns_served *s, char **w, size_t n) {
  if (n != 6) return "geo needs PREFIX/LEN LAT LON COUNTRY REGION";
  char *slash = strchr(w[1], '/');
  uint32_t plen;
  dns_ip net;
  dns_geo_loc loc = {.known = true};
  if (!slash) return "geo prefix needs /LEN";
  *slash = 0;
  if (dns_ip_parse(w[1], &net) || !parse_u32(slash + 1, &plen) || plen > (net.family == 4 ? 32u : 128u))
    return "bad geo prefix";
  if (!parse_double(w[2], &loc.lat) || !parse_double(w[3], &loc.lon) || loc.lat < -90 || loc.lat > 90 ||
      loc.lon < -180 || loc.lon > 180)
    return "bad coordinates";
  if (strlen(w[4]) != 2 || strlen(w[5]) >= sizeof loc.region) return "country is two letters, region short";
  strcpy(loc.country, w[4]);
  strcpy(loc.region, w[5]);
  return dns_geo_db_add(&s->geo, &net, (uint8_t)plen, &loc) ? "geo table full" : NULL;
}

static const char *directive(dns_served *s, char **w, size_t n, char *why, size_t cap) {
  if (strcmp(w[0], "zone") == 0)
    return n == 2 && dns_store_add_zone(&s->store, w[1]) == 0 ? NULL : "zone needs one valid name (at most 4 zones)";
  if (strcmp(w[0], "record") == 0) return add_record(s, w, n, why, cap);
  if (strcmp(w[0], "geo") == 0) return add_geo(s, w, n);
  if (strcmp(w[0], "health") == 0) {
    dns_ip ip;
    bool down = n == 3 && strcmp(w[2], "down") == 0;
    if (n != 3 || (!down && strcmp(w[2], "up") != 0) || dns_ip_parse(w[1], &ip)) return "health needs ADDR up|down";
    for (int k = 0; k < (down ? DNS_HEALTH_FALL : DNS_HEALTH_RISE); k++) dns_health_observe(&s->health, &ip, !down, 0);
    return NULL;
  }
  if (strcmp(w[0], "max-results") == 0) {
    uint32_t v;
    if (n != 2 || !parse_u32(w[1], &v) || v > 2 * DNS_MAX_IPS) return "max-results needs 0..16";
    s->geo_cfg.max_results = v;
    return NULL;
  }
  return "unknown directive (zone, record, health, geo, max-results)";
}

int dns_served_load(dns_served *s, const char *text, char *err, size_t cap) {
  memset(s, 0, sizeof *s);
  dns_store_init(&s->store);
  dns_health_init(&s->health);
  dns_geo_cfg_default(&s->geo_cfg);
  unsigned line = 0;
  for (const char *p = text; *p;) {
    const char *eol = strchr(p, '\n');
    size_t len = eol ? (size_t)(eol - p) : strlen(p);
    char buf[1024];
    line++;
    if (len >= sizeof buf) return fail(err, cap, line, "line too long");
    memcpy(buf, p, len);
    buf[len] = 0;
    p += len + (eol != NULL);
    char *hash = strchr(buf, '#');
    if (hash) *hash = 0;
    char *w[WORDS_MAX + 1], *save = NULL;
    size_t n = 0;
    for (char *t = strtok_r(buf, " \t\r", &save); t; t = strtok_r(NULL, " \t\r", &save)) {
      if (n == WORDS_MAX) return fail(err, cap, line, "too many words");
      w[n++] = t;
    }
    char api_err[128];
    const char *why = n ? directive(s, w, n, api_err, sizeof api_err) : NULL;
    if (why) return fail(err, cap, line, why);
  }
  return 0;
}

void dns_served_ctx(const dns_served *s, dns_answer_ctx *ctx) {
  ctx->health = &s->health;
  ctx->geo = &s->geo;
  ctx->geo_cfg = &s->geo_cfg;
}
