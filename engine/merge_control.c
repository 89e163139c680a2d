/* Reading and writing libFuzzer's merge control file (see merge_control.h). */
#include "merge_control.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fileio.h"

int ff_merge_control_create(const char *path, char *const *paths, size_t count, size_t first_count) {
  size_t cap = 64;
  for (size_t i = 0; i < count; i++) cap += strlen(paths[i]) + 1;
  char *text = malloc(cap);
  if (!text) return -1;
  size_t used = (size_t)snprintf(text, cap, "%zu\n%zu\n", count, first_count);
  for (size_t i = 0; i < count; i++) {
    size_t n = strlen(paths[i]);
    memcpy(text + used, paths[i], n);
    used += n;
    text[used++] = '\n';
  }
  int rc = ff_write_atomic(path, text, used);
  int saved = errno;
  free(text);
  errno = saved;
  return rc;
}

void ff_merge_control_free(ff_merge_control *c) {
  for (size_t i = 0; c->inputs && i < c->count; i++) {
    free(c->inputs[i].path);
    free(c->inputs[i].features);
    free(c->inputs[i].edges);
  }
  free(c->inputs);
  memset(c, 0, sizeof *c);
  c->last_started = -1;
}

/* Appends the decimal ids of text to *ids. Returns 0, or -1 on a malformed id
 * or no memory. */
static int append_ids(const char *text, uint32_t **ids, size_t *n) {
  size_t cap = *n;
  for (const char *p = text; *p;) {
    while (*p == ' ') p++;
    if (!*p) break;
    char *end;
    errno = 0;
    unsigned long v = strtoul(p, &end, 10);
    if (end == p || errno || v > UINT32_MAX || (*end && *end != ' ')) return -1;
    p = end;
    if (*n == cap) {
      cap = cap ? cap * 2 : 16;
      uint32_t *grown = realloc(*ids, cap * sizeof *grown);
      if (!grown) return -1;
      *ids = grown;
    }
    (*ids)[(*n)++] = (uint32_t)v;
  }
  return 0;
}

/* One line after the paths (newline removed). Returns 0 or -1. */
static int parse_record(ff_merge_control *c, char *line) {
  char tag[8];
  unsigned long index;
  int consumed = 0;
  if (sscanf(line, "%7s %lu%n", tag, &index, &consumed) != 2 || index >= c->count) return -1;
  ff_merge_input *in = &c->inputs[index];
  const char *rest = line + consumed;
  if (strcmp(tag, "STARTED") == 0) {
    unsigned long size;
    if (sscanf(rest, " %lu", &size) != 1) return -1;
    in->started = true;
    if ((long)index > c->last_started) c->last_started = (long)index;
    return 0;
  }
  if (!in->started) return -1;
  if (strcmp(tag, "FT") == 0) {
    in->done = true;
    return append_ids(rest, &in->features, &in->feature_count);
  }
  if (strcmp(tag, "COV") == 0) return append_ids(rest, &in->edges, &in->edge_count);
  return -1;
}

/* Reads one complete line without its newline; 0 at end of file or on a last
 * line that was cut off (a child killed while writing it). */
static ssize_t read_line(FILE *f, char **line, size_t *cap) {
  ssize_t n = getline(line, cap, f);
  if (n <= 0 || (*line)[n - 1] != '\n') return 0;
  (*line)[--n] = '\0';
  return n + 1;
}

int ff_merge_control_read(const char *path, ff_merge_control *c) {
  memset(c, 0, sizeof *c);
  c->last_started = -1;
  FILE *f = fopen(path, "r");
  if (!f) return -1;
  char *line = NULL;
  size_t cap = 0;
  unsigned long count, first;
  int ok = read_line(f, &line, &cap) && sscanf(line, "%lu", &count) == 1 &&
           read_line(f, &line, &cap) && sscanf(line, "%lu", &first) == 1 && first <= count &&
           count < (1ul << 28);
  if (ok) {
    c->count = count;
    c->first_count = first;
    c->inputs = calloc(count ? count : 1, sizeof *c->inputs);
    ok = c->inputs != NULL;
  }
  for (size_t i = 0; ok && i < c->count; i++)
    ok = read_line(f, &line, &cap) > 1 && (c->inputs[i].path = strdup(line)) != NULL;
  while (ok && read_line(f, &line, &cap)) ok = parse_record(c, line) == 0;
  free(line);
  fclose(f);
  if (!ok) ff_merge_control_free(c);
  return ok ? 0 : -1;
}

long ff_merge_control_failed(const ff_merge_control *c) {
  if (c->last_started < 0) return -1;
  return c->inputs[c->last_started].done ? -1 : c->last_started;
}

static int write_all(int fd, const char *text, size_t n) {
  while (n) {
    ssize_t w = write(fd, text, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return -1;
    text += w;
    n -= (size_t)w;
  }
  return 0;
}

int ff_merge_control_started(int fd, size_t index, size_t size) {
  char line[64];
  int n = snprintf(line, sizeof line, "STARTED %zu %zu\n", index, size);
  return write_all(fd, line, (size_t)n);
}

int ff_merge_control_ids(int fd, const char *tag, size_t index, const uint32_t *ids, size_t n) {
  /* one write per line, so a killed child leaves whole lines behind */
  size_t cap = 32 + 11 * n;
  char *line = malloc(cap);
  if (!line) return -1;
  size_t used = (size_t)snprintf(line, cap, "%s %zu", tag, index);
  for (size_t i = 0; i < n; i++) used += (size_t)snprintf(line + used, cap - used, " %u", ids[i]);
  line[used++] = '\n';
  int rc = write_all(fd, line, used);
  free(line);
  return rc;
}
