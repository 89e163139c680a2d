/* Strict JSON helpers over jansson for the control-plane codecs. */
#include <string.h>

#include "net_json.h"

json_t *net_json_load(const char *text, size_t len) {
  json_error_t err;
  return json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
}

bool net_json_only_keys(json_t *obj, const char *const *keys) {
  const char *k;
  json_t *v;
  json_object_foreach(obj, k, v) {
    bool known = false;
    for (size_t i = 0; keys[i] && !known; i++) known = strcmp(k, keys[i]) == 0;
    if (!known) return false;
  }
  return true;
}

int net_json_string(json_t *obj, const char *key, char *out, size_t cap) {
  json_t *v = json_object_get(obj, key);
  if (!json_is_string(v)) return -1;
  size_t n = json_string_length(v);
  const char *s = json_string_value(v);
  if (n >= cap || memchr(s, 0, n)) return -1;
  memcpy(out, s, n + 1);
  return (int)n;
}

long net_json_dump(json_t *v, char *out, size_t cap) {
  if (!v) return -1;
  size_t n = json_dumpb(v, out, cap, JSON_COMPACT | JSON_PRESERVE_ORDER);
  json_decref(v);
  if (n == 0 || n >= cap) return -1;
  out[n] = 0;
  return (long)n;
}

json_t *net_json_endpoint(const net_endpoint *ep) {
  char buf[NET_ENDPOINT_STRLEN];
  if (net_endpoint_format(ep, buf, sizeof buf) < 0) return NULL;
  return json_string(buf);
}

net_err net_json_parse_endpoint(json_t *v, net_endpoint *ep) {
  if (!json_is_string(v)) return NET_E_SYNTAX;
  return net_endpoint_parse(ep, json_string_value(v), json_string_length(v));
}
