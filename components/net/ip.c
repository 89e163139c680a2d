/* IP addresses and networks: parsing and equality are simnet's (net_ip is
 * ff_simip), formatting through inet_ntop, containment, the last address, and
 * §1.3's is_assignable rule. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net_types.h"

static size_t ip_len(const net_ip *ip) { return ip->family == 4 ? 4 : 16; }

unsigned net_ip_max_prefix(const net_ip *ip) { return ip->family == 4 ? 32 : 128; }

int net_ip_parse(net_ip *ip, const char *text) { return ff_simip_parse(ip, text); }

char *net_ip_format(const net_ip *ip, char *buf, size_t cap) {
  if (!inet_ntop(ip->family == 4 ? AF_INET : AF_INET6, ip->b, buf, (socklen_t)cap) && cap) buf[0] = 0;
  return buf;
}

bool net_ip_equal(const net_ip *a, const net_ip *b) { return ff_simip_equal(a, b); }

int net_ip_compare(const net_ip *a, const net_ip *b) {
  if (a->family != b->family) return a->family < b->family ? -1 : 1;
  return memcmp(a->b, b->b, ip_len(a));
}

int net_ipnet_make(net_ipnet *n, const net_ip *ip, unsigned prefix) {
  if (prefix > net_ip_max_prefix(ip)) return -1;
  memset(n, 0, sizeof *n);
  n->addr.family = ip->family;
  for (unsigned i = 0; i < ip_len(ip); i++) {
    unsigned bits = prefix > i * 8 ? prefix - i * 8 : 0;
    uint8_t mask = bits >= 8 ? 0xff : (uint8_t)(0xff << (8 - bits));
    n->addr.b[i] = ip->b[i] & mask;
  }
  n->prefix = (uint8_t)prefix;
  return 0;
}

int net_ipnet_parse(net_ipnet *n, const char *text) {
  const char *slash = strchr(text, '/');
  if (!slash || slash == text || slash - text >= NET_IP_STRLEN) return -1;
  char host[NET_IP_STRLEN];
  memcpy(host, text, (size_t)(slash - text));
  host[slash - text] = 0;
  net_ip ip;
  if (net_ip_parse(&ip, host) != 0) return -1;
  const char *p = slash + 1;
  size_t digits = strspn(p, "0123456789");
  if (digits == 0 || digits > 3 || p[digits] != 0 || (digits > 1 && p[0] == '0')) return -1;
  unsigned prefix = (unsigned)atoi(p);
  if (net_ipnet_make(n, &ip, prefix) != 0) return -1;
  return net_ip_equal(&n->addr, &ip) ? 0 : -1;
}

char *net_ipnet_format(const net_ipnet *n, char *buf, size_t cap) {
  char ip[NET_IP_STRLEN];
  snprintf(buf, cap, "%s/%u", net_ip_format(&n->addr, ip, sizeof ip), n->prefix);
  return buf;
}

bool net_ipnet_contains(const net_ipnet *n, const net_ip *ip) {
  if (ip->family != n->addr.family) return false;
  net_ipnet m;
  net_ipnet_make(&m, ip, n->prefix);
  return net_ip_equal(&m.addr, &n->addr);
}

net_ip net_ipnet_last(const net_ipnet *n) {
  net_ip last = n->addr;
  for (unsigned i = 0; i < ip_len(&last); i++) {
    unsigned bits = n->prefix > i * 8 ? n->prefix - i * 8 : 0;
    uint8_t host_mask = bits >= 8 ? 0 : (uint8_t)(0xff >> bits);
    last.b[i] |= host_mask;
  }
  return last;
}

bool net_ipnet_is_assignable(const net_ipnet *n, const net_ip *ip) {
  if (!net_ipnet_contains(n, ip)) return false;
  if (n->addr.family == 4) {
    if (n->prefix >= 31) return true;
    net_ip last = net_ipnet_last(n);
    return !net_ip_equal(ip, &n->addr) && !net_ip_equal(ip, &last);
  }
  if (n->prefix >= 127) return true;
  return !net_ip_equal(ip, &n->addr);
}

bool net_ip_next(net_ip *ip) {
  for (size_t i = ip_len(ip); i-- > 0;) {
    if (++ip->b[i] != 0) return true;
  }
  return false;
}
