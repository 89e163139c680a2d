/* Vector clocks of the queue (p2p §4.2-§4.3): {actor: counter}, with the
 * causal comparison (the real fork compares sums; here equal, before, after or
 * concurrent). */
#include <string.h>

#include "econ.h"

static int find(const econ_vclock *v, const char *actor) {
  for (size_t i = 0; i < v->n; i++)
    if (strcmp(v->actor[i], actor) == 0) return (int)i;
  return -1;
}

uint64_t econ_vclock_get(const econ_vclock *v, const char *actor) {
  int i = find(v, actor);
  return i < 0 ? 0 : v->counter[i];
}

econ_err econ_vclock_observe(econ_vclock *v, const char *actor, uint64_t counter) {
  int i = find(v, actor);
  if (i >= 0) {
    if (counter > v->counter[i]) v->counter[i] = counter;
    return ECON_OK;
  }
  if (counter == 0) return ECON_OK;
  if (v->n >= ECON_Q_ACTORS || strlen(actor) >= ECON_Q_ACTOR_LEN) return ECON_ERR_FULL;
  strcpy(v->actor[v->n], actor);
  v->counter[v->n++] = counter;
  return ECON_OK;
}

econ_err econ_vclock_merge(econ_vclock *into, const econ_vclock *from) {
  econ_vclock tmp = *into;
  for (size_t i = 0; i < from->n; i++) {
    econ_err e = econ_vclock_observe(&tmp, from->actor[i], from->counter[i]);
    if (e != ECON_OK) return e;
  }
  *into = tmp;
  return ECON_OK;
}

int econ_vclock_compare(const econ_vclock *a, const econ_vclock *b) {
  bool less = false, more = false;
  for (size_t i = 0; i < a->n; i++) {
    uint64_t x = a->counter[i], y = econ_vclock_get(b, a->actor[i]);
    if (x < y) less = true;
    if (x > y) more = true;
  }
  for (size_t i = 0; i < b->n; i++) {
    uint64_t x = econ_vclock_get(a, b->actor[i]), y = b->counter[i];
    if (x < y) less = true;
    if (x > y) more = true;
  }
  if (less && more) return 2;
  return less ? -1 : more ? 1 : 0;
}
