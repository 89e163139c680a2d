/* Numeric IPv4 "host:port" parsing for the live commands (live_addr.h). */
#include "live_addr.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int live_addr_parse(const char *text, live_addr *out, char *err, size_t err_cap) {
  memset(out, 0, sizeof *out);
  const char *colon = text ? strrchr(text, ':') : NULL;
  if (!colon || colon == text || (size_t)(colon - text) > 15) {
    snprintf(err, err_cap, "'%s' is not HOST:PORT with a numeric IPv4 host", text ? text : "");
    return -1;
  }
  char host[16];
  memcpy(host, text, (size_t)(colon - text));
  host[colon - text] = 0;
  char *end;
  long port = strtol(colon + 1, &end, 10);
  if (!colon[1] || *end || port < 1 || port > 65535) {
    snprintf(err, err_cap, "'%s': the port must be 1..65535", text);
    return -1;
  }
  if (inet_pton(AF_INET, host, &out->sa.sin_addr) != 1) {
    snprintf(err, err_cap, "'%s': '%s' is not a numeric IPv4 address (names are not looked up)", text, host);
    return -1;
  }
  out->sa.sin_family = AF_INET;
  out->sa.sin_port = htons((uint16_t)port);
  snprintf(out->text, sizeof out->text, "%s:%ld", host, port);
  return 0;
}

bool live_addr_is_loopback(const live_addr *a) {
  return (ntohl(a->sa.sin_addr.s_addr) >> 24) == 127;
}

bool live_addr_equal(const live_addr *a, const live_addr *b) {
  return a->sa.sin_addr.s_addr == b->sa.sin_addr.s_addr && a->sa.sin_port == b->sa.sin_port;
}
