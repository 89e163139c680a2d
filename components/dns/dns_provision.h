/* dns provisioning through form-state (spec §2.8): request_vanity /
 * request_public build an A record from the instances of a build, and
 * handle_dns_create writes it to form-state's replicated DnsState, tags the
 * instances and POSTs it to form-dns (dns_api_create on the form-dns store),
 * all or nothing, under form-state's DataStore mutex, which is never
 * acquired while held. */
#ifndef DNS_PROVISION_H
#define DNS_PROVISION_H

#include "dns_store.h"

#define DNS_PROV_INSTANCES 8
#define DNS_PROV_ID_MAX 32

typedef struct dns_instance {
  bool used;
  char id[DNS_PROV_ID_MAX];
  char build_id[DNS_PROV_ID_MAX];
  dns_ip formnet_ip;        /* the instance's formnet (10/8) address */
  dns_ip host_ip;           /* its host node's public IPv4 address */
  char domain[DNS_KEY_MAX]; /* the domain it is tagged with, "" when none */
} dns_instance;

typedef struct dns_provisioner {
  dns_store state;      /* form-state's DnsState (the replicated copy) */
  dns_store *dns;       /* form-dns's store, reached by POST :3005/record/create */
  dns_instance inst[DNS_PROV_INSTANCES];
  bool locked;          /* the DataStore mutex */
  unsigned reentered;   /* acquisitions of the mutex while held: each one a deadlock of the real code */
} dns_provisioner;

void dns_provisioner_init(dns_provisioner *p, dns_store *dns);
/* 0, or -1 (table full, bad id, formnet_ip not 10/8, host_ip not a public IPv4). */
int dns_provisioner_add_instance(dns_provisioner *p, const char *id, const char *build_id, const dns_ip *formnet_ip,
                                 const dns_ip *host_ip);
/* request_vanity (public false: formnet addresses only) or request_public
 * (also the hosts' public addresses), port 80, ttl 3600. Refused, with
 * nothing changed, when the domain is invalid, outside form-dns's zones,
 * already in DnsState or in form-dns, or the build has no instance; a
 * failing write (ff_fault "storage.write") or POST ("net.send") also
 * leaves DnsState, the tags and form-dns as they were. 0 or -1 with err. */
int dns_provision_request(dns_provisioner *p, const char *domain, const char *build_id, bool public_,
                          char *err, size_t cap);

#endif
