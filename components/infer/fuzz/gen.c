/* infer generators (see gen.h). */
#include "gen.h"

#include <stdlib.h>

static infer_model *models[4][INFER_MAX_LAYERS]; /* a cache: weights take ~100 us to draw */

const infer_model *infer_gen_model(unsigned seed_index, int n_layers) {
  infer_model **slot = &models[seed_index % 4][(n_layers - 1) % INFER_MAX_LAYERS];
  if (!*slot) {
    *slot = malloc(sizeof **slot);
    if (!*slot) abort();
    infer_model_init(*slot, 0x5eed0000u + seed_index % 4, (n_layers - 1) % INFER_MAX_LAYERS + 1);
  }
  return *slot;
}

int infer_gen_prompt(ff_input *in, uint8_t *out, int max) {
  int n = (int)ff_range(in, 1, (uint64_t)max);
  for (int i = 0; i < n; i++) out[i] = ff_u8(in);
  return n;
}

void infer_gen_capacities(ff_input *in, uint32_t *cap, int world) {
  static const unsigned w[] = {2, 12, 3, 1};
  for (int i = 0; i < world; i++) switch (ff_weighted(in, w, 4)) {
    case 0: cap[i] = 0; break;
    case 1: cap[i] = (uint32_t)ff_range(in, 1, 16); break;
    case 2: cap[i] = (uint32_t)ff_range(in, 1, 100000); break;
    default: cap[i] = UINT32_MAX - (uint32_t)ff_range(in, 0, 3); break;
    }
}

void infer_gen_sampling(ff_input *in, infer_sampling *s) {
  s->seed = ff_u64(in);
  if (ff_bool(in)) {
    s->top_k = (unsigned)ff_range(in, 2, 40);
    s->temperature = (float)ff_range(in, 1, 20) / 10.0f;
  } else {
    s->top_k = 1;
    s->temperature = 0.0f;
  }
}
