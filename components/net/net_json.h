/* Private helpers shared by the control-plane JSON codecs (jansson). */
#ifndef NET_JSON_H
#define NET_JSON_H

#include <jansson.h>

#include "net_types.h"

/* Parses len bytes as one JSON value, rejecting duplicate keys; NULL on error. */
json_t *net_json_load(const char *text, size_t len);
/* True when obj has no key outside the NULL-terminated list. */
bool net_json_only_keys(json_t *obj, const char *const *keys);
/* A string field copied into out (cap bytes with NUL); -1 when missing, not a
 * string, containing NUL or too long. */
int net_json_string(json_t *obj, const char *key, char *out, size_t cap);
/* Serializes compactly into out; length or -1. Decrefs v. */
long net_json_dump(json_t *v, char *out, size_t cap);
/* Endpoint <-> JSON string. */
json_t *net_json_endpoint(const net_endpoint *ep);
net_err net_json_parse_endpoint(json_t *v, net_endpoint *ep);

#endif
