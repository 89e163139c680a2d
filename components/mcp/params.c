/* Parameter validation (§4.3) with the intended behaviour: the real
 * validate_params only looks for required keys (and only when a tool has
 * one); here the parameters must be an object whose every key is declared,
 * every value of its declared type and in its enum, every required key
 * present, and defaults are filled in for what is missing. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "formfuzz/bug.h"
#include "mcp.h"

bool mcp_ptype_matches(mcp_ptype t, json_t *v) {
  switch (t) {
  case MCP_T_STRING: return json_is_string(v);
  case MCP_T_NUMBER: return json_is_number(v);
  case MCP_T_BOOLEAN: return json_is_boolean(v);
  case MCP_T_OBJECT: return json_is_object(v);
  case MCP_T_ARRAY: return json_is_array(v);
  default: return false;
  }
}

static const mcp_param *declared(const mcp_tool_def *d, const char *key) {
  for (size_t i = 0; i < d->nparams; i++)
    if (strcmp(d->params[i].name, key) == 0) return &d->params[i];
  return NULL;
}

static bool in_enum(const mcp_param *p, json_t *v) {
  if (!p->enum_json[0]) return true;
  for (size_t k = 0; p->enum_json[k]; k++) {
    json_t *e = json_loads(p->enum_json[k], JSON_DECODE_ANY, NULL);
    bool eq = e && json_equal(e, v);
    json_decref(e);
    if (eq) return true;
  }
  return false;
}

static mcp_tool_err invalid(char *msg, size_t cap, const char *fmt, const char *what) {
  snprintf(msg, cap, fmt, what);
  return MCP_TOOL_E_INVALID;
}

/* The real check (§4.3): required keys only, and only when there is one. */
static mcp_tool_err replica_required_only(const mcp_tool_def *d, json_t *params, json_t **resolved, char *msg,
                                          size_t cap) {
  for (size_t i = 0; i < d->nparams; i++) {
    if (!d->params[i].required) continue;
    if (!json_is_object(params)) return invalid(msg, cap, "%s", "Parameters must be an object");
    if (!json_object_get(params, d->params[i].name))
      return invalid(msg, cap, "Missing required parameter: %s", d->params[i].name);
  }
  *resolved = json_incref(params);
  return MCP_TOOL_OK;
}

mcp_tool_err mcp_params_resolve(const mcp_tool_def *d, json_t *params, json_t **resolved, char *msg, size_t cap) {
  *resolved = NULL;
  if (FF_BUG("mcp.params_required_only")) return replica_required_only(d, params, resolved, msg, cap);
  if (!json_is_object(params)) return invalid(msg, cap, "%s", "Parameters must be an object");
  const char *key;
  json_t *v;
  json_object_foreach(params, key, v) {
    const mcp_param *p = declared(d, key);
    if (!p) return invalid(msg, cap, "Unknown parameter: %s", key);
    if (!mcp_ptype_matches(p->type, v)) {
      snprintf(msg, cap, "Parameter %s must be of type %s", key, mcp_ptype_name(p->type));
      return MCP_TOOL_E_INVALID;
    }
    if (!in_enum(p, v)) return invalid(msg, cap, "Parameter %s is not one of its allowed values", key);
  }
  json_t *out = json_deep_copy(params);
  for (size_t i = 0; i < d->nparams; i++) {
    const mcp_param *p = &d->params[i];
    if (json_object_get(out, p->name)) continue;
    if (p->required) {
      json_decref(out);
      return invalid(msg, cap, "Missing required parameter: %s", p->name);
    }
    if (p->default_json) json_object_set_new(out, p->name, json_loads(p->default_json, JSON_DECODE_ANY, NULL));
  }
  *resolved = out;
  return MCP_TOOL_OK;
}
