/* The registry of known relays (§1.8.4): registration that keeps learned
 * measurements, find_relays, select_best_relay and the score, and the
 * reliability and packet-loss moving averages. */
#include <string.h>

#include "formfuzz/bug.h"
#include "net_relay_registry.h"

void net_relay_registry_init(net_relay_registry *g) { memset(g, 0, sizeof *g); }

net_relay_entry *net_relay_registry_get(net_relay_registry *g, const uint8_t pubkey[32]) {
  for (size_t i = 0; i < NET_REGISTRY_MAX; i++)
    if (g->e[i].used && memcmp(g->e[i].info.pubkey, pubkey, 32) == 0) return &g->e[i];
  return NULL;
}

size_t net_relay_registry_count(const net_relay_registry *g) {
  size_t n = 0;
  for (size_t i = 0; i < NET_REGISTRY_MAX; i++) n += g->e[i].used;
  return n;
}

static bool stale(const net_relay_entry *e, uint64_t now) {
  return now > e->last_updated && now - e->last_updated > NET_RELAY_STALE_AFTER;
}

net_err net_relay_register(net_relay_registry *g, const net_relay_node_info *info, uint64_t now) {
  if (info->load > 100 || info->reliability > 100 || (info->has_loss && info->packet_loss > 100) ||
      info->nendpoints > NET_RELAY_MAX_ENDPOINTS)
    return NET_E_RANGE;
  net_relay_entry *e = net_relay_registry_get(g, info->pubkey);
  if (e) {
    net_relay_node_info learned = e->info;
    e->info = *info;
    e->last_updated = now;
    /* Replica net.register_resets: register_relay overwrites the entry, so a
     * re-announced or bootstrap-refreshed relay loses what was learned (§1.8.4). */
    if (FF_BUG("net.register_resets")) return NET_OK;
    e->info.reliability = learned.reliability;
    e->info.has_latency = learned.has_latency, e->info.latency = learned.latency;
    e->info.has_loss = learned.has_loss, e->info.packet_loss = learned.packet_loss;
    e->info.has_last_result = learned.has_last_result, e->info.last_result_time = learned.last_result_time;
    e->last_updated = now;
    return NET_OK;
  }
  net_relay_entry *slot = NULL;
  for (size_t i = 0; i < NET_REGISTRY_MAX && !slot; i++)
    if (!g->e[i].used) slot = &g->e[i];
  for (size_t i = 0; i < NET_REGISTRY_MAX && !slot; i++)
    if (stale(&g->e[i], now) && (!slot || g->e[i].last_updated < slot->last_updated)) slot = &g->e[i];
  if (!slot) return NET_E_EXHAUSTED;
  slot->used = true;
  slot->info = *info;
  slot->last_updated = now;
  return NET_OK;
}

static bool region_equal_nocase(const net_opt_text *t, const char *region) {
  size_t n = strlen(region);
  if (!t->present || t->len != n) return false;
  for (size_t i = 0; i < n; i++) {
    char a = t->s[i], b = region[i];
    if (a >= 'A' && a <= 'Z') a = (char)(a - 'A' + 'a');
    if (b >= 'A' && b <= 'Z') b = (char)(b - 'A' + 'a');
    if (a != b) return false;
  }
  return true;
}

static bool region_equal(const net_opt_text *t, const char *region) {
  return region && t->present && t->len == strlen(region) && memcmp(t->s, region, t->len) == 0;
}

/* find_relays order: load, then latency (known first), then slot. */
static bool before(const net_relay_entry *a, const net_relay_entry *b) {
  if (a->info.load != b->info.load) return a->info.load < b->info.load;
  if (a->info.has_latency != b->info.has_latency) return a->info.has_latency;
  if (a->info.has_latency && a->info.latency != b->info.latency) return a->info.latency < b->info.latency;
  return a < b;
}

