/* formnet value types and their text codecs (spec §1.1-1.3): Endpoint
 * (host:port, bracketed IPv6), hostnames and interface names, WireGuard keys
 * (base64, exactly 32 bytes), Timestring (number + unit, no overflow), and IP
 * addresses/networks. Pure functions over caller memory. */
#ifndef NET_TYPES_H
#define NET_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "formfuzz/simnet.h"

typedef enum net_err {
  NET_OK = 0,
  NET_E_SYNTAX,      /* text does not parse */
  NET_E_RANGE,       /* a number or length outside its limit */
  NET_E_INVALID,     /* parses but breaks a rule (name, key length, ...) */
  NET_E_EXISTS,      /* unique value already taken */
  NET_E_NOT_FOUND,
  NET_E_EXHAUSTED,   /* no free address / table full */
  NET_E_OVERLAP,     /* CIDR overlaps a sibling or leaves its parent */
  NET_E_UNAUTHORIZED,/* missing or bad signature, or key not authorized */
  NET_E_FORBIDDEN,   /* signed by a key that may not do this */
  NET_E_LIMIT,       /* a rate or size limit */
  NET_E_PINNING,     /* an IP already pinned to another key */
  NET_E_STALE,       /* timestamp outside the window */
  NET_E_IO,          /* a storage write or a send failed (fault injection) */
  NET_E_PANIC,       /* where the real code panics (known-bug replicas only) */
} net_err;
const char *net_err_name(net_err e);

/* ---- IP addresses and networks ---- */
/* simnet's address value (core/simnet/simnet_addr.c): family 4 or 6, bytes in
 * network order, v4 in b[0..3]. */
typedef ff_simip net_ip;

typedef struct net_ipnet {
  net_ip addr; /* the network address (host bits cleared) */
  uint8_t prefix;
} net_ipnet;

#define NET_IP_STRLEN 48
int net_ip_parse(net_ip *ip, const char *text);     /* 0 or -1 (inet_pton rules) */
char *net_ip_format(const net_ip *ip, char *buf, size_t cap);
bool net_ip_equal(const net_ip *a, const net_ip *b);
int net_ip_compare(const net_ip *a, const net_ip *b); /* family, then bytes */
/* "a.b.c.d/n" or "v6/n"; host bits must be clear. 0 or -1. */
int net_ipnet_parse(net_ipnet *n, const char *text);
char *net_ipnet_format(const net_ipnet *n, char *buf, size_t cap);
/* A network from any address and prefix (host bits cleared); -1 on a bad prefix. */
int net_ipnet_make(net_ipnet *n, const net_ip *ip, unsigned prefix);
unsigned net_ip_max_prefix(const net_ip *ip); /* 32 or 128 */
bool net_ipnet_contains(const net_ipnet *n, const net_ip *ip);
/* The last address of the network (broadcast for v4). */
net_ip net_ipnet_last(const net_ipnet *n);
/* §1.3 is_assignable: contained, and for v4 below /31 neither network nor
 * broadcast, for v6 below /127 not the network address. */
bool net_ipnet_is_assignable(const net_ipnet *n, const net_ip *ip);
/* ip + 1 within the family; false on wrap past the top. */
bool net_ip_next(net_ip *ip);

/* ---- Endpoint: host:port ---- */
#define NET_HOST_MAX 253
typedef enum net_host_kind { NET_HOST_DOMAIN, NET_HOST_V4, NET_HOST_V6 } net_host_kind;
typedef struct net_endpoint {
  net_host_kind kind;
  net_ip ip;                     /* V4/V6 */
  char domain[NET_HOST_MAX + 1]; /* DOMAIN: lowercase LDH labels */
  uint16_t port;
} net_endpoint;
#define NET_ENDPOINT_STRLEN (NET_HOST_MAX + 10)

/* Splits at the last ':'; the host is an IPv4 literal, a bracketed IPv6
 * literal or a domain (ASCII letters, digits, '-', '.', lowercased; labels of
 * 1..63, not all-numeric at the end); the port is 1..5 decimal digits <= 65535. */
net_err net_endpoint_parse(net_endpoint *ep, const char *text, size_t len);
/* "host:port", IPv6 bracketed. Returns the length, or -1 when cap is too small. */
long net_endpoint_format(const net_endpoint *ep, char *buf, size_t cap);
bool net_endpoint_equal(const net_endpoint *a, const net_endpoint *b);

/* ---- names ---- */
/* §1.3: ^([a-z0-9]-?)*[a-z0-9]$ and fewer than 64 bytes. */
bool net_hostname_valid(const char *s, size_t len);
/* Hostname-valid, 1..15 bytes. */
bool net_interface_name_valid(const char *s, size_t len);

/* ---- WireGuard keys ---- */
#define NET_KEY_LEN 32
#define NET_KEY_B64_LEN 44
typedef struct net_key {
  uint8_t b[NET_KEY_LEN];
} net_key;
/* Canonical standard base64 of exactly 32 bytes: 43 alphabet characters, the
 * last with zero low bits, then one '='. nettle decodes. */
net_err net_key_from_base64(net_key *k, const char *text, size_t len);
void net_key_to_base64(const net_key *k, char out[NET_KEY_B64_LEN + 1]);
/* Exactly 64 hex digits (either case). */
net_err net_key_from_hex(net_key *k, const char *text, size_t len);
bool net_key_equal(const net_key *a, const net_key *b);

/* ---- Timestring ---- */
/* A u64 then one of s m h d w; the seconds must fit in u64 (else NET_E_RANGE);
 * malformed text is NET_E_SYNTAX even when its digits would overflow. */
net_err net_timestring_parse(const char *text, size_t len, uint64_t *seconds);

#endif
