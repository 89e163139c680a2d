/* The node registry of §5.1 (POST/GET/DELETE /nodes), done so that a running
 * request keeps its ranks: a request works on the membership it started with,
 * and a node's rank is its index there, whatever joins or leaves later (the
 * prototype re-read the list and used the current index). */
#include <stdio.h>
#include <string.h>

#include "formfuzz/bug.h"
#include "infer.h"

void infer_registry_init(infer_registry *r) { memset(r, 0, sizeof *r); }

int infer_registry_add(infer_registry *r, uint32_t capacity, char id_out[INFER_ID_MAX]) {
  if (r->n >= INFER_REGISTRY_MAX) return -1;
  static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  uint64_t st = ++r->next_serial, x = infer_mix64(&st);
  infer_node_entry *e = &r->node[r->n];
  memcpy(e->id, "node-", 5);
  for (int i = 0; i < 9; i++, x /= 36) e->id[5 + i] = alphabet[x % 36];
  /* the serial keeps ids unique even if two draws collide */
  snprintf(e->id + 14, INFER_ID_MAX - 14, "%llx", (unsigned long long)r->next_serial);
  e->capacity = capacity;
  if (id_out) memcpy(id_out, e->id, INFER_ID_MAX);
  return r->n++;
}

int infer_registry_remove(infer_registry *r, const char *id) {
  for (int i = 0; i < r->n; i++)
    if (strcmp(r->node[i].id, id) == 0) {
      memmove(&r->node[i], &r->node[i + 1], (size_t)(r->n - i - 1) * sizeof r->node[0]);
      r->n--;
      return 0;
    }
  return -1;
}

void infer_registry_snapshot(const infer_registry *r, infer_membership *m) {
  m->n = r->n;
  memcpy(m->node, r->node, (size_t)r->n * sizeof r->node[0]);
}

static int index_of(const infer_node_entry *list, int n, const char *id) {
  for (int i = 0; i < n; i++)
    if (strcmp(list[i].id, id) == 0) return i;
  return -1;
}

int infer_registry_rank(const infer_registry *r, const infer_membership *m, const char *id) {
  /* §5.1 service.py: rank = index of the own id in GET /nodes, read again
   * while requests run: a node leaving before it shifts every later rank. */
  if (FF_BUG("infer.rank_list_index")) return index_of(r->node, r->n, id);
  return index_of(m->node, m->n, id);
}