size_t net_relay_find_relays(const net_relay_registry *g, const char *region, uint32_t min_caps, size_t max,
                             uint64_t now, const net_relay_entry **out) {
  const net_relay_entry *match[NET_REGISTRY_MAX];
  size_t n = 0;
  for (size_t i = 0; i < NET_REGISTRY_MAX; i++) {
    const net_relay_entry *e = &g->e[i];
    if (!e->used || stale(e, now) || (e->info.capabilities & min_caps) != min_caps) continue;
    if (region && !region_equal_nocase(&e->info.region, region)) continue;
    size_t at = n++;
    while (at > 0 && before(e, match[at - 1])) {
      match[at] = match[at - 1];
      at--;
    }
    match[at] = e;
  }
  if (n > max) n = max;
  memcpy(out, match, n * sizeof *out);
  return n;
}

double net_relay_score(const net_relay_node_info *n, const char *preferred_region, const char *target_region) {
  double score = 0;
  if (n->has_latency && n->latency < 200) score += (1.0 - n->latency / 200.0) * 0.3;
  score += (1.0 - (n->load > 100 ? 100 : n->load) / 100.0) * 0.2;
  score += __builtin_popcount(n->capabilities) / 32.0 * 0.1;
  if (region_equal(&n->region, preferred_region)) score += 0.1;
  if (region_equal(&n->region, target_region)) score += 0.05;
  score += (n->reliability > 100 ? 100 : n->reliability) / 100.0 * 0.3;
  if (n->has_loss) score *= 1.0 - (n->packet_loss > 100 ? 100 : n->packet_loss) / 100.0;
  return score;
}

const net_relay_entry *net_relay_select_best(const net_relay_registry *g, uint32_t required,
                                             const char *preferred_region, const char *target_region,
                                             uint64_t now) {
  const net_relay_entry *best = NULL;
  double best_score = -1;
  for (size_t i = 0; i < NET_REGISTRY_MAX; i++) {
    const net_relay_entry *e = &g->e[i];
    if (!e->used || stale(e, now) || (e->info.capabilities & required) != required ||
        e->info.load > NET_RELAY_MAX_LOAD)
      continue;
    double s = net_relay_score(&e->info, preferred_region, target_region);
    if (s > best_score) best = e, best_score = s;
  }
  return best;
}

uint8_t net_relay_reliability_next(uint8_t rel, bool success) {
  unsigned r = rel > 100 ? 100 : rel;
  /* 0.8 r + 0.2 x = (4 r + x) / 5, never exactly half-way: +2 rounds. */
  return (uint8_t)((4 * r + (success ? 100u : 0u) + 2) / 5);
}

uint8_t net_relay_loss_next(bool has_old, uint8_t old, uint8_t sample) {
  unsigned s = sample > 100 ? 100 : sample, o = old > 100 ? 100 : old;
  if (!has_old) return (uint8_t)s;
  return (uint8_t)((7 * o + 3 * s + 5) / 10); /* half-way rounds up, as f64::round */
}

net_err net_relay_record_result(net_relay_registry *g, const uint8_t pubkey[32], bool success, uint64_t now) {
  net_relay_entry *e = net_relay_registry_get(g, pubkey);
  if (!e) return NET_E_NOT_FOUND;
  e->info.reliability = net_relay_reliability_next(e->info.reliability, success);
  e->info.has_last_result = true;
  e->info.last_result_time = now;
  return NET_OK;
}

net_err net_relay_record_loss(net_relay_registry *g, const uint8_t pubkey[32], uint8_t loss_pct) {
  net_relay_entry *e = net_relay_registry_get(g, pubkey);
  if (!e) return NET_E_NOT_FOUND;
  e->info.packet_loss = net_relay_loss_next(e->info.has_loss, e->info.packet_loss, loss_pct);
  e->info.has_loss = true;
  return NET_OK;
}

net_err net_relay_record_latency(net_relay_registry *g, const uint8_t pubkey[32], uint32_t latency_ms) {
  net_relay_entry *e = net_relay_registry_get(g, pubkey);
  if (!e) return NET_E_NOT_FOUND;
  e->info.has_latency = true;
  e->info.latency = latency_ms;
  return NET_OK;
}
