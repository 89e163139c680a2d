/* Strict, iterative JSON checker for the generator tests (see json_check.h). */
#include "json_check.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct cursor {
  const unsigned char *s;
  size_t len, pos;
} cursor;

static int peek(const cursor *c) { return c->pos < c->len ? c->s[c->pos] : -1; }

void json_check_skip_ws(const char *text, size_t len, size_t *pos) {
  while (*pos < len && (text[*pos] == ' ' || text[*pos] == '\t' || text[*pos] == '\n' || text[*pos] == '\r'))
    (*pos)++;
}

static void ws(cursor *c) { json_check_skip_ws((const char *)c->s, c->len, &c->pos); }

static bool is_hex(int ch) {
  return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
}

static bool is_digit(int ch) { return ch >= '0' && ch <= '9'; }

/* One UTF-8 sequence whose lead byte (>= 0x80) is at the cursor. */
static bool utf8_sequence(cursor *c) {
  unsigned b = c->s[c->pos];
  size_t n;
  uint32_t cp, min;
  if (b >= 0xC2 && b <= 0xDF) n = 2, cp = b & 0x1F, min = 0x80;
  else if (b >= 0xE0 && b <= 0xEF) n = 3, cp = b & 0x0F, min = 0x800;
  else if (b >= 0xF0 && b <= 0xF4) n = 4, cp = b & 0x07, min = 0x10000;
  else return false;
  if (c->pos + n > c->len) return false;
  for (size_t i = 1; i < n; i++) {
    unsigned cont = c->s[c->pos + i];
    if ((cont & 0xC0) != 0x80) return false;
    cp = (cp << 6) | (cont & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
  c->pos += n;
  return true;
}

static bool string(cursor *c) {
  if (peek(c) != '"') return false;
  c->pos++;
  for (;;) {
    int ch = peek(c);
    if (ch < 0x20) return false; /* also the end of the text (-1) */
    c->pos++;
    if (ch == '"') return true;
    if (ch == '\\') {
      int e = peek(c);
      c->pos++;
      if (e == 'u') {
        for (int i = 0; i < 4; i++) {
          if (!is_hex(peek(c))) return false;
          c->pos++;
        }
      } else if (e < 0 || !memchr("\"\\/bfnrt", e, 8)) {
        return false;
      }
    } else if (ch >= 0x80) {
      c->pos--;
      if (!utf8_sequence(c)) return false;
    }
  }
}

static bool digits(cursor *c) {
  if (!is_digit(peek(c))) return false;
  while (is_digit(peek(c))) c->pos++;
  return true;
}

static bool number(cursor *c) {
  if (peek(c) == '-') c->pos++;
  if (peek(c) == '0') c->pos++;
  else if (!digits(c)) return false;
  if (peek(c) == '.') {
    c->pos++;
    if (!digits(c)) return false;
  }
  if (peek(c) == 'e' || peek(c) == 'E') {
    c->pos++;
    if (peek(c) == '+' || peek(c) == '-') c->pos++;
    if (!digits(c)) return false;
  }
  return true;
}

static bool literal(cursor *c, const char *word) {
  size_t n = strlen(word);
  if (c->len - c->pos < n || memcmp(c->s + c->pos, word, n) != 0) return false;
  c->pos += n;
  return true;
}

static bool scalar(cursor *c) {
  switch (peek(c)) {
  case '"': return string(c);
  case 't': return literal(c, "true");
  case 'f': return literal(c, "false");
  case 'n': return literal(c, "null");
  default: return number(c);
  }
}

/* A key and its colon, whitespace around. */
static bool member_key(cursor *c) {
  ws(c);
  if (!string(c)) return false;
  ws(c);
  if (peek(c) != ':') return false;
  c->pos++;
  return true;
}

bool json_check_value(const char *text, size_t len, size_t *pos) {
  cursor c = {(const unsigned char *)text, len, *pos};
  char *stack = malloc(len + 1); /* container kinds; depth never exceeds the length */
  if (!stack) return false;
  size_t depth = 0;
  bool ok = false;
  for (;;) {
    /* expecting a value */
    ws(&c);
    int ch = peek(&c);
    if (ch == '[' || ch == '{') {
      c.pos++;
      stack[depth++] = (char)ch;
      ws(&c);
      if (peek(&c) == (ch == '[' ? ']' : '}')) {
        c.pos++;
        depth--;
      } else {
        if (ch == '{' && !member_key(&c)) goto done;
        continue;
      }
    } else if (!scalar(&c)) {
      goto done;
    }
    /* after a value: close containers or go on to the next element */
    for (;;) {
      if (depth == 0) {
        ok = true;
        goto done;
      }
      ws(&c);
      ch = peek(&c);
      char top = stack[depth - 1];
      if (ch == ',') {
        c.pos++;
        if (top == '{' && !member_key(&c)) goto done;
        break;
      }
      if ((top == '[' && ch == ']') || (top == '{' && ch == '}')) {
        c.pos++;
        depth--;
        continue;
      }
      goto done;
    }
  }
done:
  free(stack);
  *pos = c.pos;
  return ok;
}

bool json_check_document(const char *text, size_t len) {
  size_t pos = 0;
  if (!json_check_value(text, len, &pos)) return false;
  json_check_skip_ws(text, len, &pos);
  return pos == len;
}
