/* Benchmark harness with real structure: a strict recursive-descent JSON
 * validator (objects, arrays, strings with escapes, numbers, literals, depth
 * limit). Many branches, no bug: used for "edges after T seconds". */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct cursor {
  const uint8_t *p, *end;
  int depth;
} cursor;

static bool value(cursor *c);

static void skip_space(cursor *c) {
  while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r')) c->p++;
}

static bool literal(cursor *c, const char *word) {
  size_t n = strlen(word);
  if ((size_t)(c->end - c->p) < n || memcmp(c->p, word, n) != 0) return false;
  c->p += n;
  return true;
}

static bool hex4(cursor *c) {
  for (int i = 0; i < 4; i++, c->p++) {
    if (c->p >= c->end) return false;
    uint8_t h = *c->p;
    if (!((h >= '0' && h <= '9') || (h >= 'a' && h <= 'f') || (h >= 'A' && h <= 'F'))) return false;
  }
  return true;
}

static bool string(cursor *c) {
  c->p++; /* opening quote */
  while (c->p < c->end) {
    uint8_t ch = *c->p++;
    if (ch == '"') return true;
    if (ch < 0x20) return false;
    if (ch == '\\') {
      if (c->p >= c->end) return false;
      uint8_t e = *c->p++;
      if (e == 'u') {
        if (!hex4(c)) return false;
      } else if (!strchr("\"\\/bfnrt", e) || e == 0) {
        return false;
      }
    }
  }
  return false;
}

static bool digits(cursor *c) {
  const uint8_t *start = c->p;
  while (c->p < c->end && *c->p >= '0' && *c->p <= '9') c->p++;
  return c->p > start;
}

static bool number(cursor *c) {
  if (*c->p == '-') c->p++;
  if (c->p < c->end && *c->p == '0')
    c->p++;
  else if (!digits(c))
    return false;
  if (c->p < c->end && *c->p == '.') {
    c->p++;
    if (!digits(c)) return false;
  }
  if (c->p < c->end && (*c->p == 'e' || *c->p == 'E')) {
    c->p++;
    if (c->p < c->end && (*c->p == '+' || *c->p == '-')) c->p++;
    if (!digits(c)) return false;
  }
  return true;
}

static bool members(cursor *c, uint8_t close, bool keyed) {
  if (++c->depth > 32) return false;
  c->p++; /* opening bracket */
  skip_space(c);
  if (c->p < c->end && *c->p == close) {
    c->p++;
    c->depth--;
    return true;
  }
  for (;;) {
    skip_space(c);
    if (keyed) {
      if (c->p >= c->end || *c->p != '"' || !string(c)) return false;
      skip_space(c);
      if (c->p >= c->end || *c->p++ != ':') return false;
    }
    if (!value(c)) return false;
    skip_space(c);
    if (c->p >= c->end) return false;
    uint8_t ch = *c->p++;
    if (ch == close) break;
    if (ch != ',') return false;
  }
  c->depth--;
  return true;
}

static bool value(cursor *c) {
  skip_space(c);
  if (c->p >= c->end) return false;
  switch (*c->p) {
  case '{': return members(c, '}', true);
  case '[': return members(c, ']', false);
  case '"': return string(c);
  case 't': return literal(c, "true");
  case 'f': return literal(c, "false");
  case 'n': return literal(c, "null");
  default: return number(c);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  cursor c = {data, data + size, 0};
  if (!value(&c)) return 0;
  skip_space(&c);
  return 0;
}
