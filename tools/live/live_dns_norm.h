/* A DNS reply as canonical lines (live_lines.h) under the rules: the ID is
 * never a line; header flags (minus ignored ones), opcode and rcode; the
 * question; every record as "<section>[i].<TYPE> owner class rdata ttl=N"
 * (no [i] in sections the rules call unordered, names lowercased, A/AAAA and
 * names in presentation form, other RDATA in hex); the EDNS OPT record unless
 * ignored. Bytes the dns core refuses give "unparseable <reason>" and a hex
 * prefix; no reply at all gives "no-reply". */
#ifndef FF_TOOLS_LIVE_DNS_NORM_H
#define FF_TOOLS_LIVE_DNS_NORM_H

#include <stddef.h>
#include <stdint.h>

#include "live_lines.h"
#include "live_rules.h"

/* reply NULL: no reply. */
void live_dns_canon(const uint8_t *reply, size_t len, const live_rules *rules, live_lines *out);

#endif
