/* libFuzzer's merge control file (the format of clang 14's -merge_control_file),
 * which the outer merge process writes and its inner child appends to:
 *
 *   3            number of inputs
 *   1            how many of them are in the first corpus (they come first)
 *   A/x          one path per line, first corpus then the others, each
 *   B/y          smallest first
 *   B/z
 *   STARTED 0 12     before input 0 (12 bytes) runs
 *   FT 0 8 40 41     after it: the features it reached that no earlier input
 *   COV 0 1 5        of this child reached, and likewise the edges (PC indices)
 *   STARTED 1 30     a STARTED without FT: input 1 failed the child
 *
 * An interrupted merge resumes after the last STARTED input; tools read each
 * input's features from the FT lines. */
#ifndef FF_ENGINE_MERGE_CONTROL_H
#define FF_ENGINE_MERGE_CONTROL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ff_merge_input {
  char *path;
  bool started, done;  /* STARTED seen; FT seen */
  uint32_t *features;  /* the FT ids (all FT lines of this input) */
  size_t feature_count;
  uint32_t *edges;     /* the COV ids */
  size_t edge_count;
} ff_merge_input;

typedef struct ff_merge_control {
  size_t count;        /* inputs */
  size_t first_count;  /* of which in the first corpus */
  ff_merge_input *inputs;
  long last_started;   /* highest index with a STARTED line, -1 when none */
} ff_merge_control;

/* Writes the header (counts and paths) to path atomically, replacing the file.
 * Returns 0, or -1 with errno set. */
int ff_merge_control_create(const char *path, char *const *paths, size_t count, size_t first_count);
/* Reads and checks a control file. Returns 0, or -1 when it cannot be read or
 * is not in the format (c is then empty). */
int ff_merge_control_read(const char *path, ff_merge_control *c);
void ff_merge_control_free(ff_merge_control *c);
/* The input that failed the last inner run: the last STARTED without FT, or -1. */
long ff_merge_control_failed(const ff_merge_control *c);
/* Appends "STARTED <index> <size>" to the open control file, unbuffered.
 * Returns 0 or -1. */
int ff_merge_control_started(int fd, size_t index, size_t size);
/* Appends "<tag> <index> <ids...>" (tag FT or COV) the same way. */
int ff_merge_control_ids(int fd, const char *tag, size_t index, const uint32_t *ids, size_t n);

#endif
