/* Sharding plans: the model's layers apportioned to the nodes of a world by
 * their declared capacity, as contiguous ranges in node order, every layer
 * exactly once, for any world size (§5.1 hard-coded two ranks instead). */
#include <string.h>

#include "formfuzz/bug.h"
#include "infer.h"

static bool eligible(int i, const uint32_t *capacity, const bool *excluded) {
  return capacity[i] > 0 && !(excluded && excluded[i]);
}

/* §5.1 worker.py: layers_per_node = layers // 2; rank r gets [r*lpn, (r+1)*lpn):
 * ranks >= 2 idle, capacity ignored, and a world of 1 runs only half the model. */
static int two_rank_plan(infer_plan *p, int n_layers, int world) {
  int lpn = n_layers / 2;
  for (int r = 0; r < world && r < 2; r++) {
    int first = r * lpn, end = (r + 1) * lpn > n_layers ? n_layers : (r + 1) * lpn;
    if (end > first) p->stage[p->n_stages++] = (infer_stage){r, first, end - first};
  }
  return p->n_stages > 0 ? 0 : -1;
}

int infer_plan_make(infer_plan *p, int n_layers, int world, const uint32_t *capacity, const bool *excluded) {
  memset(p, 0, sizeof *p);
  p->n_layers = n_layers;
  if (world < 1 || world > INFER_MAX_WORLD || n_layers < 1 || n_layers > INFER_MAX_LAYERS) return -1;
  if (FF_BUG("infer.two_rank_layers")) return two_rank_plan(p, n_layers, world);
  uint64_t total = 0;
  for (int i = 0; i < world; i++)
    if (eligible(i, capacity, excluded)) total += capacity[i];
  if (total == 0) return -1;
  int share[INFER_MAX_WORLD];
  uint64_t rem[INFER_MAX_WORLD];
  int given = 0;
  for (int i = 0; i < world; i++) {
    uint64_t q = eligible(i, capacity, excluded) ? (uint64_t)n_layers * capacity[i] : 0;
    share[i] = (int)(q / total);
    rem[i] = q % total;
    given += share[i];
  }
  while (given < n_layers) { /* largest remainder; ties to the lower index */
    int best = -1;
    for (int i = 0; i < world; i++)
      if (eligible(i, capacity, excluded) && (best < 0 || rem[i] > rem[best])) best = i;
    share[best]++;
    rem[best] = 0;
    given++;
  }
  int first = 0;
  for (int i = 0; i < world; i++)
    if (share[i] > 0) {
      p->stage[p->n_stages++] = (infer_stage){i, first, share[i]};
      first += share[i];
    }
  return 0;
}

const char *infer_plan_check(const infer_plan *p, int n_layers, int world, const uint32_t *capacity,
                             const bool *excluded) {
  if (p->n_layers != n_layers) return "plan is for another layer count";
  if (p->n_stages < 1 || p->n_stages > world) return "stage count outside 1..world";
  int next = 0;
  bool used[INFER_MAX_WORLD] = {false};
  for (int s = 0; s < p->n_stages; s++) {
    const infer_stage *st = &p->stage[s];
    if (st->node < 0 || st->node >= world) return "stage on a node outside the world";
    if (used[st->node]) return "node holds two stages";
    used[st->node] = true;
    if (!eligible(st->node, capacity, excluded)) return "layers on a node with no capacity or excluded";
    if (st->count < 1) return "empty stage";
    if (st->first != next) return "layer range not contiguous: a layer is lost or run twice";
    next += st->count;
  }
  if (next != n_layers) return "not every layer is assigned";
  return NULL;
}
