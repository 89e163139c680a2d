/* mcp_tool_registry: registrations (good and bad names, duplicates, schemas
 * with bad defaults or enums), lookups, category listings, and parameter sets
 * drawn against each registered tool's declared schema. Oracles:
 *   mcp.reg_model     registration succeeds exactly when the name follows
 *                     the rule, the schema is self-consistent and the name
 *                     is new; the first registration stays;
 *   mcp.reg_listing   listings are sorted by name, equal from call to call,
 *                     hold exactly the registered tools (those with the
 *                     category when filtered) and every category once;
 *   mcp.schema_held   parameters are accepted exactly when they satisfy the
 *                     schema (an object, declared keys, types, enums,
 *                     required keys), and what reaches a tool satisfies it
 *                     with every default filled in;
 *   mcp.error_status  an execution's HTTP status is the ToolError table's
 *                     (400/403/404/500/504), never 200 for an error. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "formfuzz/oracle.h"
#include "formfuzz/prop.h"
#include "gen.h"

#define DEFS 10

static const char *const NAMES[] = {"vm.status", "a", "tool_1", "x.y.z", "form_pack_build", "vm.list",
                                    "",          "VM", "a..b",  "a.",    "1abc",            "a b",
                                    "vm-create", ".a", "\xc3\xa9"};
static const char *const PNAMES[] = {"id", "name", "vcpus", "force", "operation", "Bad", "", "9x"};
static const char *const VALUES[] = {"\"start\"", "\"stop\"", "\"x\"", "1", "1.5", "true", "false",
                                     "null",      "{}",       "[]",    "-3", "256", "\"\""};
#define NV (sizeof VALUES / sizeof *VALUES)
static const char *const TAGS[] = {"vm", "pack", "network", "metrics"};

/* The naming rule, written again from its statement. */
static bool model_name_ok(const char *s) {
  size_t n = strlen(s);
  if (n < 1 || n > 64 || !(s[0] >= 'a' && s[0] <= 'z') || s[n - 1] == '.' || strstr(s, "..")) return false;
  return strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_.") == n;
}
static bool model_pname_ok(const char *s) {
  size_t n = strlen(s);
  return n >= 1 && n <= 32 && ((s[0] >= 'a' && s[0] <= 'z') || s[0] == '_') &&
         strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") == n;
}
static bool type_of(mcp_ptype t, json_t *v) {
  int k = json_typeof(v);
  return (t == MCP_T_STRING && k == JSON_STRING) || (t == MCP_T_NUMBER && (k == JSON_INTEGER || k == JSON_REAL)) ||
         (t == MCP_T_BOOLEAN && (k == JSON_TRUE || k == JSON_FALSE)) || (t == MCP_T_OBJECT && k == JSON_OBJECT) ||
         (t == MCP_T_ARRAY && k == JSON_ARRAY);
}
static bool enum_ok(const mcp_param *p, json_t *v) {
  if (!p->enum_json[0]) return true;
  for (size_t k = 0; p->enum_json[k]; k++) {
    json_t *e = json_loads(p->enum_json[k], JSON_DECODE_ANY, NULL);
    bool eq = json_equal(e, v);
    json_decref(e);
    if (eq) return true;
  }
  return false;
}
static bool text_fits(const mcp_param *p, const char *text) {
  json_t *v = json_loads(text, JSON_DECODE_ANY, NULL);
  bool ok = type_of(p->type, v) && enum_ok(p, v);
  json_decref(v);
  return ok;
}

/* Is obj a parameter set def accepts (before defaults)? */
static bool model_accepts(const mcp_tool_def *d, json_t *obj) {
  if (!json_is_object(obj)) return false;
  const char *key;
  json_t *v;
  json_object_foreach(obj, key, v) {
    const mcp_param *p = NULL;
    for (size_t i = 0; i < d->nparams; i++)
      if (strcmp(d->params[i].name, key) == 0) p = &d->params[i];
    if (!p || !type_of(p->type, v) || !enum_ok(p, v)) return false;
  }
  for (size_t i = 0; i < d->nparams; i++)
    if (d->params[i].required && !json_object_get(obj, d->params[i].name)) return false;
  return true;
}

/* What a generated tool does: its definition, and the error it returns. */
typedef struct tool_behaviour {
  const mcp_tool_def *def;
  mcp_tool_err outcome;
  unsigned calls;
} tool_behaviour;

