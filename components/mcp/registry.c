/* The tool registry (§4.3) with the intended behaviour: names validated,
 * duplicates refused (the first stays), definitions checked against their
 * own schema (defaults and enum values of the declared type), tools kept
 * sorted by name so that listings and categories are deterministic. */
#include <jansson.h>
#include <string.h>

#include "mcp.h"

static const char *const TYPE_NAMES[MCP_T_COUNT] = {"string", "number", "boolean", "object", "array"};

const char *mcp_ptype_name(mcp_ptype t) { return (unsigned)t < MCP_T_COUNT ? TYPE_NAMES[t] : "?"; }

void mcp_registry_init(mcp_registry *r) { memset(r, 0, sizeof *r); }

bool mcp_tool_name_valid(const char *name) {
  size_t n = strlen(name);
  if (n == 0 || n > MCP_TOOL_NAME_MAX || name[0] < 'a' || name[0] > 'z' || name[n - 1] == '.') return false;
  for (size_t i = 0; i < n; i++) {
    char c = name[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
    if (!ok || (c == '.' && name[i + 1] == '.')) return false;
  }
  return true;
}

static bool param_name_valid(const char *name) {
  size_t n = name ? strlen(name) : 0;
  if (n == 0 || n > 32 || !((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_')) return false;
  for (size_t i = 0; i < n; i++)
    if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= '0' && name[i] <= '9') || name[i] == '_')) return false;
  return true;
}

/* A JSON text of type t (and, when enums is non-empty, one of them). */
static bool value_fits(const mcp_param *p, const char *text) {
  json_t *v = json_loads(text, JSON_DECODE_ANY, NULL);
  bool ok = v && mcp_ptype_matches(p->type, v);
  if (ok && p->enum_json[0]) {
    ok = false;
    for (size_t i = 0; p->enum_json[i] && !ok; i++) {
      json_t *e = json_loads(p->enum_json[i], JSON_DECODE_ANY, NULL);
      ok = e && json_equal(e, v);
      json_decref(e);
    }
  }
  json_decref(v);
  return ok;
}

static bool def_valid(const mcp_tool_def *d) {
  if (d->nparams > MCP_PARAMS_MAX || d->ntags > MCP_TAGS_MAX || !d->run) return false;
  for (size_t i = 0; i < d->nparams; i++) {
    const mcp_param *p = &d->params[i];
    if (!param_name_valid(p->name) || (unsigned)p->type >= MCP_T_COUNT) return false;
    for (size_t j = 0; j < i; j++)
      if (strcmp(d->params[j].name, p->name) == 0) return false;
    for (size_t k = 0; p->enum_json[k]; k++) {
      json_t *e = k < MCP_ENUM_MAX ? json_loads(p->enum_json[k], JSON_DECODE_ANY, NULL) : NULL;
      bool fits = e && mcp_ptype_matches(p->type, e);
      json_decref(e);
      if (!fits) return false;
    }
    if (p->default_json && (p->required || !value_fits(p, p->default_json))) return false;
  }
  for (size_t t = 0; t < d->ntags; t++)
    if (!d->tags[t] || !d->tags[t][0]) return false;
  return true;
}

mcp_reg_err mcp_registry_add(mcp_registry *r, const mcp_tool_def *def) {
  if (!def->name || !mcp_tool_name_valid(def->name)) return MCP_REG_BAD_NAME;
  if (!def_valid(def)) return MCP_REG_BAD_DEF;
  size_t at = 0;
  while (at < r->n && strcmp(r->tools[at]->name, def->name) < 0) at++;
  if (at < r->n && strcmp(r->tools[at]->name, def->name) == 0) return MCP_REG_DUPLICATE;
  if (r->n == MCP_TOOLS_MAX) return MCP_REG_FULL;
  memmove(&r->tools[at + 1], &r->tools[at], (r->n - at) * sizeof r->tools[0]);
  r->tools[at] = def;
  r->n++;
  return MCP_REG_OK;
}

const mcp_tool_def *mcp_registry_find(const mcp_registry *r, const char *name) {
  for (size_t i = 0; i < r->n; i++)
    if (strcmp(r->tools[i]->name, name) == 0) return r->tools[i];
  return NULL;
}

static json_t *json_text_or_null(const char *text) {
  json_t *v = text ? json_loads(text, JSON_DECODE_ANY, NULL) : NULL;
  return v ? v : json_null();
}

json_t *mcp_tool_def_json(const mcp_tool_def *d) {
  json_t *params = json_array();
  for (size_t i = 0; i < d->nparams; i++) {
    const mcp_param *p = &d->params[i];
    json_t *en = json_null();
    if (p->enum_json[0]) {
      en = json_array();
      for (size_t k = 0; p->enum_json[k]; k++) json_array_append_new(en, json_text_or_null(p->enum_json[k]));
    }
    json_array_append_new(params, json_pack("{s:s, s:s, s:b, s:s, s:o, s:o}", "name", p->name, "description",
                                            p->description ? p->description : "", "required", p->required,
                                            "parameter_type", mcp_ptype_name(p->type), "default",
                                            json_text_or_null(p->default_json), "enum_values", en));
  }
  json_t *tags = json_array();
  for (size_t t = 0; t < d->ntags; t++) json_array_append_new(tags, json_string(d->tags[t]));
  return json_pack("{s:s, s:s, s:s, s:o, s:s, s:o, s:b}", "name", d->name, "description",
                   d->description ? d->description : "", "version", d->version ? d->version : "1.0.0",
                   "parameters", params, "return_type", d->return_type ? d->return_type : "object", "tags", tags,
                   "is_long_running", d->long_running);
}

static bool has_tag(const mcp_tool_def *d, const char *tag) {
  for (size_t t = 0; t < d->ntags; t++)
    if (strcmp(d->tags[t], tag) == 0) return true;
  return false;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

json_t *mcp_registry_list_json(const mcp_registry *r, const char *category) {
  json_t *tools = json_array();
  const char *cats[MCP_TOOLS_MAX * MCP_TAGS_MAX];
  size_t nc = 0;
  for (size_t i = 0; i < r->n; i++) {
    const mcp_tool_def *d = r->tools[i];
    if (!category || has_tag(d, category)) json_array_append_new(tools, mcp_tool_def_json(d));
    for (size_t t = 0; t < d->ntags; t++) cats[nc++] = d->tags[t];
  }
  qsort(cats, nc, sizeof cats[0], cmp_str);
  json_t *categories = json_array();
  for (size_t i = 0; i < nc; i++)
    if (i == 0 || strcmp(cats[i], cats[i - 1]) != 0) json_array_append_new(categories, json_string(cats[i]));
  return json_pack("{s:o, s:o}", "tools", tools, "categories", categories);
}
