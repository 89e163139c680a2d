/* dns authoritative record store (spec §2.2-§2.6): one record per domain
 * under a single normalized key, the management operations of §2.3 with
 * all-or-nothing effects, the answer rules of §2.4 and the domain
 * verification state machine of §2.6/§2.8. */
#ifndef DNS_STORE_H
#define DNS_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dns_geo.h"
#include "dns_ip.h"
#include "dns_wire.h"

#define DNS_KEY_MAX 254        /* 253 characters + NUL */
#define DNS_MAX_IPS 8          /* per list */
#define DNS_STORE_MAX 32
#define DNS_ZONES_MAX 4
#define DNS_TTL_MIN 1
#define DNS_TTL_MAX 604800     /* one week */
#define DNS_TTL_DEFAULT 3600
#define DNS_BOOTSTRAP_DOMAIN "bootstrap.formation.cloud"
#define DNS_BOOTSTRAP_PORT 51820
#define DNS_BOOTSTRAP_TTL 60
#define DNS_VERIFY_VALID_S (30u * 86400u) /* a verification holds this long */
#define DNS_VERIFY_PENDING_S 86400u       /* a pending verification fails after this */

/* Normalizes a domain to its store key: ASCII lowercase, one trailing dot
 * removed. Every path (insert, get, remove, update, verify, answer) uses it.
 * Then validates: 1..253 characters, labels 1..63 of letters, digits, '-'
 * (not first or last) and '_', a "*" label only first. 0, or -1 with a reason. */
int dns_key_normalize(const char *domain, char out[DNS_KEY_MAX], const char **why);
/* The key of a wire name (same rules). */
int dns_key_from_name(const dns_name *n, char out[DNS_KEY_MAX], const char **why);
/* Is key equal to zone or below it (label boundary, not a string suffix)? */
bool dns_key_in_zone(const char *key, const char *zone);

typedef enum dns_vstate {
  DNS_V_NONE, DNS_V_NOT_VERIFIED, DNS_V_PENDING, DNS_V_VERIFIED, DNS_V_FAILED
} dns_vstate;
const char *dns_vstate_name(dns_vstate s);

typedef struct dns_record {
  char key[DNS_KEY_MAX];
  uint16_t type; /* DNS_T_A, DNS_T_AAAA or DNS_T_CNAME */
  dns_ip public_ip[DNS_MAX_IPS];
  dns_ip formnet_ip[DNS_MAX_IPS];
  uint8_t npublic, nformnet;
  char cname[DNS_KEY_MAX]; /* normalized target, "" unless type is CNAME */
  bool ssl_cert;
  uint32_t ttl;
  dns_vstate vstate;
  uint64_t vtime;   /* when the state was entered */
  char vreason[48]; /* Failed(reason) */
} dns_record;

typedef struct dns_store {
  char zones[DNS_ZONES_MAX][DNS_KEY_MAX];
  size_t nzones;
  bool used[DNS_STORE_MAX];
  dns_record rec[DNS_STORE_MAX];
  size_t count;
} dns_store;

/* An empty store authoritative for formation.cloud with the bootstrap record
 * (A, no addresses, ttl 60, Verified) as §2.1 preconfigures it. */
void dns_store_init(dns_store *st);
/* Adds a zone the store is authoritative for. 0 or -1. */
int dns_store_add_zone(dns_store *st, const char *zone);
/* The zone (index) that holds key, or -1: names outside every zone are refused. */
int dns_store_zone_of(const dns_store *st, const char *key);
/* Lookup by any spelling of the domain (case, trailing dot). */
const dns_record *dns_store_get(const dns_store *st, const char *domain);
dns_record *dns_store_get_mut(dns_store *st, const char *domain);
/* Inserts or replaces under the normalized key. 0 or -1 (full, bad name,
 * a storage fault: ff_fault("storage.write")), the store unchanged on -1. */
int dns_store_put(dns_store *st, const dns_record *rec);
/* Overwrites a stored record (from dns_store_get_mut) with next, key kept
 * as it is. 0, or -1 (a storage fault) with cur unchanged. */
int dns_store_replace(dns_record *cur, const dns_record *next);
/* 0, or -1 when absent (or a storage fault). */
int dns_store_remove(dns_store *st, const char *domain);
/* Does some stored key lie strictly below key (an empty non-terminal)? */
bool dns_store_has_below(const dns_store *st, const char *key);
/* Adds addr to the record's list for its class, skipping exact duplicates.
 * -1 when the list is full. */
