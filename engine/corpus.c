/* In-memory corpus and its content-addressed directory (see corpus.h). */
#include "corpus.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

void ff_corpus_init(ff_corpus *c, const char *dir) {
  memset(c, 0, sizeof *c);
  c->dir = dir;
}

static void entry_free(ff_entry *e) {
  free(e->data);
  free(e->features);
  e->data = NULL;
  e->features = NULL;
}

void ff_corpus_free(ff_corpus *c) {
  for (size_t i = 0; i < c->n; i++) {
    entry_free(c->entries[i]);
    free(c->entries[i]);
  }
  free(c->entries);
  memset(c, 0, sizeof *c);
}

/* Returns 0, or -1 (reported once; errno kept in c->write_error). */
static int write_entry(ff_corpus *c, ff_entry *e) {
  /* no fsync per entry (fileio.h): the rename keeps it atomic */
  int r = ff_write_content_addressed_unsynced(c->dir, "", e->data, e->size, e->name,
                                              sizeof e->name);
  if (r < 0) {
    if (!c->write_error)
      ff_logf("ERROR: cannot write a corpus file into %s: %s\n", c->dir, strerror(errno));
    c->write_error = errno ? errno : EIO;
    return -1;
  }
  e->written = (r == 1);
  return 0;
}

long ff_corpus_add(ff_corpus *c, const uint8_t *data, size_t size, const uint32_t *features,
                   size_t nfeatures, uint64_t exec_ns, int found_by, bool from_disk) {
  if (c->n == c->cap) {
    size_t cap = c->cap ? c->cap * 2 : 256;
    ff_entry **grown = realloc(c->entries, cap * sizeof *grown);
    if (!grown) return -1;
    c->entries = grown;
    c->cap = cap;
  }
  ff_entry *e = calloc(1, sizeof *e);
  if (!e) return -1;
  e->data = malloc(size ? size : 1);
  e->features = malloc((nfeatures ? nfeatures : 1) * sizeof *features);
  if (!e->data || !e->features) {
    entry_free(e);
    free(e);
    return -1;
  }
  if (size) memcpy(e->data, data, size);
  if (nfeatures) memcpy(e->features, features, nfeatures * sizeof *features);
  e->size = (uint32_t)size;
  e->nfeatures = (uint32_t)nfeatures;
  e->exec_ns = exec_ns ? exec_ns : 1;
  e->found_by = (uint8_t)found_by;
  e->from_disk = from_disk;
  ff_sha1_hex(data, size, e->name);
  if (c->dir && !from_disk && write_entry(c, e) != 0) {
    entry_free(e);
    free(e);
    return -1;
  }
  c->entries[c->n] = e;
  c->active++;
  c->active_bytes += size;
  if (size > c->max_size) c->max_size = size;
  c->generation++;
  return (long)c->n++;
}

void ff_corpus_release(ff_corpus *c, uint32_t id) {
  ff_entry *e = c->entries[id];
  if (e->owned > 0) e->owned--;
  if (e->owned > 0 || e->retired) return;
  e->retired = true;
  c->active--;
  c->active_bytes -= e->size;
  c->generation++;
  if (e->written && c->dir) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", c->dir, e->name);
    unlink(path);
  }
  entry_free(e);
}
