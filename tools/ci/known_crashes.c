/* Reading known-crashes.tsv (see known_crashes.h). */
#include "known_crashes.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "source_root.h"

static int is_hex_id(const char *s) {
  size_t n = strlen(s);
  if (n < 4 || n > 40) return 0;
  for (size_t i = 0; i < n; i++)
    if (!isxdigit((unsigned char)s[i])) return 0;
  return 1;
}

int ff_known_crashes_load(const char *path, int optional, ff_known_crashes *k, char *err,
                          size_t err_cap) {
  k->items = NULL;
  k->count = 0;
  FILE *in = fopen(path, "r");
  if (!in) {
    if (optional && errno == ENOENT) return 0;
    snprintf(err, err_cap, "cannot read %s: %s", path, strerror(errno));
    return -1;
  }
  char line[2048];
  int lineno = 0;
  while (fgets(line, sizeof line, in)) {
    lineno++;
    char *id = strtok(line, " \t\r\n");
    if (!id || id[0] == '#') continue;
    char *link = strtok(NULL, " \t\r\n");
    const char *problem = !is_hex_id(id) ? "the bucket id is not 4 to 40 hex digits"
                          : !link        ? "no issue link after the bucket id"
                          : strlen(link) >= sizeof k->items->link ? "the issue link is too long"
                                                                  : NULL;
    if (problem) {
      snprintf(err, err_cap, "%s:%d: %s", path, lineno, problem);
      fclose(in);
      ff_known_crashes_free(k);
      return -1;
    }
    ff_known_crash *grown = realloc(k->items, (k->count + 1) * sizeof *grown);
    if (!grown) {
      snprintf(err, err_cap, "out of memory reading %s", path);
      fclose(in);
      ff_known_crashes_free(k);
      return -1;
    }
    k->items = grown;
    ff_known_crash *c = &k->items[k->count++];
    for (size_t i = 0; id[i]; i++) id[i] = (char)tolower((unsigned char)id[i]);
    snprintf(c->id, sizeof c->id, "%s", id);
    snprintf(c->link, sizeof c->link, "%s", link);
  }
  fclose(in);
  return 0;
}

int ff_known_crashes_load_default(const char *file, const char *who, ff_known_crashes *k) {
  char path[4200], err[4400];
  int optional = file == NULL;
  if (!file) {
    char root[4096];
    if (ff_source_root(root, sizeof root, err, sizeof err) != 0) { /* no tree: no list */
      k->items = NULL;
      k->count = 0;
      return 0;
    }
    snprintf(path, sizeof path, "%s/%s", root, FF_KNOWN_CRASHES_FILE);
    file = path;
  }
  if (ff_known_crashes_load(file, optional, k, err, sizeof err) != 0) {
    fprintf(stderr, "formfuzz %s: %s\n", who, err);
    return -1;
  }
  return 0;
}

const char *ff_known_crash_link(const ff_known_crashes *k, const char *id) {
  for (size_t i = 0; i < k->count; i++)
    if (strcasecmp(k->items[i].id, id) == 0) return k->items[i].link;
  return NULL;
}

void ff_known_crashes_free(ff_known_crashes *k) {
  free(k->items);
  k->items = NULL;
  k->count = 0;
}
