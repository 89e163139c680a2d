/* A client connection of the shadow proxy, read through a buffer that keeps
 * the bytes after one message for the next: several DNS messages (RFC 1035
 * framing) or HTTP requests per connection, pipelined or one after another,
 * taken in order. Every wait is bounded by a deadline. */
#ifndef FF_TOOLS_LIVE_CONN_H
#define FF_TOOLS_LIVE_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "live_http.h"

typedef struct live_conn {
  int fd;
  uint8_t *buf;
  size_t len, cap;
  bool eof;
} live_conn;

void live_conn_init(live_conn *c, int fd);
/* Frees the buffer (the socket stays open: its owner closes it). */
void live_conn_free(live_conn *c);
/* The next framed DNS message, copied to out (cap >= 65535): its length, 0
 * when the client closed or sent nothing before the deadline, -1 for a
 * zero-length frame or a message cut off. */
long live_conn_dns(live_conn *c, uint8_t *out, size_t cap, double deadline);
/* The next HTTP request: 1 (m filled), 0 when the client closed or sent
 * nothing before the deadline, -1 when malformed or cut off (reason in err). */
int live_conn_http(live_conn *c, double deadline, live_http_msg *m, char *err, size_t err_cap);

#endif
