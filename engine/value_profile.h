/* Value profile (libFuzzer's -use_value_profile=1): comparison-distance
 * features. Every compare the target makes (trace-cmp 1/2/4/8 and their const
 * variants, each switch case, divisors against zero, the memcmp/strcmp family)
 * sets one bit of a fixed bitmap: the call site (its return address, hashed to
 * FF_VP_SITES slots) x how close the operands are. Integers give two bits: the
 * number of differing bits (popcount of a XOR b, 0..64) and the log-distance
 * (bit length of |a - b|, 0..64); byte strings give the length of the equal
 * prefix x the differing bits of the first differing byte. A mutant that gets
 * one bit closer to a magic reaches a bit never set before, a new feature, so
 * the engine keeps it and a 64-bit compare is passed step by step.
 *
 * Hot path: the hooks test ff_vp_on (one predictable branch when off); when on,
 * a hash, a popcount and a bit set, no allocation. The words that became
 * non-zero in this run are listed, so collecting and clearing costs what the run
 * set, not the bitmap's size. Written by the hooks (cmplog.c, mem_hooks.c),
 * read by ff_vp_collect after each fuzzing run (engine.c). */
#ifndef FF_ENGINE_VALUE_PROFILE_H
#define FF_ENGINE_VALUE_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "edge_features.h"

#define FF_VP_SITE_BITS 10
#define FF_VP_SITES (1u << FF_VP_SITE_BITS)
#define FF_VP_VALUES 256u /* bits per site: 0..64 popcount, 128..192 log-distance */
#define FF_VP_BITS (FF_VP_SITES * FF_VP_VALUES)
#define FF_VP_WORDS (FF_VP_BITS / 64)

typedef struct ff_value_profile {
  uint64_t words[FF_VP_WORDS];
  uint32_t touched[FF_VP_WORDS]; /* words that became non-zero since the last collect */
  uint32_t ntouched;
} ff_value_profile;

/* The process's bitmap and its switch (globals.h): the hooks record only while
 * ff_vp_on, which main.c sets from -use_value_profile in the fuzzing mode. */
extern ff_value_profile ff_vp;
extern bool ff_vp_on;

static inline void ff_vp_set(uint32_t site, uint32_t value) {
  uint32_t bit = site * FF_VP_VALUES + (value & (FF_VP_VALUES - 1));
  uint32_t w = bit / 64;
  uint64_t mask = 1ull << (bit % 64), old = ff_vp.words[w];
  if (old & mask) return;
  if (old == 0 && ff_vp.ntouched < FF_VP_WORDS) ff_vp.touched[ff_vp.ntouched++] = w;
  ff_vp.words[w] = old | mask;
}

/* The site of a return address: its offset from the bitmap (fixed within one
 * binary, so a run's features do not depend on where ASLR put it), hashed. */
static inline uint32_t ff_vp_site(uintptr_t pc) {
  uint64_t offset = (uint64_t)(pc - (uintptr_t)&ff_vp);
  return (uint32_t)((offset * 0x9e3779b97f4a7c15ull) >> (64 - FF_VP_SITE_BITS));
}

/* An integer compare of a and b at call site pc. */
static inline void ff_vp_cmp(uintptr_t pc, uint64_t a, uint64_t b) {
  uint32_t site = ff_vp_site(pc);
  uint64_t d = a > b ? a - b : b - a;
  ff_vp_set(site, (uint32_t)__builtin_popcountll(a ^ b));
  ff_vp_set(site, 128u + (d ? 64u - (uint32_t)__builtin_clzll(d) : 0u));
}

/* A byte-string compare of n bytes at call site pc. */
void ff_vp_mem(uintptr_t pc, const uint8_t *a, const uint8_t *b, size_t n);

/* Appends the features of the bits set since the last call (feature index =
 * first_feature + bit) to l and clears them. */
void ff_vp_collect(ff_feature_list *l, uint32_t first_feature);
/* Clears the bits set since the last collect (runs whose coverage is discarded). */
void ff_vp_clear(void);

#endif
