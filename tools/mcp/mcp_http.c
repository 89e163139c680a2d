/* Streamable HTTP client transport (see mcp_http.h). */
#define _GNU_SOURCE
#include "mcp_http.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct growbuf {
  char *data;
  size_t len;
} growbuf;

static int append(growbuf *b, const char *p, size_t n) {
  char *nb = realloc(b->data, b->len + n + 1);
  if (!nb) return -1;
  memcpy(nb + b->len, p, n);
  b->len += n;
  nb[b->len] = '\0';
  b->data = nb;
  return 0;
}

static size_t on_body(char *p, size_t size, size_t n, void *ctx) {
  return append(ctx, p, size * n) == 0 ? size * n : 0;
}

typedef struct headers {
  char content_type[128];
  char session_id[256];
} headers;

static void header_value(const char *line, size_t n, const char *name, char *out, size_t cap) {
  size_t nl = strlen(name);
  if (n <= nl + 1 || strncasecmp(line, name, nl) != 0 || line[nl] != ':') return;
  const char *v = line + nl + 1;
  size_t vl = n - nl - 1;
  while (vl && (*v == ' ' || *v == '\t')) v++, vl--;
  while (vl && (v[vl - 1] == '\r' || v[vl - 1] == '\n' || v[vl - 1] == ' ')) vl--;
  if (vl >= cap) vl = cap - 1;
  memcpy(out, v, vl);
  out[vl] = '\0';
}

static size_t on_header(char *p, size_t size, size_t n, void *ctx) {
  headers *h = ctx;
  header_value(p, size * n, "content-type", h->content_type, sizeof h->content_type);
  header_value(p, size * n, "mcp-session-id", h->session_id, sizeof h->session_id);
  return size * n;
}

int mcp_http_check_url(const char *url, const char *allow_host, char *err, size_t err_cap) {
  CURLU *u = curl_url();
  char *scheme = NULL, *host = NULL;
  int rc = -1;
  if (!u || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
      curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
      curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK) {
    snprintf(err, err_cap, "not a URL: %s", url);
    goto done;
  }
  if (strcmp(scheme, "http") && strcmp(scheme, "https")) {
    snprintf(err, err_cap, "not http(s): %s", url);
    goto done;
  }
  char bare[256];
  snprintf(bare, sizeof bare, "%s", host[0] == '[' ? host + 1 : host);
  char *close = strchr(bare, ']');
  if (close) *close = '\0';
  struct in_addr a4;
  struct in6_addr a6;
  bool loopback = !strcasecmp(bare, "localhost") ||
                  (inet_pton(AF_INET, bare, &a4) == 1 && (ntohl(a4.s_addr) >> 24) == 127) ||
                  (inet_pton(AF_INET6, bare, &a6) == 1 && IN6_IS_ADDR_LOOPBACK(&a6));
  if (loopback || (allow_host && !strcasecmp(bare, allow_host))) {
    rc = 0;
  } else {
    snprintf(err, err_cap, "%s is not a loopback address: name it with --allow %s to fuzz it", bare, bare);
  }
done:
  curl_free(scheme);
  curl_free(host);
  curl_url_cleanup(u);
  return rc;
}

int mcp_http_open(mcp_http *h, const char *url, char *err, size_t err_cap) {
  memset(h, 0, sizeof *h);
  snprintf(h->url, sizeof h->url, "%s", url);
  h->curl = curl_easy_init();
  if (!h->curl) {
    snprintf(err, err_cap, "libcurl could not start");
    return -1;
  }
  return 0;
}

void mcp_http_close(mcp_http *h) {
  mcp_http_stream_close(h);
  if (h->curl) curl_easy_cleanup(h->curl);
  h->curl = NULL;
}

/* One message (or a batch) as a line into out. */
static void add_message(growbuf *out, const char *text, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (text[i] != '\n' && text[i] != '\r') append(out, text + i, 1);
  append(out, "\n", 1);
}

