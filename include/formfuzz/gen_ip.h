/* IPv4 and IPv6 addresses and CIDR blocks as text, with their binary value.
 * "expected_valid" means inet_pton (AF_INET / AF_INET6) accepts the address
 * text, and for a CIDR block the prefix after '/' is plain decimal (no sign,
 * no leading zero) within 0..32 or 0..128. Zone ids ("fe80::1%eth0") count as
 * invalid (inet_pton refuses them; getaddrinfo would not): quirk FF_IP_Q_ZONE. */
#ifndef FORMFUZZ_GEN_IP_H
#define FORMFUZZ_GEN_IP_H

#include "formfuzz/gen.h"

typedef enum ff_ip_family {
  FF_IP_ANY_FAMILY,
  FF_IP_V4,
  FF_IP_V6,
} ff_ip_family;

typedef struct ff_ip_value {
  ff_ip_family family; /* FF_IP_V4 or FF_IP_V6 */
  uint8_t addr[16];    /* network order; IPv4 in the first 4 bytes */
  int prefix;          /* CIDR prefix length, -1 for a plain address */
} ff_ip_value;

enum {
  FF_IP_Q_ZONE = 1u << 0,      /* a %zone suffix */
  FF_IP_Q_HOST_BITS = 1u << 1, /* CIDR with bits set after the prefix */
  FF_IP_Q_V4_MAPPED = 1u << 2, /* IPv6 text with a dotted IPv4 tail */
  FF_IP_Q_SPECIAL = 1u << 3,   /* not a public unicast address (see ff_ip_classify) */
};

typedef enum ff_ip_class {
  FF_IP_PUBLIC,
  FF_IP_UNSPECIFIED,   /* 0.0.0.0/8, :: */
  FF_IP_LOOPBACK,      /* 127/8, ::1 */
  FF_IP_PRIVATE,       /* 10/8, 172.16/12, 192.168/16, fc00::/7 */
  FF_IP_SHARED,        /* 100.64/10 (carrier-grade NAT) */
  FF_IP_LINK_LOCAL,    /* 169.254/16, fe80::/10 */
  FF_IP_MULTICAST,     /* 224/4, ff00::/8 */
  FF_IP_BROADCAST,     /* 255.255.255.255 */
  FF_IP_DOCUMENTATION, /* 192.0.2/24, 198.51.100/24, 203.0.113/24, 2001:db8::/32 */
  FF_IP_V4_MAPPED,     /* ::ffff:0:0/96 */
} ff_ip_class;

/* The special range an address falls in (FF_IP_PUBLIC when none). */
ff_ip_class ff_ip_classify(const ff_ip_value *v);
const char *ff_ip_class_name(ff_ip_class c);

/* Valid: special ranges and random addresses; IPv6 full, without leading
 * zeros, compressed at any zero run, uppercase, with a dotted IPv4 tail.
 * Near-valid: leading zeros, octets over 255, three or five parts, hex or
 * integer IPv4, two "::", nine groups, five-digit groups, zone ids, brackets.
 * Hostile: embedded NUL, fullwidth digits, huge numbers, long runs of zeros.
 * value (may be NULL) receives the binary address when the text is valid. */
bool ff_gen_ip(ff_input *in, ff_gen_mode mode, ff_ip_family family, ff_buf *out, ff_ip_value *value,
               unsigned *quirks);
/* An address and "/prefix": valid prefixes (host bits sometimes set: quirk),
 * or out of range, signed, leading zero, empty, doubled; or a bad address. */
bool ff_gen_cidr(ff_input *in, ff_gen_mode mode, ff_ip_family family, ff_buf *out, ff_ip_value *value,
                 unsigned *quirks);

#endif
