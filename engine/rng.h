/* The engine's only source of randomness: xoshiro256**, seeded from -seed.
 * Same seed, same campaign (given the same inputs and target). */
#ifndef FF_ENGINE_RNG_H
#define FF_ENGINE_RNG_H

#include <stdint.h>

typedef struct ff_rng {
  uint64_t s[4];
} ff_rng;

static inline uint64_t ff_rng_rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static inline void ff_rng_seed(ff_rng *r, uint64_t seed) {
  /* splitmix64 expands the seed into the four words */
  for (int i = 0; i < 4; i++) {
    uint64_t z = (seed += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    r->s[i] = z ^ (z >> 31);
  }
}

static inline uint64_t ff_rng_next(ff_rng *r) {
  uint64_t *s = r->s;
  uint64_t result = ff_rng_rotl(s[1] * 5, 7) * 9;
  uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = ff_rng_rotl(s[3], 45);
  return result;
}

/* Uniform in [0, n); n == 0 gives 0. */
static inline uint64_t ff_rng_below(ff_rng *r, uint64_t n) {
  if (n == 0) return 0;
  return (uint64_t)(((unsigned __int128)ff_rng_next(r) * n) >> 64);
}

#endif
