/* Control-plane request bodies (§1.2, §1.5): BootstrapInfo (join and GET
 * /bootstrap), LeaveRequest and the candidates list, parsed strictly and
 * printed canonically. */
#include <stdio.h>
#include <string.h>

#include "formfuzz/bug.h"
#include "net_control.h"
#include "net_json.h"

static const char *const peer_types[] = {"Operator", "User", "Instance"};

const char *net_peer_type_name(net_peer_type t) { return peer_types[t]; }

static net_err parse_name(json_t *o, const char *key, char *out) {
  int n = net_json_string(o, key, out, NET_NAME_MAX + 1);
  if (n < 0) return NET_E_SYNTAX;
  return net_hostname_valid(out, (size_t)n) ? NET_OK : NET_E_INVALID;
}

static net_err parse_bootstrap(json_t *o, net_bootstrap_info *bi) {
  static const char *const keys[] = {"id", "peer_type", "cidr_id", "pubkey", "internal_endpoint",
                                     "external_endpoint", NULL};
  if (!json_is_object(o) || !net_json_only_keys(o, keys)) return NET_E_SYNTAX;
  net_err e;
  if ((e = parse_name(o, "id", bi->id)) || (e = parse_name(o, "cidr_id", bi->cidr_id))) return e;
  char text[64];
  if (net_json_string(o, "peer_type", text, sizeof text) < 0) return NET_E_SYNTAX;
  size_t t = 0;
  while (t < 3 && strcmp(text, peer_types[t]) != 0) t++;
  if (t == 3) return NET_E_INVALID;
  bi->peer_type = (net_peer_type)t;
  int n = net_json_string(o, "pubkey", text, sizeof text);
  if (n < 0) return NET_E_SYNTAX;
  if ((e = net_key_from_base64(&bi->pubkey, text, (size_t)n))) return e;
  json_t *in = json_object_get(o, "internal_endpoint");
  if (in && !json_is_null(in)) {
    if (!json_is_string(in) || net_ip_parse(&bi->internal_endpoint, json_string_value(in)) != 0)
      return NET_E_SYNTAX;
    bi->has_internal = true;
  }
  json_t *ex = json_object_get(o, "external_endpoint");
  if (ex && !json_is_null(ex)) {
    if ((e = net_json_parse_endpoint(ex, &bi->external_endpoint))) return e;
    if (bi->external_endpoint.kind == NET_HOST_DOMAIN) return NET_E_INVALID; /* a SocketAddr */
    bi->has_external = true;
  }
  return NET_OK;
}

net_err net_bootstrap_parse(const char *json, size_t len, net_bootstrap_info *out) {
  memset(out, 0, sizeof *out);
  json_t *o = net_json_load(json, len);
  if (!o) return NET_E_SYNTAX;
  net_err e = parse_bootstrap(o, out);
  json_decref(o);
  return e;
}

long net_bootstrap_format(const net_bootstrap_info *bi, char *out, size_t cap) {
  char key[NET_KEY_B64_LEN + 1], ip[NET_IP_STRLEN];
  net_key_to_base64(&bi->pubkey, key);
  json_t *o = json_object();
  json_object_set_new(o, "id", json_string(bi->id));
  json_object_set_new(o, "peer_type", json_string(peer_types[bi->peer_type]));
  json_object_set_new(o, "cidr_id", json_string(bi->cidr_id));
  json_object_set_new(o, "pubkey", json_string(key));
  json_object_set_new(o, "internal_endpoint",
                      bi->has_internal ? json_string(net_ip_format(&bi->internal_endpoint, ip, sizeof ip))
                                       : json_null());
  json_object_set_new(o, "external_endpoint",
                      bi->has_external ? net_json_endpoint(&bi->external_endpoint) : json_null());
  return net_json_dump(o, out, cap);
}

void net_bootstrap_advertise(const char *id, const uint8_t wg_secret[32], const net_ip *internal,
                             const net_endpoint *external, net_bootstrap_info *out) {
  memset(out, 0, sizeof *out);
  snprintf(out->id, sizeof out->id, "%s", id);
  out->peer_type = NET_PEER_OPERATOR;
  snprintf(out->cidr_id, sizeof out->cidr_id, "formnet");
  /* Replica net.bootstrap_secret: main.rs puts the operator's secret key
   * where the public key belongs, and GET /bootstrap hands it to anyone. */
  if (FF_BUG("net.bootstrap_secret"))
    memcpy(out->pubkey.b, wg_secret, NET_KEY_LEN);
  else
    net_wg_public_from_secret(wg_secret, &out->pubkey);
  if (internal) {
    out->has_internal = true;
    out->internal_endpoint = *internal;
  }
  if (external) {
    out->has_external = true;
    out->external_endpoint = *external;
  }
}

net_err net_leave_parse(const char *json, size_t len, char id[NET_NAME_MAX + 1]) {
  static const char *const keys[] = {"id", NULL};
  json_t *o = net_json_load(json, len);
  if (!o) return NET_E_SYNTAX;
  net_err e = (!json_is_object(o) || !net_json_only_keys(o, keys)) ? NET_E_SYNTAX : parse_name(o, "id", id);
  json_decref(o);
  return e;
}

long net_leave_format(const char *id, char *out, size_t cap) {
  json_t *o = json_object();
  json_object_set_new(o, "id", json_string(id));
  return net_json_dump(o, out, cap);
}

net_err net_candidates_parse(const char *json, size_t len, net_endpoint *out, size_t *n) {
  json_t *a = net_json_load(json, len);
  if (!a) return NET_E_SYNTAX;
  net_err e = NET_OK;
  if (!json_is_array(a)) e = NET_E_SYNTAX;
  else if (json_array_size(a) > NET_MAX_CANDIDATES) e = NET_E_LIMIT;
  for (size_t i = 0; e == NET_OK && i < json_array_size(a); i++)
    e = net_json_parse_endpoint(json_array_get(a, i), &out[i]);
  *n = e == NET_OK ? json_array_size(a) : 0;
  json_decref(a);
  return e;
}

long net_candidates_format(const net_endpoint *eps, size_t n, char *out, size_t cap) {
  json_t *a = json_array();
  for (size_t i = 0; i < n; i++) json_array_append_new(a, net_json_endpoint(&eps[i]));
  return net_json_dump(a, out, cap);
}
