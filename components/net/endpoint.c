/* Endpoint codec (§1.2): "host:port" split at the last ':', IPv6 hosts in
 * brackets, domains lowercased; formatting gives the canonical text so that
 * parse(format(e)) == e. */
#include <stdio.h>
#include <string.h>

#include "net_types.h"

static bool ldh(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

static net_err parse_domain(net_endpoint *ep, const char *h, size_t len) {
  if (len == 0 || len > NET_HOST_MAX) return NET_E_INVALID;
  size_t label = 0;
  bool all_digits = true;
  for (size_t i = 0; i < len; i++) {
    char c = h[i];
    if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
    if (c == '.') {
      if (label == 0 || ep->domain[i - 1] == '-') return NET_E_INVALID;
      label = 0;
      all_digits = true;
    } else {
      if (!ldh(c)) return NET_E_SYNTAX;
      if (label == 0 && c == '-') return NET_E_INVALID;
      if (++label > 63) return NET_E_INVALID;
      if (c < '0' || c > '9') all_digits = false;
    }
    ep->domain[i] = c;
  }
  ep->domain[len] = 0;
  if (label == 0 || ep->domain[len - 1] == '-') return NET_E_INVALID;
  if (all_digits) return NET_E_INVALID; /* an IPv4-looking name is not a domain */
  ep->kind = NET_HOST_DOMAIN;
  return NET_OK;
}

net_err net_endpoint_parse(net_endpoint *ep, const char *text, size_t len) {
  memset(ep, 0, sizeof *ep);
  if (memchr(text, 0, len)) return NET_E_SYNTAX;
  size_t colon = len;
  for (size_t i = len; i-- > 0;)
    if (text[i] == ':') {
      colon = i;
      break;
    }
  if (colon == len || colon == 0) return NET_E_SYNTAX;
  size_t plen = len - colon - 1;
  if (plen == 0 || plen > 5) return NET_E_SYNTAX;
  uint32_t port = 0;
  for (size_t i = colon + 1; i < len; i++) {
    if (text[i] < '0' || text[i] > '9') return NET_E_SYNTAX;
    port = port * 10 + (uint32_t)(text[i] - '0');
  }
  if (port > 65535) return NET_E_RANGE;
  ep->port = (uint16_t)port;

  const char *h = text;
  size_t hlen = colon;
  char buf[NET_IP_STRLEN];
  if (h[0] == '[') {
    if (hlen < 3 || h[hlen - 1] != ']' || hlen - 2 >= sizeof buf) return NET_E_SYNTAX;
    memcpy(buf, h + 1, hlen - 2);
    buf[hlen - 2] = 0;
    if (net_ip_parse(&ep->ip, buf) != 0 || ep->ip.family != 6) return NET_E_SYNTAX;
    ep->kind = NET_HOST_V6;
    return NET_OK;
  }
  if (memchr(h, ':', hlen) || memchr(h, ']', hlen)) return NET_E_SYNTAX;
  if (hlen < sizeof buf) {
    memcpy(buf, h, hlen);
    buf[hlen] = 0;
    if (net_ip_parse(&ep->ip, buf) == 0 && ep->ip.family == 4) {
      ep->kind = NET_HOST_V4;
      return NET_OK;
    }
  }
  return parse_domain(ep, h, hlen);
}

long net_endpoint_format(const net_endpoint *ep, char *buf, size_t cap) {
  char ip[NET_IP_STRLEN];
  int n;
  switch (ep->kind) {
    case NET_HOST_V4: n = snprintf(buf, cap, "%s:%u", net_ip_format(&ep->ip, ip, sizeof ip), ep->port); break;
    case NET_HOST_V6: n = snprintf(buf, cap, "[%s]:%u", net_ip_format(&ep->ip, ip, sizeof ip), ep->port); break;
    default: n = snprintf(buf, cap, "%s:%u", ep->domain, ep->port); break;
  }
  return (n < 0 || (size_t)n >= cap) ? -1 : n;
}

bool net_endpoint_equal(const net_endpoint *a, const net_endpoint *b) {
  if (a->kind != b->kind || a->port != b->port) return false;
  if (a->kind == NET_HOST_DOMAIN) return strcmp(a->domain, b->domain) == 0;
  return net_ip_equal(&a->ip, &b->ip);
}
