/* The Streamable HTTP transport of MCP, client side (libcurl): each message
 * is POSTed to the endpoint with Accept: application/json, text/event-stream;
 * the answer is one JSON body or an SSE stream whose events carry messages;
 * the Mcp-Session-Id the server gives at initialize is sent back on every
 * later request. After initialize the client may open the server-to-client
 * stream (a GET with Accept: text/event-stream; 405 means the server offers
 * none) on which the server sends requests and notifications of its own, and
 * ends the session with a DELETE. Only loopback hosts unless the host is
 * explicitly allowed. */
#ifndef FF_MCP_HTTP_H
#define FF_MCP_HTTP_H

#include <stdbool.h>
#include <stddef.h>

typedef struct mcp_http {
  void *curl;
  char url[1024];
  char session_id[256];
  char protocol_version[32];
  void *multi, *stream;   /* the GET stream, driven without blocking; NULL when not open */
  char *stream_raw;       /* its bytes not yet split into events */
  size_t stream_raw_len;
  char stream_type[128];  /* its Content-Type */
} mcp_http;

/* Refuses a URL that is not http(s)://HOST[:PORT]/... with HOST a loopback
 * address (127.0.0.0/8, ::1, localhost) or equal to allow_host. 0 or -1 with err. */
int mcp_http_check_url(const char *url, const char *allow_host, char *err, size_t err_cap);
int mcp_http_open(mcp_http *h, const char *url, char *err, size_t err_cap);
void mcp_http_close(mcp_http *h);
/* POSTs body; appends every JSON-RPC message of the answer to *out as one
 * line each (text + "\n"; a body that is not JSON as it is, newlines removed).
 * Returns the HTTP status (202 and 200 with nothing: no lines), 0 on a time
 * out, -1 when the server cannot be reached. */
int mcp_http_post(mcp_http *h, const char *body, double timeout_s, char **out, size_t *out_len);
/* Opens the GET stream (with the session id) and waits up to timeout_s for
 * its answer. Returns the HTTP status (the stream stays open only on 200 with
 * a text/event-stream body; type gets the Content-Type), 0 on a time out, -1
 * when the server cannot be reached. */
int mcp_http_stream_open(mcp_http *h, double timeout_s, char *type, size_t type_cap);
/* Reads what the open stream has without waiting; every complete event's
 * message goes to *out as one line (as mcp_http_post). Returns 1 while the
 * stream is open, 0 once the server closed it (or it was never open). */
int mcp_http_stream_poll(mcp_http *h, char **out, size_t *out_len);
void mcp_http_stream_close(mcp_http *h);
/* DELETE with the session id: the HTTP status, 0 on a time out, -1 unreachable. */
int mcp_http_delete(mcp_http *h, double timeout_s);

#endif
