/* A set of file names kept as 64-bit FNV-1a hashes in an open-addressing
 * table (see name_set.h). */
#include "name_set.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

struct ff_name_set {
  uint64_t *slots; /* 0 = empty */
  size_t cap, n;
};

ff_name_set *ff_name_set_new(void) {
  ff_name_set *s = calloc(1, sizeof *s);
  if (!s) return NULL;
  s->cap = 1024;
  s->slots = calloc(s->cap, sizeof *s->slots);
  if (!s->slots) {
    free(s);
    return NULL;
  }
  return s;
}

void ff_name_set_free(ff_name_set *s) {
  if (!s) return;
  free(s->slots);
  free(s);
}

static uint64_t name_hash(const char *name) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
    h ^= *p;
    h *= 0x100000001b3ULL;
  }
  return h ? h : 1;
}

static int insert(uint64_t *slots, size_t cap, uint64_t h) {
  size_t i = (size_t)h & (cap - 1);
  while (slots[i]) {
    if (slots[i] == h) return 0;
    i = (i + 1) & (cap - 1);
  }
  slots[i] = h;
  return 1;
}

int ff_name_set_add(ff_name_set *s, const char *name) {
  if ((s->n + 1) * 2 > s->cap) {
    size_t cap = s->cap * 2;
    uint64_t *slots = calloc(cap, sizeof *slots);
    if (!slots) return -1;
    for (size_t i = 0; i < s->cap; i++)
      if (s->slots[i]) insert(slots, cap, s->slots[i]);
    free(s->slots);
    s->slots = slots;
    s->cap = cap;
  }
  int added = insert(s->slots, s->cap, name_hash(name));
  s->n += (size_t)added;
  return added;
}
