/* Coverage features of corpus inputs, asked from the fuzzer binary itself:
 * builtin and libFuzzer binaries run `-merge=1 OUT IN...` (inputs smallest
 * first; an input is copied to OUT, SHA-1-named, only when it adds features).
 * Both get `-merge_control_file=F` and F lists each input's features
 * ("FT <index> <features>", libFuzzer's format, which the built-in engine writes too). */
#ifndef FF_TOOLS_CORPUS_FEATURES_H
#define FF_TOOLS_CORPUS_FEATURES_H

#include <stddef.h>

/* How a merge runs: the per-input limit passed to the binary (-timeout), and
 * the label of its progress lines on stderr ("corpus minimize: 12/40 inputs");
 * NULL: no progress. A stop request (stop_signal.h) ends the binary's whole
 * process group and the merge fails with "interrupted". */
typedef struct corpus_merge_opts {
  long input_timeout_s;
  const char *progress;
} corpus_merge_opts;

typedef struct corpus_merge_result {
  size_t inputs;     /* inputs the binary looked at */
  size_t features;   /* distinct features over all inputs */
  size_t kept;       /* files in OUT afterwards */
} corpus_merge_result;

/* Runs the merge of in_dirs into out_dir with the control file in work_dir;
 * the inputs that crashed or hung the binary (skipped by it) are named on
 * stderr. Returns 0, or -1 with err (the binary failed, wrote no control
 * file, or the merge was interrupted). */
int corpus_merge(const char *binary, const char *out_dir, const char *const *in_dirs, int n_in,
                 const char *work_dir, const corpus_merge_opts *opts, corpus_merge_result *r,
                 char *err, size_t err_cap);
/* Distinct features of the valid inputs of dir (staged, then merged into a
 * scratch directory, removed afterwards, also when interrupted). */
int corpus_count_features(const char *binary, const char *dir, size_t max_len,
                          const corpus_merge_opts *opts, size_t *features, char *err,
                          size_t err_cap);
/* Copies the inputs of dir into stage under SHA-1 names, skipping (and
 * reporting on stderr) empty, unreadable and oversized files. 0 or -1. */
int corpus_stage_inputs(const char *dir, const char *stage, size_t max_len);
/* rm -r; returns 0 or -1. */
int corpus_remove_tree(const char *path);
/* A fresh directory next to base: "<base>.<tag>.<pid>". Returns 0 or -1. */
int corpus_sibling_dir(const char *base, const char *tag, char *out, size_t cap);

#endif
