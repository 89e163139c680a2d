/* HTTP/1.1 messages for the live commands: one request or response read
 * whole from a socket (headers up to 64 KiB, a body by Content-Length, by
 * chunked transfer coding, or for a response without either until the
 * peer closes; bodies up to 1 MiB), parsed into start line, headers and
 * body, a request written out again for an upstream server with
 * "Connection: close" (one request per upstream connection), and a response
 * written out again for a client that keeps its connection (keep-alive). */
#ifndef FF_TOOLS_LIVE_HTTP_H
#define FF_TOOLS_LIVE_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "live_addr.h"

#define LIVE_HTTP_MAX_HEADERS 64
#define LIVE_HTTP_MAX_BODY (1u << 20)

typedef struct live_http_header {
  char *name, *value;
} live_http_header;

typedef struct live_http_msg {
  char *start;             /* request line or status line, without CRLF */
  char method[16];         /* requests */
  char *target;            /* requests: the request target ("/path?q") */
  int status;              /* responses */
  live_http_header headers[LIVE_HTTP_MAX_HEADERS];
  int nheaders;
  uint8_t *body;
  size_t body_len;
} live_http_msg;

void live_http_free(live_http_msg *m);
/* Parses a whole message held in memory (what live_http_read received, or a
 * corpus file). 0, or -1 with the reason in err. */
int live_http_parse(const uint8_t *data, size_t len, bool response, live_http_msg *m, char *err,
                    size_t err_cap);
/* Takes one message from the front of data: the bytes it used (> 0, m
 * filled), 0 when more bytes are needed, -1 when malformed (reason in err).
 * at_eof: no more bytes will come. Bytes after the message are left alone
 * (the next pipelined request). */
long live_http_take(const uint8_t *data, size_t len, bool response, bool at_eof, live_http_msg *m,
                    char *err, size_t err_cap);
/* Reads one message from fd until the deadline (monotonic). raw receives the
 * bytes as they came (malloc'd). 0, or -1 with the reason. */
int live_http_read(int fd, double deadline, bool response, live_http_msg *m, uint8_t **raw,
                   size_t *raw_len, char *err, size_t err_cap);
const char *live_http_header_get(const live_http_msg *m, const char *name);
/* The request as bytes for an upstream: its line, headers but hop-by-hop ones
 * (Connection, Keep-Alive, Proxy-*, Transfer-Encoding, Content-Length), then
 * Content-Length of the body and Connection: close. malloc'd; NULL: no memory. */
uint8_t *live_http_request_bytes(const live_http_msg *m, size_t *len);
/* Whether the client of request req keeps its connection open: HTTP/1.1
 * unless "Connection: close", HTTP/1.0 only with "Connection: keep-alive". */
bool live_http_keep_alive(const live_http_msg *req);
/* Response m as bytes for a client: its status line, headers and body as
 * received, with the framing the proxy's own (hop-by-hop headers replaced by
 * Content-Length of the body and "Connection: keep-alive" or "close").
 * malloc'd; NULL: no memory. */
uint8_t *live_http_response_bytes(const live_http_msg *m, bool keep_alive, size_t *len);
/* One request to an upstream and its response (parsed; raw bytes too when
 * raw is not NULL). 0, or -1 with the reason. */
int live_http_exchange(const live_addr *to, const uint8_t *request, size_t len,
                       double timeout_s, live_http_msg *response, uint8_t **raw, size_t *raw_len,
                       char *err, size_t err_cap);

#endif
