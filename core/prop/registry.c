/* The property registry: FF_PROPERTY adds each property here before main, the
 * runner and the fuzzer entry point look them up. Filled once at start-up,
 * read-only afterwards. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formfuzz/prop.h"

#define FF_PROP_MAX 128

static ff_property registry[FF_PROP_MAX];
static size_t registered;

void ff_prop_register(const char *name, ff_prop_fn fn) {
  if (registered == FF_PROP_MAX) {
    fprintf(stderr, "formfuzz: more than %d properties in one program; split the file\n", FF_PROP_MAX);
    abort();
  }
  registry[registered].name = name;
  registry[registered].fn = fn;
  registered++;
}

size_t ff_prop_count(void) { return registered; }

const ff_property *ff_prop_at(size_t i) { return i < registered ? &registry[i] : NULL; }

const ff_property *ff_prop_find(const char *name) {
  for (size_t i = 0; i < registered; i++)
    if (strcmp(registry[i].name, name) == 0) return &registry[i];
  return NULL;
}
