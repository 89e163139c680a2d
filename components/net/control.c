/* The control server: applies signed join / leave / candidates / authorize
 * requests to the registry. Who may do what is decided here, once: joins need
 * an admin or authorized key, a peer's candidates and leave belong to the key
 * that joined it (or an admin for leave), so nobody claims another's address. */
#include <string.h>

#include "formfuzz/bug.h"
#include "formfuzz/fault.h"

#include "net_control.h"
#include "vm.h"

void net_control_init(net_control *c, const net_ipnet *root, const uint8_t admin[20]) {
  memset(c, 0, sizeof *c);
  net_registry_init(&c->reg, root);
  memcpy(c->admins[0], admin, 20);
  c->nadmins = 1;
}

static bool in_list(const uint8_t (*list)[20], size_t n, const uint8_t a[20]) {
  for (size_t i = 0; i < n; i++)
    if (memcmp(list[i], a, 20) == 0) return true;
  return false;
}

static net_err do_join(net_control *c, const net_request *req, const uint8_t signer[20], bool admin,
                       net_ip *ip) {
  if (!admin && !in_list(c->authorized, c->nauthorized, signer)) return NET_E_FORBIDDEN;
  net_bootstrap_info bi;
  net_err e = net_bootstrap_parse(req->body, req->body_len, &bi);
  if (e) return e;
  if (strcmp(bi.cidr_id, "formnet") != 0) return NET_E_NOT_FOUND;
  /* Operator (admin) peers only from admins: the peer type is not a privilege. */
  if (bi.peer_type == NET_PEER_OPERATOR && !admin) return NET_E_FORBIDDEN;
  net_peer *existing = net_registry_find_name(&c->reg, bi.id);
  if (existing && memcmp(existing->owner, signer, 20) != 0) return NET_E_FORBIDDEN;
  e = net_join(&c->reg, bi.id, &bi.pubkey, signer, bi.peer_type == NET_PEER_OPERATOR, ip);
  if (e == NET_OK && !existing) c->changes++;
  return e;
}

static net_err do_candidates(net_control *c, const net_request *req, const uint8_t signer[20], bool open) {
  net_ip ip;
  if (net_ip_parse(&ip, req->path_ip) != 0) return NET_E_SYNTAX;
  net_peer *p = net_registry_find_ip(&c->reg, &ip);
  if (!p || p->is_disabled) return NET_E_NOT_FOUND;
  if (!open && memcmp(p->owner, signer, 20) != 0) return NET_E_FORBIDDEN;
  net_endpoint eps[NET_MAX_CANDIDATES];
  size_t n;
  net_err e = net_candidates_parse(req->body, req->body_len, eps, &n);
  if (e) return e;
  if (ff_fault("storage.write")) return NET_E_IO; /* the peer update is not stored: nothing changes */
  memcpy(p->candidates, eps, n * sizeof eps[0]);
  p->ncandidates = n;
  if (n) {
    p->endpoint = eps[0];
    p->has_endpoint = true;
  }
  c->changes++;
  return NET_OK;
}

net_err net_control_handle(net_control *c, const net_request *req, net_ip *ip) {
  uint8_t signer[20];
  net_err e = net_request_signer(req, signer);
  /* Replicas net.unauth_candidates and net.unauth_leave: formnet's
   * POST /:ip/candidates and POST /leave take no authentication at all, so
   * anyone sets any peer's endpoint or disables any peer (§1.6.5, §1.9, §6.11). */
  bool open = (req->op == NET_OP_CANDIDATES && FF_BUG("net.unauth_candidates")) ||
              (req->op == NET_OP_LEAVE && FF_BUG("net.unauth_leave"));
  if (e && !open) return e;
  if (e) memset(signer, 0, sizeof signer);
  bool admin = in_list(c->admins, c->nadmins, signer);
  switch (req->op) {
    case NET_OP_JOIN: return do_join(c, req, signer, admin, ip);
    case NET_OP_CANDIDATES: return do_candidates(c, req, signer, open);
    case NET_OP_LEAVE: {
      char id[NET_NAME_MAX + 1];
      if ((e = net_leave_parse(req->body, req->body_len, id))) return e;
      net_peer *p = net_registry_find_name(&c->reg, id);
      if (!p) return NET_E_NOT_FOUND;
      if (!open && !admin && memcmp(p->owner, signer, 20) != 0) return NET_E_FORBIDDEN;
      if (ff_fault("storage.write")) return NET_E_IO;
      if (!p->is_disabled) c->changes++;
      p->is_disabled = true;
      return NET_OK;
    }
    case NET_OP_AUTHORIZE: {
      if (!admin) return NET_E_FORBIDDEN;
      char id[NET_NAME_MAX + 1];
      uint8_t who[20];
      if ((e = net_leave_parse(req->body, req->body_len, id))) return e;
      if (strlen(id) != 40 || ff_hex_decode(id, 40, who, 20) != 20) return NET_E_INVALID;
      if (in_list(c->authorized, c->nauthorized, who)) return NET_OK;
      if (c->nauthorized == NET_MAX_AUTHORIZED) return NET_E_EXHAUSTED;
      if (ff_fault("storage.write")) return NET_E_IO;
      memcpy(c->authorized[c->nauthorized++], who, 20);
      c->changes++;
      return NET_OK;
    }
  }
  return NET_E_SYNTAX;
}
