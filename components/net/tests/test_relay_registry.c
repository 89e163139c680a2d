/* Unit tests of the relay client side (§1.8.4): registration keeps learned
 * values, find_relays filters and orders, select_best_relay scores, the
 * reliability and loss averages, the bootstrap relay configuration, the
 * adaptive timeout, and a relay's discovery answer listing the known relays. */
#include <math.h>
#include <string.h>

#include "ff_check.h"
#include "net.h"

#define NOW 1700000000u

static net_relay_node_info relay(uint8_t id, const char *region, uint32_t caps, uint8_t load, int latency) {
  net_relay_node_info n;
  memset(&n, 0, sizeof n);
  memset(n.pubkey, id, 32);
  if (region) {
    n.region.present = true;
    n.region.len = (uint8_t)strlen(region);
    memcpy(n.region.s, region, n.region.len);
  }
  n.capabilities = caps;
  n.load = load;
  if (latency >= 0) n.has_latency = true, n.latency = (uint32_t)latency;
  n.protocol_version = 1;
  n.reliability = 100;
  return n;
}

static void test_find(void) {
  net_relay_registry g;
  net_relay_registry_init(&g);
  net_relay_node_info a = relay(1, "eu-west", NET_CAP_IPV4, 50, 30), b = relay(2, "EU-West", 3, 10, -1),
                      c = relay(3, NULL, 3, 10, 80), d = relay(4, "us", 1, 10, 20);
  CHECK(net_relay_register(&g, &a, NOW) == NET_OK && net_relay_register(&g, &b, NOW) == NET_OK &&
        net_relay_register(&g, &c, NOW) == NET_OK && net_relay_register(&g, &d, NOW - 4000) == NET_OK);
  const net_relay_entry *out[NET_REGISTRY_MAX];
  /* d is stale; load 10 before 50; latency 80 before unknown. */
  size_t n = net_relay_find_relays(&g, NULL, 0, 10, NOW, out);
  CHECK(n == 3 && out[0]->info.pubkey[0] == 3 && out[1]->info.pubkey[0] == 2 && out[2]->info.pubkey[0] == 1);
  /* region ignoring case; a relay without a region is excluded */
  n = net_relay_find_relays(&g, "eu-WEST", 0, 10, NOW, out);
  CHECK(n == 2 && out[0]->info.pubkey[0] == 2 && out[1]->info.pubkey[0] == 1);
  /* capability superset, and the cut at max */
  n = net_relay_find_relays(&g, NULL, NET_CAP_IPV6, 10, NOW, out);
  CHECK(n == 2 && out[0]->info.pubkey[0] == 3 && out[1]->info.pubkey[0] == 2);
  CHECK(net_relay_find_relays(&g, NULL, 0, 1, NOW, out) == 1);
}

static void test_select_and_averages(void) {
  net_relay_node_info n = relay(1, "eu", 0x1f, 20, 50);
  /* 0.75*0.3 + 0.8*0.2 + 5/32*0.1 + 0.1 (preferred) + 0.3 */
  double expect = 0.225 + 0.16 + 5.0 / 32 * 0.1 + 0.1 + 0.3;
  CHECK(fabs(net_relay_score(&n, "eu", NULL) - expect) < 1e-9);
  CHECK(fabs(net_relay_score(&n, "EU", "eu") - (expect - 0.1 + 0.05)) < 1e-9);
  n.has_loss = true, n.packet_loss = 50;
  CHECK(fabs(net_relay_score(&n, "eu", NULL) - expect / 2) < 1e-9);

  CHECK(net_relay_reliability_next(100, false) == 80 && net_relay_reliability_next(80, false) == 64 &&
        net_relay_reliability_next(0, true) == 20 && net_relay_reliability_next(99, true) == 99 &&
        net_relay_reliability_next(1, false) == 1 && net_relay_reliability_next(100, true) == 100);
  CHECK(net_relay_loss_next(false, 0, 40) == 40 && net_relay_loss_next(true, 40, 0) == 28 &&
        net_relay_loss_next(true, 1, 2) == 1 && net_relay_loss_next(true, 100, 255) == 100 &&
        net_relay_loss_next(true, 5, 0) == 4); /* 3.5 rounds up */

  net_relay_registry g;
  net_relay_registry_init(&g);
  net_relay_node_info busy = relay(1, "eu", 3, 90, 10), good = relay(2, "eu", 3, 10, 10),
                      weak = relay(3, "eu", 1, 0, 10), old = relay(4, "eu", 3, 0, 0);
  net_relay_register(&g, &busy, NOW), net_relay_register(&g, &good, NOW), net_relay_register(&g, &weak, NOW);
  net_relay_register(&g, &old, NOW - NET_RELAY_STALE_AFTER - 1);
  const net_relay_entry *best = net_relay_select_best(&g, NET_CAP_IPV6, "eu", NULL, NOW);
  CHECK(best && best->info.pubkey[0] == 2); /* busy over 80 % load, weak lacks IPv6, old is stale */
  CHECK(net_relay_select_best(&g, 0x20, NULL, NULL, NOW) == NULL);

  /* learned values survive a refresh of what the relay advertises */
  CHECK(net_relay_record_result(&g, good.pubkey, false, NOW) == NET_OK);
  CHECK(net_relay_record_loss(&g, good.pubkey, 30) == NET_OK && net_relay_record_latency(&g, good.pubkey, 70) == NET_OK);
  good.load = 5;
  CHECK(net_relay_register(&g, &good, NOW + 10) == NET_OK);
  const net_relay_entry *e = net_relay_registry_get(&g, good.pubkey);
  CHECK(e && e->info.reliability == 80 && e->info.has_loss && e->info.packet_loss == 30 && e->info.latency == 70 &&
        e->info.load == 5 && e->info.has_last_result && e->info.last_result_time == NOW);
  uint8_t unknown[32] = {9};
  CHECK(net_relay_record_result(&g, unknown, true, NOW) == NET_E_NOT_FOUND);
}

