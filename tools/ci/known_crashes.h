/* The crash buckets the team has already filed: known-crashes.tsv at the
 * source root (or --known FILE), one line per bucket,
 *   <bucket id>  <issue link>   [note...]
 * whitespace-separated, '#' comments and blank lines ignored. Bucket ids are
 * the triage ids (out/triage/index.json, 12 hex digits). `formfuzz report`
 * and `formfuzz precommit` use it to tell new crashes from filed ones. */
#ifndef FF_TOOLS_CI_KNOWN_CRASHES_H
#define FF_TOOLS_CI_KNOWN_CRASHES_H

#include <stddef.h>

#define FF_KNOWN_CRASHES_FILE "known-crashes.tsv"

typedef struct ff_known_crash {
  char id[64];
  char link[512];
} ff_known_crash;

typedef struct ff_known_crashes {
  ff_known_crash *items;
  size_t count;
} ff_known_crashes;

/* Reads path. A missing file is an empty list when optional is nonzero (the
 * default file), an error otherwise. Returns 0, or -1 with err ("file:line:
 * reason" for a malformed line: an id that is not hex, no link). */
int ff_known_crashes_load(const char *path, int optional, ff_known_crashes *k, char *err,
                          size_t err_cap);
/* The list from --known FILE, or else from <source root>/known-crashes.tsv
 * when it exists. Prints the error itself (prefixed with who). */
int ff_known_crashes_load_default(const char *file, const char *who, ff_known_crashes *k);
/* The issue link filed for bucket id, or NULL. */
const char *ff_known_crash_link(const ff_known_crashes *k, const char *id);
void ff_known_crashes_free(ff_known_crashes *k);

#endif