/* Echoes its parameters, which must satisfy its schema; fails as told. */
static mcp_tool_err echo_tool(const struct mcp_tool_ctx *ctx, json_t *params, json_t **result, char *msg, size_t cap) {
  tool_behaviour *b = ctx->data;
  b->calls++;
  FF_INVARIANT(model_accepts(b->def, params), "mcp.schema_held", "%s ran with parameters its schema refuses",
               b->def->name);
  for (size_t i = 0; i < b->def->nparams; i++)
    FF_INVARIANT(!b->def->params[i].default_json || json_object_get(params, b->def->params[i].name), "mcp.schema_held",
                 "%s ran without the default of %s", b->def->name, b->def->params[i].name);
  *result = json_deep_copy(params);
  snprintf(msg, cap, "failing as %s", mcp_tool_err_name(b->outcome));
  return b->outcome;
}

static void gen_def(ff_input *in, mcp_tool_def *d, char *namebuf, size_t cap) {
  memset(d, 0, sizeof *d);
  if (ff_choose(in, 4) == 0) ff_cstr_from(in, namebuf, cap, "ab.Z_1 -");
  else snprintf(namebuf, cap, "%s", NAMES[ff_choose(in, sizeof NAMES / sizeof *NAMES)]);
  d->name = namebuf;
  d->description = "generated";
  d->run = echo_tool;
  d->long_running = ff_bool(in);
  d->nparams = ff_range(in, 0, 4);
  for (size_t i = 0; i < d->nparams; i++) {
    mcp_param *p = &d->params[i];
    p->name = PNAMES[ff_choose(in, ff_choose(in, 8) == 0 ? 8 : 5)];
    p->type = (mcp_ptype)ff_choose(in, MCP_T_COUNT);
    p->required = ff_choose(in, 3) == 0;
    if (ff_choose(in, 3) == 0) p->default_json = VALUES[ff_choose(in, NV)];
    size_t ne = ff_choose(in, 4) == 0 ? ff_range(in, 1, 3) : 0;
    for (size_t k = 0; k < ne; k++) p->enum_json[k] = VALUES[ff_choose(in, NV)];
  }
  d->ntags = ff_range(in, 0, 2);
  for (size_t t = 0; t < d->ntags; t++) d->tags[t] = TAGS[ff_choose(in, 4)];
}

static bool model_def_ok(const mcp_tool_def *d) {
  for (size_t i = 0; i < d->nparams; i++) {
    const mcp_param *p = &d->params[i];
    if (!model_pname_ok(p->name)) return false;
    for (size_t j = 0; j < i; j++)
      if (strcmp(p->name, d->params[j].name) == 0) return false;
    for (size_t k = 0; p->enum_json[k]; k++) {
      json_t *e = json_loads(p->enum_json[k], JSON_DECODE_ANY, NULL);
      bool t = type_of(p->type, e);
      json_decref(e);
      if (!t) return false;
    }
    if (p->default_json && (p->required || !text_fits(p, p->default_json))) return false;
  }
  return true;
}

static void check_listing(const mcp_registry *r, const mcp_tool_def *const *model, size_t n, ff_input *in) {
  const char *cat = ff_bool(in) ? NULL : TAGS[ff_choose(in, 4)];
  json_t *a = mcp_registry_list_json(r, cat), *b = mcp_registry_list_json(r, cat);
  char *sa = json_dumps(a, JSON_COMPACT), *sb = json_dumps(b, JSON_COMPACT);
  FF_INVARIANT(sa && sb && strcmp(sa, sb) == 0, "mcp.reg_listing", "two listings differ");
  json_t *tools = json_object_get(a, "tools");
  size_t want = 0;
  for (size_t i = 0; i < n; i++) {
    bool has = !cat;
    for (size_t t = 0; t < model[i]->ntags && !has; t++) has = strcmp(model[i]->tags[t], cat) == 0;
    want += has;
  }
  FF_INVARIANT(json_array_size(tools) == want, "mcp.reg_listing", "%zu tools listed for %s, %zu registered",
               json_array_size(tools), cat ? cat : "(all)", want);
  for (size_t i = 1; i < json_array_size(tools); i++) {
    const char *p = json_string_value(json_object_get(json_array_get(tools, i - 1), "name"));
    const char *q = json_string_value(json_object_get(json_array_get(tools, i), "name"));
    FF_INVARIANT(p && q && strcmp(p, q) < 0, "mcp.reg_listing", "'%s' listed before '%s'", p, q);
  }
  json_t *cats = json_object_get(a, "categories");
  for (size_t i = 1; i < json_array_size(cats); i++)
    FF_INVARIANT(strcmp(json_string_value(json_array_get(cats, i - 1)), json_string_value(json_array_get(cats, i))) < 0,
                 "mcp.reg_listing", "categories not sorted or repeated: %s", sa);
  free(sa);
  free(sb);
  json_decref(a);
  json_decref(b);
}

