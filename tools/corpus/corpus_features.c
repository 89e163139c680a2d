/* Feature counting and merging through the fuzzer binary (see corpus_features.h). */
#define _GNU_SOURCE /* memrchr; nftw */
#include "corpus_features.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "child_process.h"
#include "dir_list.h"
#include "fileio.h"
#include "progress.h"
#include "stop_signal.h"

static int cmp_u32(const void *a, const void *b) {
  unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
  return x < y ? -1 : x > y;
}

/* Distinct feature ids on the control file's FT lines. */
static int count_control_features(const char *path, size_t *inputs, size_t *features) {
  FILE *f = fopen(path, "r");
  if (!f) return -1;
  unsigned *ids = NULL;
  size_t n = 0, cap = 0;
  char *line = NULL;
  size_t lcap = 0;
  *inputs = 0;
  while (getline(&line, &lcap, f) > 0) {
    if (strncmp(line, "FT ", 3) != 0) continue;
    (*inputs)++;
    char *p = line + 3, *end;
    strtoul(p, &end, 10); /* the input's index */
    for (p = end;;) {
      unsigned long v = strtoul(p, &end, 10);
      if (end == p) break;
      p = end;
      if (n == cap) {
        cap = cap ? cap * 2 : 1024;
        unsigned *grown = realloc(ids, cap * sizeof *ids);
        if (!grown) {
          free(ids);
          free(line);
          fclose(f);
          return -1;
        }
        ids = grown;
      }
      ids[n++] = (unsigned)v;
    }
  }
  free(line);
  fclose(f);
  if (n) qsort(ids, n, sizeof *ids, cmp_u32);
  size_t distinct = 0;
  for (size_t i = 0; i < n; i++)
    if (i == 0 || ids[i] != ids[i - 1]) distinct++;
  free(ids);
  *features = distinct;
  return 0;
}

/* Inputs started so far and in all, from the control file (first line: the
 * number of inputs; one "STARTED" line per input begun). */
static void control_progress(const char *path, size_t *started, size_t *total) {
  FILE *f = fopen(path, "r");
  *started = *total = 0;
  if (!f) return;
  char line[8192];
  if (fgets(line, sizeof line, f)) *total = strtoul(line, NULL, 10);
  while (fgets(line, sizeof line, f))
    if (strncmp(line, "STARTED ", 8) == 0) (*started)++;
  fclose(f);
}

/* The merge log's "'<path>' failed the target" lines: inputs the binary
 * skipped. Staged inputs are named by their SHA-1 (sha1sum finds the original). */
static void report_skipped(const char *log) {
  FILE *f = fopen(log, "r");
  if (!f) return;
  char line[8192];
  while (fgets(line, sizeof line, f)) {
    char *end = strstr(line, "' failed the target");
    char *start = end ? memrchr(line, '\'', (size_t)(end - line)) : NULL;
    if (!start) continue;
    *end = '\0';
    const char *slash = strrchr(start + 1, '/');
    fprintf(stderr, "formfuzz corpus: skipped the input with SHA-1 %s: it crashed, timed out or "
                    "exited the target\n", slash ? slash + 1 : start + 1);
  }
  fclose(f);
}

/* One run of `binary -merge=1 -detect_leaks=0 -timeout=T -merge_control_file=F
 * out in...`, output into log, with progress and stop requests. Both engines
 * write libFuzzer's control file, whose FT lines give each input's features.
 * A merge measures features, not leaks (neither engine's merge runs a leak
 * check). Returns 0, 1 when interrupted, -1 when it could not start. */
static int run_merge(const char *binary, const char *control, const char *out_dir,
                     const char *const *in_dirs, int n_in, const char *log,
                     const corpus_merge_opts *o, ff_exit *ex, char *err, size_t err_cap) {
  const char **argv = calloc((size_t)n_in + 7, sizeof *argv);
  char control_flag[4400], timeout_flag[64];
  if (!argv) return -1;
  snprintf(control_flag, sizeof control_flag, "-merge_control_file=%s", control);
  snprintf(timeout_flag, sizeof timeout_flag, "-timeout=%ld", o->input_timeout_s);
  int a = 0;
  argv[a++] = binary;
  argv[a++] = "-merge=1";
  argv[a++] = "-detect_leaks=0";
  argv[a++] = timeout_flag;
  argv[a++] = control_flag;
  argv[a++] = out_dir;
  for (int i = 0; i < n_in; i++) argv[a++] = in_dirs[i];
  argv[a] = NULL;
  unlink(log);
  ff_spawn_opts opts = {.log_path = log};
  pid_t pid = ff_spawn(argv, &opts, err, err_cap);
  free(argv);
  if (pid < 0) return -1;
  ff_progress p;
  ff_progress_init(&p);
  size_t started = 0, total = 0;
  for (;;) {
    int ended = ff_child_poll(pid, ex);
    if (ended < 0) {
      snprintf(err, err_cap, "lost track of %s: %s", binary, strerror(errno));
      return -1;
    }
    if (ended) break;
    struct timespec nap = {0, 100 * 1000000L};
    nanosleep(&nap, NULL);
    if (ff_stop_requested()) {
      ff_child_stop(pid, 2.0, ex);
      ff_progress_done(&p);
      return 1;
    }
    control_progress(control, &started, &total);
    if (o->progress && total)
      ff_progress_update(&p, "%s: %zu/%zu inputs", o->progress, started, total);
  }
  control_progress(control, &started, &total);
  if (o->progress && total) {
    p.last = 0; /* the final count always shows */
    ff_progress_update(&p, "%s: %zu/%zu inputs", o->progress, total, total);
  }
  ff_progress_done(&p);
  return 0;
}

