/* infer_sharding: a model (4 seeds x 1..8 layers), a world of 1..16 nodes
 * with declared capacities, a prompt and sampling settings. Oracles:
 *   infer.plan_cover     a plan exists iff some node has capacity, and then it
 *                        covers every layer exactly once, in order, on
 *                        distinct nodes that have capacity;
 *   infer.shard_equal    running the plan's stages one after the other, the
 *                        activations passing through the frame codec between
 *                        stages, gives logits equal bit for bit to the
 *                        single-node forward pass;
 *   infer.pipeline_equal on an ideal simnet, the pipeline completes and its
 *                        tokens equal single-node generation, each token
 *                        reported once, in order;
 * and for a share of the inputs the frame codec on raw bytes:
 *   infer.frame_codec    a decoded frame re-encodes to the same bytes; a
 *                        truncated or bit-flipped copy is refused;
 * or the weights file (safetensors) with bytes bent or cut:
 *   infer.weights_file   a written model reads back to the same bits; a bent
 *                        file is refused or reads to a model whose file reads
 *                        back to the same bits again (no crash either way). */
#include <stdlib.h>
#include <string.h>

#include "formfuzz/oracle.h"
#include "formfuzz/prop.h"
#include "formfuzz/simnet.h"
#include "gen.h"

typedef struct stream {
  uint8_t tokens[INFER_CTX];
  int n;
} stream;

static bool on_token(void *ctx, int token) {
  stream *s = ctx;
  if (s->n < INFER_CTX) s->tokens[s->n] = (uint8_t)token;
  s->n++;
  return true;
}

/* The plan's stages run locally, each stage's input decoded from a frame. */
static void staged_logits(const infer_model *m, const infer_plan *p, const uint8_t *tokens, int n,
                          float logits[INFER_VOCAB]) {
  static infer_frame f;
  static uint8_t wire[8192];
  float h[INFER_CTX][INFER_D];
  infer_embed(m, tokens, n, h);
  for (int s = 0; s < p->n_stages; s++) {
    f = (infer_frame){.kind = INFER_FRAME_REQUEST, .dtype = INFER_DTYPE_F32, .ndim = 3,
                      .dims = {1, (uint32_t)n, INFER_D}, .n_elems = (size_t)n * INFER_D,
                      .first_layer = (uint16_t)p->stage[s].first, .n_layers = (uint16_t)p->stage[s].count};
    memcpy(f.data, h, f.n_elems * sizeof(float));
    size_t len = infer_frame_encode(&f, wire, sizeof wire);
    const char *why = "encode failed";
    FF_INVARIANT(len && infer_frame_decode(&f, wire, len, &why) == 0, "infer.shard_equal", "stage %d: %s", s, why);
    int rows = infer_frame_activation_rows(&f);
    FF_INVARIANT(rows == n, "infer.shard_equal", "stage %d received %d rows, %d sent", s, rows, n);
    float(*x)[INFER_D] = (float(*)[INFER_D])f.data;
    for (int l = f.first_layer; l < f.first_layer + f.n_layers; l++) infer_layer_forward(m, l, x, rows);
    memcpy(h, f.data, (size_t)n * INFER_D * sizeof(float));
  }
  infer_head(m, h[n - 1], logits);
}

static void frame_case(ff_input *in) {
  static infer_frame f, g;
  static uint8_t wire[8192], again[8192];
  f = (infer_frame){.kind = (uint8_t)ff_range(in, 1, 2), .dtype = INFER_DTYPE_F32,
                    .ndim = (uint8_t)ff_range(in, 1, 4), .request_id = ff_u64(in), .step = ff_u32(in),
                    .attempt = ff_u32(in), .first_layer = ff_u16(in), .n_layers = ff_u16(in)};
  f.n_elems = 1;
  for (int i = 0; i < f.ndim; i++) {
    f.dims[i] = (uint32_t)ff_range(in, 1, 5); /* at most 625 elements */
    f.n_elems *= f.dims[i];
  }
  for (size_t i = 0; i < f.n_elems; i++) {
    uint32_t bits = ff_u32(in);
    memcpy(&f.data[i], &bits, 4);
  }
  size_t len = infer_frame_encode(&f, wire, sizeof wire);
  FF_INVARIANT(len == infer_frame_size(&f), "infer.frame_codec", "encode gave %zu bytes", len);
  const char *why = "";
  FF_INVARIANT(infer_frame_decode(&g, wire, len, &why) == 0, "infer.frame_codec", "own frame refused: %s", why);
  size_t len2 = infer_frame_encode(&g, again, sizeof again);
  FF_INVARIANT(len2 == len && memcmp(wire, again, len) == 0, "infer.frame_codec", "re-encoding differs");
  size_t cut = (size_t)ff_range(in, 0, len - 1);
  FF_INVARIANT(infer_frame_decode(&g, wire, cut, &why) != 0, "infer.frame_codec", "truncated to %zu accepted", cut);
  size_t bit = (size_t)ff_range(in, 0, len * 8 - 1);
  wire[bit / 8] ^= (uint8_t)(1u << (bit % 8));
  FF_INVARIANT(infer_frame_decode(&g, wire, len, &why) != 0, "infer.frame_codec", "bit %zu flipped accepted", bit);
  size_t raw_len;
  const uint8_t *raw = ff_rest(in, &raw_len);
  infer_frame_decode(&g, raw, raw_len, &why); /* any bytes: refused or decoded, never a crash */
}

