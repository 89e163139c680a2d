/* Shared pieces of the generators: mode selection and the bounded text
 * writer (ff_buf) they all write into. */
#include "formfuzz/gen.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

ff_gen_mode ff_gen_resolve_mode(ff_input *in, ff_gen_mode requested) {
  if (requested != FF_GEN_ANY) return requested;
  ff_gen_mode mode = (ff_gen_mode)ff_choose(in, 3);
  ff_note(in, "gen mode %s", ff_gen_mode_name(mode));
  return mode;
}

const char *ff_gen_mode_name(ff_gen_mode mode) {
  switch (mode) {
  case FF_GEN_VALID: return "valid";
  case FF_GEN_NEAR: return "near-valid";
  case FF_GEN_HOSTILE: return "hostile";
  default: return "any";
  }
}

void ff_buf_init(ff_buf *b, char *data, size_t cap) {
  b->data = data;
  b->cap = data ? cap : 0;
  ff_buf_reset(b);
}

void ff_buf_reset(ff_buf *b) {
  b->len = 0;
  b->overflow = false;
  if (b->cap) b->data[0] = '\0';
}

size_t ff_buf_room(const ff_buf *b) { return b->cap ? b->cap - 1 - b->len : 0; }

void ff_buf_put(ff_buf *b, const void *bytes, size_t n) {
  size_t room = ff_buf_room(b);
  if (n > room) {
    n = room;
    b->overflow = true;
  }
  if (n) memcpy(b->data + b->len, bytes, n);
  b->len += n;
  if (b->cap) b->data[b->len] = '\0';
}

void ff_buf_puts(ff_buf *b, const char *s) { ff_buf_put(b, s, strlen(s)); }

void ff_buf_putc(ff_buf *b, char c) { ff_buf_put(b, &c, 1); }

void ff_buf_repeat(ff_buf *b, char c, size_t n) {
  size_t room = ff_buf_room(b);
  if (n > room) {
    n = room;
    b->overflow = true;
  }
  if (n) memset(b->data + b->len, c, n);
  b->len += n;
  if (b->cap) b->data[b->len] = '\0';
}

void ff_buf_printf(ff_buf *b, const char *fmt, ...) {
  char tmp[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  if ((size_t)n >= sizeof tmp) {
    b->overflow = true;
    n = (int)sizeof tmp - 1;
  }
  ff_buf_put(b, tmp, (size_t)n);
}
