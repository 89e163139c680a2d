/* The Streamable HTTP transport of MCP, client side (libcurl): each message
 * is POSTed to the endpoint with Accept: application/json, text/event-stream;
 * the answer is one JSON body or an SSE stream whose events carry messages;
 * the Mcp-Session-Id the server gives at initialize is sent back on every
 * later request. Only loopback hosts unless the host is explicitly allowed. */
#ifndef FF_MCP_HTTP_H
#define FF_MCP_HTTP_H

#include <stdbool.h>
#include <stddef.h>

typedef struct mcp_http {
  void *curl;
  char url[1024];
  char session_id[256];
  char protocol_version[32];
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

#endif
