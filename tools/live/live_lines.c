/* Canonical lines and their multiset difference (live_lines.h). */
#define _GNU_SOURCE /* memmem, vasprintf, accept4 */
#include "live_lines.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void live_lines_free(live_lines *l) {
  for (size_t i = 0; i < l->count; i++) free(l->line[i]);
  free(l->line);
  memset(l, 0, sizeof *l);
}

void live_lines_add(live_lines *l, const char *fmt, ...) {
  if (l->failed) return;
  if (l->count == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 16;
    char **grown = realloc(l->line, cap * sizeof *grown);
    if (!grown) {
      l->failed = true;
      return;
    }
    l->line = grown, l->cap = cap;
  }
  va_list ap;
  va_start(ap, fmt);
  int n = vasprintf(&l->line[l->count], fmt, ap);
  va_end(ap);
  if (n < 0) {
    l->failed = true;
    return;
  }
  l->count++;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The TTL of a line ending in " ttl=N", and the length of what precedes it. */
static bool split_ttl(const char *line, size_t *prefix, unsigned long *ttl) {
  const char *t = strstr(line, " ttl=");
  if (!t) return false;
  char *end;
  *ttl = strtoul(t + 5, &end, 10);
  if (*end) return false;
  *prefix = (size_t)(t - line);
  return true;
}

static bool ttl_match(const char *a, const char *b, uint32_t tolerance) {
  size_t pa, pb;
  unsigned long ta, tb;
  if (!split_ttl(a, &pa, &ta) || !split_ttl(b, &pb, &tb) || pa != pb || memcmp(a, b, pa)) return false;
  return (ta > tb ? ta - tb : tb - ta) <= tolerance;
}

/* The signature key of a line: its first word without [n] indices. */
static void line_key(const char *line, char sign, char *out, size_t cap) {
  size_t o = 0;
  if (cap < 3) return;
  out[o++] = sign;
  for (const char *p = line; *p && *p != ' ' && o + 1 < cap; p++) {
    if (*p == '[') {
      while (*p && *p != ']') p++;
      if (!*p) break;
      continue;
    }
    out[o++] = *p;
  }
  out[o] = 0;
}

static int append(char **buf, size_t *len, const char *s) {
  size_t n = strlen(s);
  char *grown = realloc(*buf, *len + n + 1);
  if (!grown) return -1;
  memcpy(grown + *len, s, n + 1);
  *buf = grown, *len += n;
  return 0;
}

int live_diff_lines(const live_lines *a, const live_lines *b, uint32_t ttl_tolerance, live_diff *out) {
  memset(out, 0, sizeof *out);
  char **sa = malloc((a->count + 1) * sizeof *sa), **sb = malloc((b->count + 1) * sizeof *sb);
  bool *ma = calloc(a->count + 1, 1), *mb = calloc(b->count + 1, 1);
  char **keys = malloc((a->count + b->count + 1) * sizeof *keys);
  size_t len = 0, nkeys = 0, slen = 0;
  int rc = -1;
  if (!sa || !sb || !ma || !mb || !keys) goto done;
  memcpy(sa, a->line, a->count * sizeof *sa);
  memcpy(sb, b->line, b->count * sizeof *sb);
  qsort(sa, a->count, sizeof *sa, cmp_str);
  qsort(sb, b->count, sizeof *sb, cmp_str);
  for (size_t i = 0, j = 0; i < a->count && j < b->count;) { /* exact multiset match */
    int c = strcmp(sa[i], sb[j]);
    if (c == 0) ma[i++] = mb[j++] = true;
    else if (c < 0) i++;
    else j++;
  }
  for (size_t i = 0; i < a->count; i++) /* then TTLs within the tolerance */
    for (size_t j = 0; !ma[i] && j < b->count; j++)
      if (!mb[j] && ttl_match(sa[i], sb[j], ttl_tolerance)) ma[i] = mb[j] = true;
  out->text = strdup("");
  if (!out->text) goto done;
  for (int side = 0; side < 2; side++) {
    char **s = side ? sb : sa;
    bool *m = side ? mb : ma;
    size_t n = side ? b->count : a->count;
    for (size_t i = 0; i < n; i++) {
      if (m[i]) continue;
      char key[128];
      line_key(s[i], side ? '+' : '-', key, sizeof key);
      if (append(&out->text, &len, side ? "+ " : "- ") || append(&out->text, &len, s[i]) ||
          append(&out->text, &len, "\n") || !(keys[nkeys++] = strdup(key)))
        goto done;
      out->differing++;
    }
  }
  qsort(keys, nkeys, sizeof *keys, cmp_str);
  out->signature = strdup("");
  if (!out->signature) goto done;
  for (size_t i = 0; i < nkeys; i++) {
    if (i && strcmp(keys[i], keys[i - 1]) == 0) continue;
    if ((slen && append(&out->signature, &slen, " ")) || append(&out->signature, &slen, keys[i])) goto done;
  }
  rc = 0;
done:
  if (keys)
    for (size_t i = 0; i < nkeys; i++) free(keys[i]);
  free(keys), free(sa), free(sb), free(ma), free(mb);
  if (rc) live_diff_free(out);
  return rc;
}

void live_diff_free(live_diff *d) {
  free(d->text);
  free(d->signature);
  memset(d, 0, sizeof *d);
}

void live_escape(char *out, size_t cap, const uint8_t *data, size_t len) {
  size_t o = 0;
  if (!cap) return;
  for (size_t i = 0; i < len && o + 5 < cap; i++) {
    uint8_t c = data[i];
    if (c >= 0x20 && c < 0x7f && c != '\\') out[o++] = (char)c;
    else o += (size_t)snprintf(out + o, cap - o, "\\x%02x", c);
  }
  out[o] = 0;
}
