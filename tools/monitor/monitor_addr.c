/* Parsing and checking the metrics address (see monitor_addr.h). */
#include "monitor_addr.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ff_monitor_addr_parse(const char *text, bool allow_remote, ff_monitor_addr *a, char *err,
                          size_t err_cap) {
  memset(a, 0, sizeof *a);
  const char *colon = strrchr(text, ':');
  if (!colon || colon == text) {
    snprintf(err, err_cap, "'%s' is not HOST:PORT (e.g. 127.0.0.1:9101)", text);
    return -1;
  }
  char *end;
  long port = strtol(colon + 1, &end, 10);
  if (!colon[1] || *end || port < 0 || port > 65535) {
    snprintf(err, err_cap, "'%s': the port must be a number 0..65535 (0: any free port)", text);
    return -1;
  }
  size_t hlen = (size_t)(colon - text);
  if (text[0] == '[') {
    if (hlen < 3 || text[hlen - 1] != ']') {
      snprintf(err, err_cap, "'%s': an IPv6 address is written [ADDR]:PORT", text);
      return -1;
    }
    text++;
    hlen -= 2;
  }
  if (hlen >= sizeof a->host) {
    snprintf(err, err_cap, "'%.60s...': the host is too long", text);
    return -1;
  }
  memcpy(a->host, text, hlen);
  a->host[hlen] = '\0';
  a->port = (unsigned)port;
  if (strcmp(a->host, "localhost") == 0) snprintf(a->host, sizeof a->host, "127.0.0.1");
  struct sockaddr_in *v4 = (struct sockaddr_in *)&a->sa;
  struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&a->sa;
  if (inet_pton(AF_INET, a->host, &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons((uint16_t)port);
    a->len = sizeof *v4;
    a->loopback = (ntohl(v4->sin_addr.s_addr) >> 24) == 127;
  } else if (inet_pton(AF_INET6, a->host, &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons((uint16_t)port);
    a->len = sizeof *v6;
    a->ipv6 = true;
    a->loopback = IN6_IS_ADDR_LOOPBACK(&v6->sin6_addr);
  } else {
    snprintf(err, err_cap, "'%s' is not an IP address (or localhost)", a->host);
    return -1;
  }
  if (!a->loopback && !allow_remote) {
    snprintf(err, err_cap,
             "%s is not a loopback address; the metrics are served on 127.0.0.1 or ::1 unless "
             "--metrics-allow-remote is given",
             a->host);
    return -1;
  }
  return 0;
}
