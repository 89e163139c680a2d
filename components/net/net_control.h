/* The control plane (spec §1.2, §1.5, §1.6): JSON messages with strict
 * validation (jansson parses; unknown fields, wrong types and duplicate keys
 * are rejected), signed requests (the vm component's secp256k1 recovery), and
 * the control server that applies them to the registry: join, leave,
 * candidates, fetch, bootstrap. BootstrapInfo has no field that could carry a
 * secret: the advertised key is derived from the secret (X25519, nettle). */
#ifndef NET_CONTROL_H
#define NET_CONTROL_H

#include "net_alloc.h"

typedef enum net_peer_type { NET_PEER_OPERATOR, NET_PEER_USER, NET_PEER_INSTANCE } net_peer_type;
const char *net_peer_type_name(net_peer_type t);

typedef struct net_bootstrap_info {
  char id[NET_NAME_MAX + 1];      /* hostname-valid */
  net_peer_type peer_type;
  char cidr_id[NET_NAME_MAX + 1]; /* hostname-valid */
  net_key pubkey;                 /* a WireGuard public key, base64 on the wire */
  bool has_internal;
  net_ip internal_endpoint;
  bool has_external;
  net_endpoint external_endpoint; /* an IP literal and port (SocketAddr) */
} net_bootstrap_info;

#define NET_JSON_MAX 4096
/* Parses a JSON object with exactly the fields above (internal_endpoint and
 * external_endpoint may be null or absent). */
net_err net_bootstrap_parse(const char *json, size_t len, net_bootstrap_info *out);
/* Compact JSON; returns its length or -1 when it does not fit. */
long net_bootstrap_format(const net_bootstrap_info *bi, char *out, size_t cap);

/* What a node advertises at GET /bootstrap: its WireGuard public key (derived
 * from secret), never the secret. */
void net_wg_public_from_secret(const uint8_t secret[32], net_key *pub);
void net_bootstrap_advertise(const char *id, const uint8_t wg_secret[32], const net_ip *internal,
                             const net_endpoint *external, net_bootstrap_info *out);

/* {"id": "<name>"} */
net_err net_leave_parse(const char *json, size_t len, char id[NET_NAME_MAX + 1]);
long net_leave_format(const char *id, char *out, size_t cap);

/* A JSON array of at most NET_MAX_CANDIDATES endpoint strings. */
net_err net_candidates_parse(const char *json, size_t len, net_endpoint *out, size_t *n);
long net_candidates_format(const net_endpoint *eps, size_t n, char *out, size_t cap);

/* GET /fetch: an array of peers {name, ip, public_key, endpoint (or null),
 * is_admin, is_disabled, candidates}. */
long net_fetch_format(const net_registry *r, char *out, size_t cap);
/* Parses into at most cap peers; *n receives the count. */
net_err net_fetch_parse(const char *json, size_t len, net_peer *out, size_t cap, size_t *n);

/* ---- signed requests ---- */
typedef enum net_op { NET_OP_JOIN, NET_OP_LEAVE, NET_OP_CANDIDATES, NET_OP_AUTHORIZE } net_op;
const char *net_op_name(net_op op);

typedef struct net_request {
  net_op op;
  char path_ip[NET_IP_STRLEN]; /* CANDIDATES: the claimed peer IP */
  const char *body;
  size_t body_len;
  bool signed_;
  uint8_t sig[64];
  int recid;
} net_request;

/* SHA-256 of "formnet-control-v1\n<op>\n<path_ip>\n<body>". */
void net_request_digest(const net_request *req, uint8_t digest[32]);
/* Signs req with a secp256k1 key (ff_keypair). */
int net_request_sign(net_request *req, const void *keypair);
/* The signer's 20-byte address (recovery as the vm component does it: low-S
 * only, recid 0..3). */
net_err net_request_signer(const net_request *req, uint8_t addr[20]);

#define NET_MAX_AUTHORIZED 8
typedef struct net_control {
  net_registry reg;
  uint8_t admins[NET_MAX_AUTHORIZED][20];
  size_t nadmins;
  uint8_t authorized[NET_MAX_AUTHORIZED][20]; /* keys allowed to join */
  size_t nauthorized;
  uint64_t changes;
} net_control;

void net_control_init(net_control *c, const net_ipnet *root, const uint8_t admin[20]);
/* JOIN: a signer that is admin or authorized; body BootstrapInfo; the peer's
 * owner is the signer (*ip receives its address). LEAVE: the owner or an
 * admin. CANDIDATES: only the owner of the peer at path_ip. AUTHORIZE: admin;
 * body {"id": "<40 hex address>"}. Nothing changes unless NET_OK. */
net_err net_control_handle(net_control *c, const net_request *req, net_ip *ip);

#endif
