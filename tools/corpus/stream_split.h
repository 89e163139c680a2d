/* Requests in a client's TCP byte stream, for corpus import: DNS messages
 * framed by a 2-byte length (RFC 1035 4.2.2), and HTTP/1.x requests (a
 * request line with a method and "HTTP/", headers up to the empty line, then
 * a body framed by Transfer-Encoding: chunked or Content-Length, none
 * without either). Each call looks at the start of the bytes not consumed. */
#ifndef FF_TOOLS_STREAM_SPLIT_H
#define FF_TOOLS_STREAM_SPLIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* HTTP headers longer than this are not a request */
#define STREAM_HTTP_HEADER_MAX 65536u

typedef enum {
  SPLIT_MORE,    /* a message starts here and needs more bytes */
  SPLIT_MESSAGE, /* a whole message: buf[off, off + len), taking used bytes of the stream */
  SPLIT_BAD,     /* a message starts here but cannot be framed: drop used bytes */
  SPLIT_JUNK,    /* no message starts here: drop used bytes */
} split_kind;

typedef struct split_result {
  split_kind kind;
  size_t used;
  size_t off, len;
  uint64_t total; /* SPLIT_MORE: the message's size in the stream when known, else 0 */
} split_result;

split_result stream_split_dns(const uint8_t *buf, size_t n);
split_result stream_split_http(const uint8_t *buf, size_t n);
/* Where the next HTTP request may start in buf (at 0 or after a newline, a
 * method or the start of one at the end of buf), or n. */
size_t stream_http_resync(const uint8_t *buf, size_t n);

#endif
