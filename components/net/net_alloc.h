/* The CIDR tree and peer IP allocation (spec §1.3-1.4, invariants §1.11.1-3):
 * parent containment, sibling non-overlap, a CIDR with peers has no children;
 * peers get the lowest free assignable address of the root network, unique
 * even when joins interleave (a join is begin + commit, and a begun join
 * reserves its address), idempotent re-join with the same key, exhaustion as
 * an error; and the client-side IP-to-key pinning store. */
#ifndef NET_ALLOC_H
#define NET_ALLOC_H

#include "net_types.h"

#define NET_MAX_CIDRS 16
#define NET_NAME_MAX 63

typedef struct net_cidr {
  bool used;
  char name[NET_NAME_MAX + 1];
  net_ipnet net;
  int parent; /* index, -1 for a root */
  unsigned peers;
} net_cidr;

typedef struct net_cidr_tree {
  net_cidr c[NET_MAX_CIDRS];
} net_cidr_tree;

void net_cidr_tree_init(net_cidr_tree *t);
/* Adds name (hostname-valid, unique) for net under parent (NULL: a root).
 * The parent must exist, hold no peers, contain the child's network and last
 * address with a shorter prefix, and be the closest containing CIDR; no
 * sibling may overlap, roots may not overlap each other. */
net_err net_cidr_add(net_cidr_tree *t, const char *name, const net_ipnet *net, const char *parent);
int net_cidr_find(const net_cidr_tree *t, const char *name);
bool net_ipnet_overlap(const net_ipnet *a, const net_ipnet *b);

/* ---- peers ---- */
#define NET_MAX_PEERS 32
#define NET_MAX_PENDING 8
#define NET_MAX_CANDIDATES 10

typedef struct net_peer {
  bool used;
  char name[NET_NAME_MAX + 1];
  net_ip ip;
  net_key key;
  uint8_t owner[20]; /* the control-plane identity (address) that joined it */
  bool is_admin, is_disabled;
  bool has_endpoint;
  net_endpoint endpoint;
  net_endpoint candidates[NET_MAX_CANDIDATES];
  size_t ncandidates;
} net_peer;

typedef struct net_join_ticket {
  bool active;
  bool rejoin;        /* an existing peer with the same key: nothing to commit */
  char name[NET_NAME_MAX + 1];
  net_key key;
  uint8_t owner[20];
  bool is_admin;
  net_ip ip;
} net_join_ticket;

typedef struct net_registry {
  net_ipnet root;
  net_peer peers[NET_MAX_PEERS];
  net_join_ticket pending[NET_MAX_PENDING];
} net_registry;

void net_registry_init(net_registry *r, const net_ipnet *root);
/* The first assignable host of the root (the bootstrap address). */
bool net_registry_first_host(const net_registry *r, net_ip *out);
/* Phase 1 of a join: validates, handles re-join, and reserves the lowest
 * free assignable address (not used by any peer, disabled ones included, nor
 * reserved by another begun join). *slot receives the pending slot. */
net_err net_join_begin(net_registry *r, const char *name, const net_key *key, const uint8_t owner[20],
                       bool is_admin, int *slot, net_ip *ip);
/* Phase 2: the reserved address becomes the peer's. */
net_err net_join_commit(net_registry *r, int slot);
/* begin + commit. */
net_err net_join(net_registry *r, const char *name, const net_key *key, const uint8_t owner[20],
                 bool is_admin, net_ip *ip);
net_peer *net_registry_find_name(net_registry *r, const char *name);
net_peer *net_registry_find_ip(net_registry *r, const net_ip *ip);
/* Disables the peer; its address is never handed out again. */
net_err net_leave(net_registry *r, const char *name);
size_t net_registry_count(const net_registry *r, bool include_disabled);

/* ---- client pinning store (§1.7 DataStore::update_peers) ---- */
typedef struct net_pin {
  bool used;
  net_ip ip;
  net_key key;
  bool disabled;
} net_pin;
typedef struct net_pin_store {
  net_pin p[NET_MAX_PEERS];
} net_pin_store;
void net_pin_store_init(net_pin_store *s);
/* All-or-nothing: if any entry maps a pinned IP to another key the store is
 * left unchanged and NET_E_PINNING returned; otherwise new IPs are pinned and
 * pinned IPs missing from the list are marked disabled (never deleted). */
net_err net_pin_update(net_pin_store *s, const net_ip *ips, const net_key *keys, size_t n);

#endif
