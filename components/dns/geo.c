/* dns GeoDNS (spec §2.7): the location table (loaded whole or not at all:
 * fault site storage.read), haversine distance, the four distance curves,
 * region/country bonus, a stable descending order truncated to max_results.
 * Unlike the original, the order is applied for any number of addresses and
 * scores are never NaN. */
#include <math.h>
#include <string.h>

#include "formfuzz/bug.h"
#include "formfuzz/fault.h"
#include "dns_geo.h"

void dns_geo_cfg_default(dns_geo_cfg *cfg) {
  cfg->prefer_same_region = true;
  cfg->max_results = 3;
  cfg->region_bias = 0.8;
  cfg->max_distance_km = 0;
  cfg->curve = DNS_CURVE_LINEAR;
}

int dns_geo_db_add(dns_geo_db *db, const dns_ip *net, uint8_t plen, const dns_geo_loc *loc) {
  if (db->n >= DNS_GEO_DB_MAX || plen > (net->family == 4 ? 32 : 128)) return -1;
  db->e[db->n].net = *net;
  db->e[db->n].plen = plen;
  db->e[db->n].loc = *loc;
  db->n++;
  return 0;
}

int dns_geo_db_load(dns_geo_db *db, const dns_geo_entry *entries, size_t n) {
  if (ff_fault("storage.read")) return -1; /* the database file could not be read */
  static _Thread_local dns_geo_db next;
  memset(&next, 0, sizeof next);
  for (size_t i = 0; i < n; i++)
    if (dns_geo_db_add(&next, &entries[i].net, entries[i].plen, &entries[i].loc)) return -1;
  *db = next;
  return 0;
}

void dns_geo_lookup(const dns_geo_db *db, const dns_ip *addr, dns_geo_loc *loc) {
  memset(loc, 0, sizeof *loc);
  int best = -1;
  for (size_t i = 0; db && i < db->n; i++)
    if (dns_ip_in_prefix(addr, &db->e[i].net, db->e[i].plen) && (best < 0 || db->e[i].plen > db->e[best].plen))
      best = (int)i;
  if (best >= 0) *loc = db->e[best].loc;
}

double dns_geo_distance_km(const dns_geo_loc *a, const dns_geo_loc *b) {
  const double r = 6371.0, rad = M_PI / 180.0;
  double dlat = (b->lat - a->lat) * rad, dlon = (b->lon - a->lon) * rad;
  double h = sin(dlat / 2) * sin(dlat / 2) + cos(a->lat * rad) * cos(b->lat * rad) * sin(dlon / 2) * sin(dlon / 2);
  if (h > 1) h = 1;
  if (h < 0) h = 0;
  return 2 * r * asin(sqrt(h));
}

double dns_geo_distance_score(dns_curve curve, double km) {
  if (!(km >= 0)) return 0; /* NaN or negative */
  double lin = 1 - fmin(km / 20000.0, 1);
  switch (curve) {
  case DNS_CURVE_QUADRATIC: return lin * lin;
  case DNS_CURVE_LOG: return km < 1 ? 1 : 1 - fmin(fmax(log(km) / 10, 0), 1);
  case DNS_CURVE_STEPPED:
    return km < 100 ? 1 : km < 500 ? 0.8 : km < 2000 ? 0.6 : km < 5000 ? 0.4 : 0.2;
  default: return lin;
  }
}

double dns_geo_score(const dns_geo_cfg *cfg, const dns_geo_loc *client, const dns_geo_loc *server) {
  if (!client->known || !server->known) return 0.01;
  double d = dns_geo_distance_km(client, server);
  if (cfg->max_distance_km > 0 && d > cfg->max_distance_km) return 0;
  double bias = cfg->region_bias;
  if (!(bias >= 0)) bias = 0;
  if (bias > 1) bias = 1;
  double bonus = 0;
  bool same_country = client->country[0] && strcmp(client->country, server->country) == 0;
  if (cfg->prefer_same_region && same_country) {
    bool same_region = client->region[0] && strcmp(client->region, server->region) == 0;
    bonus = same_region ? bias : bias / 2;
  }
  double s = dns_geo_distance_score(cfg->curve, d) * (1 - bias) + bonus;
  if (!(s >= 0)) s = 0;
  return s > 1 ? 1 : s;
}

size_t dns_geo_order(const dns_geo_cfg *cfg, const dns_geo_db *db, const dns_ip *client,
                     const dns_ip *in, size_t n, dns_ip *out) {
  double score[64];
  if (n > 64) n = 64;
  memcpy(out, in, n * sizeof *in);
  size_t max = cfg->max_results ? cfg->max_results : n;
  /* known-bug replica: the sorted, truncated list is used only when its length
   * equals the input's, so with more than max_results addresses nothing happens (§2.4.5) */
  if (FF_BUG("dns.geo_untruncated") && n > max) return n;
  if (client && db) {
    dns_geo_loc cl, sv;
    dns_geo_lookup(db, client, &cl);
    for (size_t i = 0; i < n; i++) {
      dns_geo_lookup(db, &in[i], &sv);
      score[i] = dns_geo_score(cfg, &cl, &sv);
    }
    for (size_t i = 1; i < n; i++) { /* insertion sort: stable */
      dns_ip a = out[i];
      double s = score[i];
      size_t j = i;
      for (; j > 0 && score[j - 1] < s; j--) out[j] = out[j - 1], score[j] = score[j - 1];
      out[j] = a, score[j] = s;
    }
  }
  return n < max ? n : max;
}
