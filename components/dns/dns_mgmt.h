/* dns management API (spec §2.3) as form-dns serves it on 127.0.0.1:3005,
 * transport-free: formfuzz-dns feeds it the requests libmicrohttpd receives,
 * and it works on the same store (dns_api_*, dns_verify_*) the fuzzers drive.
 * JSON in serde's external tagging:
 *   DomainRequest  {"Create":{"domain","record_type","ip_addr":["1.2.3.4:80"],"cname_target","ssl_cert"}}
 *                  {"Update":{"replace","record_type","ip_addr","cname_target","ssl_cert"}}
 *   DomainResponse {"Success":"None"} | {"Success":{"Some":FormDnsRecord}} |
 *                  {"Success":{"List":[["key",FormDnsRecord],...]}} | {"Failure":"reason"|null} |
 *                  {"VerificationSuccess":"Verified"|{"RequiresConfig":{"record_type","target","ttl"}}} |
 *                  {"VerificationFailure":"reason"}
 *   FormDnsRecord  {"domain","record_type","public_ip":[..],"formnet_ip":[..],"cname_target","ssl_cert",
 *                   "ttl","verification_status":null|"NotVerified"|"Pending"|"Verified"|{"Failed":".."},
 *                   "verification_timestamp":null|u64}
 * Routes: POST /record/create, POST /record/<d>/update, DELETE /record/<d>/delete,
 * GET /record/<d>/get, GET /record/list, POST /server/create (body "a.b.c.d"),
 * POST /record/<d>/initiate_verification, POST /record/<d>/check_verification,
 * POST /bootstrap/add and /bootstrap/remove ({"node_id","ip_address","region"?,"ttl"?}),
 * GET /bootstrap/list. Status codes as axum gives them: 200 with a
 * DomainResponse (a refused operation is a 200 Failure, as in form-dns), 400
 * for a body that is not JSON, 422 for JSON of the wrong shape, 404 for an
 * unknown path, 405 for a known path with another method, 413 over 64 KiB. */
#ifndef DNS_MGMT_H
#define DNS_MGMT_H

#include "dns_store.h"

#define DNS_MGMT_BODY_MAX 65536
#define DNS_MGMT_SERVERS 8

typedef struct dns_mgmt {
  dns_store *store;
  uint32_t servers[DNS_MGMT_SERVERS]; /* POST /server/create: IPv4, network order bytes packed */
  size_t nservers;
  /* Public DNS as the verifier sees it; NULL: every lookup fails (the
   * server has no upstream: 127.0.0.1 only). */
  bool (*lookup)(void *ctx, const char *key, dns_upstream *out);
  void *lookup_ctx;
} dns_mgmt;

typedef struct dns_mgmt_response {
  int status;
  char *body; /* malloc'd, NUL-terminated; NULL only with status 500 */
  size_t len;
} dns_mgmt_response;

void dns_mgmt_init(dns_mgmt *m, dns_store *store);
/* One request; always fills resp. now: unix seconds (verification times). */
void dns_mgmt_handle(dns_mgmt *m, const char *method, const char *path, const char *body, size_t len,
                     uint64_t now, dns_mgmt_response *resp);
void dns_mgmt_response_free(dns_mgmt_response *resp);

#endif
