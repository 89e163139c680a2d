/* Corpus merge (see merge.h). */
#include "merge.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "child.h"
#include "coverage.h"
#include "log.h"

#define MERGE_MAX_LEN (1u << 20)

typedef struct merge_plan {
  ff_input_list first;  /* the inputs of A */
  ff_input_list others; /* the inputs of B, C..., smallest first */
  char *skip;           /* per entry of others: crashed a child */
} merge_plan;

static int run_path(ff_engine *e, const char *path, int found_by, bool initial) {
  uint8_t *data;
  size_t len;
  char err[256];
  if (ff_read_file(path, e->max_len, &data, &len, err, sizeof err) != 0) {
    ff_logf("skipping %s: %s\n", path, err);
    return FF_RUN_NOTHING;
  }
  size_t before = e->fb.features;
  int outcome = ff_engine_run(e, data, len, found_by, true, initial);
  if (e->fb.features > before && e->corpus.dir) {
    char name[FF_SHA1_HEX_LEN + 1];
    if (ff_write_content_addressed(e->corpus.dir, "", data, len, name, sizeof name) < 0)
      ff_logf("ERROR: cannot write into %s: %s\n", e->corpus.dir, strerror(errno));
  }
  free(data);
  return outcome;
}

/* The child: rebuild A's features, then try the others from index start. */
static _Noreturn void merge_child(ff_engine *e, const merge_plan *p, int progress_fd) {
  ff_child_prepare(e->flags.timeout, 0);
  const char *dir = e->corpus.dir;
  e->corpus.dir = NULL; /* A's own inputs are not written again */
  for (size_t i = 0; i < p->first.n; i++) run_path(e, p->first.v[i].path, FF_FOUND_SEED, true);
  size_t initial_features = e->fb.features, added = 0;
  e->corpus.dir = dir;
  for (size_t i = 0; i < p->others.n; i++) {
    if (p->skip[i]) continue;
    uint32_t index = (uint32_t)i;
    if (write(progress_fd, &index, sizeof index) != sizeof index) _exit(3);
    size_t before = e->fb.features;
    run_path(e, p->others.v[i].path, FF_FOUND_SEED, true);
    if (e->fb.features > before) added++;
  }
  ff_logf("MERGE-OUTER: %zu new files with %zu new features added; %zu features in total\n", added,
          e->fb.features - initial_features, e->fb.features);
  _exit(0);
}

int ff_merge(ff_engine *e) {
  if (e->flags.input_count < 2) {
    ff_logf("ERROR: -merge=1 needs at least two corpus directories\n");
    return 1;
  }
  merge_plan p = {{0}, {0}, NULL};
  size_t cap = e->flags.max_len > 0 ? (size_t)e->flags.max_len : MERGE_MAX_LEN;
  if (ff_inputs_scan(e->flags.inputs[0], cap, &p.first, NULL) != 0) return 1;
  for (size_t i = 1; i < e->flags.input_count; i++)
    ff_inputs_scan(e->flags.inputs[i], cap, &p.others, NULL);
  ff_inputs_sort(&p.first);
  ff_inputs_sort(&p.others);
  p.skip = calloc(p.others.n ? p.others.n : 1, 1);
  if (!p.skip || ff_engine_set_max_len(e, cap) != 0) return 1;
  ff_logf("MERGE-OUTER: %zu files, %zu in the initial corpus\n", p.first.n + p.others.n,
          p.first.n);
  int rc = 1;
  for (;;) {
    int fds[2];
    if (pipe(fds) != 0) break;
    pid_t pid = fork();
    if (pid < 0) break;
    if (pid == 0) {
      close(fds[0]);
      merge_child(e, &p, fds[1]);
    }
    close(fds[1]);
    long last = -1;
    uint32_t index;
    while (read(fds[0], &index, sizeof index) == sizeof index) last = index;
    close(fds[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!ff_child_failed(status)) {
      rc = 0;
      break;
    }
    if (last < 0) {
      ff_logf("ERROR: merge failed while reading the initial corpus %s\n", e->flags.inputs[0]);
      break;
    }
    ff_logf("MERGE-OUTER: %s failed the target; skipping it\n", p.others.v[last].path);
    p.skip[last] = 1;
  }
  ff_inputs_free(&p.first);
  ff_inputs_free(&p.others);
  free(p.skip);
  return rc;
}
