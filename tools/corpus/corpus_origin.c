/* The corpus manifest and its origin record (see corpus_origin.h), with jansson. */
#include "corpus_origin.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dir_list.h"
#include "fileio.h"

#define MANIFEST_MAX_BYTES (64u << 20)

static const char *const names[ORIGIN_COUNT] = {"seed", "fuzzing", "synced", "merged", "promoted"};

const char *corpus_origin_name(enum corpus_origin o) {
  return o >= 0 && o < ORIGIN_COUNT ? names[o] : "?";
}

static void manifest_path(const char *dir, char *out, size_t cap) {
  size_t len = strlen(dir);
  while (len > 1 && dir[len - 1] == '/') len--; /* "corpus/" and "corpus" share one manifest */
  snprintf(out, cap, "%.*s" CORPUS_MANIFEST_SUFFIX, (int)len, dir);
}

json_t *corpus_manifest_load(const char *dir) {
  char path[4200];
  manifest_path(dir, path, sizeof path);
  if (!ff_is_file(path)) return json_object();
  json_error_t je;
  json_t *m = json_load_file(path, 0, &je);
  if (!json_is_object(m)) {
    fprintf(stderr, "formfuzz corpus: %s is corrupt (%s, line %d); remove it to start a new one\n",
            path, je.text, je.line);
    json_decref(m);
    return NULL;
  }
  return m;
}

int corpus_manifest_save(const char *dir, json_t *manifest) {
  char path[4200];
  manifest_path(dir, path, sizeof path);
  char *text = json_dumps(manifest, JSON_INDENT(1) | JSON_SORT_KEYS);
  if (!text) return -1;
  size_t len = strlen(text);
  text[len] = '\n'; /* json_dumps leaves room: its NUL becomes the final newline */
  int rc = ff_write_atomic(path, text, len + 1);
  free(text);
  return rc;
}

static json_t *origins_of(json_t *manifest) {
  json_t *o = json_object_get(manifest, "origins");
  if (json_is_object(o)) return o;
  o = json_object();
  if (o && json_object_set_new(manifest, "origins", o) != 0) return NULL;
  return o;
}

void corpus_origin_set(json_t *manifest, const char *sha1, enum corpus_origin origin) {
  json_t *o = origins_of(manifest);
  if (o && !json_object_get(o, sha1))
    json_object_set_new(o, sha1, json_string(corpus_origin_name(origin)));
}

static int cmp_hash(const void *a, const void *b) { return strcmp(a, b); }

/* SHA-1s of the usable files of dir, sorted. Returns the count (0 when the
 * directory is missing); *out is malloc'd. */
static size_t content_hashes(const char *dir, size_t max_len, char (**out)[FF_SHA1_HEX_LEN + 1]) {
  ff_path_list l = {0};
  ff_list_files(dir, &l);
  *out = calloc(l.count ? l.count : 1, sizeof **out);
  size_t n = 0;
  for (size_t i = 0; *out && i < l.count; i++) {
    uint8_t *data;
    size_t len;
    char err[256];
    if (ff_read_file(l.paths[i], max_len, &data, &len, err, sizeof err) != 0) continue;
    if (len > 0) ff_sha1_hex(data, len, (*out)[n++]);
    free(data);
  }
  ff_path_list_free(&l);
  if (n) qsort(*out, n, sizeof **out, cmp_hash);
  return n;
}

static bool contains(char (*set)[FF_SHA1_HEX_LEN + 1], size_t n, const char *sha1) {
  return n && bsearch(sha1, set, n, sizeof *set, cmp_hash);
}

void corpus_origin_prune(json_t *manifest, const char *dir) {
  json_t *o = json_object_get(manifest, "origins");
  if (!json_is_object(o)) return;
  char (*present)[FF_SHA1_HEX_LEN + 1];
  size_t n = content_hashes(dir, MANIFEST_MAX_BYTES, &present);
  const char *key;
  json_t *value;
  void *tmp;
  json_object_foreach_safe(o, tmp, key, value) {
    if (!contains(present, n, key)) json_object_del(o, key);
  }
  free(present);
}

int corpus_origin_record(const char *dir, const char *const *sha1s, size_t n,
                         enum corpus_origin origin) {
  if (n == 0) return 0;
  json_t *m = corpus_manifest_load(dir);
  if (!m) return -1;
  for (size_t i = 0; i < n; i++) corpus_origin_set(m, sha1s[i], origin);
  int rc = corpus_manifest_save(dir, m);
  json_decref(m);
  return rc;
}

static enum corpus_origin recorded(const json_t *manifest, const char *sha1) {
  const char *s = json_string_value(json_object_get(json_object_get(manifest, "origins"), sha1));
  for (int o = 0; s && o < ORIGIN_COUNT; o++)
    if (strcmp(s, names[o]) == 0) return (enum corpus_origin)o;
  return ORIGIN_COUNT;
}

/* The union of the contents of n directories, sorted (duplicates kept). */
static size_t content_hashes_of(const char *const *dirs, size_t n, size_t max_len,
                                char (**out)[FF_SHA1_HEX_LEN + 1]) {
  size_t total = 0;
  *out = NULL;
  for (size_t d = 0; d < n; d++) {
    char (*one)[FF_SHA1_HEX_LEN + 1];
    size_t k = content_hashes(dirs[d], max_len, &one);
    char (*grown)[FF_SHA1_HEX_LEN + 1] = one ? realloc(*out, (total + k + 1) * sizeof **out) : NULL;
    if (!grown) {
      free(one);
      free(*out);
      *out = NULL;
      return 0;
    }
    *out = grown;
    memcpy(*out + total, one, k * sizeof *one);
    total += k;
    free(one);
  }
  if (total) qsort(*out, total, sizeof **out, cmp_hash);
  return total;
}

int corpus_origin_count(const char *dir, const json_t *manifest, const char *const *seed_dirs,
                        size_t n_seed_dirs, const char *regressions_dir, size_t max_len,
                        size_t counts[ORIGIN_COUNT]) {
  memset(counts, 0, ORIGIN_COUNT * sizeof *counts);
  char (*inputs)[FF_SHA1_HEX_LEN + 1], (*seeds)[FF_SHA1_HEX_LEN + 1] = NULL,
      (*regressions)[FF_SHA1_HEX_LEN + 1] = NULL;
  size_t n = content_hashes(dir, max_len, &inputs);
  size_t ns = content_hashes_of(seed_dirs, n_seed_dirs, max_len, &seeds);
  size_t nr = regressions_dir ? content_hashes(regressions_dir, max_len, &regressions) : 0;
  int rc = inputs && (!n_seed_dirs || seeds) && (!regressions_dir || regressions) ? 0 : -1;
  for (size_t i = 0; rc == 0 && i < n; i++) {
    enum corpus_origin o = contains(seeds, ns, inputs[i]) ? ORIGIN_SEED : recorded(manifest, inputs[i]);
    if (o == ORIGIN_COUNT) o = contains(regressions, nr, inputs[i]) ? ORIGIN_PROMOTED : ORIGIN_FUZZING;
    counts[o]++;
  }
  free(inputs);
  free(seeds);
  free(regressions);
  return rc;
}
