/* A strict HTTP/1.1 request reader written for the tests (RFC 9112 grammar),
 * independent of the generators: exactly one complete request, and what it
 * carries, compared with what was asked for. */
#ifndef FORMFUZZ_TESTS_HTTP_CHECK_H
#define FORMFUZZ_TESTS_HTTP_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct http_expect {
  const char *method, *host, *path;
  const uint8_t *body;
  size_t body_len;
} http_expect;

/* True when text is one complete, strictly well-formed request whose method,
 * target (origin-form path, optionally with a query, or absolute-form), Host
 * and body are the expected ones. */
bool http_check_request(const char *text, size_t len, const http_expect *want);

#endif
