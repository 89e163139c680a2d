/* Listing the regular files of a directory in a stable (sorted) order, and
 * counting them. Used for seeds, corpora, artifacts and replay inputs. The
 * list type also holds any growing list of formatted strings (the report's
 * campaign fields, triage's "fuzzer/artifact" keys). */
#ifndef FF_TOOLS_DIR_LIST_H
#define FF_TOOLS_DIR_LIST_H

#include <stddef.h>

typedef struct ff_path_list {
  char **paths; /* malloc'd full paths */
  size_t count, cap;
} ff_path_list;

void ff_path_list_free(ff_path_list *l);
/* Appends a copy of path. Returns 0 or -1 (out of memory). */
int ff_path_list_add(ff_path_list *l, const char *path);
/* Appends a printf-formatted string. Returns 0 or -1 (out of memory). */
int ff_path_list_addf(ff_path_list *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends dir/<name> for every regular, non-hidden file of dir that is not a
 * temp file of an atomic write (ff_is_temp_name), sorted by name.
 * Returns the number added (0 when the directory does not exist), -1 on error. */
int ff_list_files(const char *dir, ff_path_list *l);
/* Number of the files ff_list_files lists (0 when dir is missing). */
size_t ff_count_files(const char *dir);
int ff_is_dir(const char *path);
int ff_is_file(const char *path);

#endif