/* SSE: events separated by blank lines; each "data:" line adds to the event's data. */
static void split_sse(const char *body, growbuf *out) {
  growbuf data = {0};
  const char *p = body;
  while (*p) {
    const char *eol = strchr(p, '\n');
    size_t n = eol ? (size_t)(eol - p) : strlen(p);
    if (n && p[n - 1] == '\r') n--;
    if (n == 0) {
      if (data.len) add_message(out, data.data, data.len);
      data.len = 0;
    } else if (n >= 5 && !strncmp(p, "data:", 5)) {
      const char *v = p + 5;
      size_t vl = n - 5;
      if (vl && *v == ' ') v++, vl--;
      append(&data, v, vl);
    }
    if (!eol) break;
    p = eol + 1;
  }
  if (data.len) add_message(out, data.data, data.len);
  free(data.data);
}

/* The headers every request of the session carries (accept: what it takes back). */
static struct curl_slist *session_headers(const mcp_http *h, const char *accept, bool json_body) {
  struct curl_slist *hl = NULL;
  char sid[300], ver[80], acc[128];
  if (json_body) hl = curl_slist_append(hl, "Content-Type: application/json");
  snprintf(acc, sizeof acc, "Accept: %s", accept);
  hl = curl_slist_append(hl, acc);
  if (h->session_id[0]) {
    snprintf(sid, sizeof sid, "Mcp-Session-Id: %s", h->session_id);
    hl = curl_slist_append(hl, sid);
  }
  if (h->protocol_version[0]) {
    snprintf(ver, sizeof ver, "MCP-Protocol-Version: %s", h->protocol_version);
    hl = curl_slist_append(hl, ver);
  }
  return hl;
}

/* URL, headers, time limit, no proxy, no redirects. */
static void common_options(CURL *c, const mcp_http *h, struct curl_slist *hl, double timeout_s) {
  curl_easy_setopt(c, CURLOPT_URL, h->url);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
  if (timeout_s > 0) curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)(timeout_s * 1000));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_PROXY, ""); /* never through a proxy: the target is local */
}

int mcp_http_post(mcp_http *h, const char *body, double timeout_s, char **out, size_t *out_len) {
  CURL *c = h->curl;
  growbuf resp = {0}, lines = {0};
  headers hd;
  memset(&hd, 0, sizeof hd);
  struct curl_slist *hl = session_headers(h, "application/json, text/event-stream", true);
  curl_easy_reset(c);
  common_options(c, h, hl, timeout_s);
  curl_easy_setopt(c, CURLOPT_POST, 1L);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &resp);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &hd);
  CURLcode rc = curl_easy_perform(c);
  curl_slist_free_all(hl);
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  if (hd.session_id[0]) snprintf(h->session_id, sizeof h->session_id, "%s", hd.session_id);
  int result;
  if (rc == CURLE_OPERATION_TIMEDOUT) {
    result = 0;
  } else if (rc != CURLE_OK) {
    result = -1;
  } else {
    result = (int)status;
    if (resp.len) {
      if (strstr(hd.content_type, "text/event-stream"))
        split_sse(resp.data, &lines);
      else
        add_message(&lines, resp.data, resp.len);
    }
  }
  if (rc == CURLE_OPERATION_TIMEDOUT && resp.len && strstr(hd.content_type, "text/event-stream"))
    split_sse(resp.data, &lines); /* what the stream said before it stalled */
  free(resp.data);
  *out = lines.data;
  *out_len = lines.len;
  return result;
}

/* The stream's bytes, kept until they form whole events. */
typedef struct stream_ctx {
  mcp_http *h;
  headers hd;
  struct curl_slist *hl; /* curl reads the request headers until the transfer ends */
} stream_ctx;

static size_t on_stream_body(char *p, size_t size, size_t n, void *ctx) {
  mcp_http *h = ((stream_ctx *)ctx)->h;
  growbuf b = {h->stream_raw, h->stream_raw_len};
  if (append(&b, p, size * n) != 0) return 0;
  h->stream_raw = b.data;
  h->stream_raw_len = b.len;
  return size * n;
}

