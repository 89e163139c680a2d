/* A parser-like harness for the engine's own tests and measurements: an
 * INI-style configuration language ([section], key = value, values that are
 * integers with optional sign and base prefix, quoted strings with escapes,
 * lists in braces, booleans) with a few semantic checks. Many branches, no
 * bug: coverage is what it is for. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct reader {
  const uint8_t *p, *end;
  int sections, keys, depth;
} reader;

static bool at(const reader *r, char c) { return r->p < r->end && *r->p == (uint8_t)c; }

static void blanks(reader *r) {
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\t')) r->p++;
}

static bool ident(reader *r) {
  const uint8_t *start = r->p;
  while (r->p < r->end && ((*r->p >= 'a' && *r->p <= 'z') || *r->p == '_' ||
                           (*r->p >= '0' && *r->p <= '9' && r->p > start)))
    r->p++;
  return r->p > start;
}

static bool integer(reader *r) {
  if (at(r, '-') || at(r, '+')) r->p++;
  int base = 10;
  if (r->end - r->p >= 2 && r->p[0] == '0' && (r->p[1] == 'x' || r->p[1] == 'b')) {
    base = r->p[1] == 'x' ? 16 : 2;
    r->p += 2;
  }
  const uint8_t *start = r->p;
  uint64_t v = 0;
  for (; r->p < r->end; r->p++) {
    uint8_t c = *r->p;
    int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : 99;
    if (d >= base) break;
    if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base) return false; /* overflow */
    v = v * (uint64_t)base + (uint64_t)d;
  }
  return r->p > start;
}

static bool quoted(reader *r) {
  r->p++;
  while (r->p < r->end) {
    uint8_t c = *r->p++;
    if (c == '"') return true;
    if (c == '\n') return false;
    if (c == '\\') {
      if (r->p >= r->end) return false;
      uint8_t e = *r->p++;
      if (e == 'x') {
        for (int i = 0; i < 2; i++, r->p++)
          if (r->p >= r->end || !((*r->p >= '0' && *r->p <= '9') || (*r->p >= 'a' && *r->p <= 'f')))
            return false;
      } else if (e != 'n' && e != 't' && e != '"' && e != '\\') {
        return false;
      }
    }
  }
  return false;
}

static bool value(reader *r);

static bool list(reader *r) {
  if (++r->depth > 8) return false;
  r->p++;
  blanks(r);
  if (at(r, '}')) {
    r->p++;
    r->depth--;
    return true;
  }
  for (;;) {
    blanks(r);
    if (!value(r)) return false;
    blanks(r);
    if (at(r, '}')) break;
    if (!at(r, ',')) return false;
    r->p++;
  }
  r->p++;
  r->depth--;
  return true;
}

static bool value(reader *r) {
  if (at(r, '"')) return quoted(r);
  if (at(r, '{')) return list(r);
  if (r->end - r->p >= 4 && memcmp(r->p, "true", 4) == 0) return r->p += 4, true;
  if (r->end - r->p >= 5 && memcmp(r->p, "false", 5) == 0) return r->p += 5, true;
  return integer(r);
}

static bool line(reader *r) {
  blanks(r);
  if (r->p >= r->end || at(r, '\n')) return true;
  if (at(r, '#') || at(r, ';')) {
    while (r->p < r->end && *r->p != '\n') r->p++;
    return true;
  }
  if (at(r, '[')) {
    r->p++;
    if (!ident(r) || !at(r, ']')) return false;
    r->p++;
    r->sections++;
    return true;
  }
  if (!ident(r)) return false;
  blanks(r);
  if (!at(r, '=')) return false;
  r->p++;
  blanks(r);
  if (!value(r)) return false;
  if (r->sections == 0) return false; /* keys belong to a section */
  r->keys++;
  return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  reader r = {data, data + size, 0, 0, 0};
  while (r.p < r.end) {
    if (!line(&r)) return 0;
    blanks(&r);
    if (r.p < r.end && *r.p != '\n') return 0;
    if (r.p < r.end) r.p++;
  }
  if (r.sections > 2 && r.keys > 3) r.depth = 0; /* a rich document: one more edge */
  return 0;
}
