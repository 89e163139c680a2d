/* Reading the fuzzer manifests (see manifest.h). */
#include "manifest.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dir_list.h"
#include "source_root.h"

static char *path_printf(const char *fmt, const char *a, const char *b, const char *c) {
  size_t n = strlen(fmt) + strlen(a) + strlen(b) + strlen(c) + 1;
  char *p = malloc(n);
  if (p) snprintf(p, n, fmt, a, b, c);
  return p;
}

static void info_free(ff_fuzzer_info *f) {
  free(f->description);
  free(f->harness);
  free(f->seeds_dir);
  free(f->dict);
  free(f->regressions_dir);
  free(f->manifest);
}

void ff_manifest_free(ff_manifest *m) {
  for (size_t i = 0; i < m->count; i++) info_free(&m->fuzzers[i]);
  free(m->fuzzers);
  m->fuzzers = NULL;
  m->count = 0;
}

static bool valid_name(const char *s) {
  if (!*s) return false;
  for (; *s; s++)
    if (!(islower((unsigned char)*s) || isdigit((unsigned char)*s) || *s == '_')) return false;
  return true;
}

/* Splits off the next whitespace-separated field; NULL at end of line. */
static char *next_field(char **cursor) {
  char *p = *cursor;
  while (*p == ' ' || *p == '\t') p++;
  if (*p == '\0') return NULL;
  char *start = p;
  while (*p && *p != ' ' && *p != '\t') p++;
  if (*p) *p++ = '\0';
  *cursor = p;
  return start;
}

static bool parse_long(const char *s, long *out) {
  char *end;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (errno || end == s || *end) return false;
  *out = v;
  return true;
}

/* Fills f from one manifest line (already stripped of newline and comment). */
static int parse_line(char *line, const char *component, const char *dir, ff_fuzzer_info *f,
                      char *why, size_t why_cap) {
  char *cursor = line;
  char *name = next_field(&cursor), *strategy = next_field(&cursor);
  char *risk = next_field(&cursor), *max_len = next_field(&cursor);
  while (*cursor == ' ' || *cursor == '\t') cursor++;
  char *description = cursor;
  size_t dlen = strlen(description);
  while (dlen > 0 && (description[dlen - 1] == ' ' || description[dlen - 1] == '\t'))
    description[--dlen] = '\0';
  if (!name || !strategy || !risk || !max_len || dlen == 0) {
    snprintf(why, why_cap, "expected 'name strategy risk max_len description'");
    return -1;
  }
  if (!valid_name(name) || !valid_name(strategy) || strlen(name) >= FF_NAME_MAX ||
      strlen(strategy) >= FF_NAME_MAX) {
    snprintf(why, why_cap, "name and strategy must be [a-z0-9_]+ (got '%s' '%s')", name, strategy);
    return -1;
  }
  size_t clen = strlen(component);
  if (strncmp(name, component, clen) != 0 || name[clen] != '_' ||
      strcmp(name + clen + 1, strategy) != 0) {
    snprintf(why, why_cap, "fuzzer '%s' should be named %s_%s", name, component, strategy);
    return -1;
  }
  long r, ml;
  if (!parse_long(risk, &r) || r < 1 || r > 5) {
    snprintf(why, why_cap, "risk must be 1..5, got '%s'", risk);
    return -1;
  }
  if (!parse_long(max_len, &ml) || ml < 1) {
    snprintf(why, why_cap, "max_len must be a positive integer, got '%s'", max_len);
    return -1;
  }
  snprintf(f->name, sizeof f->name, "%s", name);
  snprintf(f->component, sizeof f->component, "%s", component);
  snprintf(f->strategy, sizeof f->strategy, "%s", strategy);
  f->risk = (int)r;
  f->max_len = ml;
  f->description = strdup(description);
  f->harness = path_printf("%s/fuzz/%s.c", dir, strategy, "");
  f->seeds_dir = path_printf("%s/seeds/%s", dir, name, "");
  f->regressions_dir = path_printf("%s/regressions/%s", dir, name, "");
  char *dict = path_printf("%s/seeds/%s.dict", dir, name, "");
  if (!f->description || !f->harness || !f->seeds_dir || !f->regressions_dir || !dict) {
    free(dict);
    snprintf(why, why_cap, "out of memory");
    return -1;
  }
  if (ff_is_file(dict))
    f->dict = dict;
  else
    free(dict);
  f->seeds_count = ff_count_files(f->seeds_dir);
  return 0;
}

