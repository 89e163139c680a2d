/* Parsing libFuzzer status lines (see libfuzzer_status.h). */
#include "libfuzzer_status.h"

#include <stdlib.h>
#include <string.h>

/* The number after "key" in line, when present. */
static bool field(const char *line, const char *key, double *out, char **end) {
  const char *p = strstr(line, key);
  if (!p) return false;
  p += strlen(key);
  char *e;
  double v = strtod(p, &e);
  if (e == p) return false;
  *out = v;
  if (end) *end = e;
  return true;
}

static double size_with_unit(double v, const char *unit) {
  if (unit[0] == 'K' || unit[0] == 'k') return v * 1024;
  if (unit[0] == 'M') return v * 1024 * 1024;
  return v;
}

bool ff_libfuzzer_status_line(const char *line, ff_stats *s) {
  double v;
  char *end;
  if (strncmp(line, "stat::number_of_executed_units:", 31) == 0) {
    s->execs = (uint64_t)strtoull(line + 31, NULL, 10);
    return true;
  }
  if (strncmp(line, "stat::peak_rss_mb:", 18) == 0) {
    s->rss_mb = (uint64_t)strtoull(line + 18, NULL, 10);
    return true;
  }
  if (line[0] != '#') return false;
  char *after;
  unsigned long long execs = strtoull(line + 1, &after, 10);
  if (after == line + 1 || (*after != '\t' && *after != ' ')) return false;
  s->execs = execs;
  if (field(after, "cov: ", &v, NULL)) s->edges = (uint64_t)v;
  if (field(after, "ft: ", &v, NULL)) s->features = (uint64_t)v;
  if (field(after, "corp: ", &v, &end)) {
    s->corpus_size = (uint64_t)v;
    if (*end == '/') {
      char *unit;
      double bytes = strtod(end + 1, &unit);
      s->corpus_bytes = (uint64_t)size_with_unit(bytes, unit);
    }
  }
  if (field(after, "exec/s: ", &v, NULL)) s->exec_per_sec = v;
  if (field(after, "rss: ", &v, NULL)) s->rss_mb = (uint64_t)v;
  return true;
}
