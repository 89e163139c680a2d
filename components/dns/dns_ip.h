/* dns addresses: an IPv4/IPv6 address with an optional port, as the
 * management API and the records carry them ("1.2.3.4:80", "[2001:db8::1]:80"). */
#ifndef DNS_IP_H
#define DNS_IP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct dns_ip {
  uint8_t family; /* 4 or 6 */
  uint8_t addr[16];
  uint16_t port;  /* 0 when none was given */
} dns_ip;

/* "a.b.c.d", "a.b.c.d:port", "v6", "[v6]", "[v6]:port" (inet_pton rules).
 * 0 or -1. */
int dns_ip_parse(const char *text, dns_ip *out);
/* Text without the port; returns out. */
char *dns_ip_format(const dns_ip *ip, char *out, size_t cap);
void dns_ip_v4(dns_ip *ip, uint8_t a, uint8_t b, uint8_t c, uint8_t d, uint16_t port);
/* formnet: IPv4 10.0.0.0/8 (spec §2.3, §2.4). */
bool dns_ip_is_formnet(const dns_ip *ip);
/* Same family and address (the port is ignored, as answers ignore it). */
bool dns_ip_same_addr(const dns_ip *a, const dns_ip *b);
/* Same address and port. */
bool dns_ip_equal(const dns_ip *a, const dns_ip *b);
/* Does addr fall in net/plen? */
bool dns_ip_in_prefix(const dns_ip *addr, const dns_ip *net, unsigned plen);

#endif
