/* The tiny decoder-only transformer: byte tokens, learned positions, pre-norm
 * blocks of causal multi-head self-attention and a GELU MLP, a final layer
 * norm and an output head tied to the token embedding. Float math in one fixed
 * order, so any split of the layers over nodes gives the same bits. */
#include <math.h>
#include <string.h>

#include "infer.h"

/* The arithmetic kernels have no branch worth a fuzzer's attention, only
 * fixed-count loops whose compares sanitizer coverage would trace on every
 * iteration (most of a fuzzer's time): they are left out of coverage (ASan
 * still checks them). */
#if defined(__clang__)
#define INFER_KERNEL __attribute__((no_sanitize("coverage")))
#else
#define INFER_KERNEL
#endif

/* An exact binary fraction in [-scale, scale): 24 random bits. */
static float draw(uint64_t *st, float scale) {
  uint64_t x = infer_mix64(st) >> 40;
  return ((float)x / 8388608.0f - 1.0f) * scale;
}

static void fill(uint64_t *st, float *w, size_t n, float scale, float offset) {
  for (size_t i = 0; i < n; i++) w[i] = offset + draw(st, scale);
}

int infer_model_init(infer_model *m, uint64_t seed, int n_layers) {
  if (n_layers < 1 || n_layers > INFER_MAX_LAYERS) return -1;
  memset(m, 0, sizeof *m);
  m->seed = seed;
  m->n_layers = n_layers;
  uint64_t st = seed;
  fill(&st, &m->tok_emb[0][0], INFER_VOCAB * INFER_D, 1.0f, 0.0f);
  fill(&st, &m->pos_emb[0][0], INFER_CTX * INFER_D, 0.5f, 0.0f);
  for (int l = 0; l < n_layers; l++) {
    infer_layer_w *w = &m->layer[l];
    fill(&st, w->ln1_g, INFER_D, 0.125f, 1.0f);
    fill(&st, w->ln1_b, INFER_D, 0.125f, 0.0f);
    fill(&st, &w->wq[0][0], INFER_D * INFER_D, 0.5f, 0.0f);
    fill(&st, &w->wk[0][0], INFER_D * INFER_D, 0.5f, 0.0f);
    fill(&st, &w->wv[0][0], INFER_D * INFER_D, 0.5f, 0.0f);
    fill(&st, &w->wo[0][0], INFER_D * INFER_D, 0.25f, 0.0f);
    fill(&st, w->ln2_g, INFER_D, 0.125f, 1.0f);
    fill(&st, w->ln2_b, INFER_D, 0.125f, 0.0f);
    fill(&st, &w->w1[0][0], INFER_D * INFER_FF, 0.5f, 0.0f);
    fill(&st, w->b1, INFER_FF, 0.125f, 0.0f);
    fill(&st, &w->w2[0][0], INFER_FF * INFER_D, 0.125f, 0.0f);
    fill(&st, w->b2, INFER_D, 0.125f, 0.0f);
  }
  fill(&st, m->lnf_g, INFER_D, 0.125f, 1.0f);
  fill(&st, m->lnf_b, INFER_D, 0.125f, 0.0f);
  return 0;
}

INFER_KERNEL void infer_embed(const infer_model *m, const uint8_t *tokens, int n, float h[][INFER_D]) {
  for (int t = 0; t < n; t++)
    for (int i = 0; i < INFER_D; i++) h[t][i] = m->tok_emb[tokens[t]][i] + m->pos_emb[t][i];
}

INFER_KERNEL static void layer_norm(const float x[INFER_D], const float g[INFER_D], const float b[INFER_D], float y[INFER_D]) {
  float mean = 0.0f, var = 0.0f;
  for (int i = 0; i < INFER_D; i++) mean += x[i];
  mean /= (float)INFER_D;
  for (int i = 0; i < INFER_D; i++) {
    float d = x[i] - mean;
    var += d * d;
  }
  var /= (float)INFER_D;
  float inv = 1.0f / sqrtf(var + 1e-5f);
  for (int i = 0; i < INFER_D; i++) y[i] = (x[i] - mean) * inv * g[i] + b[i];
}

