/* The bootstrap relay configuration (§1.8.4, relay_bootstrap.json): strict
 * parsing with jansson, entries with a bad pubkey or endpoint skipped, and
 * registration of the relays it names. */
#include <string.h>

#include "net_json.h"
#include "net_relay_registry.h"

static const char *const top_keys[] = {"bootstrap_relays", "refresh_interval_secs", "last_updated", NULL};
static const char *const relay_keys[] = {"endpoint", "pubkey", "region", NULL};

static int optional_u64(json_t *obj, const char *key, uint64_t dflt, uint64_t *out) {
  json_t *v = json_object_get(obj, key);
  if (!v) return *out = dflt, 0;
  if (!json_is_integer(v) || json_integer_value(v) < 0) return -1;
  *out = (uint64_t)json_integer_value(v);
  return 0;
}

/* 1 taken, 0 skipped, -1 malformed (wrong shape or types). */
static int parse_relay(json_t *item, net_bootstrap_relay *r) {
  if (!json_is_object(item) || !net_json_only_keys(item, relay_keys)) return -1;
  json_t *ep = json_object_get(item, "endpoint"), *pk = json_object_get(item, "pubkey");
  json_t *region = json_object_get(item, "region");
  if (!json_is_string(ep) || !json_is_string(pk) || (region && !json_is_string(region) && !json_is_null(region)))
    return -1;
  memset(r, 0, sizeof *r);
  net_key key;
  if (net_key_from_hex(&key, json_string_value(pk), json_string_length(pk)) != NET_OK) return 0;
  if (net_json_parse_endpoint(ep, &r->endpoint) != NET_OK) return 0;
  char text[NET_ENDPOINT_STRLEN];
  if (net_endpoint_format(&r->endpoint, text, sizeof text) > NET_RELAY_MAX_TEXT) return 0;
  memcpy(r->pubkey, key.b, 32);
  if (json_is_string(region)) {
    size_t n = json_string_length(region);
    if (n > NET_RELAY_MAX_TEXT || memchr(json_string_value(region), 0, n)) return 0;
    r->region.present = true;
    r->region.len = (uint8_t)n;
    memcpy(r->region.s, json_string_value(region), n);
  }
  return 1;
}

net_err net_relay_bootstrap_parse(const char *json, size_t len, net_relay_bootstrap *out) {
  memset(out, 0, sizeof *out);
  json_t *root = net_json_load(json, len);
  if (!root) return NET_E_SYNTAX;
  net_err err = NET_E_INVALID;
  json_t *list = json_object_get(root, "bootstrap_relays");
  if (!json_is_object(root) || !net_json_only_keys(root, top_keys) || !json_is_array(list) ||
      optional_u64(root, "refresh_interval_secs", 600, &out->refresh_interval_secs) != 0 ||
      optional_u64(root, "last_updated", 0, &out->last_updated) != 0)
    goto done;
  size_t i;
  json_t *item;
  json_array_foreach(list, i, item) {
    net_bootstrap_relay r;
    int got = parse_relay(item, &r);
    if (got < 0) goto done;
    if (got == 0) {
      out->skipped++;
      continue;
    }
    if (out->nrelays == NET_BOOTSTRAP_RELAYS_MAX) {
      err = NET_E_LIMIT;
      goto done;
    }
    out->relays[out->nrelays++] = r;
  }
  err = NET_OK;
done:
  json_decref(root);
  if (err != NET_OK) memset(out, 0, sizeof *out);
  return err;
}

net_err net_relay_bootstrap_apply(const net_relay_bootstrap *b, net_relay_registry *g, uint64_t now) {
  for (size_t i = 0; i < b->nrelays; i++) {
    const net_bootstrap_relay *r = &b->relays[i];
    net_relay_node_info info;
    memset(&info, 0, sizeof info);
    memcpy(info.pubkey, r->pubkey, 32);
    long n = net_endpoint_format(&r->endpoint, info.endpoints[0].s, sizeof info.endpoints[0].s);
    if (n < 0) return NET_E_RANGE;
    info.nendpoints = 1;
    info.endpoints[0].present = true;
    info.endpoints[0].len = (uint8_t)n;
    info.region = r->region;
    info.capabilities = r->endpoint.kind == NET_HOST_V6 ? NET_CAP_IPV6 : NET_CAP_IPV4;
    info.protocol_version = 1;
    info.reliability = 100;
    net_err e = net_relay_register(g, &info, now);
    if (e != NET_OK) return e;
  }
  return NET_OK;
}
