/* A request body received in chunks: see request_body.h. */
#include "request_body.h"

#include <stdlib.h>
#include <string.h>

bool ff_request_body_append(ff_request_body *b, const char *data, size_t n, size_t max) {
  if (b->too_large || b->len + n > max) {
    b->too_large = true;
    return true;
  }
  char *grown = realloc(b->data, b->len + n + 1);
  if (!grown) return false;
  memcpy(grown + b->len, data, n);
  b->data = grown;
  b->len += n;
  b->data[b->len] = 0;
  return true;
}

void ff_request_body_free(ff_request_body *b) {
  free(b->data);
  b->data = NULL;
  b->len = 0;
  b->too_large = false;
}
