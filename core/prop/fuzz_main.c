/* A property as a fuzzer (ff_add_property_fuzzer): the engine's bytes are the
 * property's ff_input. FORMFUZZ_PROPERTY=name runs one property of a file that
 * has several; otherwise each runs on the same bytes. A failed property is a
 * failed invariant, i.e. an abort the engine records as a crash. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formfuzz/prop.h"

static const ff_property *selected_property(void) {
  const char *name = getenv("FORMFUZZ_PROPERTY");
  if (!name || !*name) return NULL;
  const ff_property *p = ff_prop_find(name);
  if (!p) {
    fprintf(stderr, "formfuzz: FORMFUZZ_PROPERTY=%s: no such property in this fuzzer\n", name);
    abort();
  }
  return p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const ff_property *only = selected_property();
  for (size_t k = 0; k < ff_prop_count(); k++) {
    const ff_property *prop = ff_prop_at(k);
    if (only && prop != only) continue;
    ff_input in;
    ff_input_init(&in, data, size);
    prop->fn(&in);
  }
  return 0;
}