int corpus_merge(const char *binary, const char *out_dir, const char *const *in_dirs, int n_in,
                 const char *work_dir, const corpus_merge_opts *opts, corpus_merge_result *r,
                 char *err, size_t err_cap) {
  memset(r, 0, sizeof *r);
  char control[4200], log[4200];
  snprintf(control, sizeof control, "%s/merge-control", work_dir);
  snprintf(log, sizeof log, "%s/merge.log", work_dir);
  ff_exit ex;
  int rc = run_merge(binary, control, out_dir, in_dirs, n_in, log, opts, &ex, err, err_cap);
  if (rc < 0) return -1;
  if (rc == 1) {
    snprintf(err, err_cap, "interrupted");
    return -1;
  }
  report_skipped(log);
  if (ex.code != 0 || ex.signal) {
    char why[64];
    ff_exit_describe(&ex, why, sizeof why);
    snprintf(err, err_cap, "%s -merge=1 failed (%s); its output is in %s", binary, why, log);
    return -1;
  }
  if (count_control_features(control, &r->inputs, &r->features) != 0) {
    snprintf(err, err_cap, "%s -merge=1 wrote no control file (not a libFuzzer-compatible binary?)",
             binary);
    return -1;
  }
  r->kept = ff_count_files(out_dir);
  return 0;
}

int corpus_stage_inputs(const char *dir, const char *stage, size_t max_len) {
  ff_path_list l = {0};
  if (ff_list_files(dir, &l) < 0) return -1;
  int rc = 0;
  for (size_t i = 0; i < l.count && rc == 0; i++) {
    uint8_t *data;
    size_t len;
    char err[256];
    if (ff_read_file(l.paths[i], max_len, &data, &len, err, sizeof err) != 0 || len == 0) {
      fprintf(stderr, "formfuzz corpus: skipping %s: %s\n", l.paths[i], data ? "empty" : err);
      free(data);
      continue;
    }
    char name[64];
    rc = ff_write_content_addressed(stage, NULL, data, len, name, sizeof name) < 0 ? -1 : 0;
    free(data);
  }
  ff_path_list_free(&l);
  return rc;
}

int corpus_count_features(const char *binary, const char *dir, size_t max_len,
                          const corpus_merge_opts *opts, size_t *features, char *err,
                          size_t err_cap) {
  char work[4200], out[4300];
  const char *tmp = getenv("TMPDIR");
  char base[4096];
  snprintf(base, sizeof base, "%s/formfuzz-features", tmp && *tmp ? tmp : "/tmp");
  if (corpus_sibling_dir(base, "work", work, sizeof work) != 0) {
    snprintf(err, err_cap, "cannot create a scratch directory");
    return -1;
  }
  char stage[4300];
  snprintf(out, sizeof out, "%s/out", work);
  snprintf(stage, sizeof stage, "%s/in", work);
  const char *in[] = {stage};
  corpus_merge_result r;
  int rc = -1;
  if (ff_mkdirs(out) != 0 || ff_mkdirs(stage) != 0 || corpus_stage_inputs(dir, stage, max_len) != 0)
    snprintf(err, err_cap, "cannot stage the inputs of %s in %s", dir, work);
  else
    rc = corpus_merge(binary, out, in, 1, work, opts, &r, err, err_cap);
  corpus_remove_tree(work);
  if (rc == 0) *features = r.features;
  return rc;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
  (void)st;
  (void)flag;
  (void)ftw;
  return remove(path);
}

int corpus_remove_tree(const char *path) {
  return nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

int corpus_sibling_dir(const char *base, const char *tag, char *out, size_t cap) {
  for (int i = 0; i < 100; i++) {
    snprintf(out, cap, "%s.%s.%ld.%d", base, tag, (long)getpid(), i);
    if (mkdir(out, 0755) == 0) return 0;
  }
  return -1;
}
