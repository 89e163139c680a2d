/* Key lookup in flat JSON objects (see json_reader.h). */
#include "json_reader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Points just past `"key"` and the colon, or NULL. */
static const char *find_value(const char *text, const char *key) {
  size_t klen = strlen(key);
  for (const char *p = strchr(text, '"'); p; p = strchr(p + 1, '"')) {
    if (strncmp(p + 1, key, klen) == 0 && p[1 + klen] == '"') {
      const char *q = p + klen + 2;
      while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r') q++;
      if (*q != ':') continue;
      q++;
      while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r') q++;
      return q;
    }
  }
  return NULL;
}

bool ff_json_get_number(const char *text, const char *key, double *out) {
  const char *v = find_value(text, key);
  if (!v) return false;
  char *end;
  double d = strtod(v, &end);
  if (end == v) return false;
  *out = d;
  return true;
}

bool ff_json_get_string(const char *text, const char *key, char *out, size_t cap) {
  const char *v = find_value(text, key);
  if (!v || *v != '"' || cap == 0) return false;
  size_t n = 0;
  for (v++; *v && *v != '"'; v++) {
    char c = *v;
    if (c == '\\' && v[1]) {
      v++;
      c = *v == 'n' ? '\n' : *v == 't' ? '\t' : *v;
    }
    if (n + 1 < cap) out[n++] = c;
  }
  out[n] = '\0';
  return *v == '"';
}
