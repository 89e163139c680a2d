/* dns addresses: parsing with inet_pton, formatting, formnet class, prefix tests. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "dns_ip.h"

static int parse_port(const char *s, uint16_t *port) {
  if (!*s || strlen(s) > 5) return -1;
  unsigned long v = 0;
  for (const char *p = s; *p; p++) {
    if (*p < '0' || *p > '9') return -1;
    v = v * 10 + (unsigned long)(*p - '0');
  }
  if (v == 0 || v > 65535 || (s[0] == '0')) return -1;
  *port = (uint16_t)v;
  return 0;
}

int dns_ip_parse(const char *text, dns_ip *out) {
  char buf[64];
  memset(out, 0, sizeof *out);
  size_t n = strlen(text);
  if (n == 0 || n >= sizeof buf) return -1;
  if (text[0] == '[') {
    const char *close = strchr(text, ']');
    if (!close || (size_t)(close - text - 1) >= sizeof buf) return -1;
    memcpy(buf, text + 1, (size_t)(close - text - 1));
    buf[close - text - 1] = 0;
    if (close[1] == ':') {
      if (parse_port(close + 2, &out->port)) return -1;
    } else if (close[1]) {
      return -1;
    }
    out->family = 6;
    return inet_pton(AF_INET6, buf, out->addr) == 1 ? 0 : -1;
  }
  if (inet_pton(AF_INET6, text, out->addr) == 1) {
    out->family = 6;
    return 0;
  }
  memcpy(buf, text, n + 1);
  char *colon = strchr(buf, ':');
  if (colon) {
    *colon = 0;
    if (parse_port(colon + 1, &out->port)) return -1;
  }
  out->family = 4;
  return inet_pton(AF_INET, buf, out->addr) == 1 ? 0 : -1;
}

char *dns_ip_format(const dns_ip *ip, char *out, size_t cap) {
  if (!inet_ntop(ip->family == 6 ? AF_INET6 : AF_INET, ip->addr, out, (socklen_t)cap) && cap)
    out[0] = 0;
  return out;
}

void dns_ip_v4(dns_ip *ip, uint8_t a, uint8_t b, uint8_t c, uint8_t d, uint16_t port) {
  memset(ip, 0, sizeof *ip);
  ip->family = 4;
  ip->addr[0] = a, ip->addr[1] = b, ip->addr[2] = c, ip->addr[3] = d;
  ip->port = port;
}

bool dns_ip_is_formnet(const dns_ip *ip) { return ip->family == 4 && ip->addr[0] == 10; }

bool dns_ip_same_addr(const dns_ip *a, const dns_ip *b) {
  return a->family == b->family && memcmp(a->addr, b->addr, a->family == 4 ? 4 : 16) == 0;
}

bool dns_ip_equal(const dns_ip *a, const dns_ip *b) {
  return dns_ip_same_addr(a, b) && a->port == b->port;
}

bool dns_ip_in_prefix(const dns_ip *addr, const dns_ip *net, unsigned plen) {
  if (addr->family != net->family) return false;
  unsigned bits = addr->family == 4 ? 32 : 128;
  if (plen > bits) return false;
  for (unsigned i = 0; i < plen; i++) {
    unsigned byte = i / 8, mask = 0x80u >> (i % 8);
    if ((addr->addr[byte] & mask) != (net->addr[byte] & mask)) return false;
  }
  return true;
}