void mcp_http_stream_close(mcp_http *h) {
  if (h->stream) {
    stream_ctx *ctx = NULL;
    curl_easy_getinfo(h->stream, CURLINFO_PRIVATE, (char **)&ctx);
    curl_multi_remove_handle(h->multi, h->stream);
    curl_easy_cleanup(h->stream);
    if (ctx) curl_slist_free_all(ctx->hl);
    free(ctx);
  }
  if (h->multi) curl_multi_cleanup(h->multi);
  h->stream = h->multi = NULL;
  free(h->stream_raw);
  h->stream_raw = NULL;
  h->stream_raw_len = 0;
}

/* Drives the stream; false once its transfer ended. */
static bool stream_step(mcp_http *h, int wait_ms) {
  int running = 0;
  if (wait_ms > 0) curl_multi_poll(h->multi, NULL, 0, wait_ms, NULL);
  curl_multi_perform(h->multi, &running);
  return running > 0;
}

int mcp_http_stream_open(mcp_http *h, double timeout_s, char *type, size_t type_cap) {
  mcp_http_stream_close(h);
  type[0] = '\0';
  stream_ctx *ctx = calloc(1, sizeof *ctx);
  h->multi = curl_multi_init();
  h->stream = curl_easy_init();
  if (!ctx || !h->multi || !h->stream) {
    free(ctx);
    mcp_http_stream_close(h);
    return -1;
  }
  ctx->h = h;
  struct curl_slist *hl = ctx->hl = session_headers(h, "text/event-stream", false);
  CURL *c = h->stream;
  common_options(c, h, hl, 0); /* the stream has no end: no time limit */
  curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_stream_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, ctx);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &ctx->hd);
  curl_easy_setopt(c, CURLOPT_PRIVATE, ctx);
  curl_multi_add_handle(h->multi, c);
  /* the headers come at once; the body whenever the server has something to say */
  double deadline = timeout_s * 1000;
  long status = 0;
  bool running = true;
  for (double waited = 0; waited < deadline && running; waited += 20) {
    running = stream_step(h, 20);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    if (status) break;
  }
  snprintf(type, type_cap, "%s", ctx->hd.content_type);
  snprintf(h->stream_type, sizeof h->stream_type, "%s", ctx->hd.content_type);
  if (status == 200 && strstr(ctx->hd.content_type, "text/event-stream") && running) return 200;
  int result = status ? (int)status : running ? 0 : -1;
  mcp_http_stream_close(h);
  return result;
}

int mcp_http_stream_poll(mcp_http *h, char **out, size_t *out_len) {
  *out = NULL;
  *out_len = 0;
  if (!h->stream) return 0;
  bool running = stream_step(h, 0);
  growbuf lines = {0};
  /* whole events only: up to the last blank line */
  size_t cut = 0;
  for (size_t i = 0; i + 1 < h->stream_raw_len; i++) {
    if (h->stream_raw[i] == '\n' && h->stream_raw[i + 1] == '\n') cut = i + 2;
    else if (i + 3 < h->stream_raw_len && !memcmp(h->stream_raw + i, "\r\n\r\n", 4)) cut = i + 4;
  }
  if (!running) cut = h->stream_raw_len; /* the server ended it: what is left is the last event */
  if (cut) {
    char *events = strndup(h->stream_raw, cut);
    if (events) split_sse(events, &lines);
    free(events);
    memmove(h->stream_raw, h->stream_raw + cut, h->stream_raw_len - cut);
    h->stream_raw_len -= cut;
  }
  *out = lines.data;
  *out_len = lines.len;
  if (!running) {
    free(h->stream_raw);
    h->stream_raw = NULL;
    h->stream_raw_len = 0;
    mcp_http_stream_close(h);
    return 0;
  }
  return 1;
}

int mcp_http_delete(mcp_http *h, double timeout_s) {
  CURL *c = h->curl;
  growbuf resp = {0};
  struct curl_slist *hl = session_headers(h, "application/json, text/event-stream", false);
  curl_easy_reset(c);
  common_options(c, h, hl, timeout_s);
  curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, "DELETE");
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &resp);
  CURLcode rc = curl_easy_perform(c);
  curl_slist_free_all(hl);
  free(resp.data);
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  return rc == CURLE_OK ? (int)status : rc == CURLE_OPERATION_TIMEDOUT ? 0 : -1;
}
