/* Sorted directory listings (see dir_list.h). */
#include "dir_list.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fileio.h"

void ff_path_list_free(ff_path_list *l) {
  for (size_t i = 0; i < l->count; i++) free(l->paths[i]);
  free(l->paths);
  l->paths = NULL;
  l->count = l->cap = 0;
}

int ff_path_list_addf(ff_path_list *l, const char *fmt, ...) {
  if (l->count == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 16;
    char **grown = realloc(l->paths, cap * sizeof *grown);
    if (!grown) return -1;
    l->paths = grown;
    l->cap = cap;
  }
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  char *text = n < 0 ? NULL : malloc((size_t)n + 1);
  if (!text) return -1;
  va_start(ap, fmt);
  vsnprintf(text, (size_t)n + 1, fmt, ap);
  va_end(ap);
  l->paths[l->count++] = text;
  return 0;
}

int ff_path_list_add(ff_path_list *l, const char *path) { return ff_path_list_addf(l, "%s", path); }

int ff_is_dir(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int ff_is_file(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static int cmp_paths(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int ff_list_files(const char *dir, ff_path_list *l) {
  DIR *d = opendir(dir);
  if (!d) return 0;
  size_t first = l->count;
  struct dirent *e;
  int rc = 0;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.' || ff_is_temp_name(e->d_name)) continue;
    size_t n = strlen(dir) + strlen(e->d_name) + 2;
    char *path = malloc(n);
    if (!path) {
      rc = -1;
      break;
    }
    snprintf(path, n, "%s/%s", dir, e->d_name);
    if (ff_is_file(path) && ff_path_list_add(l, path) != 0) rc = -1;
    free(path);
    if (rc) break;
  }
  closedir(d);
  if (rc) return -1;
  qsort(l->paths + first, l->count - first, sizeof *l->paths, cmp_paths);
  return (int)(l->count - first);
}

size_t ff_count_files(const char *dir) {
  ff_path_list l = {0};
  int n = ff_list_files(dir, &l);
  ff_path_list_free(&l);
  return n > 0 ? (size_t)n : 0;
}
