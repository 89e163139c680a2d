/* Unit test of feedback and corpus: new features are kept, a smaller input
 * with the same features replaces its entry (which is retired and whose file
 * is removed), entries are written as <sha1> files into the corpus directory,
 * inputs from disk are not re-written, and unusable files are skipped. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ff_check.h"
#include "corpus.h"
#include "feedback.h"
#include "corpus_files.h"

static void set_features(ff_feature_list *l, const uint32_t *f, size_t n) {
  memcpy(l->idx, f, n * sizeof *f);
  l->n = n;
}

static int exists(const char *dir, const char *name) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  return access(path, F_OK) == 0;
}

static void write_file(const char *dir, const char *name, const char *data, size_t len) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "wb");
  fwrite(data, 1, len, f);
  fclose(f);
}

int main(void) {
  char dir[] = "/tmp/ff_engine_corpus_XXXXXX";
  CHECK(mkdtemp(dir) != NULL);
  ff_corpus c;
  ff_corpus_init(&c, dir);
  ff_feedback fb;
  CHECK(ff_feedback_init(&fb, 16, 0) == 0);
  ff_feature_list run;
  CHECK(ff_feature_list_init(&run, 16) == 0);

  /* input A (5 bytes) reaches features 8 and 17 */
  const uint8_t a[] = "AAAAA";
  set_features(&run, (const uint32_t[]){8, 17}, 2);
  ff_verdict v = ff_feedback_judge(&fb, &run, 5);
  CHECK(v.new_features == 2 && v.smaller == 0);
  long ida = ff_corpus_add(&c, a, 5, run.idx, run.n, 1000, FF_FOUND_MUTATE, false);
  CHECK(ida == 0);
  ff_feedback_commit(&fb, &run, 5, (uint32_t)ida, &c);
  CHECK(fb.edges == 2 && fb.features == 2);
  CHECK(c.entries[0]->owned == 2);
  /* SHA-1 of "AAAAA" */
  CHECK(strcmp(c.entries[0]->name, "c1fe3a7b487f66a6ac8c7e4794bc55c31b0ef403") == 0);
  CHECK(exists(dir, c.entries[0]->name));

  /* the same features again, same size: nothing new */
  v = ff_feedback_judge(&fb, &run, 5);
  CHECK(v.new_features == 0 && v.smaller == 0);
  CHECK(fb.hits[8] == 2);

  /* a different bucket of the same edge is a new feature, not a new edge */
  set_features(&run, (const uint32_t[]){9}, 1);
  v = ff_feedback_judge(&fb, &run, 7);
  CHECK(v.new_features == 1);
  long idb = ff_corpus_add(&c, (const uint8_t *)"BBBBBBB", 7, run.idx, run.n, 1000,
                           FF_FOUND_MUTATE, false);
  ff_feedback_commit(&fb, &run, 7, (uint32_t)idb, &c);
  CHECK(fb.edges == 2 && fb.features == 3);

  /* a smaller input with A's features replaces A */
  set_features(&run, (const uint32_t[]){8, 17}, 2);
  v = ff_feedback_judge(&fb, &run, 2);
  CHECK(v.new_features == 0 && v.smaller == 2);
  char old_name[FF_SHA1_HEX_LEN + 1];
  strcpy(old_name, c.entries[0]->name);
  long idc = ff_corpus_add(&c, (const uint8_t *)"CC", 2, run.idx, run.n, 1000, FF_FOUND_MUTATE,
                           false);
  ff_feedback_commit(&fb, &run, 2, (uint32_t)idc, &c);
  CHECK(c.entries[0]->retired);
  CHECK(!exists(dir, old_name));
  CHECK(c.active == 2);
  CHECK(c.active_bytes == 9);
  CHECK(fb.owner[8] == (uint32_t)idc && fb.min_size[17] == 2);

  /* an input from disk is kept in memory but not written */
  set_features(&run, (const uint32_t[]){40}, 1);
  long idd = ff_corpus_add(&c, (const uint8_t *)"disk", 4, run.idx, run.n, 1000, FF_FOUND_SEED,
                           true);
  CHECK(!c.entries[idd]->written);
  CHECK(!exists(dir, c.entries[idd]->name));

  /* scanning: oversized and non-regular files are skipped, empty files kept,
   * order is by size then path, known names are left out the second time */
  char seeds[] = "/tmp/ff_engine_seeds_XXXXXX";
  CHECK(mkdtemp(seeds) != NULL);
  write_file(seeds, "big", "0123456789", 10);
  write_file(seeds, "b", "xyz", 3);
  write_file(seeds, "a", "uvw", 3);
  write_file(seeds, "empty", "", 0);
  char fifo[4096];
  snprintf(fifo, sizeof fifo, "%s/fifo", seeds);
  CHECK(mkfifo(fifo, 0644) == 0);
  ff_corpus_file_list list = {0};
  ff_name_set *known = ff_name_set_new();
  CHECK(ff_corpus_files_scan(seeds, 8, &list, known) == 0);
  ff_corpus_files_sort(&list);
  CHECK(list.n == 3);
  if (list.n == 3) {
    CHECK(strstr(list.v[0].path, "/empty") != NULL);
    CHECK(strstr(list.v[1].path, "/a") != NULL);
    CHECK(strstr(list.v[2].path, "/b") != NULL);
  }
  ff_corpus_files_free(&list);
  write_file(seeds, "new", "n", 1);
  CHECK(ff_corpus_files_scan(seeds, 8, &list, known) == 0);
  CHECK(list.n == 1);
  ff_corpus_files_free(&list);
  CHECK(ff_corpus_files_scan("/nonexistent/dir", 8, &list, NULL) == -1);
  ff_name_set_free(known);

  ff_feature_list_free(&run);
  ff_feedback_free(&fb);
  ff_corpus_free(&c);
  char cmd[8192];
  snprintf(cmd, sizeof cmd, "rm -rf '%s' '%s'", dir, seeds);
  CHECK(system(cmd) == 0);
  return check_summary("engine_runtime_corpus");
}
