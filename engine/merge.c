/* Corpus merge, the outer process (see merge.h). */
#include "merge.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "child.h"
#include "fileio.h"
#include "corpus_files.h"
#include "log.h"
#include "merge_control.h"
#include "merge_inner.h"

#define MERGE_MAX_LEN (1u << 20)

/* The paths to merge: the first corpus, then the others, each smallest first.
 * Paths with a newline cannot be written into the control file. */
typedef struct merge_plan {
  char **paths;
  size_t count, first_count;
} merge_plan;

static int add_paths(merge_plan *p, ff_corpus_file_list *l) {
  ff_corpus_files_sort(l);
  char **grown = realloc(p->paths, (p->count + l->n + 1) * sizeof *grown);
  if (!grown) return -1;
  p->paths = grown;
  for (size_t i = 0; i < l->n; i++) {
    if (strchr(l->v[i].path, '\n')) {
      ff_logf("skipping %s: a newline in the path\n", l->v[i].path);
      free(l->v[i].path);
      continue;
    }
    p->paths[p->count++] = l->v[i].path;
  }
  free(l->v);
  memset(l, 0, sizeof *l);
  return 0;
}

static void plan_free(merge_plan *p) {
  for (size_t i = 0; i < p->count; i++) free(p->paths[i]);
  free(p->paths);
}

static int make_plan(const ff_flags *f, size_t cap, merge_plan *p) {
  ff_corpus_file_list first = {0}, others = {0};
  if (ff_corpus_files_scan(f->inputs[0], cap, &first, NULL) != 0) return -1;
  for (size_t i = 1; i < f->input_count; i++)
    ff_corpus_files_scan(f->inputs[i], cap, &others, NULL);
  int rc = add_paths(p, &first);
  p->first_count = p->count;
  if (rc == 0) rc = add_paths(p, &others);
  ff_corpus_files_free(&first);
  ff_corpus_files_free(&others);
  return rc;
}

/* True when the control file at path lists exactly these inputs. */
static bool control_matches(const ff_merge_control *c, char *const *paths, size_t count,
                            size_t first_count) {
  if (c->count != count || c->first_count != first_count) return false;
  for (size_t i = 0; i < count; i++)
    if (strcmp(c->inputs[i].path, paths[i]) != 0) return false;
  return true;
}

/* Resumes from an existing control file of the same inputs, or writes a new one.
 * Returns 0 or -1 (reported). */
static int open_control(const char *path, char *const *paths, size_t count, size_t first_count,
                        ff_merge_control *c) {
  struct stat st;
  if (stat(path, &st) == 0 && st.st_size > 0) {
    if (ff_merge_control_read(path, c) == 0 && control_matches(c, paths, count, first_count)) {
      ff_logf("MERGE-OUTER: control file ok, %zu files total, first not processed file %ld\n",
              c->count, c->last_started + 1);
      return 0;
    }
    ff_merge_control_free(c);
    ff_logf("MERGE-OUTER: the control file %s is for other inputs; starting from scratch\n", path);
  }
  if (ff_merge_control_create(path, paths, count, first_count) != 0 ||
      ff_merge_control_read(path, c) != 0) {
    ff_logf("ERROR: cannot write the merge control file %s: %s\n", path, strerror(errno));
    return -1;
  }
  return 0;
}

/* Runs inner children until one gets through every input; an input that kills
 * a child is skipped by the next. Returns 0, or -1 (reported). */
static int run_inner_steps(ff_engine *e, const char *path, int verbose, ff_merge_control *c) {
  for (size_t attempt = 1; attempt <= c->count + 1; attempt++) {
    long before = c->last_started;
    size_t start = (size_t)(before + 1);
    if (start >= c->count) { /* every input has run (or failed) */
      if (attempt > 1 && verbose)
        ff_logf("MERGE-OUTER: successful in %zu attempt(s)\n", attempt - 1);
      return 0;
    }
    if (verbose) ff_logf("MERGE-OUTER: attempt %zu\n", attempt);
    pid_t pid = fork();
    if (pid < 0) {
      ff_logf("ERROR: merge: fork: %s\n", strerror(errno));
      return -1;
    }
    if (pid == 0) ff_merge_inner(e, c, start, path, !verbose);
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    ff_merge_control_free(c);
    if (ff_merge_control_read(path, c) != 0) {
      ff_logf("ERROR: merge: the control file %s is no longer readable\n", path);
      return -1;
    }
    if (!ff_child_failed(status)) {
      if (verbose) ff_logf("MERGE-OUTER: successful in %zu attempt(s)\n", attempt);
      return 0;
    }
    long failed = ff_merge_control_failed(c);
    if (failed < 0 || c->last_started == before) {
      ff_logf("ERROR: merge: the inner process failed before running an input\n");
      return -1;
    }
    ff_logf("MERGE-OUTER: '%s' failed the target; skipping it\n", c->inputs[failed].path);
  }
  ff_logf("ERROR: merge: too many failed attempts\n");
  return -1;
}

int ff_merge_cover_init(ff_merge_cover *cv, size_t feature_cap, size_t edge_cap) {
  memset(cv, 0, sizeof *cv);
  cv->features = calloc(feature_cap ? feature_cap : 1, sizeof(bool));
  cv->edges = calloc(edge_cap ? edge_cap : 1, sizeof(bool));
  cv->feature_cap = feature_cap;
  cv->edge_cap = edge_cap;
  if (cv->features && cv->edges) return 0;
  ff_merge_cover_free(cv);
  return -1;
}

void ff_merge_cover_free(ff_merge_cover *cv) {
  free(cv->features);
  free(cv->edges);
  memset(cv, 0, sizeof *cv);
}

