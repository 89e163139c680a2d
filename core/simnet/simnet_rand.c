/* simnet's randomness: every random choice of a simulation (loss, jitter,
 * duplication, ...) comes from here, either from a splitmix64 stream seeded by
 * ff_simnet_new or from the fuzz input (ff_simnet_draw_from). Never rand(). */
#include "simnet_internal.h"

static uint64_t splitmix64_next(uint64_t *state) {
  uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

uint64_t sim_draw_below(ff_simnet *net, uint64_t n) {
  if (n <= 1) return 0;
  if (net->draw_input) return ff_range(net->draw_input, 0, n - 1);
  /* multiply-shift: unbiased enough for simulation, and portable */
  return (uint64_t)(((unsigned __int128)splitmix64_next(&net->seed_state) * n) >> 64);
}

bool sim_chance(ff_simnet *net, uint32_t ppm) {
  if (ppm == 0) return false;
  if (ppm >= FF_SIMNET_PPM) return true;
  /* the top of the range fires, so zero draws mean "no fault" */
  return sim_draw_below(net, FF_SIMNET_PPM) >= FF_SIMNET_PPM - ppm;
}

void ff_simnet_draw_from(ff_simnet *net, ff_input *in) { net->draw_input = in; }