static json_t *gen_params(ff_input *in, const mcp_tool_def *d) {
  size_t shape = ff_choose(in, 8);
  if (shape == 7) return json_loads(VALUES[ff_choose(in, NV)], JSON_DECODE_ANY, NULL); /* not an object */
  json_t *o = json_object();
  for (size_t i = 0; i < d->nparams; i++) {
    if (ff_choose(in, 3) == 0) continue;
    const mcp_param *p = &d->params[i];
    size_t ne = 0;
    while (p->enum_json[ne]) ne++;
    const char *text = ne && ff_bool(in) ? p->enum_json[ff_choose(in, ne)] : VALUES[ff_choose(in, NV)];
    json_object_set_new(o, p->name, json_loads(text, JSON_DECODE_ANY, NULL));
  }
  if (shape == 6) json_object_set_new(o, PNAMES[ff_choose(in, 8)], json_loads(VALUES[ff_choose(in, NV)], JSON_DECODE_ANY, NULL));
  return o;
}

static const int STATUS_OF[] = {200, 400, 403, 404, 500, 504};

/* One execution through mcp_execute, and the operation it may queue. */
static void check_execute(ff_input *in, const mcp_registry *r, const mcp_tool_def *d, tool_behaviour *b) {
  mcp_ops ops;
  mcp_ops_init(&ops);
  mcp_rng rng;
  mcp_rng_seed(&rng, 7);
  mcp_identity who = {.is_user = ff_choose(in, 5) != 0, .is_admin = ff_bool(in)};
  vm_address_normalize(mcp_gen_address(1), &who.addr);
  b->outcome = (mcp_tool_err)ff_choose(in, 6);
  json_t *p = gen_params(in, d);
  bool unknown = ff_choose(in, 8) == 0;
  const char *name = unknown ? "no.such.tool" : d->name;
  mcp_exec x;
  mcp_execute(r, &ops, &rng, &who, name, p, 1000, &x);
  int want = unknown ? 404 : !who.is_user ? 403 : !model_accepts(d, p) ? 400 : d->long_running ? 202 : STATUS_OF[b->outcome];
  char *text = json_dumps(p, JSON_COMPACT | JSON_ENCODE_ANY);
  FF_INVARIANT(x.status == want, "mcp.error_status", "%s(%s) answered %d, want %d (tool outcome %s)", name, text, x.status,
               want, mcp_tool_err_name(b->outcome));
  if (x.status == 200)
    FF_INVARIANT(strcmp(json_string_value(json_object_get(x.data, "status")), "success") == 0, "mcp.error_status",
                 "200 with a ToolResponse that is not a success");
  if (x.status == 202) {
    mcp_operation *op = mcp_ops_get(&ops, json_string_value(json_object_get(x.data, "operation_id")), &who);
    FF_INVARIANT(op && op->status == MCP_OP_QUEUED, "mcp.error_status", "202 without a queued operation");
    FF_INVARIANT(mcp_ops_run_pending(&ops, 1001) == 1, "mcp.error_status", "the queued operation did not run");
    mcp_op_status want_st = b->outcome == MCP_TOOL_OK ? MCP_OP_COMPLETED : MCP_OP_FAILED;
    FF_INVARIANT(op->status == want_st && (want_st == MCP_OP_COMPLETED || op->error_status == STATUS_OF[b->outcome]),
                 "mcp.error_status", "tool outcome %s left the operation %s (status %d)", mcp_tool_err_name(b->outcome),
                 mcp_op_status_name(op->status), op->error_status);
    FF_INVARIANT(op->progress >= 0 && op->progress <= 1 && (want_st != MCP_OP_COMPLETED || op->progress == 1),
                 "mcp.error_status", "progress %f", op->progress);
  }
  free(text);
  json_decref(x.data);
  json_decref(p);
  mcp_ops_free(&ops);
}