static void test_full_registry(void) {
  net_relay_registry g;
  net_relay_registry_init(&g);
  for (uint8_t i = 0; i < NET_REGISTRY_MAX; i++) {
    net_relay_node_info n = relay((uint8_t)(i + 1), NULL, 1, 0, -1);
    CHECK(net_relay_register(&g, &n, i == 3 ? NOW - 5000 : NOW) == NET_OK);
  }
  net_relay_node_info extra = relay(200, NULL, 1, 0, -1), again = relay(201, NULL, 1, 0, -1);
  CHECK(net_relay_register(&g, &extra, NOW) == NET_OK); /* replaces the stale one */
  uint8_t stale_key[32];
  memset(stale_key, 4, 32);
  CHECK(net_relay_registry_get(&g, stale_key) == NULL);
  CHECK(net_relay_register(&g, &again, NOW) == NET_E_EXHAUSTED);
  CHECK(net_relay_registry_count(&g) == NET_REGISTRY_MAX);
}

static void test_bootstrap(void) {
  const char *json =
      "{\"bootstrap_relays\":["
      "{\"endpoint\":\"203.0.113.5:51820\",\"pubkey\":\"" "0101010101010101010101010101010101010101010101010101010101010101" "\",\"region\":\"eu\"},"
      "{\"endpoint\":\"[2001:db8::1]:51820\",\"pubkey\":\"" "0202020202020202020202020202020202020202020202020202020202020202" "\"},"
      "{\"endpoint\":\"203.0.113.6:51820\",\"pubkey\":\"abcd\"},"
      "{\"endpoint\":\"no port\",\"pubkey\":\"" "0303030303030303030303030303030303030303030303030303030303030303" "\"}],"
      "\"refresh_interval_secs\":300}";
  net_relay_bootstrap b;
  CHECK(net_relay_bootstrap_parse(json, strlen(json), &b) == NET_OK);
  CHECK(b.nrelays == 2 && b.skipped == 2 && b.refresh_interval_secs == 300 && b.last_updated == 0);
  CHECK(b.relays[0].region.present && strcmp(b.relays[0].region.s, "eu") == 0 && !b.relays[1].region.present);
  const char *bad[] = {"[]", "{}", "{\"bootstrap_relays\":[],\"extra\":1}", "{\"bootstrap_relays\":[1]}",
                       "{\"bootstrap_relays\":[],\"refresh_interval_secs\":-1}",
                       "{\"bootstrap_relays\":[],\"bootstrap_relays\":[]}",
                       "{\"bootstrap_relays\":[{\"endpoint\":\"1.2.3.4:1\",\"pubkey\":\"00\",\"x\":1}]}"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) CHECK(net_relay_bootstrap_parse(bad[i], strlen(bad[i]), &b) != NET_OK);

  CHECK(net_relay_bootstrap_parse(json, strlen(json), &b) == NET_OK);
  net_relay_registry g;
  net_relay_registry_init(&g);
  CHECK(net_relay_bootstrap_apply(&b, &g, NOW) == NET_OK && net_relay_registry_count(&g) == 2);
  net_relay_entry *e = net_relay_registry_get(&g, b.relays[1].pubkey);
  CHECK(e && e->info.capabilities == NET_CAP_IPV6 && strcmp(e->info.endpoints[0].s, "[2001:db8::1]:51820") == 0);
  /* a refresh from the bootstrap file keeps the learned reliability (§1.8.4 SUS) */
  net_relay_record_result(&g, b.relays[1].pubkey, false, NOW);
  CHECK(net_relay_bootstrap_apply(&b, &g, NOW + 600) == NET_OK && e->info.reliability == 80 &&
        e->last_updated == NOW + 600);
}

