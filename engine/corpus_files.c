/* Listing corpus files on disk (see corpus_files.h). */
#include "corpus_files.h"

#include <dirent.h>
#include <stdbool.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fileio.h"
#include "log.h"

static int push(ff_corpus_file_list *l, const char *path, size_t size) {
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 64;
    ff_corpus_file *v = realloc(l->v, cap * sizeof *v);
    if (!v) return -1;
    l->v = v;
    l->cap = cap;
  }
  char *copy = strdup(path);
  if (!copy) return -1;
  l->v[l->n].path = copy;
  l->v[l->n].size = size;
  l->n++;
  return 0;
}

int ff_corpus_files_scan(const char *dir, size_t max_len, ff_corpus_file_list *out,
                         ff_name_set *known) {
  DIR *d = opendir(dir);
  if (!d) {
    ff_logf("skipping %s: %s\n", dir, strerror(errno));
    return -1;
  }
  struct dirent *de;
  while ((de = readdir(d)) != NULL) {
    const char *name = de->d_name;
    if (name[0] == '.') continue; /* ., .., hidden and in-progress temp files */
    if (ff_is_temp_name(name)) continue; /* an atomic write in progress, or a killed writer's */
    char path[4096];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path) {
      ff_logf("skipping %s/%s: path too long\n", dir, name);
      continue;
    }
    struct stat st;
    if (lstat(path, &st) != 0) {
      ff_logf("skipping %s: %s\n", path, strerror(errno));
      continue;
    }
    bool link = S_ISLNK(st.st_mode);
    if (link && stat(path, &st) != 0) {
      ff_logf("skipping %s: %s\n", path, strerror(errno));
      continue;
    }
    if (link && S_ISDIR(st.st_mode)) { /* as libFuzzer: a loop (ln -s . x) must not recurse */
      ff_logf("skipping %s: a symbolic link to a directory (not followed)\n", path);
      continue;
    }
    if (S_ISDIR(st.st_mode)) {
      ff_corpus_files_scan(path, max_len, out, known);
      continue;
    }
    if (!S_ISREG(st.st_mode)) {
      ff_logf("skipping %s: not a regular file\n", path);
      continue;
    }
    if (known && ff_name_set_add(known, name) == 0) continue;
    if ((unsigned long long)st.st_size > max_len) {
      ff_logf("skipping %s: %lld bytes, larger than -max_len=%zu\n", path, (long long)st.st_size,
              max_len);
      continue;
    }
    if (push(out, path, (size_t)st.st_size) != 0) {
      closedir(d);
      return -1;
    }
  }
  closedir(d);
  return 0;
}

static int by_size_then_path(const void *a, const void *b) {
  const ff_corpus_file *x = a, *y = b;
  if (x->size != y->size) return x->size < y->size ? -1 : 1;
  return strcmp(x->path, y->path);
}

void ff_corpus_files_sort(ff_corpus_file_list *l) {
  if (l->n) qsort(l->v, l->n, sizeof *l->v, by_size_then_path);
}

void ff_corpus_files_free(ff_corpus_file_list *l) {
  for (size_t i = 0; i < l->n; i++) free(l->v[i].path);
  free(l->v);
  l->v = NULL;
  l->n = l->cap = 0;
}
