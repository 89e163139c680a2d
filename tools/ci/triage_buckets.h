/* The crash buckets of a triage run (<out>/triage/index.json) sorted into
 * not yet filed and already filed (known_crashes.h): what precommit and CI
 * fail on. */
#ifndef FF_TOOLS_CI_TRIAGE_BUCKETS_H
#define FF_TOOLS_CI_TRIAGE_BUCKETS_H

#include <stddef.h>

#include "known_crashes.h"

typedef struct ff_ci_bucket {
  char fuzzer[128], id[64], title[320];
  int is_new;       /* triage marked it new (not in its previous index) */
  const char *link; /* into the known list; NULL: not filed */
} ff_ci_bucket;

typedef struct ff_ci_buckets {
  ff_ci_bucket *items;
  size_t count, new_unfiled; /* new_unfiled: new and not filed */
} ff_ci_buckets;

/* Reads <out>/triage/index.json. Returns 0, or -1 with err (missing or corrupt). */
int ff_ci_buckets_load(const char *out, const ff_known_crashes *known, ff_ci_buckets *b, char *err,
                       size_t err_cap);
void ff_ci_buckets_free(ff_ci_buckets *b);

#endif
