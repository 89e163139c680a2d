/* Webhook deliveries with libcurl: see deliver.h. */
#include "deliver.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#define DELIVERY_TIMEOUT_MS 3000L
#define RESOLVED_MAX 16

/* host and port of a URL econ_webhook_check_url accepted: http(s)://host[:port][...] */
static bool url_host_port(const char *url, char *host, size_t cap, unsigned *port) {
  bool https = strncmp(url, "https://", 8) == 0;
  const char *rest = url + (https ? 8 : 7);
  size_t hl = strcspn(rest, ":/?#");
  if (hl == 0 || hl >= cap) return false;
  memcpy(host, rest, hl);
  host[hl] = 0;
  *port = https ? 443 : 80;
  if (rest[hl] == ':') *port = (unsigned)strtoul(rest + hl + 1, NULL, 10);
  return *port > 0 && *port <= 65535;
}

/* "host:port:address" for CURLOPT_RESOLVE, or false when the name is refused. */
static bool pinned_address(const char *url, char *pin, size_t cap, char *why, size_t wcap) {
  char host[128];
  unsigned port;
  if (!url_host_port(url, host, sizeof host, &port)) {
    snprintf(why, wcap, "the url has no usable host and port");
    return false;
  }
  struct addrinfo hints = {.ai_family = AF_INET, .ai_socktype = SOCK_STREAM}, *res = NULL;
  int rc = getaddrinfo(host, NULL, &hints, &res);
  if (rc != 0) {
    snprintf(why, wcap, "%s does not resolve: %s", host, gai_strerror(rc));
    return false;
  }
  uint32_t addrs[RESOLVED_MAX], chosen;
  size_t n = 0;
  for (struct addrinfo *a = res; a && n < RESOLVED_MAX; a = a->ai_next)
    addrs[n++] = ntohl(((struct sockaddr_in *)a->ai_addr)->sin_addr.s_addr);
  freeaddrinfo(res);
  if (!econ_webhook_pick_v4(addrs, n, &chosen)) {
    snprintf(why, wcap, "%s resolves to an internal address", host);
    return false;
  }
  struct in_addr ia = {.s_addr = htonl(chosen)};
  char text[INET_ADDRSTRLEN];
  inet_ntop(AF_INET, &ia, text, sizeof text);
  snprintf(pin, cap, "%s:%u:%s", host, port, text);
  return true;
}

/* One POST; the reply body is discarded. Returns the HTTP status, or 0 with why. */
static long post(const econ_webhook *w, const char *body, size_t len, const char *proxy, const char *pin,
                 char *why, size_t wcap) {
  CURL *c = curl_easy_init();
  if (!c) {
    snprintf(why, wcap, "curl_easy_init failed");
    return 0;
  }
  struct curl_slist *headers = curl_slist_append(NULL, "Content-Type: application/json");
  headers = curl_slist_append(headers, "X-Webhook-Event: metrics");
  if (w->has_secret) {
    char sig[65], line[96];
    econ_hmac_hex(w->secret, strlen(w->secret), body, len, sig);
    snprintf(line, sizeof line, "X-Webhook-Signature: %s", sig);
    headers = curl_slist_append(headers, line);
  }
  struct curl_slist *resolve = pin ? curl_slist_append(NULL, pin) : NULL;
  FILE *sink = fopen("/dev/null", "w");
  curl_easy_setopt(c, CURLOPT_URL, w->url);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, DELIVERY_TIMEOUT_MS);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_PROXY, proxy ? proxy : ""); /* "" also ignores http_proxy from the environment */
  if (resolve) curl_easy_setopt(c, CURLOPT_RESOLVE, resolve);
  if (sink) curl_easy_setopt(c, CURLOPT_WRITEDATA, sink);
  long status = 0;
  CURLcode rc = curl_easy_perform(c);
  if (rc == CURLE_OK) curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  else snprintf(why, wcap, "%s", curl_easy_strerror(rc));
  if (sink) fclose(sink);
  curl_slist_free_all(resolve);
  curl_slist_free_all(headers);
  curl_easy_cleanup(c);
  return status;
}

void econ_deliver_metrics(const econ_hooks *hooks, const char *metrics_json, int64_t now, const char *proxy,
                          econ_delivery_stats *stats) {
  size_t len = 0;
  char *body = NULL;
  for (size_t i = 0; i < hooks->n; i++) {
    const econ_webhook *w = &hooks->hooks[i];
    if (!w->ev_metrics) continue;
    if (!body && !(body = econ_webhook_body(metrics_json, "metrics", now, &len))) {
      fprintf(stderr, "formfuzz-econ: the webhook body cannot be written\n");
      return;
    }
    char pin[256], why[160] = "";
    if (!proxy && !pinned_address(w->url, pin, sizeof pin, why, sizeof why)) {
      fprintf(stderr, "formfuzz-econ: webhook %s refused: %s\n", w->id, why);
      stats->refused++;
      continue;
    }
    long status = post(w, body, len, proxy, proxy ? NULL : pin, why, sizeof why);
    if (status >= 200 && status < 300) {
      fprintf(stderr, "formfuzz-econ: webhook %s delivered (%ld)\n", w->id, status);
      stats->delivered++;
    } else {
      if (status) snprintf(why, sizeof why, "HTTP status %ld", status);
      fprintf(stderr, "formfuzz-econ: webhook %s failed: %s\n", w->id, why);
      stats->failed++;
    }
  }
  free(body);
}
