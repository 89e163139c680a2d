/* Replaying saved counterexamples: every file of a property's regressions
 * directory runs once; failures are printed with their drawn values. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fileio.h"
#include "formfuzz/prop.h"

#define REPLAY_MAX_LEN (16u << 20)

static int cmp_names(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Runs one file; returns 1 when the property fails on it, 0 when it holds, -1 unreadable. */
static int replay_file(const ff_property *prop, const char *path, FILE *report) {
  uint8_t *data;
  size_t len;
  char err[256];
  if (ff_read_file(path, REPLAY_MAX_LEN, &data, &len, err, sizeof err) != 0) {
    if (report) fprintf(report, "==formfuzz== PROPERTY %s: cannot read %s: %s\n", prop->name, path, err);
    return -1;
  }
  char failure[192], message[512];
  bool failed = ff_prop_run_once(prop, data, len, failure, sizeof failure, message, sizeof message, NULL);
  if (failed && report) {
    fprintf(report, "==formfuzz== PROPERTY %s FAILED on regression %s: %s\n  message: %s\n", prop->name,
            path, failure, message);
    ff_prop_print_counterexample(prop, data, len, report);
  }
  free(data);
  return failed ? 1 : 0;
}

int ff_prop_replay_dir(const ff_property *prop, const char *dir, FILE *report) {
  DIR *d = opendir(dir);
  if (!d) return errno == ENOENT ? 0 : -1;
  char **names = NULL;
  size_t n = 0, cap = 0;
  struct dirent *e;
  int result = 0;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') continue;
    if (n == cap) {
      size_t grown_cap = cap ? cap * 2 : 32;
      char **grown = realloc(names, grown_cap * sizeof *names);
      if (!grown) {
        result = -1;
        break;
      }
      names = grown;
      cap = grown_cap;
    }
    if (!(names[n] = strdup(e->d_name))) {
      result = -1;
      break;
    }
    n++;
  }
  closedir(d);
  qsort(names, n, sizeof *names, cmp_names);
  for (size_t i = 0; i < n; i++) {
    char path[4096];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    if (result >= 0 && stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
      int r = replay_file(prop, path, report);
      if (r < 0)
        result = -1;
      else
        result += r;
    }
    free(names[i]);
  }
  free(names);
  return result;
}
