/* The corpus manifest, DIR.formfuzz-manifest.json (beside the corpus, never
 * inside it: engines run every file of a corpus directory), and the origin
 * record it keeps: "origins": {"<content sha1>": "synced" | "merged" |
 * "promoted"}, written by the tools that add inputs (corpus sync, merge,
 * seeds) and pruned by minimize. `corpus stats` tells where every input came
 * from: a seed when its content is in the seeds (or unit-test vectors)
 * directory, else its recorded
 * origin, else promoted when it is in the regressions directory, else found by
 * fuzzing (what the engine wrote). */
#ifndef FF_TOOLS_CORPUS_ORIGIN_H
#define FF_TOOLS_CORPUS_ORIGIN_H

#include <jansson.h>
#include <stddef.h>

#define CORPUS_MANIFEST_SUFFIX ".formfuzz-manifest.json"

enum corpus_origin {
  ORIGIN_SEED,
  ORIGIN_FUZZING,
  ORIGIN_SYNCED,
  ORIGIN_MERGED,
  ORIGIN_PROMOTED,
  ORIGIN_COUNT
};

/* "seed", "fuzzing", "synced", "merged", "promoted". */
const char *corpus_origin_name(enum corpus_origin o);

/* The manifest of dir as a JSON object: a new empty one when there is none;
 * NULL (and a message on stderr) when it is corrupt or memory runs out. */
json_t *corpus_manifest_load(const char *dir);
/* Writes it atomically beside dir. 0 or -1. */
int corpus_manifest_save(const char *dir, json_t *manifest);

/* Records origin for a content SHA-1 unless one is recorded already. */
void corpus_origin_set(json_t *manifest, const char *sha1, enum corpus_origin origin);
/* Drops the records of inputs no longer in dir. */
void corpus_origin_prune(json_t *manifest, const char *dir);
/* load + set for every sha1 + save. 0 or -1. */
int corpus_origin_record(const char *dir, const char *const *sha1s, size_t n,
                         enum corpus_origin origin);

/* Counts the inputs of dir per origin (see above): seeds are the contents of
 * the n_seed_dirs directories, promoted ones those of regressions_dir (may be
 * NULL). Files over max_len or empty are not counted. */
int corpus_origin_count(const char *dir, const json_t *manifest, const char *const *seed_dirs,
                        size_t n_seed_dirs, const char *regressions_dir, size_t max_len,
                        size_t counts[ORIGIN_COUNT]);

#endif
