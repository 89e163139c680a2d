/* Choosing the next token from logits: greedy, or top-k with a temperature and
 * a draw that depends only on (seed, step), so a retried or failed-over step
 * picks the same token. Single-node generation, the reference every sharded
 * and pipelined run is compared with, is here too. */
#include <math.h>

#include "infer.h"

bool infer_token_generable(int token) { return token == '\n' || (token >= 32 && token <= 126); }

static int argmax(const float logits[INFER_VOCAB]) {
  int best = -1;
  for (int v = 0; v < INFER_VOCAB; v++)
    if (infer_token_generable(v) && (best < 0 || logits[v] > logits[best])) best = v;
  return best;
}

int infer_sample(const float logits[INFER_VOCAB], const infer_sampling *s, uint64_t step) {
  if (s->top_k <= 1 || !(s->temperature > 0.0f)) return argmax(logits);
  int top[INFER_VOCAB], k = 0;
  unsigned want = s->top_k > INFER_VOCAB ? INFER_VOCAB : s->top_k;
  for (int v = 0; v < INFER_VOCAB; v++) { /* insertion into a list sorted by logit, ties by id */
    if (!infer_token_generable(v)) continue;
    int at = k;
    while (at > 0 && logits[top[at - 1]] < logits[v]) at--;
    if ((unsigned)at >= want) continue;
    if ((unsigned)k < want) k++;
    for (int j = k - 1; j > at; j--) top[j] = top[j - 1];
    top[at] = v;
  }
  double p[INFER_VOCAB], sum = 0.0;
  for (int i = 0; i < k; i++) {
    p[i] = exp(((double)logits[top[i]] - (double)logits[top[0]]) / (double)s->temperature);
    sum += p[i];
  }
  uint64_t st = s->seed ^ (step * 0xd1b54a32d192ed03ull);
  double u = (double)(infer_mix64(&st) >> 11) * 0x1p-53 * sum;
  for (int i = 0; i < k; i++) {
    if (u < p[i]) return top[i];
    u -= p[i];
  }
  return top[k - 1];
}

int infer_generate(const infer_model *m, uint8_t *tokens, int n, int n_new, const infer_sampling *s) {
  int produced = 0;
  float logits[INFER_VOCAB];
  while (produced < n_new && n < INFER_CTX) {
    infer_forward(m, tokens, n, logits);
    tokens[n++] = (uint8_t)infer_sample(logits, s, (uint64_t)produced);
    produced++;
  }
  return produced;
}
