/* Every fuzzer of the source tree, read from the components/<c>/fuzzers.tsv
 * manifests (format: docs/CONVENTIONS.md), with the paths derived from it:
 * harness, seeds directory (and how many seeds), dictionary, regressions. */
#ifndef FF_TOOLS_MANIFEST_H
#define FF_TOOLS_MANIFEST_H

#include <stddef.h>

#define FF_NAME_MAX 64

typedef struct ff_fuzzer_info {
  char name[FF_NAME_MAX];      /* vm_ownership */
  char component[FF_NAME_MAX]; /* vm */
  char strategy[FF_NAME_MAX];  /* ownership */
  int risk;                    /* 1..5 */
  long max_len;
  char *description;
  char *harness;         /* components/<c>/fuzz/<strategy>.c (full path) */
  char *seeds_dir;       /* components/<c>/seeds/<name> (may not exist) */
  size_t seeds_count;
  char *dict;            /* components/<c>/seeds/<name>.dict, NULL when absent */
  char *regressions_dir; /* components/<c>/regressions/<name> (may not exist) */
  char *manifest;        /* the fuzzers.tsv it came from */
  int manifest_line;
} ff_fuzzer_info;

typedef struct ff_manifest {
  char root[4096];
  ff_fuzzer_info *fuzzers; /* sorted by name */
  size_t count;
} ff_manifest;

/* Reads every components/ * /fuzzers.tsv under root. Returns 0, or -1 with
 * "file:line: reason" (malformed line, duplicate name, bad risk...) in err. */
int ff_manifest_load(const char *root, ff_manifest *m, char *err, size_t err_cap);
/* Finds the source root (source_root.h) and loads it; prints the error itself. */
int ff_manifest_load_default(ff_manifest *m);
void ff_manifest_free(ff_manifest *m);
/* The named fuzzer or NULL. */
const ff_fuzzer_info *ff_manifest_find(const ff_manifest *m, const char *name);
/* The named fuzzer; when absent prints "unknown fuzzer" with the known names to
 * stderr (prefixed with who) and returns NULL. */
const ff_fuzzer_info *ff_manifest_require(const ff_manifest *m, const char *name, const char *who);

#endif