int dns_record_add_ip(dns_record *rec, const dns_ip *addr);

/* §2.3 management operations. Each returns 0, or -1 with a message in err and
 * the store byte-for-byte unchanged. */
typedef struct dns_api_req {
  const char *domain;
  uint16_t type;        /* A, AAAA or CNAME */
  const dns_ip *ips;
  size_t nips;
  const char *cname_target;
  bool ssl_cert;
  bool replace;         /* update only */
} dns_api_req;
/* Writes the printf-style message into err (cap bytes; NULL: nothing) and
 * returns -1: how the API calls report a refusal. */
int dns_fail(char *err, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int dns_api_create(dns_store *st, const dns_api_req *req, char *err, size_t cap);
int dns_api_update(dns_store *st, const dns_api_req *req, char *err, size_t cap);
int dns_api_delete(dns_store *st, const char *domain, char *err, size_t cap);
/* Keys in slot order; returns the count. */
size_t dns_api_list(const dns_store *st, const dns_record **out, size_t max);
/* Bootstrap list: ip:51820 added once (ttl 0 keeps the record's ttl,
 * otherwise within the bounds); remove drops ip:51820. */
int dns_api_bootstrap_add(dns_store *st, const dns_ip *ip, uint32_t ttl, char *err, size_t cap);
int dns_api_bootstrap_remove(dns_store *st, const dns_ip *ip, char *err, size_t cap);

/* §2.4: the answer to one question. */
typedef struct dns_answer {
  int rcode;            /* NOERROR, NXDOMAIN, REFUSED */
  bool authoritative;
  uint16_t type;        /* type of the records in addrs/cname */
  uint32_t ttl;
  dns_ip addrs[2 * DNS_MAX_IPS];
  size_t naddrs;
  char cname[DNS_KEY_MAX]; /* set when the answer is a CNAME */
  bool fail_open;       /* every candidate was unhealthy: all were returned */
  bool forwarded;       /* sent on to an upstream resolver (never, in the default build) */
} dns_answer;

typedef struct dns_answer_ctx {
  const dns_health *health; /* may be NULL */
  const dns_geo_db *geo;    /* may be NULL: no ordering */
  const dns_geo_cfg *geo_cfg;
} dns_answer_ctx;

/* client NULL: an unknown source (public). */
void dns_store_answer(const dns_store *st, const dns_answer_ctx *ctx, const dns_name *qname,
                      uint16_t qtype, const dns_ip *client, dns_answer *out);
/* A query message in, a response message out (FORMERR, NOTIMP for other
 * opcodes, REFUSED outside the zones, no forwarding). Returns the length or -1. */
long dns_store_respond(const dns_store *st, const dns_answer_ctx *ctx, const uint8_t *query,
                       size_t len, const dns_ip *client, size_t udp_limit, uint8_t *out,
                       size_t cap);

/* What public DNS says about a domain (the verifier's view of upstream). */
typedef struct dns_upstream {
  dns_ip a[DNS_MAX_IPS];
  size_t na;
  char cname[DNS_KEY_MAX]; /* "" when none */
  bool error;              /* the lookup itself failed */
} dns_upstream;

typedef enum dns_verify_result {
  DNS_VERIFY_OK,            /* Verified */
  DNS_VERIFY_REQUIRES_CONFIG,
  DNS_VERIFY_FAILED,
  DNS_VERIFY_NO_RECORD,
} dns_verify_result;

/* Does upstream show *this* domain pointing at *this* record: one of its A
 * addresses is one of the record's public addresses, or its CNAME is exactly
 * the record's CNAME target (normalized names, no suffix matching)? */
bool dns_verify_points_here(const dns_record *rec, const dns_upstream *up);
dns_verify_result dns_verify_initiate(dns_store *st, const char *domain, const dns_upstream *up,
                                      uint64_t now);
dns_verify_result dns_verify_check(dns_store *st, const char *domain, const dns_upstream *up,
                                   uint64_t now);
/* The state as of now: Verified older than DNS_VERIFY_VALID_S reads as
 * NotVerified (re-verification needed), Pending older than
 * DNS_VERIFY_PENDING_S as Failed. */
dns_vstate dns_verify_state(const dns_record *rec, uint64_t now);

#endif
