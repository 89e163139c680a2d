/* simnet addresses: IPv4/IPv6 values, parsing and printing (inet_pton and
 * inet_ntop from libc do the text forms; no socket is ever opened). */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formfuzz/simnet.h"

ff_simip ff_simip_v4(uint8_t a, uint8_t b, uint8_t c, uint8_t d) {
  ff_simip ip;
  memset(&ip, 0, sizeof ip);
  ip.family = 4;
  ip.b[0] = a;
  ip.b[1] = b;
  ip.b[2] = c;
  ip.b[3] = d;
  return ip;
}

int ff_simip_parse(ff_simip *ip, const char *text) {
  memset(ip, 0, sizeof *ip);
  if (inet_pton(AF_INET, text, ip->b) == 1) {
    ip->family = 4;
    return 0;
  }
  if (inet_pton(AF_INET6, text, ip->b) == 1) {
    ip->family = 6;
    return 0;
  }
  return -1;
}

static int parse_port(const char *text, uint16_t *port) {
  if (!*text) return -1;
  char *end;
  unsigned long v = strtoul(text, &end, 10);
  if (*end || v > 65535 || text[0] < '0' || text[0] > '9') return -1;
  *port = (uint16_t)v;
  return 0;
}

int ff_simaddr_parse(ff_simaddr *addr, const char *text) {
  char host[64];
  const char *port;
  memset(addr, 0, sizeof *addr);
  if (text[0] == '[') {
    const char *close = strchr(text, ']');
    if (!close || close[1] != ':' || (size_t)(close - text - 1) >= sizeof host) return -1;
    memcpy(host, text + 1, (size_t)(close - text - 1));
    host[close - text - 1] = '\0';
    port = close + 2;
    if (ff_simip_parse(&addr->ip, host) != 0 || addr->ip.family != 6) return -1;
  } else {
    const char *colon = strrchr(text, ':');
    if (!colon || (size_t)(colon - text) >= sizeof host) return -1;
    memcpy(host, text, (size_t)(colon - text));
    host[colon - text] = '\0';
    port = colon + 1;
    if (ff_simip_parse(&addr->ip, host) != 0 || addr->ip.family != 4) return -1;
  }
  return parse_port(port, &addr->port);
}

ff_simaddr ff_simaddr_make(ff_simip ip, uint16_t port) {
  ff_simaddr a;
  a.ip = ip;
  a.port = port;
  return a;
}

bool ff_simip_equal(const ff_simip *a, const ff_simip *b) {
  if (a->family != b->family) return false;
  return memcmp(a->b, b->b, a->family == 4 ? 4 : 16) == 0;
}

bool ff_simaddr_equal(const ff_simaddr *a, const ff_simaddr *b) {
  return a->port == b->port && ff_simip_equal(&a->ip, &b->ip);
}

char *ff_simip_format(const ff_simip *ip, char *buf, size_t cap) {
  char text[INET6_ADDRSTRLEN];
  if (ip->family == 4)
    inet_ntop(AF_INET, ip->b, text, sizeof text);
  else if (ip->family == 6)
    inet_ntop(AF_INET6, ip->b, text, sizeof text);
  else
    snprintf(text, sizeof text, "?");
  snprintf(buf, cap, "%s", text);
  return buf;
}

char *ff_simaddr_format(const ff_simaddr *addr, char *buf, size_t cap) {
  char ip[INET6_ADDRSTRLEN];
  ff_simip_format(&addr->ip, ip, sizeof ip);
  if (addr->ip.family == 6)
    snprintf(buf, cap, "[%s]:%u", ip, addr->port);
  else
    snprintf(buf, cap, "%s:%u", ip, addr->port);
  return buf;
}
