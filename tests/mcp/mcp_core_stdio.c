/* mcp_core_stdio: the mcp component's REST API (components/mcp, the core of
 * formfuzz-mcp) behind a Model Context Protocol front on stdio, so that
 * `formfuzz mcp --stdio` can fuzz C code of the project with edge coverage.
 * Test scaffolding, not Formation behaviour: form-mcp itself speaks REST, not
 * JSON-RPC (fact sheet formation-vm-mcp-econ-pack.md §4.1).
 *
 * One JSON-RPC 2.0 message a line. initialize, ping, tools/list (each tool of
 * the registry with an inputSchema made from its parameters: type, enum,
 * default, required, no other property), tools/call (POST /api/tools/<name>
 * with {"parameters": arguments} and a token of one user; a queued operation
 * is run and read back; the REST body is the text content, isError from the
 * status), empty resource and prompt lists. Built with inline 8-bit counters
 * and the live coverage runtime (tests/mcp/CMakeLists.txt). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mcp.h"

#define USER_ADDR "0x00000000000000000000000000000000000a11ce"
#define PROTOCOL_DEFAULT "2025-06-18"

static const char *const PROTOCOLS[] = {"2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"};

static void send_json(json_t *msg) {
  char *text = json_dumps(msg, JSON_COMPACT);
  if (text) printf("%s\n", text);
  fflush(stdout);
  free(text);
  json_decref(msg);
}

static void reply(json_t *id, json_t *result) {
  send_json(json_pack("{s:s, s:O, s:o}", "jsonrpc", "2.0", "id", id, "result", result));
}

static void reply_error(json_t *id, int code, const char *message) {
  send_json(json_pack("{s:s, s:O, s:{s:i, s:s}}", "jsonrpc", "2.0", "id", id ? id : json_null(), "error", "code",
                      code, "message", message));
}

/* A REST ToolDefinition as an MCP tool. */
static json_t *mcp_tool(json_t *def) {
  json_t *props = json_object(), *required = json_array(), *p;
  size_t i;
  json_array_foreach(json_object_get(def, "parameters"), i, p) {
    const char *name = json_string_value(json_object_get(p, "name"));
    /* parameter_type is already a JSON Schema type name (mcp_ptype_name) */
    json_t *prop = json_pack("{s:O, s:O}", "type", json_object_get(p, "parameter_type"), "description",
                             json_object_get(p, "description"));
    json_t *en = json_object_get(p, "enum_values"), *def_value = json_object_get(p, "default");
    if (json_is_array(en)) json_object_set(prop, "enum", en);
    if (def_value && !json_is_null(def_value)) json_object_set(prop, "default", def_value);
    json_object_set_new(props, name, prop);
    if (json_is_true(json_object_get(p, "required"))) json_array_append_new(required, json_string(name));
  }
  return json_pack("{s:O, s:O, s:{s:s, s:o, s:o, s:b}}", "name", json_object_get(def, "name"), "description",
                   json_object_get(def, "description"), "inputSchema", "type", "object", "properties", props,
                   "required", required, "additionalProperties", 0);
}

typedef struct bridge {
  mcp_server srv;
  char bearer[MCP_TOKEN_MAX + 8];
} bridge;

static json_t *rest(bridge *b, const char *method, const char *target, const char *body, int *status) {
  mcp_response r;
  uint64_t now = (uint64_t)time(NULL);
  mcp_handle(&b->srv, method, target, b->bearer, body, body ? strlen(body) : 0, now, &r);
  *status = r.status;
  json_t *parsed = json_loadb(r.body ? r.body : "", r.len, 0, NULL);
  json_t *out = parsed ? parsed : json_stringn(r.body ? r.body : "", r.len);
  mcp_response_free(&r);
  return out;
}

static void tools_list(bridge *b, json_t *id) {
  int status;
  json_t *listing = rest(b, "GET", "/api/tools", NULL, &status);
  json_t *tools = json_array(), *def;
  size_t i;
  json_array_foreach(json_object_get(json_object_get(listing, "data"), "tools"), i, def)
    json_array_append_new(tools, mcp_tool(def));
  json_decref(listing);
  reply(id, json_pack("{s:o}", "tools", tools));
}

static void tools_call(bridge *b, json_t *id, json_t *params) {
  const char *name = json_string_value(json_object_get(params, "name"));
  json_t *args = json_object_get(params, "arguments");
  if (!name || (args && !json_is_object(args))) {
    reply_error(id, -32602, "tools/call needs a name and an arguments object");
    return;
  }
  if (!mcp_registry_find(&b->srv.reg, name)) {
    reply_error(id, -32602, "Unknown tool");
    return;
  }
  char target[128];
  snprintf(target, sizeof target, "/api/tools/%s", name);
  json_t *req = json_pack("{s:O}", "parameters", args ? args : json_object());
  char *body = json_dumps(req, JSON_COMPACT);
  json_decref(req);
  int status;
  json_t *answer = rest(b, "POST", target, body, &status);
  free(body);
  const char *op_id = json_string_value(json_object_get(json_object_get(answer, "data"), "id"));
  if (status == 202 && op_id) { /* a long-running tool: run it, then read the operation */
    char op_target[128];
    snprintf(op_target, sizeof op_target, "/api/operations/%s", op_id);
    mcp_ops_run_pending(&b->srv.ops, (uint64_t)time(NULL));
    json_decref(answer);
    answer = rest(b, "GET", op_target, NULL, &status);
    const char *state = json_string_value(json_object_get(json_object_get(answer, "data"), "status"));
    if (state && strcmp(state, "failed") == 0) status = 500;
  }
  char *text = json_is_string(answer) ? strdup(json_string_value(answer)) : json_dumps(answer, JSON_COMPACT);
  json_decref(answer);
  reply(id, json_pack("{s:[{s:s, s:s}], s:b}", "content", "type", "text", "text", text ? text : "", "isError",
                      status >= 400));
  free(text);
}

