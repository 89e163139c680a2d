/* Dictionaries (see dict.h): a growable list of tokens (ff_dict) and the
 * parser of the AFL/libFuzzer dictionary file format used by -dict=:
 *     # a comment
 *     "value"
 *     name="value"
 *     name@2="value"        (AFL's optional level; every level is loaded)
 * Inside the quotes: \\ and \" and \xNN (two hex digits); any other byte
 * except '"' and '\' stands for itself. A malformed line is reported as
 * "path:line: reason". */
#include "dict.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ff_dict_init(ff_dict *d) {
  d->e = NULL;
  d->n = 0;
  d->cap = 0;
}

void ff_dict_free(ff_dict *d) {
  free(d->e);
  ff_dict_init(d);
}

int ff_dict_add(ff_dict *d, const uint8_t *data, size_t len) {
  if (len == 0 || len > FF_DICT_MAX_ENTRY) return 0;
  for (size_t i = 0; i < d->n; i++)
    if (d->e[i].len == len && memcmp(d->e[i].data, data, len) == 0) return 0;
  if (d->n == d->cap) {
    size_t cap = d->cap ? d->cap * 2 : 16;
    ff_dict_entry *e = realloc(d->e, cap * sizeof *e);
    if (!e) return -1;
    d->e = e;
    d->cap = cap;
  }
  ff_dict_entry *e = &d->e[d->n++];
  memset(e, 0, sizeof *e);
  e->len = (uint8_t)len;
  memcpy(e->data, data, len);
  return 1;
}

static const char *skip_blanks(const char *p) {
  while (*p == ' ' || *p == '\t') p++;
  return p;
}

static int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '.';
}

/* Parses one line; returns the value's length, 0 for a blank or comment line,
 * or -1 with *reason set. */
static int parse_line(const char *line, uint8_t *out, size_t cap, const char **reason) {
  const char *p = skip_blanks(line);
  if (*p == '\0' || *p == '\n' || *p == '\r' || *p == '#') return 0;
  if (*p != '"') {
    /* name, optional @level, then = */
    const char *name = p;
    while (is_name_char(*p)) p++;
    if (p == name) {
      *reason = "expected \"value\" or name=\"value\"";
      return -1;
    }
    if (*p == '@') {
      const char *level = ++p;
      while (*p >= '0' && *p <= '9') p++;
      if (p == level) {
        *reason = "expected a number after '@'";
        return -1;
      }
    }
    p = skip_blanks(p);
    if (*p != '=') {
      *reason = "expected '=' after the entry name";
      return -1;
    }
    p = skip_blanks(p + 1);
    if (*p != '"') {
      *reason = "missing opening quote of the value";
      return -1;
    }
  }
  p++; /* opening quote */
  size_t n = 0;
  for (;;) {
    unsigned char c = (unsigned char)*p;
    if (c == '\0' || c == '\n' || c == '\r') {
      *reason = "unterminated quoted value (missing closing quote)";
      return -1;
    }
    if (c == '"') break;
    if (c == '\\') {
      char esc = p[1];
      if (esc == '\\' || esc == '"') {
        c = (unsigned char)esc;
        p += 2;
      } else if (esc == 'x') {
        int hi = hex_value(p[2]), lo = hi < 0 ? -1 : hex_value(p[3]);
        if (hi < 0 || lo < 0) {
          *reason = "bad \\x escape (needs two hex digits)";
          return -1;
        }
        c = (unsigned char)(hi * 16 + lo);
        p += 4;
      } else {
        *reason = "unknown escape (use \\\\, \\\" or \\xNN)";
        return -1;
      }
    } else {
      p++;
    }
    if (n == cap) {
      *reason = "value too long (more than 128 bytes)";
      return -1;
    }
    out[n++] = c;
  }
  p = skip_blanks(p + 1);
  if (*p != '\0' && *p != '\n' && *p != '\r' && *p != '#') {
    *reason = "unexpected text after the closing quote";
    return -1;
  }
  if (n == 0) {
    *reason = "empty value";
    return -1;
  }
  return (int)n;
}

int ff_dict_parse_line(const char *line, uint8_t *out, size_t cap) {
  const char *reason = NULL;
  return parse_line(line, out, cap, &reason);
}

int ff_dict_load(ff_dict *d, const char *path, char *err, size_t err_cap) {
  FILE *f = fopen(path, "r");
  if (!f) {
    snprintf(err, err_cap, "%s: %s", path, strerror(errno));
    return -1;
  }
  char *line = NULL;
  size_t line_cap = 0;
  int loaded = 0;
  size_t lineno = 0;
  while (getline(&line, &line_cap, f) != -1) {
    lineno++;
    uint8_t value[FF_DICT_MAX_ENTRY];
    const char *reason = NULL;
    int n = parse_line(line, value, sizeof value, &reason);
    if (n < 0) {
      snprintf(err, err_cap, "%s:%zu: %s", path, lineno, reason);
      loaded = -1;
      break;
    }
    if (n == 0) continue;
    int added = ff_dict_add(d, value, (size_t)n);
    if (added < 0) {
      snprintf(err, err_cap, "%s:%zu: out of memory", path, lineno);
      loaded = -1;
      break;
    }
    loaded += added;
  }
  if (loaded >= 0 && ferror(f)) {
    snprintf(err, err_cap, "%s: read error: %s", path, strerror(errno));
    loaded = -1;
  }
  free(line);
  fclose(f);
  return loaded;
}
