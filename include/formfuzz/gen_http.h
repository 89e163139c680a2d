/* HTTP/1.1 requests (RFC 9112) for a given method, host, path, body and extra
 * header lines (e.g. from ff_gen_sig_headers). "expected_valid" means a strict
 * server reads exactly one complete request with that method, target and
 * body: CRLF line ends, Host exactly once, no obs-fold, no space before a
 * colon, one framing (Content-Length once, or Transfer-Encoding: chunked alone)
 * that matches the body, and nothing after it. */
#ifndef FORMFUZZ_GEN_HTTP_H
#define FORMFUZZ_GEN_HTTP_H

#include "formfuzz/gen.h"

typedef struct ff_http_request_spec {
  const char *method;  /* NULL: drawn from GET, POST, PUT, DELETE, PATCH, HEAD, OPTIONS */
  const char *host;    /* Host header value, e.g. "127.0.0.1:3004" */
  const char *path;    /* origin-form target, e.g. "/v1/account/create" */
  const uint8_t *body; /* may be NULL when body_len is 0 */
  size_t body_len;
  const char *headers; /* extra header lines, each ending in CRLF; may be NULL */
} ff_http_request_spec;

enum {
  FF_HTTP_Q_CHUNKED = 1u << 0,   /* the body is chunked */
  FF_HTTP_Q_OVERSIZED = 1u << 1, /* a request line, header or header count far beyond usual limits */
  FF_HTTP_Q_ODD_FORM = 1u << 2,  /* valid but unusual: absolute-form target, leading zeros, no space after ':' */
};

typedef struct ff_http_info {
  bool expected_valid;
  unsigned quirks;     /* FF_HTTP_Q_* */
  const char *variant; /* what was done, e.g. "Content-Length and Transfer-Encoding" */
  const char *method;  /* the method written */
} ff_http_info;

/* Valid: Content-Length or chunked framing (chunk extensions, trailers, hex in
 * either case), header name case, optional headers. Near-valid: both framings,
 * two Content-Lengths, a length that does not match, obs-fold, space before a
 * colon, bad chunk sizes, no last chunk, bare LF, Host missing or twice, bad
 * header names and values, bad targets and versions, codings other than
 * chunked. Hostile: huge request lines, headers and header counts (sized to the
 * buffer), huge or signed lengths, a second request smuggled behind the body,
 * NUL bytes. info may be NULL. */
bool ff_gen_http_request(ff_input *in, ff_gen_mode mode, const ff_http_request_spec *spec, ff_buf *out,
                         ff_http_info *info);

#endif
