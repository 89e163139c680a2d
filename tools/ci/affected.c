/* The path -> fuzzer rule of affected.h, and the changed paths from git. */
#include "affected.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "child_process.h"

#define GIT_OUTPUT_CAP (8u << 20)

static bool has_prefix(const char *s, const char *prefix) {
  return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), k = strlen(suffix);
  return n >= k && strcmp(s + n - k, suffix) == 0;
}

ff_affects ff_affected_rule(const char *path, char *component, size_t cap) {
  while (has_prefix(path, "./")) path += 2;
  if (ends_with(path, ".md")) return FF_AFFECTS_NONE;
  static const char *const shared_dirs[] = {"core/", "engine/", "util/", "include/", "cmake/"};
  for (size_t i = 0; i < sizeof shared_dirs / sizeof *shared_dirs; i++)
    if (has_prefix(path, shared_dirs[i])) return FF_AFFECTS_ALL;
  if (strcmp(path, "CMakeLists.txt") == 0 || strcmp(path, "CMakePresets.json") == 0)
    return FF_AFFECTS_ALL;
  if (has_prefix(path, "components/")) {
    const char *name = path + strlen("components/");
    const char *slash = strchr(name, '/');
    if (!slash || slash == name || (size_t)(slash - name) >= cap) return FF_AFFECTS_NONE;
    memcpy(component, name, (size_t)(slash - name));
    component[slash - name] = '\0';
    return FF_AFFECTS_COMPONENT;
  }
  return FF_AFFECTS_NONE;
}

size_t ff_affected_select(const ff_manifest *m, const char *root, const char *const *paths,
                          size_t npaths, bool *selected) {
  memset(selected, 0, m->count * sizeof *selected);
  size_t root_len = root ? strlen(root) : 0;
  for (size_t p = 0; p < npaths; p++) {
    const char *path = paths[p];
    if (root_len && strncmp(path, root, root_len) == 0 && path[root_len] == '/')
      path += root_len + 1;
    char component[FF_NAME_MAX];
    ff_affects a = ff_affected_rule(path, component, sizeof component);
    for (size_t i = 0; i < m->count; i++)
      if (a == FF_AFFECTS_ALL || (a == FF_AFFECTS_COMPONENT && strcmp(m->fuzzers[i].component, component) == 0))
        selected[i] = true;
  }
  size_t n = 0;
  for (size_t i = 0; i < m->count; i++) n += selected[i];
  return n;
}

/* Runs git with argv in root; its stdout (and stderr) in a malloc'd *output. */
static int git(const char *root, const char *const *args, char **output, char *err, size_t err_cap) {
  const char *argv[16] = {"git", "-C", root};
  size_t n = 3;
  for (size_t i = 0; args[i] && n < 15; i++) argv[n++] = args[i];
  argv[n] = NULL;
  ff_exit e;
  char run_err[256];
  if (ff_run_capture(argv, NULL, 120, GIT_OUTPUT_CAP, &e, output, run_err, sizeof run_err) != 0) {
    snprintf(err, err_cap, "cannot run git: %s", run_err);
    return -1;
  }
  if (e.code != 0) {
    char *nl = strchr(*output, '\n');
    if (nl) *nl = '\0';
    snprintf(err, err_cap, "git %s failed: %s", args[0], (*output)[0] ? *output : "no message");
    free(*output);
    *output = NULL;
    return -1;
  }
  return 0;
}

int ff_changed_paths(const char *root, const char *base, ff_path_list *paths, char *err,
                     size_t err_cap) {
  char *out = NULL, against[64] = "HEAD";
  if (base) {
    const char *mb[] = {"merge-base", base, "HEAD", NULL};
    if (git(root, mb, &out, err, err_cap) != 0) return -1;
    snprintf(against, sizeof against, "%.*s", (int)strcspn(out, "\r\n"), out);
    free(out);
  }
  const char *diff[] = {"diff", "--name-only", "--no-renames", against, "--", NULL};
  if (git(root, diff, &out, err, err_cap) != 0) return -1;
  for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n"))
    if (line[0] && ff_path_list_add(paths, line) != 0) {
      free(out);
      snprintf(err, err_cap, "out of memory");
      return -1;
    }
  free(out);
  return 0;
}
