/* -merge=1 A B C... [-merge_control_file=F]: inputs of B, C... (smallest
 * first) that reach features the inputs of A do not are copied into A under
 * their SHA-1 names, atomically, as libFuzzer's merge. The inputs run in a
 * forked child (merge_inner.h) that records each input's features in the
 * control file F (libFuzzer's format, merge_control.h; a temporary file when
 * not given); when an input kills the child, the next child starts after it.
 * The outer process reads F and copies the inputs that add features. Given a
 * control file of the same inputs, an interrupted merge resumes from it. */
#ifndef FF_ENGINE_MERGE_H
#define FF_ENGINE_MERGE_H

#include <stdbool.h>

#include "engine.h"
#include "merge_control.h"

int ff_merge(ff_engine *e);

/* The steps of a merge, also used by fork mode (fork.h), which keeps one
 * cover across many merges. */

/* What the inputs chosen so far cover: features and edges (PC indices) by
 * id; ids at or above a cap are not counted. */
typedef struct ff_merge_cover {
  bool *features, *edges;
  size_t feature_cap, edge_cap;
  size_t feature_count, edge_count; /* ids set */
} ff_merge_cover;

/* What one ff_merge_select added. */
typedef struct ff_merge_added {
  size_t files, features, edges;
} ff_merge_added;

int ff_merge_cover_init(ff_merge_cover *cv, size_t feature_cap, size_t edge_cap);
void ff_merge_cover_free(ff_merge_cover *cv);
/* Runs paths[0..count) (the first first_count of them the corpus merged into,
 * each group smallest first) through inner children that record them in the
 * control file at control_path, resuming from it when it lists the same
 * inputs. An input that fails the target is reported and skipped. verbose 0:
 * no MERGE-OUTER progress lines and the inner children's output goes to
 * /dev/null. Returns 0 with c read from the finished file, or -1 (reported). */
int ff_merge_run(ff_engine *e, char *const *paths, size_t count, size_t first_count,
                 const char *control_path, int verbose, ff_merge_control *c);
/* libFuzzer's choice: marks the features and edges of c's first first_count
 * inputs in cv, then calls keep(path, ctx) for each later input, in order,
 * that reaches a feature cv lacks, and marks its features and edges. keep
 * returns 0 (kept), 1 (skipped; counted in added but not as a file) or -1
 * (stop: returned). */
int ff_merge_select(const ff_merge_control *c, ff_merge_cover *cv,
                    int (*keep)(const char *path, void *ctx), void *ctx, ff_merge_added *added);

#endif
