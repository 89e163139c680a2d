/* Composing a file in memory, then writing it atomically (see atomic_stream.h). */
#include "atomic_stream.h"

#include <stdlib.h>

#include "fileio.h"

FILE *ff_atomic_stream_open(ff_atomic_stream *s) {
  s->buf = NULL;
  s->len = 0;
  s->f = open_memstream(&s->buf, &s->len);
  return s->f;
}

int ff_atomic_stream_commit(ff_atomic_stream *s, const char *path) {
  int rc = fclose(s->f) == 0 ? ff_write_atomic(path, s->buf, s->len) : -1;
  free(s->buf);
  s->buf = NULL;
  s->f = NULL;
  return rc;
}
