/* dns zone served from an RFC 1035 master file (the server and the NSD
 * differential test): loading, and answers by RFC 1034 4.3.2 (referrals,
 * CNAME chains inside the zone, wildcards, NODATA and NXDOMAIN with the SOA,
 * REFUSED outside the zone, no recursion). */
#ifndef DNS_ZONE_H
#define DNS_ZONE_H

#include "dns_wire.h"

typedef struct dns_zone {
  dns_name origin;
  dns_msg rrs; /* every record, in the answer section of this message */
  int soa;     /* index of the SOA in rrs.rr */
} dns_zone;

/* Parses master-file text: $ORIGIN, $TTL, comments, ( ) continuation, "@",
 * relative names, blank owners, optional TTL and class, types A AAAA NS
 * CNAME PTR MX TXT SRV SOA CAA. 0, or -1 with "line N: reason" in err. */
int dns_zone_load(dns_zone *z, const char *text, const char *origin, char *err, size_t cap);
void dns_zone_free(dns_zone *z);
/* The response to a query (UDP when udp is true: limited to 512 or the EDNS
 * size, TC when cut). Returns its length, or 0 when no response is due (a
 * response was sent to us, or fewer than 12 bytes). */
size_t dns_zone_respond(const dns_zone *z, const uint8_t *query, size_t len, bool udp, uint8_t *out,
                        size_t cap);

#endif
