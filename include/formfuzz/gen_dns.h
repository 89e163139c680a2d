/* DNS names: presentation form (RFC 1035 master-file text with \. and \DDD
 * escapes) together with the wire form, and raw wire-format names.
 * "expected_valid" for text means a DNS library accepts it as a name (ldns'
 * ldns_dname_new_frm_str is the reference): labels of 1..63 octets, at most
 * 255 octets in wire form, no empty label except the root ".", escapes \X and
 * \DDD (DDD <= 255). Hostname rules (letters, digits, inner hyphens) are
 * stricter; names that break them are valid DNS with FF_DNS_Q_NOT_HOSTNAME. */
#ifndef FORMFUZZ_GEN_DNS_H
#define FORMFUZZ_GEN_DNS_H

#include "formfuzz/gen.h"

#define FF_DNS_MAX_WIRE 255
#define FF_DNS_MAX_LABEL 63

enum {
  FF_DNS_Q_NOT_HOSTNAME = 1u << 0, /* underscore, odd bytes, edge hyphens, wildcard */
  FF_DNS_Q_WILDCARD = 1u << 1,     /* "*" as the first label */
  FF_DNS_Q_IDN = 1u << 2,          /* an "xn--" label or raw UTF-8 */
  FF_DNS_Q_ESCAPES = 1u << 3,      /* \. or \DDD in the text */
  FF_DNS_Q_AT_LIMIT = 1u << 4,     /* a 63-octet label or a 255-octet name */
  FF_DNS_Q_RELATIVE = 1u << 5,     /* no trailing dot */
};

typedef struct ff_dns_wire {
  uint8_t data[FF_DNS_MAX_WIRE + 64]; /* room for over-long invalid names */
  size_t len;
} ff_dns_wire;

/* A name as text; wire (may be NULL) gets its absolute wire form when valid.
 * zone (may be NULL): plain dotted LDH labels appended, e.g. "example.com".
 * Valid: LDH labels, 63-octet labels, 255-octet names, "_srv" labels,
 * wildcards, xn-- labels, \. and \DDD escapes, the root, with or without the
 * trailing dot. Near-valid: a 64-octet label, 256 octets, empty labels,
 * leading dot, \256, short or dangling escapes, "". Hostile: up to 127
 * labels, all-escaped labels, \000, raw spaces and UTF-8, 128 labels. */
bool ff_gen_dns_name(ff_input *in, ff_gen_mode mode, const char *zone, ff_buf *text, ff_dns_wire *wire,
                     unsigned *quirks);

/* A name in wire format (no compression context: a pointer is hostile).
 * Valid: the wire form of a valid name. Near-valid: a label length running
 * past the end, no terminating zero, a 64-octet label, 256 octets. Hostile:
 * compression pointers (to itself, forward), reserved label types 0x40/0x80. */
bool ff_gen_dns_wire(ff_input *in, ff_gen_mode mode, ff_dns_wire *wire);

#endif
