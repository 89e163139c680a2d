/* The tiny JSON writer (see json_writer.h). */
#include "json_writer.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"

void ff_json_init(ff_json *j, bool pretty) {
  memset(j, 0, sizeof *j);
  j->pretty = pretty;
}

void ff_json_free(ff_json *j) {
  free(j->buf);
  memset(j, 0, sizeof *j);
}

bool ff_json_failed(const ff_json *j) { return j->failed; }

const char *ff_json_text(const ff_json *j) { return j->buf ? j->buf : ""; }

static void append(ff_json *j, const char *s, size_t n) {
  if (j->failed) return;
  if (j->len + n + 1 > j->cap) {
    size_t cap = j->cap ? j->cap : 256;
    while (cap < j->len + n + 1) cap *= 2;
    char *grown = realloc(j->buf, cap);
    if (!grown) {
      j->failed = true;
      return;
    }
    j->buf = grown;
    j->cap = cap;
  }
  memcpy(j->buf + j->len, s, n);
  j->len += n;
  j->buf[j->len] = '\0';
}

static void appendf(ff_json *j, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void appendf(ff_json *j, const char *fmt, ...) {
  char tmp[64];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  if (n > 0) append(j, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

static void newline(ff_json *j) {
  if (!j->pretty) return;
  append(j, "\n", 1);
  for (int i = 0; i < j->depth; i++) append(j, "  ", 2);
}

/* Before any value or key: a comma if something came before at this level. */
static void separate(ff_json *j) {
  if (j->depth > 0) {
    if (j->need_comma[j->depth]) append(j, ",", 1);
    j->need_comma[j->depth] = true;
    newline(j);
  }
}

static void before_value(ff_json *j) {
  if (j->after_key) {
    j->after_key = false;
    return;
  }
  separate(j);
}

static void open(ff_json *j, char c) {
  before_value(j);
  append(j, &c, 1);
  if (j->depth + 1 >= FF_JSON_MAX_DEPTH) {
    j->failed = true;
    return;
  }
  j->depth++;
  j->need_comma[j->depth] = false;
}

static void close_(ff_json *j, char c) {
  bool had_members = j->need_comma[j->depth];
  if (j->depth > 0) j->depth--;
  if (had_members) newline(j);
  append(j, &c, 1);
}

void ff_json_begin_object(ff_json *j) { open(j, '{'); }
void ff_json_end_object(ff_json *j) { close_(j, '}'); }
void ff_json_begin_array(ff_json *j) { open(j, '['); }
void ff_json_end_array(ff_json *j) { close_(j, ']'); }

/* Length of the valid UTF-8 sequence at p (1..4), 0 when p starts none. */
static size_t utf8_sequence(const unsigned char *p) {
  if (p[0] < 0x80) return 1;
  size_t n = p[0] >= 0xc2 && p[0] <= 0xdf ? 2 : p[0] >= 0xe0 && p[0] <= 0xef ? 3
             : p[0] >= 0xf0 && p[0] <= 0xf4 ? 4 : 0;
  for (size_t i = 1; i < n; i++)
    if ((p[i] & 0xc0) != 0x80) return 0;
  if (n == 3 && ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] >= 0xa0))) return 0;
  if (n == 4 && ((p[0] == 0xf0 && p[1] < 0x90) || (p[0] == 0xf4 && p[1] >= 0x90))) return 0;
  return n;
}

static void quoted(ff_json *j, const char *s) {
  append(j, "\"", 1);
  for (const unsigned char *p = (const unsigned char *)s; *p;) {
    size_t n = utf8_sequence(p);
    switch (*p) {
    case '"': append(j, "\\\"", 2); break;
    case '\\': append(j, "\\\\", 2); break;
    case '\n': append(j, "\\n", 2); break;
    case '\r': append(j, "\\r", 2); break;
    case '\t': append(j, "\\t", 2); break;
    default:
      if (*p < 0x20 || n == 0)
        appendf(j, "\\u%04x", *p); /* a byte that is not UTF-8 text: its Latin-1 character */
      else
        append(j, (const char *)p, n);
    }
    p += n ? n : 1;
  }
  append(j, "\"", 1);
}

char *ff_json_text_form(const char *raw) {
  size_t len = strlen(raw);
  char *out = malloc(2 * len + 1), *o = out;
  if (!out) return NULL;
  for (const unsigned char *p = (const unsigned char *)raw; *p;) {
    size_t n = utf8_sequence(p);
    if (n) {
      memcpy(o, p, n);
      o += n;
      p += n;
    } else { /* U+0080..U+00FF in UTF-8 */
      *o++ = (char)(0xc0 | (*p >> 6));
      *o++ = (char)(0x80 | (*p & 0x3f));
      p++;
    }
  }
  *o = '\0';
  return out;
}

void ff_json_key(ff_json *j, const char *key) {
  separate(j);
  quoted(j, key);
  append(j, j->pretty ? ": " : ":", j->pretty ? 2 : 1);
  j->after_key = true;
}

void ff_json_string(ff_json *j, const char *s) {
  before_value(j);
  if (s)
    quoted(j, s);
  else
    append(j, "null", 4);
}

void ff_json_int(ff_json *j, int64_t v) {
  before_value(j);
  appendf(j, "%" PRId64, v);
}

void ff_json_double(ff_json *j, double v) {
  before_value(j);
  if (!isfinite(v)) v = 0;
  appendf(j, "%.1f", v);
}

void ff_json_bool(ff_json *j, bool v) {
  before_value(j);
  append(j, v ? "true" : "false", v ? 4 : 5);
}

void ff_json_null(ff_json *j) {
  before_value(j);
  append(j, "null", 4);
}

void ff_json_kv_string(ff_json *j, const char *key, const char *s) {
  ff_json_key(j, key);
  ff_json_string(j, s);
}
void ff_json_kv_int(ff_json *j, const char *key, int64_t v) {
  ff_json_key(j, key);
  ff_json_int(j, v);
}
void ff_json_kv_double(ff_json *j, const char *key, double v) {
  ff_json_key(j, key);
  ff_json_double(j, v);
}
void ff_json_kv_bool(ff_json *j, const char *key, bool v) {
  ff_json_key(j, key);
  ff_json_bool(j, v);
}
void ff_json_kv_strings(ff_json *j, const char *key, char *const *items, size_t count) {
  ff_json_key(j, key);
  ff_json_begin_array(j);
  for (size_t i = 0; i < count; i++) ff_json_string(j, items[i]);
  ff_json_end_array(j);
}

int ff_json_write_file(ff_json *j, const char *path) {
  if (j->failed) {
    errno = ENOMEM;
    return -1;
  }
  append(j, "\n", 1);
  if (j->failed) {
    errno = ENOMEM;
    return -1;
  }
  int rc = ff_write_atomic(path, j->buf, j->len);
  j->len--; /* drop the newline again so the writer can be reused */
  j->buf[j->len] = '\0';
  return rc;
}

int ff_json_save(ff_json *j, const char *dir, const char *name) {
  char path[4200];
  int rc = -1;
  if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) < sizeof path)
    rc = ff_json_write_file(j, path);
  ff_json_free(j);
  return rc;
}