static void initialize(json_t *id, json_t *params) {
  const char *asked = json_string_value(json_object_get(params, "protocolVersion"));
  const char *version = PROTOCOL_DEFAULT;
  for (size_t i = 0; asked && i < sizeof PROTOCOLS / sizeof *PROTOCOLS; i++)
    if (strcmp(asked, PROTOCOLS[i]) == 0) version = PROTOCOLS[i];
  reply(id, json_pack("{s:s, s:{s:{}}, s:{s:s, s:s}}", "protocolVersion", version, "capabilities", "tools",
                      "serverInfo", "name", "mcp_core_stdio", "version", MCP_VERSION));
}

/* The id of a message jansson cannot load (nested deeper than its limit):
 * the "id" member of the top-level object when it is an integer or a plain
 * string, else NULL. */
static json_t *id_of_unparsed(const char *p) {
  int depth = 0;
  for (; *p; p++) {
    if (*p == '"') {
      const char *start = ++p;
      while (*p && *p != '"') p += (*p == '\\' && p[1]) ? 2 : 1;
      if (!*p) return NULL;
      size_t len = (size_t)(p - start);
      const char *q = p + 1;
      while (*q == ' ' || *q == '\t') q++;
      if (depth != 1 || len != 2 || strncmp(start, "id", 2) != 0 || *q != ':') continue;
      for (q++; *q == ' ' || *q == '\t'; q++) {}
      if (*q == '-' || (*q >= '0' && *q <= '9')) return json_integer(strtoll(q, NULL, 10));
      const char *end = *q == '"' ? strchr(q + 1, '"') : NULL;
      return end && !memchr(q + 1, '\\', (size_t)(end - q - 1)) ? json_stringn(q + 1, (size_t)(end - q - 1)) : NULL;
    }
    if (*p == '{' || *p == '[') depth++;
    else if (*p == '}' || *p == ']') depth--;
  }
  return NULL;
}

static void handle(bridge *b, const char *line) {
  json_error_t jerr;
  json_t *msg = json_loads(line, JSON_ALLOW_NUL, &jerr);
  if (!msg) {
    json_t *id = id_of_unparsed(line);
    reply_error(id, -32700, "Parse error");
    json_decref(id);
    return;
  }
  json_t *id = json_object_get(msg, "id");
  const char *method = json_string_value(json_object_get(msg, "method"));
  json_t *params = json_object_get(msg, "params");
  bool id_ok = json_is_string(id) || json_is_integer(id);
  if (!json_is_object(msg) || (id && !id_ok)) {
    reply_error(NULL, -32600, "Invalid Request");
  } else if (!json_is_string(json_object_get(msg, "jsonrpc")) ||
             strcmp(json_string_value(json_object_get(msg, "jsonrpc")), "2.0") != 0 || !method) {
    if (id) reply_error(NULL, -32600, "Invalid Request"); /* the request is not valid: its id is not trusted */
  } else if (params && !json_is_object(params)) {
    if (id) reply_error(id, -32602, "Invalid params: MCP params are an object");
  } else if (!id) {
    /* a notification (notifications/initialized, cancelled, ...): never answered */
  } else if (strcmp(method, "initialize") == 0) {
    initialize(id, params);
  } else if (strcmp(method, "ping") == 0) {
    reply(id, json_object());
  } else if (strcmp(method, "tools/list") == 0) {
    tools_list(b, id);
  } else if (strcmp(method, "tools/call") == 0) {
    tools_call(b, id, params);
  } else if (strcmp(method, "resources/list") == 0) {
    reply(id, json_pack("{s:[]}", "resources"));
  } else if (strcmp(method, "resources/templates/list") == 0) {
    reply(id, json_pack("{s:[]}", "resourceTemplates"));
  } else if (strcmp(method, "prompts/list") == 0) {
    reply(id, json_pack("{s:[]}", "prompts"));
  } else {
    reply_error(id, -32601, "Method not found");
  }
  json_decref(msg);
}

int main(int argc, char **argv) {
  if (argc > 1) {
    bool help = strcmp(argv[1], "--help") == 0;
    fputs("usage: mcp_core_stdio   (MCP over stdio: the mcp component's tools, one user)\n", help ? stdout : stderr);
    return help ? 0 : 2;
  }
  static bridge b;
  uint8_t secret[MCP_SECRET_LEN];
  for (size_t i = 0; i < sizeof secret; i++) secret[i] = (uint8_t)(i * 37 + 11); /* fixed: runs repeat */
  mcp_server_init(&b.srv, secret, 86400, 1);
  mcp_claims claims = {.iat = (uint64_t)time(NULL), .exp = (uint64_t)time(NULL) + 86400, .has_roles = true};
  snprintf(claims.sub, sizeof claims.sub, "%s", USER_ADDR);
  snprintf(claims.roles, sizeof claims.roles, "user");
  char token[MCP_TOKEN_MAX];
  if (mcp_jwt_sign(b.srv.auth.secret, MCP_SECRET_LEN, &claims, token, sizeof token) < 0) {
    fprintf(stderr, "mcp_core_stdio: cannot sign the user's token\n");
    return 1;
  }
  snprintf(b.bearer, sizeof b.bearer, "Bearer %s", token);
  char *line = NULL;
  size_t cap = 0;
  ssize_t n;
  while ((n = getline(&line, &cap, stdin)) >= 0) {
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = '\0';
    if (n > 0) handle(&b, line);
  }
  free(line);
  mcp_server_free(&b.srv);
  return 0;
}