static void weights_case(ff_input *in) {
  /* one or two layers: the file's structure is the same, the copies cheaper */
  const infer_model *m = infer_gen_model((unsigned)ff_choose(in, 4), (int)ff_range(in, 1, 2));
  static infer_model back, again;
  size_t len, len2;
  uint8_t *file = infer_safetensors_write(m, &len);
  FF_INVARIANT(file != NULL, "infer.weights_file", "write failed");
  const char *why = "";
  FF_INVARIANT(infer_safetensors_read(&back, file, len, &why) == 0, "infer.weights_file", "own file refused: %s", why);
  back.seed = m->seed;
  FF_INVARIANT(memcmp(&back, m, sizeof back) == 0, "infer.weights_file", "read back with other bits");
  /* bends near the header, where the structure is */
  for (int k = (int)ff_range(in, 1, 4); k > 0; k--) {
    size_t at = ff_bool(in) ? (size_t)ff_range(in, 0, 600 < len ? 599 : len - 1) : (size_t)ff_range(in, 0, len - 1);
    file[at] = ff_bool(in) ? ff_u8(in) : (uint8_t)(file[at] ^ (1u << ff_range(in, 0, 7)));
  }
  size_t cut = ff_choose(in, 4) == 0 ? (size_t)ff_range(in, 0, len) : len;
  if (infer_safetensors_read(&back, file, cut, &why) == 0) {
    uint8_t *file2 = infer_safetensors_write(&back, &len2);
    FF_INVARIANT(file2 && infer_safetensors_read(&again, file2, len2, &why) == 0 &&
                     memcmp(&again, &back, sizeof back) == 0,
                 "infer.weights_file", "an accepted file is not a fixed point: %s", why);
    free(file2);
  }
  free(file);
}

FF_PROPERTY(infer_sharding) {
  switch (ff_choose(in, 8)) {
  case 7: frame_case(in); return;
  case 6: weights_case(in); return;
  default: break;
  }
  const infer_model *m = infer_gen_model((unsigned)ff_choose(in, 4), (int)ff_range(in, 1, INFER_MAX_LAYERS));
  int world = (int)ff_range(in, 1, INFER_MAX_WORLD);
  uint32_t cap[INFER_MAX_WORLD];
  infer_gen_capacities(in, cap, world);
  uint8_t prompt[INFER_CTX];
  int n = infer_gen_prompt(in, prompt, 10);
  int n_new = (int)ff_range(in, 0, 3);
  infer_sampling s;
  infer_gen_sampling(in, &s);

  bool any = false;
  for (int i = 0; i < world; i++) any |= cap[i] > 0;
  infer_plan p;
  int made = infer_plan_make(&p, m->n_layers, world, cap, NULL);
  FF_INVARIANT((made == 0) == any, "infer.plan_cover", "plan %s with%s capacity", made ? "refused" : "made",
               any ? "" : " no");
  if (made != 0) return;
  const char *why = infer_plan_check(&p, m->n_layers, world, cap, NULL);
  FF_INVARIANT(why == NULL, "infer.plan_cover", "world %d, %d layers: %s", world, m->n_layers, why);

  float want[INFER_VOCAB], got[INFER_VOCAB];
  infer_forward(m, prompt, n, want);
  staged_logits(m, &p, prompt, n, got);
  FF_INVARIANT(memcmp(want, got, sizeof want) == 0, "infer.shard_equal", "logits differ (%d stages, %d tokens)",
               p.n_stages, n);

  uint8_t ref[INFER_CTX];
  memcpy(ref, prompt, (size_t)n);
  int produced = infer_generate(m, ref, n, n_new, &s);
  ff_simnet *net = ff_simnet_new(1);
  ff_simnet_trace_keep(net, 0);
  infer_cluster *c = infer_cluster_new(net, m, world, cap);
  FF_INVARIANT(c != NULL, "infer.pipeline_equal", "cluster not built");
  stream st = {.n = 0};
  infer_result r;
  infer_cluster_generate(c, 1, prompt, n, n_new, &s, on_token, &st, &r);
  FF_INVARIANT(r.status == INFER_OK, "infer.pipeline_equal", "ideal network: status %d after %llu sends", r.status,
               (unsigned long long)r.sends);
  FF_INVARIANT(r.produced == produced && r.n_tokens == n + produced &&
                   memcmp(r.tokens, ref, (size_t)(n + produced)) == 0,
               "infer.pipeline_equal", "pipeline tokens differ from single-node (%d vs %d produced)", r.produced,
               produced);
  FF_INVARIANT(st.n == produced && memcmp(st.tokens, ref + n, (size_t)produced) == 0, "infer.pipeline_equal",
               "stream saw %d tokens, %d produced", st.n, produced);
  infer_cluster_free(c);
  ff_simnet_free(net);
}
