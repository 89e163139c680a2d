/* The deterministic random source of the core (splitmix64): operation ids,
 * challenge nonces. The server seeds it from getrandom, fuzzers from input. */
#include "mcp.h"

void mcp_rng_seed(mcp_rng *r, uint64_t seed) { r->state = seed; }

uint64_t mcp_rng_next(mcp_rng *r) {
  uint64_t z = (r->state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

void mcp_rng_fill(mcp_rng *r, uint8_t *out, size_t n) {
  for (size_t i = 0; i < n; i += 8) {
    uint64_t v = mcp_rng_next(r);
    for (size_t k = 0; k < 8 && i + k < n; k++) out[i + k] = (uint8_t)(v >> (8 * k));
  }
}
