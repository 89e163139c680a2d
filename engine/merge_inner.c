/* The child side of -merge=1 (see merge_inner.h). */
#include "merge_inner.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "child.h"
#include "coverage.h"
#include "executor.h"
#include "fileio.h"
#include "globals.h"
#include "log.h"

typedef struct inner_state {
  uint8_t *seen_feature; /* per feature: reached by an earlier input of this child */
  uint8_t *seen_edge;    /* per counter (PC table entry) */
  uint32_t *features;    /* the new ones of the current input */
  uint32_t *edges;
  size_t feature_count, edge_count;
} inner_state;

/* Keeps the features (and their edges) of the last run that are new to this child. */
static void keep_new(inner_state *s, const ff_feature_list *run) {
  s->feature_count = s->edge_count = 0;
  for (size_t i = 0; i < run->n; i++) {
    uint32_t f = run->idx[i], edge = f / FF_BUCKETS;
    if (!s->seen_feature[f]) {
      s->seen_feature[f] = 1;
      s->features[s->feature_count++] = f;
    }
    if (!s->seen_edge[edge]) {
      s->seen_edge[edge] = 1;
      s->edges[s->edge_count++] = edge;
    }
  }
}

/* Runs input i and appends its lines. Returns 0, or -1 when the control file
 * cannot be written. */
static int merge_one(ff_engine *e, inner_state *s, const char *path, size_t i, int fd) {
  uint8_t *data;
  size_t len;
  char err[256];
  s->feature_count = s->edge_count = 0;
  if (ff_read_file(path, e->max_len, &data, &len, err, sizeof err) != 0) {
    ff_logf("skipping %s: %s\n", path, err);
    if (ff_merge_control_started(fd, i, 0) != 0) return -1;
  } else {
    if (ff_merge_control_started(fd, i, len) != 0) return -1;
    uint64_t ns;
    /* no leak check, as libFuzzer's merge: a merge measures coverage */
    int ret = ff_execute(data, len, &ns);
    free(data);
    ff_features_collect(&e->run);
    if (ret != -1) keep_new(s, &e->run); /* -1: the harness rejects the input */
  }
  if (ff_merge_control_ids(fd, "FT", i, s->features, s->feature_count) != 0) return -1;
  return ff_merge_control_ids(fd, "COV", i, s->edges, s->edge_count);
}

void ff_merge_inner(ff_engine *e, const ff_merge_control *c, size_t start, const char *path,
                    int quiet) {
  ff_child_prepare(e->flags.timeout, e->flags.rss_limit_mb, quiet);
  size_t counters = ff_cov.total_counters ? ff_cov.total_counters : 1;
  inner_state s = {
      .seen_feature = calloc(counters * FF_BUCKETS, 1),
      .seen_edge = calloc(counters, 1),
      .features = malloc(counters * sizeof(uint32_t)),
      .edges = malloc(counters * sizeof(uint32_t)),
  };
  int fd = open(path, O_WRONLY | O_APPEND);
  if (fd < 0 || !s.seen_feature || !s.seen_edge || !s.features || !s.edges) {
    ff_logf("ERROR: merge: cannot append to the control file %s: %s\n", path,
            fd < 0 ? strerror(errno) : "out of memory");
    _exit(3);
  }
  ff_logf("MERGE-INNER: using the control file '%s'\n", path);
  ff_logf("MERGE-INNER: %zu total files; %zu processed earlier; will process %zu files now\n",
          c->count, start, c->count - start);
  ff_cov_clear_counters(); /* nothing the harness's initialization reached */
  for (size_t i = start; i < c->count; i++) {
    if (merge_one(e, &s, c->inputs[i].path, i, fd) != 0) {
      ff_logf("ERROR: merge: cannot append to the control file %s: %s\n", path, strerror(errno));
      _exit(3);
    }
  }
  _exit(0);
}
