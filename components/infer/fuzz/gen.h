/* infer generators: the models the fuzzers share (built once per seed and
 * layer count), prompts, capacities, sampling settings. */
#ifndef INFER_FUZZ_GEN_H
#define INFER_FUZZ_GEN_H

#include "formfuzz/input.h"
#include "infer.h"

/* One of 4 seeds x 1..8 layers, built on first use and kept. */
const infer_model *infer_gen_model(unsigned seed_index, int n_layers);
/* A prompt of 1..max bytes. Returns its length. */
int infer_gen_prompt(ff_input *in, uint8_t *out, int max);
/* Capacities for world nodes: mostly small positive, sometimes 0 or huge. */
void infer_gen_capacities(ff_input *in, uint32_t *cap, int world);
/* Greedy, or top-k 2..40 with a temperature and seed. */
void infer_gen_sampling(ff_input *in, infer_sampling *s);

#endif