static int load_one(ff_manifest *m, const char *component, const char *dir, const char *path,
                    char *err, size_t err_cap) {
  FILE *fp = fopen(path, "r");
  if (!fp) {
    snprintf(err, err_cap, "%s: %s", path, strerror(errno));
    return -1;
  }
  char line[4096];
  int lineno = 0, rc = 0;
  while (fgets(line, sizeof line, fp)) {
    lineno++;
    char *hash = strchr(line, '#');
    if (hash) *hash = '\0';
    line[strcspn(line, "\r\n")] = '\0';
    if (line[strspn(line, " \t")] == '\0') continue;
    ff_fuzzer_info *grown = realloc(m->fuzzers, (m->count + 1) * sizeof *grown);
    if (!grown) {
      snprintf(err, err_cap, "%s:%d: out of memory", path, lineno);
      rc = -1;
      break;
    }
    m->fuzzers = grown;
    ff_fuzzer_info *f = &m->fuzzers[m->count];
    memset(f, 0, sizeof *f);
    char why[256];
    if (parse_line(line, component, dir, f, why, sizeof why) != 0) {
      info_free(f);
      snprintf(err, err_cap, "%s:%d: malformed manifest line: %s", path, lineno, why);
      rc = -1;
      break;
    }
    const ff_fuzzer_info *dup = ff_manifest_find(m, f->name);
    if (dup) {
      snprintf(err, err_cap, "%s:%d: fuzzer '%s' already declared at %s:%d", path, lineno,
               f->name, dup->manifest, dup->manifest_line);
      info_free(f);
      rc = -1;
      break;
    }
    f->manifest = strdup(path);
    f->manifest_line = lineno;
    m->count++;
  }
  fclose(fp);
  return rc;
}

static int cmp_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_info(const void *a, const void *b) {
  return strcmp(((const ff_fuzzer_info *)a)->name, ((const ff_fuzzer_info *)b)->name);
}

int ff_manifest_load(const char *root, ff_manifest *m, char *err, size_t err_cap) {
  memset(m, 0, sizeof *m);
  snprintf(m->root, sizeof m->root, "%s", root);
  char components[4200];
  snprintf(components, sizeof components, "%s/components", root);
  ff_path_list dirs = {0};
  DIR *d = opendir(components);
  if (d) {
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
      if (e->d_name[0] != '.' && ff_path_list_add(&dirs, e->d_name) != 0) break;
    closedir(d);
  }
  qsort(dirs.paths, dirs.count, sizeof *dirs.paths, cmp_names);
  int rc = 0;
  for (size_t i = 0; i < dirs.count && rc == 0; i++) {
    char dir[4400], path[4500];
    snprintf(dir, sizeof dir, "%s/%s", components, dirs.paths[i]);
    snprintf(path, sizeof path, "%s/fuzzers.tsv", dir);
    if (ff_is_file(path)) rc = load_one(m, dirs.paths[i], dir, path, err, err_cap);
  }
  ff_path_list_free(&dirs);
  if (rc != 0) {
    ff_manifest_free(m);
    return -1;
  }
  qsort(m->fuzzers, m->count, sizeof *m->fuzzers, cmp_info);
  return 0;
}

int ff_manifest_load_default(ff_manifest *m) {
  char root[4096], err[1024];
  if (ff_source_root(root, sizeof root, err, sizeof err) != 0 ||
      ff_manifest_load(root, m, err, sizeof err) != 0) {
    fprintf(stderr, "formfuzz: %s\n", err);
    return -1;
  }
  return 0;
}

const ff_fuzzer_info *ff_manifest_find(const ff_manifest *m, const char *name) {
  for (size_t i = 0; i < m->count; i++)
    if (strcmp(m->fuzzers[i].name, name) == 0) return &m->fuzzers[i];
  return NULL;
}

const ff_fuzzer_info *ff_manifest_require(const ff_manifest *m, const char *name, const char *who) {
  const ff_fuzzer_info *f = ff_manifest_find(m, name);
  if (f) return f;
  fprintf(stderr, "formfuzz %s: unknown fuzzer '%s'", who, name);
  if (m->count == 0) {
    fprintf(stderr, " (no fuzzers in %s/components/*/fuzzers.tsv)\n", m->root);
    return NULL;
  }
  fprintf(stderr, "; known:");
  for (size_t i = 0; i < m->count; i++) fprintf(stderr, " %s", m->fuzzers[i].name);
  fprintf(stderr, "\n");
  return NULL;
}
