/* Finding inputs on disk: the regular files under corpus directories
 * (recursively), in a deterministic order (size, then path), with files that
 * cannot be used reported as "skipping <file>: <reason>" and left out, and
 * with a set of names already known (name_set.h) left out too. */
#ifndef FF_ENGINE_CORPUS_FILES_H
#define FF_ENGINE_CORPUS_FILES_H

#include <stddef.h>
#include <stdint.h>

#include "name_set.h"

typedef struct ff_input_file {
  char *path;
  size_t size;
} ff_input_file;

typedef struct ff_input_list {
  ff_input_file *v;
  size_t n, cap;
} ff_input_list;

/* Adds the files under dir that are not larger than max_len bytes. With
 * known != NULL, files whose name is in known are left out and the others added
 * to it. Returns 0, or -1 when dir cannot be opened (reported). */
int ff_inputs_scan(const char *dir, size_t max_len, ff_input_list *out, ff_name_set *known);
void ff_inputs_sort(ff_input_list *l);
void ff_inputs_free(ff_input_list *l);

#endif