static void check_params(ff_input *in, const mcp_tool_def *d) {
  json_t *p = gen_params(in, d), *resolved = NULL;
  char msg[MCP_MSG_MAX];
  bool want = model_accepts(d, p);
  mcp_tool_err e = mcp_params_resolve(d, p, &resolved, msg, sizeof msg);
  char *text = json_dumps(p, JSON_COMPACT | JSON_ENCODE_ANY);
  FF_INVARIANT((e == MCP_TOOL_OK) == want, "mcp.schema_held", "%s: params %s %s (%s)", d->name, text,
               e == MCP_TOOL_OK ? "accepted" : "refused", e == MCP_TOOL_OK ? "schema says no" : msg);
  FF_INVARIANT(e == MCP_TOOL_OK || e == MCP_TOOL_E_INVALID, "mcp.error_status", "validation gave %s", mcp_tool_err_name(e));
  if (e == MCP_TOOL_OK) {
    FF_INVARIANT(model_accepts(d, resolved), "mcp.schema_held", "%s: resolved params break the schema", d->name);
    for (size_t i = 0; i < d->nparams; i++)
      if (d->params[i].default_json && !json_object_get(p, d->params[i].name)) {
        json_t *want_v = json_loads(d->params[i].default_json, JSON_DECODE_ANY, NULL);
        FF_INVARIANT(json_equal(json_object_get(resolved, d->params[i].name), want_v), "mcp.schema_held",
                     "%s: default of %s not filled in for %s", d->name, d->params[i].name, text);
        json_decref(want_v);
      }
  }
  free(text);
  json_decref(resolved);
  json_decref(p);
}

FF_PROPERTY(mcp_tool_registry) {
  static mcp_tool_def defs[DEFS];
  static tool_behaviour behaviour[DEFS];
  static char names[DEFS][24];
  const mcp_tool_def *model[DEFS];
  size_t n = 0;
  mcp_registry r;
  mcp_registry_init(&r);
  size_t ndefs = ff_range(in, 1, DEFS);
  for (size_t i = 0; i < ndefs; i++) {
    gen_def(in, &defs[i], names[i], sizeof names[i]);
    behaviour[i] = (tool_behaviour){.def = &defs[i]};
    defs[i].data = &behaviour[i];
    bool dup = false;
    for (size_t k = 0; k < n; k++) dup |= strcmp(model[k]->name, defs[i].name) == 0;
    mcp_reg_err want = !model_name_ok(defs[i].name) ? MCP_REG_BAD_NAME
                       : !model_def_ok(&defs[i])    ? MCP_REG_BAD_DEF
                       : dup                        ? MCP_REG_DUPLICATE
                                                    : MCP_REG_OK;
    mcp_reg_err got = mcp_registry_add(&r, &defs[i]);
    FF_INVARIANT(got == want, "mcp.reg_model", "registering '%s' gave %d, the model %d", defs[i].name, got, want);
    if (got == MCP_REG_OK) model[n++] = &defs[i];
    if (dup) {
      const mcp_tool_def *kept = mcp_registry_find(&r, defs[i].name);
      FF_INVARIANT(kept != &defs[i], "mcp.reg_model", "the duplicate '%s' replaced the first", defs[i].name);
    }
  }
  FF_INVARIANT(r.n == n, "mcp.reg_model", "%zu tools registered, the model has %zu", r.n, n);
  while (ff_more(in)) {
    size_t act = ff_choose(in, 4);
    if (act == 0) check_listing(&r, model, n, in);
    else if (act == 3 && n) {
      size_t k = ff_choose(in, n);
      check_execute(in, &r, model[k], (tool_behaviour *)model[k]->data);
    } else if (n) check_params(in, model[ff_choose(in, n)]);
    if (act == 2) {
      const char *probe = NAMES[ff_choose(in, sizeof NAMES / sizeof *NAMES)];
      const mcp_tool_def *f = mcp_registry_find(&r, probe);
      bool known = false;
      for (size_t k = 0; k < n; k++) known |= strcmp(model[k]->name, probe) == 0;
      FF_INVARIANT((f != NULL) == known, "mcp.reg_model", "lookup of '%s' %s", probe, f ? "found it" : "missed it");
    }
  }
}
