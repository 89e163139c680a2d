/* Corpus files: the regular files found on disk under corpus directories
 * (recursively; symbolic links to files are read, links to directories are
 * not followed, as in libFuzzer), listed in a deterministic order (size, then
 * path), with files that cannot be used reported as "skipping <file>:
 * <reason>" and left out, temp files of atomic writes ignored, and with a set
 * of names already known (name_set.h) left out too. */
#ifndef FF_ENGINE_CORPUS_FILES_H
#define FF_ENGINE_CORPUS_FILES_H

#include <stddef.h>
#include <stdint.h>

#include "name_set.h"

/* One file: its path (malloc'd) and its size in bytes when listed. */
typedef struct ff_corpus_file {
  char *path;
  size_t size;
} ff_corpus_file;

typedef struct ff_corpus_file_list {
  ff_corpus_file *v;
  size_t n, cap;
} ff_corpus_file_list;

/* Adds the files under dir that are not larger than max_len bytes. With
 * known != NULL, files whose name is in known are left out and the others added
 * to it. Returns 0, or -1 when dir cannot be opened (reported). */
int ff_corpus_files_scan(const char *dir, size_t max_len, ff_corpus_file_list *out,
                         ff_name_set *known);
void ff_corpus_files_sort(ff_corpus_file_list *l);
void ff_corpus_files_free(ff_corpus_file_list *l);

#endif
