/* Protocol-aware variants of a live request, deterministic in (request,
 * seed, index). DNS (parsed and rebuilt with the dns core): question type,
 * class, 0x20 case of the name, a label added or dropped, RD/CD flags,
 * an EDNS OPT added (payload 512 or 4096, DO) or dropped, opcode; one
 * variant in eight is a raw byte flip, to reach the parser's refusals. HTTP:
 * method, path (segment added or dropped, "..", percent-encoding, a query),
 * a header dropped (Authorization first), a JSON body member replaced with a
 * boundary value (0, -1, 2^63, "", a 4 KiB string, null, []) or removed. */
#ifndef FF_TOOLS_LIVE_MUTATE_H
#define FF_TOOLS_LIVE_MUTATE_H

#include <stddef.h>
#include <stdint.h>

#include "live_http.h"

/* Writes variant `index` of the DNS query q into out (cap >= 65535):
 * returns its length, or 0 when q cannot be parsed and no variant is made. */
size_t live_mutate_dns(const uint8_t *q, size_t len, uint64_t seed, unsigned index, uint8_t *out,
                       size_t cap);
/* Variant `index` of request req as bytes for an upstream (malloc'd, *out_len),
 * NULL when out of memory. what (cap bytes) names the mutation. */
uint8_t *live_mutate_http(const live_http_msg *req, uint64_t seed, unsigned index, size_t *out_len,
                          char *what, size_t what_cap);

#endif
