/* A corpus as a set of contents: every input of a directory by the SHA-1 of
 * its bytes (names do not matter, equal contents count once), the content
 * hash of the whole set (SHA-1 of the sorted entry hashes, one per line: the
 * same for the same inputs wherever they are and however they are named),
 * and the entries one set has and the other has not. Used by `formfuzz
 * corpus diff` and by campaign.json's corpus_start. */
#ifndef FF_TOOLS_CORPUS_SET_H
#define FF_TOOLS_CORPUS_SET_H

#include <stddef.h>
#include <stdio.h>

#include "fileio.h"

typedef struct corpus_entry {
  char sha1[FF_SHA1_HEX_LEN + 1];
  char *name; /* file name (the first one by name when contents repeat) */
  size_t size;
} corpus_entry;

typedef struct corpus_set {
  corpus_entry *entries; /* sorted by sha1, distinct */
  size_t count;
  size_t unreadable; /* files skipped: unreadable or larger than max_len */
  char sha1[FF_SHA1_HEX_LEN + 1]; /* of the set */
} corpus_set;

/* Reads dir (its regular files, as ff_list_files lists them; a missing
 * directory is the empty set). Returns 0, or -1 with err (out of memory,
 * unlistable directory). */
int corpus_set_read(const char *dir, size_t max_len, corpus_set *s, char *err, size_t err_cap);
void corpus_set_free(corpus_set *s);

/* The content hash and entry count of dir's set (inputs up to 64 MiB).
 * Returns 0, or -1 with err. */
int corpus_set_hash_dir(const char *dir, char sha1[FF_SHA1_HEX_LEN + 1], size_t *entries, char *err,
                        size_t err_cap);

/* Prints the two sets' sizes and hashes, the counts and one line per entry
 * added ("+ name  size bytes  sha1") and removed ("- ..."), each sorted by name. */
void corpus_set_print_diff(const corpus_set *a, const char *a_label, const corpus_set *b,
                           const char *b_label, FILE *to);

#endif
