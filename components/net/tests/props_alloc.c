/* Properties of the CIDR tree and the pinning store (§1.3, §1.7, §1.11.3):
 * after any sequence of additions every child lies strictly inside its
 * parent with nothing in between, siblings and roots never overlap, names and
 * networks are unique, a CIDR with peers gains no child and a refused
 * addition changes nothing; pinning follows a reference model (all or nothing,
 * a pinned IP never changes key, missing peers disabled, never deleted). */
#include <string.h>

#include "formfuzz/prop.h"
#include "net.h"
#include "refs.h"

FF_PROPERTY(net_cidr_tree_rules) {
  static const char *const names[] = {"formnet", "a", "b", "infra", "c-1", "d", "Bad", "x--y"};
  net_cidr_tree t;
  net_cidr_tree_init(&t);
  for (unsigned step = 0; step < 24 && ff_more(in); step++) {
    if (ff_range(in, 0, 7) == 0) { /* some CIDR gets peers */
      int k = (int)ff_choose(in, NET_MAX_CIDRS);
      if (t.c[k].used) t.c[k].peers++;
      continue;
    }
    net_ip ip;
    memset(&ip, 0, sizeof ip);
    if (ff_range(in, 0, 5) == 0) {
      ip.family = 6, ip.b[0] = 0xfd, ip.b[1] = (uint8_t)(ff_range(in, 0, 3) << 6);
    } else {
      ip.family = 4, ip.b[0] = 10, ip.b[1] = (uint8_t)ff_range(in, 0, 3), ip.b[2] = (uint8_t)(ff_range(in, 0, 3) << 6);
    }
    net_ipnet n;
    if (net_ipnet_make(&n, &ip, (unsigned)ff_range(in, 8, ip.family == 4 ? 30 : 126)) != 0) continue;
    const char *name = FF_PICK(in, names);
    const char *parent = ff_range(in, 0, 3) == 0 ? NULL : FF_PICK(in, names);
    int p = parent ? net_cidr_find(&t, parent) : -1;
    bool parent_has_peers = p >= 0 && t.c[p].peers > 0;
    net_cidr_tree before = t;
    net_err e = net_cidr_add(&t, name, &n, parent);
    if (e != NET_OK)
      FF_INVARIANT(memcmp(&before, &t, sizeof t) == 0, "net.cidr_tree", "refused addition of %s changed the tree", name);
    else
      FF_INVARIANT(!parent_has_peers, "net.cidr_tree", "%s added under %s, which has peers", name, parent);
    net_check_cidr_tree(&t);
  }
}

/* ---- pinning against a model ---- */
typedef struct pin_model {
  bool used[4], disabled[4];
  unsigned key[4];
} pin_model;

FF_PROPERTY(net_pinning_model) {
  net_pin_store s;
  net_pin_store_init(&s);
  pin_model m;
  memset(&m, 0, sizeof m);
  net_ip ips[4];
  net_key keys[3];
  for (unsigned i = 0; i < 4; i++) {
    char text[16];
    snprintf(text, sizeof text, "10.42.0.%u", i + 1);
    net_ip_parse(&ips[i], text);
  }
  for (unsigned k = 0; k < 3; k++) memset(keys[k].b, (int)(k + 1), 32);
  for (unsigned step = 0; step < 16 && ff_more(in); step++) {
    size_t n = ff_range(in, 0, 5);
    net_ip list_ip[5];
    net_key list_key[5];
    unsigned ip_of[5], key_of[5];
    bool conflict = false;
    for (size_t i = 0; i < n; i++) {
      ip_of[i] = (unsigned)ff_choose(in, 4), key_of[i] = (unsigned)ff_choose(in, 3);
      list_ip[i] = ips[ip_of[i]], list_key[i] = keys[key_of[i]];
      conflict |= m.used[ip_of[i]] && m.key[ip_of[i]] != key_of[i];
      for (size_t j = 0; j < i; j++) conflict |= ip_of[j] == ip_of[i] && key_of[j] != key_of[i];
    }
    net_err e = net_pin_update(&s, list_ip, list_key, n);
    FF_INVARIANT((e == NET_E_PINNING) == conflict && (conflict || e == NET_OK), "net.pinning",
                 "update of %zu entries: %s, model %s", n, net_err_name(e), conflict ? "conflict" : "ok");
    if (!conflict) {
      bool listed[4] = {false};
      for (size_t i = 0; i < n; i++) {
        listed[ip_of[i]] = true;
        if (!m.used[ip_of[i]]) m.used[ip_of[i]] = true, m.key[ip_of[i]] = key_of[i];
      }
      for (unsigned i = 0; i < 4; i++) m.disabled[i] = m.used[i] && !listed[i];
    }
    for (unsigned i = 0; i < 4; i++) {
      const net_pin *found = NULL;
      for (size_t j = 0; j < NET_MAX_PEERS; j++)
        if (s.p[j].used && net_ip_equal(&s.p[j].ip, &ips[i])) found = &s.p[j];
      FF_INVARIANT(!!found == m.used[i], "net.pinning", "10.42.0.%u: %s in the store, model %s", i + 1,
                   found ? "present" : "absent", m.used[i] ? "pinned" : "unpinned");
      if (found)
        FF_INVARIANT(net_key_equal(&found->key, &keys[m.key[i]]) && found->disabled == m.disabled[i], "net.pinning",
                     "10.42.0.%u: key or disabled flag differs from the model", i + 1);
    }
  }
}
