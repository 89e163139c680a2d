/* dns component: DNS and domain provisioning, certificates and GeoDNS, the
 * core the dns fuzzers attack (spec §2). One header per concern. */
#ifndef DNS_H
#define DNS_H

#include "dns_cert.h"
#include "dns_formnet.h"
#include "dns_geo.h"
#include "dns_ip.h"
#include "dns_mgmt.h"
#include "dns_provision.h"
#include "dns_store.h"
#include "dns_update.h"
#include "dns_wire.h"
#include "dns_served.h"
#include "dns_zone.h"

#endif
