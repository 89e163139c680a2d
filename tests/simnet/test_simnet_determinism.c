/* simnet determinism: the same seed (or the same fuzz input) gives the same
 * trace hash run after run, different seeds or inputs give different traces,
 * and one fixed scenario's hash is pinned so that compilers (clang builtin,
 * gcc replay) and later changes cannot silently change a run. */
#include <string.h>

#include "simnet_testlib.h"

#define PINNED_SEED1_HASH 0xda50d34fc31e5558ULL

/* Three sites (public, full cone, symmetric) exchanging 40 datagrams over lossy,
 * jittery, duplicating, reordering links, with a partition in the middle. */
static uint64_t scenario_hash(uint64_t seed, const uint8_t *draws, size_t n_draws) {
  ff_simnet *net = ff_simnet_new(seed);
  ff_input in;
  ff_input_init(&in, draws, n_draws);
  if (draws) ff_simnet_draw_from(net, &in);
  ff_simlink l = ff_simlink_ideal();
  l.latency = FF_SIM_MS(20);
  l.jitter = FF_SIM_MS(30);
  l.loss_ppm = 150000;
  l.dup_ppm = 100000;
  l.reorder_ppm = 100000;
  l.reorder_delay = FF_SIM_MS(40);
  l.corrupt_ppm = 50000;
  ff_simnet_set_default_link(net, &l);
  ff_nat_config cone = ff_nat_preset(FF_NAT_FULL_CONE);
  ff_nat_config sym = ff_nat_preset(FF_NAT_SYMMETRIC);
  int n1 = ff_simnet_nat_add(net, FF_SIMNET_INTERNET, ff_simip_v4(203, 0, 113, 1), &cone, "n1");
  int n2 = ff_simnet_nat_add(net, FF_SIMNET_INTERNET, ff_simip_v4(203, 0, 113, 2), &sym, "n2");
  int srv = add_host(net, FF_SIMNET_INTERNET, "srv", "198.51.100.1", 3478);
  int a = add_host(net, n1, "a", "10.0.0.2", 5000);
  int b = add_host(net, n2, "b", "10.0.0.2", 5000);
  for (int i = 0; i < 20; i++) {
    send_tagged(net, a, 5000, "198.51.100.1:3478", (uint8_t)i, 20 + (size_t)i);
    send_tagged(net, b, 5000, "198.51.100.1:3478", (uint8_t)i, 30);
    send_tagged(net, srv, 3478, "203.0.113.1:10000", (uint8_t)i, 10);
    ff_simnet_run_until(net, ff_simnet_now(net) + FF_SIM_MS(15), 1000);
    if (i == 8) ff_simnet_partition(net, n2, 1);
    if (i == 12) ff_simnet_heal(net);
  }
  REQUIRE(ff_simnet_run_idle(net, 100000) == FF_SIMNET_IDLE, "not idle");
  ff_simnet_stats st = ff_simnet_get_stats(net);
  REQUIRE(st.delivered > 0 && st.dropped > 0, "scenario too tame");
  uint64_t h = ff_simnet_trace_hash(net);
  ff_simnet_free(net);
  return h;
}

int main(void) {
  uint64_t h1 = scenario_hash(1, NULL, 0);
  REQUIRE(scenario_hash(1, NULL, 0) == h1, "seed 1 twice: different traces");
  /* pinned: the trace encoding and the seeded stream are part of the contract */
  REQUIRE(h1 == PINNED_SEED1_HASH, "seed 1 hash %016llx (pinned %016llx)", (unsigned long long)h1,
        (unsigned long long)PINNED_SEED1_HASH);
  uint64_t seen[32];
  for (uint64_t seed = 0; seed < 32; seed++) {
    seen[seed] = scenario_hash(seed, NULL, 0);
    for (uint64_t k = 0; k < seed; k++)
      REQUIRE(seen[k] != seen[seed], "seeds %llu and %llu gave the same trace",
            (unsigned long long)k, (unsigned long long)seed);
  }
  /* randomness from the fuzz input: same bytes, same trace; other bytes, other trace */
  uint8_t bytes[512];
  for (size_t i = 0; i < sizeof bytes; i++) bytes[i] = (uint8_t)(i * 167 + 13);
  uint64_t i1 = scenario_hash(1, bytes, sizeof bytes);
  REQUIRE(scenario_hash(99, bytes, sizeof bytes) == i1, "input-driven run depends on the seed");
  for (size_t i = 0; i < sizeof bytes; i++) bytes[i] = (uint8_t)(i * 59 + 7);
  REQUIRE(scenario_hash(1, bytes, sizeof bytes) != i1, "a different input gave the same trace");
  printf("simnet determinism: seed 1 -> %016llx, 32 seeds distinct\n", (unsigned long long)h1);
  return 0;
}
