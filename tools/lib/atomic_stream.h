/* A file composed in memory through a FILE* (open_memstream) and written
 * atomically once complete, so a reader never sees half a page: the HTML
 * report, the JUnit XML and the triage bucket reports are written this way. */
#ifndef FF_TOOLS_ATOMIC_STREAM_H
#define FF_TOOLS_ATOMIC_STREAM_H

#include <stddef.h>
#include <stdio.h>

typedef struct ff_atomic_stream {
  FILE *f;
  char *buf;
  size_t len;
} ff_atomic_stream;

/* The stream to write into, or NULL (out of memory). */
FILE *ff_atomic_stream_open(ff_atomic_stream *s);
/* Closes the stream and writes what it holds to path (temp file + rename);
 * the memory is freed either way. Returns 0 or -1. */
int ff_atomic_stream_commit(ff_atomic_stream *s, const char *path);

#endif