/* Marks ids in set; returns how many were not marked yet. */
static size_t mark(bool *set, size_t set_size, const uint32_t *ids, size_t n) {
  size_t fresh = 0;
  for (size_t i = 0; i < n; i++)
    if (ids[i] < set_size && !set[ids[i]]) {
      set[ids[i]] = true;
      fresh++;
    }
  return fresh;
}

int ff_merge_select(const ff_merge_control *c, ff_merge_cover *cv,
                    int (*keep)(const char *path, void *ctx), void *ctx, ff_merge_added *added) {
  memset(added, 0, sizeof *added);
  for (size_t i = 0; i < c->first_count; i++) {
    const ff_merge_input *in = &c->inputs[i];
    cv->feature_count += mark(cv->features, cv->feature_cap, in->features, in->feature_count);
    cv->edge_count += mark(cv->edges, cv->edge_cap, in->edges, in->edge_count);
  }
  for (size_t i = c->first_count; i < c->count; i++) {
    const ff_merge_input *in = &c->inputs[i];
    size_t fresh = mark(cv->features, cv->feature_cap, in->features, in->feature_count);
    if (!fresh) continue;
    size_t fresh_edges = mark(cv->edges, cv->edge_cap, in->edges, in->edge_count);
    cv->feature_count += fresh;
    cv->edge_count += fresh_edges;
    added->features += fresh;
    added->edges += fresh_edges;
    int rc = keep(in->path, ctx);
    if (rc < 0) return -1;
    if (rc == 0) added->files++;
  }
  return 0;
}

/* The largest feature and edge ids of c, plus one. */
static void id_bounds(const ff_merge_control *c, size_t *features, size_t *edges) {
  *features = *edges = 0;
  for (size_t i = 0; i < c->count; i++) {
    for (size_t k = 0; k < c->inputs[i].feature_count; k++)
      if (c->inputs[i].features[k] >= *features) *features = c->inputs[i].features[k] + 1u;
    for (size_t k = 0; k < c->inputs[i].edge_count; k++)
      if (c->inputs[i].edges[k] >= *edges) *edges = c->inputs[i].edges[k] + 1u;
  }
}

typedef struct copy_ctx {
  ff_engine *e;
  const char *dir;
} copy_ctx;

/* ff_merge_select's keep: copies the input into the first corpus directory under
 * its SHA-1 name. Returns 0, 1 when the input cannot be read (skipped), or -1. */
static int copy_into_dir(const char *path, void *ctx) {
  const copy_ctx *cc = ctx;
  uint8_t *data;
  size_t len;
  char err[256], name[FF_SHA1_HEX_LEN + 1];
  if (ff_read_file(path, cc->e->max_len, &data, &len, err, sizeof err) != 0) {
    ff_logf("skipping %s: %s\n", path, err);
    return 1;
  }
  int rc = 0;
  if (ff_write_content_addressed(cc->dir, "", data, len, name, sizeof name) < 0) {
    ff_logf("ERROR: cannot write into %s: %s\n", cc->dir, strerror(errno));
    rc = -1;
  }
  free(data);
  return rc;
}

/* libFuzzer's choice: features of the first corpus, then each other input,
 * smallest first, that adds a feature is copied into the first directory. */
static int copy_new_inputs(ff_engine *e, const ff_merge_control *c, const char *dir) {
  size_t feature_cap, edge_cap;
  id_bounds(c, &feature_cap, &edge_cap);
  ff_merge_cover cv;
  if (ff_merge_cover_init(&cv, feature_cap, edge_cap) != 0) {
    ff_logf("ERROR: merge: out of memory\n");
    return -1;
  }
  copy_ctx cc = {e, dir};
  ff_merge_added added;
  int rc = ff_merge_select(c, &cv, copy_into_dir, &cc, &added);
  ff_merge_cover_free(&cv);
  ff_logf("MERGE-OUTER: %zu new files with %zu new features added; %zu new coverage edges\n",
          added.files, added.features, added.edges);
  return rc;
}

int ff_merge_run(ff_engine *e, char *const *paths, size_t count, size_t first_count,
                 const char *control_path, int verbose, ff_merge_control *c) {
  if (open_control(control_path, paths, count, first_count, c) != 0) return -1;
  if (verbose)
    ff_logf("MERGE-OUTER: %zu files, %zu in the initial corpus, %ld processed earlier\n", count,
            first_count, c->last_started + 1);
  if (run_inner_steps(e, control_path, verbose, c) == 0) return 0;
  ff_merge_control_free(c);
  return -1;
}

int ff_merge(ff_engine *e) {
  const ff_flags *f = &e->flags;
  if (f->input_count < 2) {
    ff_logf("ERROR: -merge=1 needs at least two corpus directories\n");
    return 1;
  }
  size_t cap = f->max_len > 0 ? (size_t)f->max_len : MERGE_MAX_LEN;
  merge_plan p = {NULL, 0, 0};
  if (make_plan(f, cap, &p) != 0 || ff_engine_set_max_len(e, cap) != 0) {
    ff_logf("ERROR: merge: cannot list the inputs\n");
    plan_free(&p);
    return 1;
  }
  char temp_path[4200];
  const char *path = f->merge_control_file;
  if (!path) {
    const char *tmp = getenv("TMPDIR");
    snprintf(temp_path, sizeof temp_path, "%s/formfuzz-merge-%ld.txt", tmp && *tmp ? tmp : "/tmp",
             (long)getpid());
    path = temp_path;
  }
  ff_merge_control c;
  int rc = 1;
  if (ff_merge_run(e, p.paths, p.count, p.first_count, path, 1, &c) == 0) {
    if (copy_new_inputs(e, &c, f->inputs[0]) == 0) rc = 0;
    ff_merge_control_free(&c);
  }
  if (!f->merge_control_file) unlink(path);
  plan_free(&p);
  return rc;
}
