/* A request body received in chunks (as libmicrohttpd hands a POST to the
 * component servers formfuzz-econ, formfuzz-mcp and formfuzz-infer): the bytes
 * are kept NUL-terminated up to a cap; past it they are dropped and the body
 * is marked too large, so the server can answer 413 without holding it. */
#ifndef FF_REQUEST_BODY_H
#define FF_REQUEST_BODY_H

#include <stdbool.h>
#include <stddef.h>

typedef struct ff_request_body {
  char *data; /* NULL until the first byte; NUL-terminated */
  size_t len;
  bool too_large;
} ff_request_body;

/* Appends n bytes, or marks the body too large when it would pass max.
 * False only when memory runs out (the body is unchanged then). */
bool ff_request_body_append(ff_request_body *b, const char *data, size_t n, size_t max);
void ff_request_body_free(ff_request_body *b);

#endif
