/* Properties of the relay registry (§1.8.4, §1.11.8) under any sequence of
 * registrations, measurements and clock moves: find_relays returns every
 * fresh matching relay up to max, sorted (load, then known latency, then
 * slot); select_best_relay returns an eligible relay of the highest score;
 * scores are finite and within [0, 1.05]; reliability and loss stay 0..100. */
#include <math.h>
#include <strings.h>
#include <string.h>

#include "formfuzz/prop.h"
#include "net.h"

static const char *const regions[] = {NULL, "eu", "EU", "us"};

static void draw_info(ff_input *in, net_relay_node_info *n) {
  memset(n, 0, sizeof *n);
  memset(n->pubkey, (int)ff_range(in, 1, 6), 32);
  const char *region = FF_PICK(in, regions);
  if (region) {
    n->region.present = true;
    n->region.len = (uint8_t)strlen(region);
    memcpy(n->region.s, region, n->region.len);
  }
  n->capabilities = (uint32_t)ff_range(in, 0, 31);
  n->load = (uint8_t)ff_range(in, 0, 100);
  if ((n->has_latency = ff_bool(in))) n->latency = (uint32_t)ff_range(in, 0, 400);
  n->reliability = (uint8_t)ff_range(in, 0, 100);
  if ((n->has_loss = ff_bool(in))) n->packet_loss = (uint8_t)ff_range(in, 0, 100);
  n->protocol_version = 1;
}

static bool region_match(const net_relay_node_info *n, const char *region) {
  if (!region) return true;
  if (!n->region.present) return false;
  return strcasecmp(n->region.s, region) == 0;
}

static bool fresh(const net_relay_entry *e, uint64_t now) {
  return now <= e->last_updated || now - e->last_updated <= NET_RELAY_STALE_AFTER;
}

static void check_find(const net_relay_registry *g, ff_input *in, uint64_t now) {
  const char *region = FF_PICK(in, regions);
  uint32_t caps = (uint32_t)ff_range(in, 0, 7);
  size_t max = ff_range(in, 0, NET_REGISTRY_MAX);
  const net_relay_entry *out[NET_REGISTRY_MAX];
  size_t n = net_relay_find_relays(g, region, caps, max, now, out), matching = 0;
  for (size_t i = 0; i < NET_REGISTRY_MAX; i++) {
    const net_relay_entry *e = &g->e[i];
    matching += e->used && fresh(e, now) && (e->info.capabilities & caps) == caps && region_match(&e->info, region);
  }
  FF_INVARIANT(n == (matching < max ? matching : max), "net.find_relays", "%zu of %zu matching relays for max %zu",
               n, matching, max);
  for (size_t i = 0; i < n; i++) {
    const net_relay_node_info *a = &out[i]->info;
    FF_INVARIANT(fresh(out[i], now) && (a->capabilities & caps) == caps && region_match(a, region),
                 "net.find_relays", "relay %zu does not match the query", i);
    if (i == 0) continue;
    const net_relay_node_info *b = &out[i - 1]->info;
    bool ordered = b->load < a->load ||
                   (b->load == a->load && ((b->has_latency && !a->has_latency) ||
                                           (b->has_latency == a->has_latency &&
                                            (!a->has_latency || b->latency <= a->latency))));
    FF_INVARIANT(ordered, "net.find_relays", "relays %zu and %zu out of order (load %u/%u)", i - 1, i, b->load, a->load);
  }
}

static void check_select(const net_relay_registry *g, ff_input *in, uint64_t now) {
  uint32_t required = (uint32_t)ff_range(in, 0, 7);
  const char *pref = FF_PICK(in, regions), *target = FF_PICK(in, regions);
  const net_relay_entry *best = net_relay_select_best(g, required, pref, target, now);
  double top = -1;
  for (size_t i = 0; i < NET_REGISTRY_MAX; i++) {
    const net_relay_entry *e = &g->e[i];
    if (!e->used) continue;
    double s = net_relay_score(&e->info, pref, target);
    FF_INVARIANT(isfinite(s) && s >= 0 && s <= 1.05 + 1e-9, "net.relay_score", "score %g", s);
    FF_INVARIANT(e->info.reliability <= 100 && (!e->info.has_loss || e->info.packet_loss <= 100),
                 "net.relay_score", "reliability %u, loss %u", e->info.reliability, e->info.packet_loss);
    if (fresh(e, now) && (e->info.capabilities & required) == required && e->info.load <= NET_RELAY_MAX_LOAD &&
        s > top)
      top = s;
  }
  FF_INVARIANT((best == NULL) == (top < 0), "net.select_best", "selected %s, eligible relays %s",
               best ? "one" : "none", top < 0 ? "none" : "exist");
  if (best)
    FF_INVARIANT(net_relay_score(&best->info, pref, target) == top, "net.select_best", "selected score %g, best %g",
                 net_relay_score(&best->info, pref, target), top);
}

FF_PROPERTY(net_relay_registry_order) {
  net_relay_registry g;
  net_relay_registry_init(&g);
  uint64_t now = 1700000000u;
  for (unsigned step = 0; step < 32 && ff_more(in); step++) {
    uint8_t key[32];
    memset(key, (int)ff_range(in, 1, 6), 32);
    switch (ff_choose(in, 6)) {
      case 0: {
        net_relay_node_info n;
        draw_info(in, &n);
        net_relay_register(&g, &n, now);
        break;
      }
      case 1: net_relay_record_result(&g, key, ff_bool(in), now); break;
      case 2: net_relay_record_loss(&g, key, ff_u8(in)); break;
      case 3: net_relay_record_latency(&g, key, (uint32_t)ff_range(in, 0, 1000)); break;
      case 4: now += ff_range(in, 0, 2 * NET_RELAY_STALE_AFTER); break;
      default: break;
    }
    check_find(&g, in, now);
    check_select(&g, in, now);
  }
}
