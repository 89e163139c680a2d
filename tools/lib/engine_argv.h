/* An engine command line built argument by argument (printf-formatted, each
 * malloc'd), for the argv arrays of afl_command.c and honggfuzz_command.c. A
 * failed append (too many arguments, out of memory) is remembered, so the
 * caller checks once, at ff_argv_take. */
#ifndef FF_TOOLS_ENGINE_ARGV_H
#define FF_TOOLS_ENGINE_ARGV_H

#include <stdbool.h>

#define FF_ARGV_MAX 64

typedef struct ff_argv {
  char **argv; /* NULL-terminated */
  int n;
  bool failed;
} ff_argv;

/* Starts an empty command line. Returns false when out of memory. */
bool ff_argv_init(ff_argv *b);
/* Appends one argument. */
void ff_argv_add(ff_argv *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends a flag and its value ("-G", "%ld", 64). */
void ff_argv_flag(ff_argv *b, const char *flag, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The finished argv (the caller frees it with ff_argv_free), or NULL when an
 * append failed (then everything is freed). */
char **ff_argv_take(ff_argv *b);
/* Frees every argument and argv (NULL is fine). */
void ff_argv_free(char **argv);

#endif
