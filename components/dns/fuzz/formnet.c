/* dns_formnet (FF_PROPERTY; also the dns_properties test): formnet and DNS
 * together. Peers join and leave a formnet registry of the net core
 * (net_join / net_leave: addresses allocated from 10.42.0.0/16); after each
 * change the live peers are synced into the dns store
 * (dns_formnet_sync: <peer>.formnet.formation.cloud); meanwhile management
 * calls and DNS UPDATEs try to write names under that zone, and queries come
 * from formnet and public sources. The fault plan comes from the input
 * (storage writes), so a sync may fail; it is retried at the next step.
 * Oracles:
 *   dns.formnet_sync     a sync that fails leaves the store byte-identical;
 *   dns.formnet_answer   an answer for a name under the formnet zone carries
 *                        only formnet addresses, each the address the net
 *                        registry gave the peer of that name, to formnet
 *                        sources only (a public source gets none), and once
 *                        synced only for a live (not left) peer;
 *   dns.formnet_removal  after a successful sync, a peer that left (or never
 *                        joined) has no answer (NXDOMAIN) and a live peer
 *                        answers with exactly its address;
 *   dns.formnet_owner    the management API and DNS UPDATE never change a
 *                        name under the formnet zone. */
#include <stdio.h>
#include <string.h>

#include "formfuzz/oracle.h"
#include "formfuzz/prop.h"
#include "gen.h"
#include "net_alloc.h"

static const char *const PEERS[] = {"node-a", "node-b", "vm1", "vm2", "relay", "bootstrap"};

static dns_ip dns_ip_of(const net_ip *ip) {
  dns_ip d;
  memset(&d, 0, sizeof d);
  d.family = ip->family;
  memcpy(d.addr, ip->b, ip->family == 4 ? 4 : 16);
  return d;
}

/* The registry's live peers into the dns core's shape; returns the count. */
static size_t live_peers(const net_registry *r, dns_formnet_peer *out) {
  size_t n = 0;
  for (size_t i = 0; i < NET_MAX_PEERS; i++)
    if (r->peers[i].used && !r->peers[i].is_disabled)
      out[n].name = r->peers[i].name, out[n++].ip = dns_ip_of(&r->peers[i].ip);
  return n;
}

static void query_name(ff_input *in, const char *peer, char *out, size_t cap) {
  snprintf(out, cap, "%s.%s%s", peer, DNS_FORMNET_ZONE, ff_bool(in) ? "." : "");
  for (char *p = out; *p; p++)
    if (*p >= 'a' && *p <= 'z' && ff_u8(in) < 40) *p = (char)(*p - 32);
}

/* Asks for peer's name from a formnet or a public source and checks the
 * answer against the registry; synced: the last sync succeeded. */
static void check_answer(ff_input *in, const dns_store *st, net_registry *r, const char *peer, bool synced) {
  char text[DNS_NAME_TEXT_MAX];
  query_name(in, peer, text, sizeof text);
  dns_name qn;
  if (dns_name_from_text(text, &qn)) return;
  dns_ip client;
  bool from_formnet = ff_bool(in);
  dns_ip_parse(from_formnet ? "10.42.0.7" : "198.51.100.7", &client);
  dns_answer a;
  dns_store_answer(st, NULL, &qn, DNS_T_A, &client, &a);
  const net_peer *p = net_registry_find_name(r, peer);
  bool live = p && !p->is_disabled;
  for (size_t i = 0; i < a.naddrs; i++) {
    dns_ip want = p ? dns_ip_of(&p->ip) : (dns_ip){0};
    char got[64];
    dns_ip_format(&a.addrs[i], got, sizeof got);
    FF_INVARIANT(from_formnet && dns_ip_is_formnet(&a.addrs[i]), "dns.formnet_answer",
                 "%s answered %s to a %s source", text, got, from_formnet ? "formnet" : "public");
    FF_INVARIANT(p && dns_ip_same_addr(&a.addrs[i], &want), "dns.formnet_answer",
                 "%s answered %s, not the address formnet gave %s", text, got, peer);
    FF_INVARIANT(live || !synced, "dns.formnet_answer", "%s answered %s after %s left", text, got, peer);
  }
  if (!synced) return;
  if (!live) {
    FF_INVARIANT(a.rcode == DNS_R_NXDOMAIN, "dns.formnet_removal", "%s (%s) still answers (rcode %d, %zu addresses)",
                 text, p ? "left" : "never joined", a.rcode, a.naddrs);
  } else if (from_formnet) {
    FF_INVARIANT(a.rcode == DNS_R_NOERROR && a.naddrs == 1, "dns.formnet_removal",
                 "live peer %s: rcode %d, %zu addresses", peer, a.rcode, a.naddrs);
  }
}

/* Management or UPDATE writes aimed at the zone: they change nothing there. */
static void try_foreign_write(ff_input *in, dns_store *st, const char *peer) {
  static dns_store before;
  before = *st;
  char name[DNS_NAME_TEXT_MAX];
  query_name(in, peer, name, sizeof name);
  dns_ip ip;
  dns_gen_ip(in, 4, &ip);
  dns_api_req req = {name, DNS_T_A, &ip, 1, NULL, false, ff_bool(in)};
  switch (ff_choose(in, 3)) {
  case 0: dns_api_create(st, &req, NULL, 0); break;
  case 1: dns_api_update(st, &req, NULL, 0); break;
  default: dns_api_delete(st, name, NULL, 0); break;
  }
  FF_INVARIANT(memcmp(st, &before, sizeof *st) == 0, "dns.formnet_owner", "a management call changed %s", name);
}

FF_PROPERTY(dns_formnet) {
  static dns_store st, before;
  static net_registry reg;
  static dns_formnet_peer peers[NET_MAX_PEERS];
  dns_gen_no_faults();
  dns_store_init(&st);
  net_ipnet root;
  net_ipnet_parse(&root, "10.42.0.0/16");
  net_registry_init(&reg, &root);
  dns_gen_faults(in, "storage");
  bool synced = true;
  for (int step = 0; step < 24 && ff_more(in); step++) {
    const char *peer = FF_PICK(in, PEERS);
    bool changed = false;
    switch (ff_choose(in, 5)) {
    case 0: { /* a peer joins: a key per name, sometimes another one (refused: name taken) */
      net_key key;
      uint8_t owner[20] = {0};
      net_ip ip;
      memset(&key, 0, sizeof key);
      key.b[0] = (uint8_t)(peer[0] + peer[strlen(peer) - 1]), key.b[1] = ff_u8(in) < 32;
      changed = net_join(&reg, peer, &key, owner, false, &ip) == NET_OK;
      break;
    }
    case 1: changed = net_leave(&reg, peer) == NET_OK; break;
    case 2: try_foreign_write(in, &st, peer); break;
    default: check_answer(in, &st, &reg, peer, synced); break;
    }
    if (changed || !synced) {
      before = st;
      size_t n = live_peers(&reg, peers);
      char err[160] = "";
      synced = dns_formnet_sync(&st, peers, n, err, sizeof err) == 0;
      if (!synced) FF_INVARIANT(memcmp(&st, &before, sizeof st) == 0, "dns.formnet_sync", "failed sync (%s) changed the store", err);
    }
  }
  dns_gen_no_faults(); /* the plan reads the input, which ends with this run */
}
