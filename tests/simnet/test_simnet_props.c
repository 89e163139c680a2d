/* simnet property test: many random scenarios (simnet_scenario.c) from fixed
 * seeds, each checking its invariants while it runs, each run twice to show
 * the trace hash is reproducible, and different inputs giving different runs.
 * Usage: simnet_props [cases] [seed] [expected fold of all trace hashes, hex] */
#include <stdlib.h>
#include <string.h>

#include "simnet_scenario.h"
#include "simnet_testlib.h"

static uint64_t splitmix(uint64_t *state) {
  uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

static int compare_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
  unsigned cases = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 10) : 400;
  uint64_t state = argc > 2 ? strtoull(argv[2], NULL, 10) : 1;
  uint64_t *hashes = calloc(cases, sizeof *hashes);
  REQUIRE(hashes != NULL, "out of memory");
  uint8_t buf[1024];
  unsigned busy = 0;
  uint64_t all = 0xcbf29ce484222325ULL;
  uint64_t delivered = 0, dropped = 0, dups = 0, corrupted = 0, nats = 0;
  for (unsigned c = 0; c < cases; c++) {
    size_t len = 32 + (size_t)(splitmix(&state) % (sizeof buf - 32));
    for (size_t i = 0; i < len; i++) {
      buf[i] = (uint8_t)splitmix(&state);
    }
    scenario_result first, second;
    simnet_scenario_run(buf, len, &first);
    simnet_scenario_run(buf, len, &second);
    REQUIRE(first.trace_hash == second.trace_hash, "case %u: same input, different traces", c);
    REQUIRE(memcmp(&first.stats, &second.stats, sizeof first.stats) == 0, "case %u: stats", c);
    all = all * 0x100000001b3ULL ^ first.trace_hash; /* every case, in order */
    hashes[c] = first.stats.sent ? first.trace_hash : 0; /* no traffic: the empty trace */
    busy += first.stats.sent > 0;
    delivered += first.stats.delivered;
    dropped += first.stats.dropped;
    dups += first.stats.duplicated;
    corrupted += first.stats.corrupted;
    nats += first.nats;
  }
  qsort(hashes, cases, sizeof *hashes, compare_u64);
  unsigned distinct = 0; /* among the cases with traffic (hash 0 sorts first) */
  for (unsigned c = 0; c < cases; c++)
    distinct += hashes[c] != 0 && (c == 0 || hashes[c] != hashes[c - 1]);
  printf("simnet props: all cases fold to %016llx\n", (unsigned long long)all);
  if (argc > 3) /* pinned by ctest: clang and gcc builds must run the very same scenarios */
    REQUIRE(all == strtoull(argv[3], NULL, 16), "fold %016llx, expected %s", (unsigned long long)all,
          argv[3]);
  printf("simnet props: %u cases, %u with traffic, %u distinct traces, delivered %llu dropped %llu dup %llu "
         "corrupted %llu, %llu NATs\n",
         cases, busy, distinct, (unsigned long long)delivered, (unsigned long long)dropped,
         (unsigned long long)dups, (unsigned long long)corrupted, (unsigned long long)nats);
  /* the scenarios must actually exercise the network */
  REQUIRE(busy * 2 > cases && distinct == busy, "%u distinct traces in %u cases with traffic",
        distinct, busy);
  REQUIRE(delivered > 0 && dropped > 0 && dups > 0 && corrupted > 0 && nats > 0,
        "scenarios too tame");
  free(hashes);
  return 0;
}
