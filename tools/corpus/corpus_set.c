/* Corpora as sets of contents (see corpus_set.h). */
#include "corpus_set.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dir_list.h"

static int by_sha1(const void *x, const void *y) {
  const corpus_entry *a = x, *b = y;
  int c = strcmp(a->sha1, b->sha1);
  return c ? c : strcmp(a->name, b->name);
}

static int same_sha1(const void *x, const void *y) {
  return strcmp(((const corpus_entry *)x)->sha1, ((const corpus_entry *)y)->sha1);
}

static int by_name(const void *x, const void *y) {
  const corpus_entry *const *a = x, *const *b = y;
  return strcmp((*a)->name, (*b)->name);
}

int corpus_set_read(const char *dir, size_t max_len, corpus_set *s, char *err, size_t err_cap) {
  memset(s, 0, sizeof *s);
  ff_path_list files = {0};
  if (ff_list_files(dir, &files) < 0) {
    snprintf(err, err_cap, "cannot list %s", dir);
    return -1;
  }
  s->entries = calloc(files.count + 1, sizeof *s->entries);
  if (!s->entries) {
    ff_path_list_free(&files);
    snprintf(err, err_cap, "out of memory");
    return -1;
  }
  for (size_t i = 0; i < files.count; i++) {
    uint8_t *data;
    size_t len;
    char why[256];
    if (ff_read_file(files.paths[i], max_len, &data, &len, why, sizeof why) != 0) {
      s->unreadable++;
      continue;
    }
    corpus_entry *e = &s->entries[s->count];
    ff_sha1_hex(data, len, e->sha1);
    free(data);
    const char *slash = strrchr(files.paths[i], '/');
    e->name = strdup(slash ? slash + 1 : files.paths[i]);
    e->size = len;
    if (!e->name) {
      ff_path_list_free(&files);
      corpus_set_free(s);
      snprintf(err, err_cap, "out of memory");
      return -1;
    }
    s->count++;
  }
  ff_path_list_free(&files);
  qsort(s->entries, s->count, sizeof *s->entries, by_sha1);
  /* equal contents count once: keep the first by name */
  size_t kept = 0;
  for (size_t i = 0; i < s->count; i++) {
    if (kept && strcmp(s->entries[kept - 1].sha1, s->entries[i].sha1) == 0) {
      free(s->entries[i].name);
      continue;
    }
    s->entries[kept++] = s->entries[i];
  }
  s->count = kept;
  char *lines = malloc(s->count * (FF_SHA1_HEX_LEN + 1) + 1);
  if (!lines) {
    corpus_set_free(s);
    snprintf(err, err_cap, "out of memory");
    return -1;
  }
  for (size_t i = 0; i < s->count; i++) {
    memcpy(lines + i * (FF_SHA1_HEX_LEN + 1), s->entries[i].sha1, FF_SHA1_HEX_LEN);
    lines[i * (FF_SHA1_HEX_LEN + 1) + FF_SHA1_HEX_LEN] = '\n';
  }
  ff_sha1_hex(lines, s->count * (FF_SHA1_HEX_LEN + 1), s->sha1);
  free(lines);
  return 0;
}

int corpus_set_hash_dir(const char *dir, char sha1[FF_SHA1_HEX_LEN + 1], size_t *entries, char *err,
                        size_t err_cap) {
  corpus_set s;
  if (corpus_set_read(dir, (size_t)64 << 20, &s, err, err_cap) != 0) return -1;
  memcpy(sha1, s.sha1, FF_SHA1_HEX_LEN + 1);
  *entries = s.count;
  corpus_set_free(&s);
  return 0;
}

void corpus_set_free(corpus_set *s) {
  for (size_t i = 0; i < s->count; i++) free(s->entries[i].name);
  free(s->entries);
  memset(s, 0, sizeof *s);
}

/* The entries of x whose content y lacks, sorted by name; returns how many (into *out, malloc'd). */
static size_t only_in(const corpus_set *x, const corpus_set *y, const corpus_entry ***out) {
  const corpus_entry **list = calloc(x->count + 1, sizeof *list);
  size_t n = 0;
  for (size_t i = 0; list && i < x->count; i++)
    if (!bsearch(&x->entries[i], y->entries, y->count, sizeof *y->entries, same_sha1))
      list[n++] = &x->entries[i];
  if (list) qsort(list, n, sizeof *list, by_name);
  *out = list;
  return n;
}

static void print_entries(FILE *to, char mark, const corpus_entry **list, size_t n) {
  for (size_t i = 0; i < n; i++)
    fprintf(to, "%c %s  %zu bytes  %s\n", mark, list[i]->name, list[i]->size, list[i]->sha1);
}

void corpus_set_print_diff(const corpus_set *a, const char *a_label, const corpus_set *b,
                           const char *b_label, FILE *to) {
  const corpus_entry **added, **removed;
  size_t nadded = only_in(b, a, &added), nremoved = only_in(a, b, &removed);
  fprintf(to, "A %s: %zu entries, set %s", a_label, a->count, a->sha1);
  if (a->unreadable) fprintf(to, " (%zu file(s) skipped)", a->unreadable);
  fprintf(to, "\nB %s: %zu entries, set %s", b_label, b->count, b->sha1);
  if (b->unreadable) fprintf(to, " (%zu file(s) skipped)", b->unreadable);
  fprintf(to, "\nadded %zu, removed %zu, in both %zu%s\n", nadded, nremoved, b->count - nadded,
          nadded == 0 && nremoved == 0 ? " (same set)" : "");
  print_entries(to, '+', added, nadded);
  print_entries(to, '-', removed, nremoved);
  free(added);
  free(removed);
}
