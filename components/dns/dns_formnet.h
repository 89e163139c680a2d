/* dns names of formnet peers: every live peer <name> answers as
 * <name>.formnet.formation.cloud with its formnet (10/8) address, and
 * nothing else: the names under that zone belong to the peer list alone
 * (the management API, DNS UPDATE and provisioning refuse them), a peer that
 * leaves loses its name at the next sync. The peer list comes from formnet
 * (components/net: net_registry), the dns core only takes names and
 * addresses. */
#ifndef DNS_FORMNET_H
#define DNS_FORMNET_H

#include "dns_store.h"

#define DNS_FORMNET_ZONE "formnet.formation.cloud"

typedef struct dns_formnet_peer {
  const char *name; /* a formnet peer name (a hostname label) */
  dns_ip ip;        /* its formnet address (IPv4 in 10/8) */
} dns_formnet_peer;

/* Is key (normalized) the formnet zone or a name under it? */
bool dns_key_is_formnet(const char *key);
/* Makes the names under the formnet zone exactly the live peers: A records
 * (ttl 60, Verified) <name>.formnet.formation.cloud -> ip, others under the
 * zone removed. Peers with an invalid name, an address outside 10/8 or a
 * name given twice are refused, and so is a list that does not fit. All or
 * nothing: 0, or -1 with err and the store unchanged (also on a storage
 * fault). */
int dns_formnet_sync(dns_store *st, const dns_formnet_peer *peers, size_t n, char *err, size_t cap);

#endif
