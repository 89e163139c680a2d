/* Engine command lines as malloc'd argv arrays (see engine_argv.h). */
#include "engine_argv.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#define ARG_LEN 4400

bool ff_argv_init(ff_argv *b) {
  b->n = 0;
  b->argv = calloc(FF_ARGV_MAX + 1, sizeof *b->argv);
  b->failed = b->argv == NULL;
  return !b->failed;
}

static void add_v(ff_argv *b, const char *fmt, va_list ap) {
  char *a = b->failed || b->n == FF_ARGV_MAX ? NULL : malloc(ARG_LEN);
  if (!a) {
    b->failed = true;
    return;
  }
  vsnprintf(a, ARG_LEN, fmt, ap);
  b->argv[b->n++] = a;
}

void ff_argv_add(ff_argv *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  add_v(b, fmt, ap);
  va_end(ap);
}

void ff_argv_flag(ff_argv *b, const char *flag, const char *fmt, ...) {
  ff_argv_add(b, "%s", flag);
  va_list ap;
  va_start(ap, fmt);
  add_v(b, fmt, ap);
  va_end(ap);
}

char **ff_argv_take(ff_argv *b) {
  if (!b->failed) return b->argv;
  ff_argv_free(b->argv);
  b->argv = NULL;
  return NULL;
}

void ff_argv_free(char **argv) {
  if (!argv) return;
  for (char **a = argv; *a; a++) free(*a);
  free(argv);
}
