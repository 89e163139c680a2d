/* GET /fetch (§1.2): the peer list as JSON, printed from the registry and
 * parsed back strictly (every field present, of its type). */
#include <string.h>

#include "net_control.h"
#include "net_json.h"

long net_fetch_format(const net_registry *r, char *out, size_t cap) {
  json_t *a = json_array();
  for (size_t i = 0; i < NET_MAX_PEERS; i++) {
    const net_peer *p = &r->peers[i];
    if (!p->used) continue;
    char ip[NET_IP_STRLEN], key[NET_KEY_B64_LEN + 1];
    net_key_to_base64(&p->key, key);
    json_t *o = json_object();
    json_object_set_new(o, "name", json_string(p->name));
    json_object_set_new(o, "ip", json_string(net_ip_format(&p->ip, ip, sizeof ip)));
    json_object_set_new(o, "public_key", json_string(key));
    json_object_set_new(o, "endpoint", p->has_endpoint ? net_json_endpoint(&p->endpoint) : json_null());
    json_object_set_new(o, "is_admin", json_boolean(p->is_admin));
    json_object_set_new(o, "is_disabled", json_boolean(p->is_disabled));
    json_t *c = json_array();
    for (size_t k = 0; k < p->ncandidates; k++) json_array_append_new(c, net_json_endpoint(&p->candidates[k]));
    json_object_set_new(o, "candidates", c);
    json_array_append_new(a, o);
  }
  return net_json_dump(a, out, cap);
}

static net_err parse_peer(json_t *o, net_peer *p) {
  static const char *const keys[] = {"name", "ip", "public_key", "endpoint", "is_admin", "is_disabled",
                                     "candidates", NULL};
  if (!json_is_object(o) || !net_json_only_keys(o, keys)) return NET_E_SYNTAX;
  memset(p, 0, sizeof *p);
  p->used = true;
  int n = net_json_string(o, "name", p->name, sizeof p->name);
  if (n < 0) return NET_E_SYNTAX;
  if (!net_hostname_valid(p->name, (size_t)n)) return NET_E_INVALID;
  char text[NET_IP_STRLEN + 8];
  if (net_json_string(o, "ip", text, sizeof text) < 0 || net_ip_parse(&p->ip, text) != 0) return NET_E_SYNTAX;
  n = net_json_string(o, "public_key", text, sizeof text);
  if (n < 0) return NET_E_SYNTAX;
  net_err e = net_key_from_base64(&p->key, text, (size_t)n);
  if (e) return e;
  json_t *ep = json_object_get(o, "endpoint");
  if (!ep) return NET_E_SYNTAX;
  if (!json_is_null(ep)) {
    if ((e = net_json_parse_endpoint(ep, &p->endpoint))) return e;
    p->has_endpoint = true;
  }
  json_t *adm = json_object_get(o, "is_admin"), *dis = json_object_get(o, "is_disabled");
  if (!json_is_boolean(adm) || !json_is_boolean(dis)) return NET_E_SYNTAX;
  p->is_admin = json_is_true(adm);
  p->is_disabled = json_is_true(dis);
  json_t *c = json_object_get(o, "candidates");
  if (!json_is_array(c)) return NET_E_SYNTAX;
  if (json_array_size(c) > NET_MAX_CANDIDATES) return NET_E_LIMIT;
  for (size_t k = 0; k < json_array_size(c); k++)
    if ((e = net_json_parse_endpoint(json_array_get(c, k), &p->candidates[k]))) return e;
  p->ncandidates = json_array_size(c);
  return NET_OK;
}

net_err net_fetch_parse(const char *json, size_t len, net_peer *out, size_t cap, size_t *n) {
  *n = 0;
  json_t *a = net_json_load(json, len);
  if (!a) return NET_E_SYNTAX;
  net_err e = NET_OK;
  if (!json_is_array(a)) e = NET_E_SYNTAX;
  else if (json_array_size(a) > cap) e = NET_E_LIMIT;
  for (size_t i = 0; e == NET_OK && i < json_array_size(a); i++) e = parse_peer(json_array_get(a, i), &out[i]);
  if (e == NET_OK) *n = json_array_size(a);
  json_decref(a);
  return e;
}
