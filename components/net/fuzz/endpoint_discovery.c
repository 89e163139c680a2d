/* net_endpoint_discovery (FF_PROPERTY; also the net_properties test):
 * candidate reports (endpoint texts from the
 * generator: valid, near-valid, hostile, v4/v6, duplicates), local address
 * lists, and connection-cache histories (successes, failures, time going
 * forward and back). Oracles:
 *   net.candidate_filter  the §1.3 filter agrees with core/gen's independent
 *                         address classifier and keeps at most 10, in order;
 *   net.cache_bound       at most 5 entries per peer;
 *   net.score             every score is finite, >= 0 and <= NET_SCORE_MAX;
 *   net.recency           recency stays in [1, 10] and never rises as the last
 *                         success gets older;
 *   net.priority          the order is a duplicate-free permutation of the
 *                         candidates: usable cached ones by score first, Failed
 *                         ones last. */
#include <math.h>
#include <string.h>

#include "formfuzz/gen_ip.h"
#include "formfuzz/oracle.h"
#include "formfuzz/prop.h"
#include "gen.h"

#define DAY 86400u

static bool reference_allowed(const net_ip *ip) {
  if (ip->family == 4) return true;
  ff_ip_value v = {.family = FF_IP_V6, .prefix = -1};
  memcpy(v.addr, ip->b, 16);
  switch (ff_ip_classify(&v)) {
    case FF_IP_MULTICAST: case FF_IP_LOOPBACK: case FF_IP_UNSPECIFIED: case FF_IP_DOCUMENTATION:
    case FF_IP_LINK_LOCAL: case FF_IP_PRIVATE: return false;
    default: return true;
  }
}

static void step_filter(ff_input *in) {
  net_ip ips[24], out[NET_MAX_LOCAL_CANDIDATES];
  size_t n = ff_range(in, 0, 24);
  for (size_t i = 0; i < n; i++) {
    char text[80];
    ff_buf b;
    ff_buf_init(&b, text, sizeof text);
    ff_ip_value v;
    if (!ff_gen_ip(in, FF_GEN_VALID, ff_bool(in) ? FF_IP_V4 : FF_IP_V6, &b, &v, NULL) || net_ip_parse(&ips[i], text) != 0) {
      memset(&ips[i], 0, sizeof ips[i]);
      ips[i].family = 4;
    }
  }
  size_t k = net_filter_local_addrs(ips, n, out), j = 0;
  for (size_t i = 0; i < n && j < NET_MAX_LOCAL_CANDIDATES; i++) {
    if (!reference_allowed(&ips[i])) continue;
    char a[NET_IP_STRLEN];
    FF_INVARIANT(j < k && net_ip_equal(&out[j], &ips[i]), "net.candidate_filter", "candidate %s missing or out of order",
                 net_ip_format(&ips[i], a, sizeof a));
    j++;
  }
  FF_INVARIANT(j == k && k <= NET_MAX_LOCAL_CANDIDATES, "net.candidate_filter", "kept %zu, reference %zu", k, j);
}

static void check_cache(const net_conn_cache *c, uint64_t now) {
  size_t used = 0;
  for (size_t i = 0; i < NET_CACHE_PER_PEER; i++) {
    const net_cache_entry *e = &c->e[i];
    if (!e->used) continue;
    used++;
    double s = net_cache_score(e, now);
    FF_INVARIANT(isfinite(s) && s >= 0 && s <= NET_SCORE_MAX, "net.score", "score %g", s);
  }
  FF_INVARIANT(used <= NET_CACHE_PER_PEER, "net.cache_bound", "%zu entries", used);
}

static void step_recency(ff_input *in, uint64_t now) {
  uint64_t last = now - ff_range(in, 0, 8 * DAY);
  uint64_t later = ff_range(in, 0, 4 * DAY);
  double r1 = net_recency(now, last), r2 = net_recency(now + later, last);
  FF_INVARIANT(r1 >= 1 && r1 <= 10 && r2 >= 1 && r2 <= 10, "net.recency", "recency %g / %g outside [1, 10] (age %llu s)",
               r1, r2, (unsigned long long)(now - last));
  FF_INVARIANT(r2 <= r1, "net.recency", "recency rose from %g to %g as the success aged %llu s more", r1, r2,
               (unsigned long long)later);
}

static void check_priority(const net_conn_cache *c, const net_endpoint *cands, size_t n, uint64_t now) {
  net_endpoint out[64];
  size_t k = net_prioritize(c, cands, n, now, out);
  size_t distinct = 0;
  for (size_t i = 0; i < n; i++) {
    bool seen = false;
    for (size_t j = 0; j < i && !seen; j++) seen = net_endpoint_equal(&cands[i], &cands[j]);
    distinct += !seen;
  }
  FF_INVARIANT(k == distinct, "net.priority", "%zu distinct candidates, %zu in the order", distinct, k);
  int last_tier = 0;
  double last_score = INFINITY;
  for (size_t i = 0; i < k; i++) {
    for (size_t j = 0; j < i; j++)
      FF_INVARIANT(!net_endpoint_equal(&out[i], &out[j]), "net.priority", "duplicate at %zu", i);
    bool present = false;
    for (size_t j = 0; j < n && !present; j++) present = net_endpoint_equal(&out[i], &cands[j]);
    FF_INVARIANT(present, "net.priority", "entry %zu was not a candidate", i);
    const net_cache_entry *e = net_cache_find(c, &out[i]);
    int tier = !e ? 1 : e->health == NET_HEALTH_FAILED ? 2 : 0;
    FF_INVARIANT(tier >= last_tier, "net.priority", "entry %zu (tier %d) after tier %d: failed endpoints must come last",
                 i, tier, last_tier);
    if (tier != last_tier) last_score = INFINITY;
    if (tier == 0) {
      double s = net_cache_score(e, now);
      FF_INVARIANT(s <= last_score, "net.priority", "cached entry %zu scores %g after %g", i, s, last_score);
      last_score = s;
    }
    last_tier = tier;
  }
}

FF_PROPERTY(net_endpoint_discovery) {
  net_conn_cache cache;
  net_cache_init(&cache);
  net_endpoint cands[16];
  size_t ncands = 0;
  uint64_t now = 1700000000u;
  for (unsigned steps = 0; steps < 64 && ff_more(in); steps++) {
    switch (ff_choose(in, 6)) {
      case 0: { /* a reported candidate */
        char text[160];
        ff_buf b;
        ff_buf_init(&b, text, sizeof text);
        net_gen_endpoint_text(in, &b);
        net_endpoint ep;
        if (net_endpoint_parse(&ep, b.data, b.len) == NET_OK && ncands < 16) cands[ncands++] = ep;
        break;
      }
      case 1: { /* success on a known candidate */
        if (!ncands) break;
        const net_endpoint *ep = &cands[ff_choose(in, ncands)];
        net_cache_record_success(&cache, ep, now, ff_bool(in), ff_u16(in), ff_bool(in), ff_u8(in));
        break;
      }
      case 2:
        if (ncands) net_cache_record_failure(&cache, &cands[ff_choose(in, ncands)]);
        break;
      case 3: { /* the clock moves: forward, far forward, or back */
        size_t how = ff_choose(in, 3);
        uint64_t d = ff_range(in, 0, how == 1 ? 10 * DAY : 3600);
        now = how == 2 ? now - d : now + d;
        break;
      }
      case 4: step_filter(in); break;
      default: step_recency(in, now); break;
    }
    check_cache(&cache, now);
    check_priority(&cache, cands, ncands, now);
  }
}