static void test_timeout(void) {
  net_timeout_tracker t;
  net_timeout_init(&t);
  CHECK(net_timeout_current(&t) == NET_TIMEOUT_DEFAULT_MS);
  net_timeout_record(&t, 100), net_timeout_record(&t, 200);
  CHECK(net_timeout_current(&t) == NET_TIMEOUT_DEFAULT_MS); /* fewer than 3 samples */
  net_timeout_record(&t, 300);
  CHECK(net_timeout_current(&t) == NET_TIMEOUT_MIN_MS); /* 200 * 2.5 = 500, clamped up */
  for (int i = 0; i < NET_TIMEOUT_SAMPLES; i++) net_timeout_record(&t, 1500);
  CHECK(net_timeout_current(&t) == 3750); /* only the latest 20 count */
  net_timeout_record(&t, 60000);
  CHECK(net_timeout_current(&t) == NET_TIMEOUT_MAX_MS);
}

static void test_discovery_answer(void) {
  net_relay r;
  CHECK(net_relay_init(&r, 1) == 0);
  net_relay_registry g;
  net_relay_registry_init(&g);
  net_relay_node_info eu = relay(1, "eu", 3, 40, 20), us = relay(2, "us", 1, 10, 20);
  net_relay_register(&g, &eu, NOW), net_relay_register(&g, &us, NOW);
  r.known = &g;
  net_relay_msg q;
  memset(&q, 0, sizeof q);
  q.type = NET_RELAY_DISCOVERY_QUERY;
  q.u.dq.timestamp = NOW, q.u.dq.nonce = 77, q.u.dq.max_results = 10;
  uint8_t buf[NET_RELAY_FRAME_MAX];
  ff_simaddr src = ff_simaddr_make(ff_simip_v4(198, 51, 100, 1), 4000);
  net_relay_action act;
  net_relay_msg resp;
  long n = net_relay_encode(&q, buf, sizeof buf);
  net_relay_handle(&r, NOW, &src, buf, (size_t)n, &act);
  CHECK(act.kind == NET_RELAY_REPLY && net_relay_decode(act.data, act.len, &resp) == NET_OK &&
        resp.type == NET_RELAY_DISCOVERY_RESPONSE && resp.u.dr.request_nonce == 77);
  /* itself, then the known relays by load */
  CHECK(resp.u.dr.nrelays == 3 && !resp.u.dr.more && resp.u.dr.relays[1].pubkey[0] == 2 &&
        resp.u.dr.relays[2].pubkey[0] == 1);
  q.u.dq.region.present = true, q.u.dq.region.len = 2, memcpy(q.u.dq.region.s, "EU", 3);
  q.u.dq.max_results = 1;
  n = net_relay_encode(&q, buf, sizeof buf);
  net_relay_handle(&r, NOW + 1, &src, buf, (size_t)n, &act);
  CHECK(act.kind == NET_RELAY_REPLY && net_relay_decode(act.data, act.len, &resp) == NET_OK &&
        resp.u.dr.nrelays == 1 && resp.u.dr.relays[0].pubkey[0] == 1 && !resp.u.dr.more);
  q.u.dq.region.present = false, q.u.dq.min_caps = NET_CAP_IPV4;
  n = net_relay_encode(&q, buf, sizeof buf);
  net_relay_handle(&r, NOW + 2, &src, buf, (size_t)n, &act);
  CHECK(act.kind == NET_RELAY_REPLY && net_relay_decode(act.data, act.len, &resp) == NET_OK &&
        resp.u.dr.nrelays == 1 && resp.u.dr.more);
  net_relay_free(&r);
}

int main(void) {
  test_find();
  test_select_and_averages();
  test_full_registry();
  test_bootstrap();
  test_timeout();
  test_discovery_answer();
  return check_summary("net relay registry");
}
