/* Corpus exchange between formfuzz and AFL++ worker directories (see corpus_sync.h). */
#include "corpus_sync.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus_origin.h"
#include "dir_list.h"
#include "fileio.h"

typedef struct input {
  char sha[FF_SHA1_HEX_LEN + 1];
  uint8_t *data;
  size_t len;
  int owner; /* index of a directory that has it */
} input;

typedef struct pool {
  input *items;
  size_t n;
  bool *has; /* has[item * ndirs + dir] */
  int ndirs;
} pool;

int corpus_is_afl_dir(const char *dir) {
  DIR *d = opendir(dir);
  if (!d) return 0;
  struct dirent *e;
  int found = 0;
  while (!found && (e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') continue;
    char p[4400];
    snprintf(p, sizeof p, "%s/%s/queue", dir, e->d_name);
    found = ff_is_dir(p);
  }
  closedir(d);
  return found;
}

/* Every input file of dir: flat files, or the AFL++ instances' queue/ files. */
static int list_inputs(const char *dir, ff_path_list *l) {
  if (!corpus_is_afl_dir(dir)) return ff_list_files(dir, l) < 0 ? -1 : 0;
  DIR *d = opendir(dir);
  if (!d) return -1;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') continue;
    char q[4400];
    snprintf(q, sizeof q, "%s/%s/queue", dir, e->d_name);
    if (ff_is_dir(q)) ff_list_files(q, l);
  }
  closedir(d);
  return 0;
}

static int add_input(pool *p, const char *path, int dir, size_t max_len, corpus_sync_stats *st) {
  uint8_t *data;
  size_t len;
  char err[256];
  if (ff_read_file(path, max_len, &data, &len, err, sizeof err) != 0 || len == 0) {
    fprintf(stderr, "formfuzz corpus sync: skipping %s: %s\n", path, len == 0 && data ? "empty" : err);
    free(data);
    st->skipped++;
    return 0;
  }
  char sha[FF_SHA1_HEX_LEN + 1];
  ff_sha1_hex(data, len, sha);
  for (size_t i = 0; i < p->n; i++)
    if (strcmp(p->items[i].sha, sha) == 0) {
      p->has[i * p->ndirs + dir] = true;
      free(data);
      return 0;
    }
  input *grown = realloc(p->items, (p->n + 1) * sizeof *grown);
  bool *has = realloc(p->has, (p->n + 1) * p->ndirs * sizeof *has);
  if (grown) p->items = grown;
  if (has) p->has = has;
  if (!grown || !has) {
    free(data);
    return -1;
  }
  input *in = &p->items[p->n];
  memcpy(in->sha, sha, sizeof sha);
  in->data = data;
  in->len = len;
  in->owner = dir;
  memset(&p->has[p->n * p->ndirs], 0, p->ndirs * sizeof *has);
  p->has[p->n * p->ndirs + dir] = true;
  p->n++;
  return 0;
}

/* Next free AFL++ queue id in <dir>/formfuzz/queue. */
static unsigned next_afl_id(const char *queue) {
  ff_path_list l = {0};
  ff_list_files(queue, &l);
  unsigned next = 0;
  for (size_t i = 0; i < l.count; i++) {
    const char *name = strrchr(l.paths[i], '/') + 1;
    unsigned id;
    if (sscanf(name, "id:%u", &id) == 1 && id + 1 > next) next = id + 1;
  }
  ff_path_list_free(&l);
  return next;
}

static int write_to(const char *dir, bool afl, const input *in, unsigned *afl_id) {
  if (!afl) {
    char name[64];
    return ff_write_content_addressed(dir, NULL, in->data, in->len, name, sizeof name) < 0 ? -1 : 0;
  }
  char queue[4200], path[4400];
  snprintf(queue, sizeof queue, "%s/formfuzz/queue", dir);
  if (ff_mkdirs(queue) != 0) return -1;
  snprintf(path, sizeof path, "%s/id:%06u,src:formfuzz,sha1:%.12s", queue, (*afl_id)++, in->sha);
  return ff_write_atomic(path, in->data, in->len);
}

int corpus_sync(const char *const *dirs, int n, size_t max_len, corpus_sync_stats *st, char *err,
                size_t err_cap) {
  memset(st, 0, sizeof *st);
  pool p = {.ndirs = n};
  int rc = 0;
  for (int d = 0; d < n && rc == 0; d++) {
    if (ff_mkdirs(dirs[d]) != 0) {
      snprintf(err, err_cap, "cannot create %s", dirs[d]);
      rc = -1;
      break;
    }
    ff_path_list l = {0};
    if (list_inputs(dirs[d], &l) != 0) {
      snprintf(err, err_cap, "cannot list %s", dirs[d]);
      rc = -1;
    }
    for (size_t i = 0; i < l.count && rc == 0; i++)
      if (add_input(&p, l.paths[i], d, max_len, st) != 0) {
        snprintf(err, err_cap, "out of memory");
        rc = -1;
      }
    ff_path_list_free(&l);
  }
  st->unique = p.n;
  const char **synced = calloc(p.n ? p.n : 1, sizeof *synced);
  if (!synced && rc == 0) {
    snprintf(err, err_cap, "out of memory");
    rc = -1;
  }
  for (int d = 0; d < n && rc == 0; d++) {
    bool afl = corpus_is_afl_dir(dirs[d]);
    char queue[4200];
    snprintf(queue, sizeof queue, "%s/formfuzz/queue", dirs[d]);
    unsigned afl_id = afl ? next_afl_id(queue) : 0;
    size_t nsynced = 0;
    for (size_t i = 0; i < p.n && rc == 0; i++) {
      if (p.has[i * n + d]) continue;
      if (write_to(dirs[d], afl, &p.items[i], &afl_id) != 0) {
        snprintf(err, err_cap, "cannot write into %s", dirs[d]);
        rc = -1;
      } else {
        st->written++;
        synced[nsynced++] = p.items[i].sha;
      }
    }
    /* formfuzz corpora remember what arrived by sync (corpus stats' origins) */
    if (rc == 0 && !afl && corpus_origin_record(dirs[d], synced, nsynced, ORIGIN_SYNCED) != 0) {
      snprintf(err, err_cap, "cannot update the manifest of %s", dirs[d]);
      rc = -1;
    }
  }
  free(synced);
  for (size_t i = 0; i < p.n; i++) free(p.items[i].data);
  free(p.items);
  free(p.has);
  return rc;
}
