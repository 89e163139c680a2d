/* Proof-of-Claim task routing (§3.3, form-state tasks.rs): the capable nodes
 * (roles include every required capability) ordered by the XOR distance of
 * SHA-256 digests, ties in input order, the first `redundancy` of them. */
#include <string.h>

#include "formfuzz/crypto.h"
#include "infer.h"

uint64_t infer_poc_score(const char *task_id, const char *node_id) {
  uint8_t a[32], b[32];
  ff_sha256(task_id, strlen(task_id), a);
  ff_sha256(node_id, strlen(node_id), b);
  uint64_t s = 0;
  for (int i = 7; i >= 0; i--) s = s << 8 | (uint8_t)(a[i] ^ b[i]);
  return s;
}

size_t infer_route_task(const char *task_id, uint32_t required, size_t redundancy, const infer_route_node *nodes,
                        size_t n, size_t *out) {
  size_t k = 0;
  uint64_t score[64];
  size_t idx[64];
  for (size_t i = 0; i < n && k < 64; i++) {
    if ((nodes[i].roles & required) != required) continue;
    uint64_t s = infer_poc_score(task_id, nodes[i].id);
    size_t at = k; /* stable insertion: equal scores stay in input order */
    while (at > 0 && score[at - 1] > s) {
      score[at] = score[at - 1];
      idx[at] = idx[at - 1];
      at--;
    }
    score[at] = s;
    idx[at] = i;
    k++;
  }
  size_t m = k < redundancy ? k : redundancy;
  memcpy(out, idx, m * sizeof *out);
  return m;
}