/* y = x W for a D x cols matrix. */
INFER_KERNEL static void matvec(const float *x, const float *w, int rows, int cols, float *y) {
  for (int j = 0; j < cols; j++) {
    float s = 0.0f;
    for (int i = 0; i < rows; i++) s += x[i] * w[i * cols + j];
    y[j] = s;
  }
}

INFER_KERNEL static float gelu(float x) {
  return 0.5f * x * (1.0f + tanhf(0.7978845608f * (x + 0.044715f * x * x * x)));
}

INFER_KERNEL static void attention(const infer_layer_w *w, float h[][INFER_D], int n) {
  float q[INFER_CTX][INFER_D], k[INFER_CTX][INFER_D], v[INFER_CTX][INFER_D], x[INFER_D];
  for (int t = 0; t < n; t++) {
    layer_norm(h[t], w->ln1_g, w->ln1_b, x);
    matvec(x, &w->wq[0][0], INFER_D, INFER_D, q[t]);
    matvec(x, &w->wk[0][0], INFER_D, INFER_D, k[t]);
    matvec(x, &w->wv[0][0], INFER_D, INFER_D, v[t]);
  }
  const float scale = 1.0f / sqrtf((float)INFER_HEAD_D);
  for (int t = 0; t < n; t++) {
    float out[INFER_D];
    for (int hd = 0; hd < INFER_HEADS; hd++) {
      int o = hd * INFER_HEAD_D;
      float score[INFER_CTX], max = -INFINITY, sum = 0.0f;
      for (int u = 0; u <= t; u++) {
        float s = 0.0f;
        for (int i = 0; i < INFER_HEAD_D; i++) s += q[t][o + i] * k[u][o + i];
        score[u] = s * scale;
        if (score[u] > max) max = score[u];
      }
      for (int u = 0; u <= t; u++) {
        score[u] = expf(score[u] - max);
        sum += score[u];
      }
      for (int i = 0; i < INFER_HEAD_D; i++) {
        float acc = 0.0f;
        for (int u = 0; u <= t; u++) acc += score[u] * v[u][o + i];
        out[o + i] = acc / sum;
      }
    }
    float proj[INFER_D];
    matvec(out, &w->wo[0][0], INFER_D, INFER_D, proj);
    for (int i = 0; i < INFER_D; i++) h[t][i] += proj[i];
  }
}

INFER_KERNEL static void mlp(const infer_layer_w *w, float h[][INFER_D], int n) {
  for (int t = 0; t < n; t++) {
    float x[INFER_D], mid[INFER_FF], y[INFER_D];
    layer_norm(h[t], w->ln2_g, w->ln2_b, x);
    matvec(x, &w->w1[0][0], INFER_D, INFER_FF, mid);
    for (int j = 0; j < INFER_FF; j++) mid[j] = gelu(mid[j] + w->b1[j]);
    matvec(mid, &w->w2[0][0], INFER_FF, INFER_D, y);
    for (int i = 0; i < INFER_D; i++) h[t][i] += y[i] + w->b2[i];
  }
}

INFER_KERNEL void infer_layer_forward(const infer_model *m, int layer, float h[][INFER_D], int n) {
  attention(&m->layer[layer], h, n);
  mlp(&m->layer[layer], h, n);
}

INFER_KERNEL void infer_head(const infer_model *m, const float h[INFER_D], float logits[INFER_VOCAB]) {
  float x[INFER_D];
  layer_norm(h, m->lnf_g, m->lnf_b, x);
  for (int v = 0; v < INFER_VOCAB; v++) {
    float s = 0.0f;
    for (int i = 0; i < INFER_D; i++) s += x[i] * m->tok_emb[v][i];
    logits[v] = s;
  }
}

void infer_forward(const infer_model *m, const uint8_t *tokens, int n, float logits[INFER_VOCAB]) {
  float h[INFER_CTX][INFER_D];
  infer_embed(m, tokens, n, h);
  for (int l = 0; l < m->n_layers; l++) infer_layer_forward(m, l, h, n);
  infer_head(m, h[n - 1], logits);
}
