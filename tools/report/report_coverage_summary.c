/* Reading the JSON of `llvm-cov export -summary-only` (jansson) into the
 * per-file and total line/branch/function counts of report_coverage.h. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "report_coverage.h"

static long count_of(json_t *summary, const char *kind, const char *field) {
  json_t *v = json_object_get(json_object_get(summary, kind), field);
  return json_is_integer(v) ? (long)json_integer_value(v) : 0;
}

static void read_counts(json_t *summary, report_cov_counts *c) {
  c->lines = count_of(summary, "lines", "count");
  c->lines_covered = count_of(summary, "lines", "covered");
  c->branches = count_of(summary, "branches", "count");
  c->branches_covered = count_of(summary, "branches", "covered");
  c->functions = count_of(summary, "functions", "count");
  c->functions_covered = count_of(summary, "functions", "covered");
}

int report_coverage_parse_summary(const char *json_text, const char *prefix,
                                  report_cov_component *comp) {
  json_error_t je;
  json_t *root = json_loads(json_text, 0, &je);
  json_t *data = json_array_get(json_object_get(root, "data"), 0);
  json_t *files = json_object_get(data, "files");
  json_t *totals = json_object_get(data, "totals");
  if (!json_is_array(files) || !json_is_object(totals)) {
    json_decref(root);
    return -1;
  }
  size_t n = json_array_size(files);
  comp->files = calloc(n ? n : 1, sizeof *comp->files);
  if (!comp->files) {
    json_decref(root);
    return -1;
  }
  size_t plen = strlen(prefix);
  for (size_t i = 0; i < n; i++) {
    json_t *file = json_array_get(files, i);
    const char *name = json_string_value(json_object_get(file, "filename"));
    if (!name) continue;
    if (plen && strncmp(name, prefix, plen) == 0) name += plen;
    while (*name == '/') name++;
    report_cov_file *out = &comp->files[comp->nfiles++];
    snprintf(out->name, sizeof out->name, "%s", name);
    read_counts(json_object_get(file, "summary"), &out->counts);
  }
  read_counts(totals, &comp->total);
  json_decref(root);
  return 0;
}
