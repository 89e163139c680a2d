/* The Formfile's serde JSON (§6.2): externally tagged instructions and
 * system_config entries, users, workdir. Read back through the same rules as
 * the text grammar (mcp_ff_check), so the JSON form cannot carry Cpu 0,
 * Memory 1, an unknown GPU, "Root!", a plaintext passwd or a "../.."
 * workdir; duplicate keys are refused and unknown fields ignored, as serde
 * does. The known-bug replica mcp.json_formfile_unchecked reads types only. */
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formfuzz/bug.h"
#include "mcp.h"

static json_t *str_array(const char (*items)[MCP_FF_ITEM], size_t n) {
  json_t *a = json_array();
  for (size_t i = 0; i < n; i++) json_array_append_new(a, json_string(items[i]));
  return a;
}

static json_t *instr_json(const mcp_ff_instr *in) {
  json_t *ports;
  switch (in->kind) {
  case MCP_FI_RUN: return json_pack("{s:s}", "Run", in->a);
  case MCP_FI_COPY: return json_pack("{s:[s,s]}", "Copy", in->a, in->b);
  case MCP_FI_INSTALL: return json_pack("{s:{s:o}}", "Install", "packages", str_array(in->list, in->nlist));
  case MCP_FI_ENV: {
    json_t *scope = in->scope == MCP_SCOPE_SYSTEM ? json_string("System")
                    : json_pack("{s:s}", in->scope == MCP_SCOPE_USER ? "User" : "Service", in->scope_name);
    return json_pack("{s:{s:s, s:s, s:o}}", "Env", "key", in->a, "value", in->b, "scope", scope);
  }
  case MCP_FI_ENTRYPOINT: return json_pack("{s:{s:s, s:o}}", "Entrypoint", "command", in->a, "args", str_array(in->list, in->nlist));
  case MCP_FI_EXPOSE:
    ports = json_array();
    for (size_t i = 0; i < in->nports; i++) json_array_append_new(ports, json_integer(in->ports[i]));
    return json_pack("{s:o}", "Expose", ports);
  }
  return json_null();
}

static json_t *user_json(const mcp_ff_user *u) {
  json_t *keys = json_array(), *groups = json_array();
  for (size_t i = 0; i < u->nkeys; i++) json_array_append_new(keys, json_string(u->keys[i]));
  for (size_t i = 0; i < u->ngroups; i++) json_array_append_new(groups, json_string(u->groups[i]));
  return json_pack("{s:s, s:s, s:o, s:b, s:b, s:s, s:b, s:b, s:b, s:{}, s:o}", "username", u->username, "passwd", u->passwd,
                   "ssh_authorized_keys", keys, "lock_passwd", u->lock_passwd, "sudo", u->sudo, "shell", u->shell,
                   "ssh_pwauth", u->ssh_pwauth, "disable_root", u->disable_root, "chpasswd_expire", u->chpasswd_expire,
                   "chpasswd_list", "groups", groups);
}

char *mcp_formfile_to_json(const mcp_formfile *f) {
  json_t *instrs = json_array(), *sys = json_array(), *users = json_array();
  for (size_t i = 0; i < f->ninstr; i++) json_array_append_new(instrs, instr_json(&f->instrs[i]));
  json_array_append_new(sys, json_pack("{s:i}", "Cpu", f->vcpus));
  json_array_append_new(sys, json_pack("{s:I}", "Memory", (json_int_t)f->memory_mb));
  if (f->has_disk) json_array_append_new(sys, json_pack("{s:i}", "Disk", f->disk_gb));
  for (size_t i = 0; i < f->ngpus; i++)
    json_array_append_new(sys, json_pack("{s:{s:s, s:i}}", "Gpu", "model", f->gpus[i].model, "count", f->gpus[i].count));
  for (size_t i = 0; i < f->nusers; i++) json_array_append_new(users, user_json(&f->users[i]));
  json_t *doc = json_pack("{s:s, s:s?, s:s?, s:b, s:o, s:o, s:o, s:s}", "name", f->name, "description",
                          f->has_description ? f->description : NULL, "model_id", f->has_model ? f->model_id : NULL,
                          "model_required", f->model_required, "build_instructions", instrs, "system_config", sys,
                          "users", users, "workdir", f->workdir);
  char *out = doc ? json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
  json_decref(doc);
  return out;
}

typedef struct reader {
  char *err;
  size_t cap;
} reader;

static bool bad(reader *r, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(r->err, r->cap, fmt, ap);
  va_end(ap);
  return false;
}

static bool get_str(json_t *v, char *out, size_t cap) {
  const char *s = json_string_value(v);
  if (!s || strlen(s) >= cap || strlen(s) != json_string_length(v)) return false;
  strcpy(out, s);
  return true;
}

static bool get_uint(json_t *v, json_int_t max, json_int_t *out) {
  if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > max) return false;
  *out = json_integer_value(v);
  return true;
}

static bool str_list(json_t *a, char *items, size_t item_cap, size_t max, size_t *n) {
  if (!json_is_array(a) || json_array_size(a) > max) return false;
  for (*n = 0; *n < json_array_size(a); (*n)++)
    if (!get_str(json_array_get(a, *n), items + *n * item_cap, item_cap)) return false;
  return true;
}

/* {"Tag": value} with exactly one key. */
static const char *tag_of(json_t *e, json_t **value) {
  if (!json_is_object(e) || json_object_size(e) != 1) return NULL;
  void *it = json_object_iter(e);
  *value = json_object_iter_value(it);
  return json_object_iter_key(it);
}

static bool read_instr(reader *r, json_t *e, mcp_ff_instr *in) {
  json_t *v;
  const char *tag = tag_of(e, &v);
  memset(in, 0, sizeof *in);
  if (!tag) return bad(r, "a build instruction is {\"Kind\": value}");
  if (!strcmp(tag, "Run")) return in->kind = MCP_FI_RUN, get_str(v, in->a, sizeof in->a) || bad(r, "Run is a string");
  if (!strcmp(tag, "Copy")) {
    in->kind = MCP_FI_COPY;
    return (json_array_size(v) == 2 && get_str(json_array_get(v, 0), in->a, sizeof in->a) &&
            get_str(json_array_get(v, 1), in->b, sizeof in->b)) ||
           bad(r, "Copy is [from, to]");
  }
  if (!strcmp(tag, "Install")) {
    in->kind = MCP_FI_INSTALL;
    return str_list(json_object_get(v, "packages"), in->list[0], MCP_FF_ITEM, MCP_FF_LIST, &in->nlist) ||
           bad(r, "Install is {packages: [...]}");
  }
  if (!strcmp(tag, "Env")) {
    in->kind = MCP_FI_ENV;
    json_t *sc = json_object_get(v, "scope"), *sv;
    if (!get_str(json_object_get(v, "key"), in->a, sizeof in->a) || !get_str(json_object_get(v, "value"), in->b, sizeof in->b))
      return bad(r, "Env is {key, value, scope}");
    if (json_is_string(sc) && !strcmp(json_string_value(sc), "System")) return true;
    const char *st = tag_of(sc, &sv);
    if (!st || (strcmp(st, "User") && strcmp(st, "Service")) || !get_str(sv, in->scope_name, sizeof in->scope_name))
      return bad(r, "Env scope is \"System\", {\"User\": u} or {\"Service\": s}");
    in->scope = st[0] == 'U' ? MCP_SCOPE_USER : MCP_SCOPE_SERVICE;
    return true;
  }
  if (!strcmp(tag, "Entrypoint")) {
    in->kind = MCP_FI_ENTRYPOINT;
    return (get_str(json_object_get(v, "command"), in->a, MCP_FF_ITEM) &&
            str_list(json_object_get(v, "args"), in->list[0], MCP_FF_ITEM, MCP_FF_LIST, &in->nlist)) ||
           bad(r, "Entrypoint is {command, args}");
  }
  if (!strcmp(tag, "Expose")) {
    in->kind = MCP_FI_EXPOSE;
    if (!json_is_array(v) || json_array_size(v) > MCP_FF_LIST) return bad(r, "Expose is [port, ...]");
    for (size_t i = 0; i < json_array_size(v); i++) {
      json_int_t port;
      if (!get_uint(json_array_get(v, i), 65535, &port)) return bad(r, "Expose ports are u16");
      size_t at = 0;
      while (at < in->nports && in->ports[at] < port) at++;
      if (at < in->nports && in->ports[at] == port) continue; /* a set (HashSet<u16>) */
      memmove(&in->ports[at + 1], &in->ports[at], (in->nports - at) * sizeof in->ports[0]);
      in->ports[at] = (uint16_t)port;
      in->nports++;
    }
    return true;
  }
  return bad(r, "unknown build instruction %.32s", tag);
}

static bool read_system(reader *r, json_t *sys, mcp_formfile *f) {
  bool cpu = false, mem = false;
  for (size_t i = 0; i < json_array_size(sys); i++) {
    json_t *v;
    json_int_t n;
    const char *tag = tag_of(json_array_get(sys, i), &v);
    if (!tag) return bad(r, "a system_config entry is {\"Kind\": value}");
    if (!strcmp(tag, "Cpu")) {
      if (!get_uint(v, 255, &n)) return bad(r, "Cpu is a u8");
      if (!cpu) f->vcpus = (uint8_t)n, cpu = true; /* the first wins, as in the text */
    } else if (!strcmp(tag, "Memory")) {
      if (!get_uint(v, UINT32_MAX, &n)) return bad(r, "Memory is a usize");
      if (!mem) f->memory_mb = (uint32_t)n, mem = true;
    } else if (!strcmp(tag, "Disk")) {
      if (!get_uint(v, 65535, &n)) return bad(r, "Disk is a u16");
      if (!f->has_disk) f->disk_gb = (uint16_t)n, f->has_disk = true;
    } else if (!strcmp(tag, "Gpu")) {
      if (f->ngpus == MCP_FF_GPUS) return bad(r, "at most %d Gpu entries", MCP_FF_GPUS);
      mcp_ff_gpu *g = &f->gpus[f->ngpus++];
      if (!get_str(json_object_get(v, "model"), g->model, sizeof g->model) || !get_uint(json_object_get(v, "count"), 255, &n))
        return bad(r, "Gpu is {model, count: u8}");
      g->count = (uint8_t)n;
    } else {
      return bad(r, "unknown system_config entry %.32s", tag);
    }
  }
  return true;
}

static bool get_bool(json_t *o, const char *k, bool *out) {
  json_t *v = json_object_get(o, k);
  if (!json_is_boolean(v)) return false;
  *out = json_is_true(v);
  return true;
}

static bool read_user(reader *r, json_t *o, mcp_ff_user *u) {
  memset(u, 0, sizeof *u);
  json_t *cl = json_object_get(o, "chpasswd_list");
  bool ok = json_is_object(o) && get_str(json_object_get(o, "username"), u->username, sizeof u->username) &&
            get_str(json_object_get(o, "passwd"), u->passwd, sizeof u->passwd) &&
            get_str(json_object_get(o, "shell"), u->shell, sizeof u->shell) && get_bool(o, "lock_passwd", &u->lock_passwd) &&
            get_bool(o, "sudo", &u->sudo) && get_bool(o, "ssh_pwauth", &u->ssh_pwauth) &&
            get_bool(o, "disable_root", &u->disable_root) && get_bool(o, "chpasswd_expire", &u->chpasswd_expire) &&
            str_list(json_object_get(o, "ssh_authorized_keys"), u->keys[0], MCP_FF_STR, MCP_FF_LIST / 2, &u->nkeys) &&
            str_list(json_object_get(o, "groups"), u->groups[0], MCP_FF_NAME_MAX + 1, MCP_FF_LIST, &u->ngroups) &&
            json_is_object(cl) && json_object_size(cl) == 0;
  return ok || bad(r, "a user has username, passwd, ssh_authorized_keys, lock_passwd, sudo, shell, ssh_pwauth, "
                      "disable_root, chpasswd_expire, chpasswd_list {} and groups");
}

static bool read_doc(reader *r, json_t *d, mcp_formfile *f) {
  json_t *instrs = json_object_get(d, "build_instructions"), *sys = json_object_get(d, "system_config"),
         *users = json_object_get(d, "users"), *desc = json_object_get(d, "description"), *model = json_object_get(d, "model_id");
  if (!json_is_object(d) || !get_str(json_object_get(d, "name"), f->name, sizeof f->name) ||
      !get_bool(d, "model_required", &f->model_required) || !json_is_array(instrs) || !json_is_array(sys) ||
      !json_is_array(users) || !get_str(json_object_get(d, "workdir"), f->workdir, sizeof f->workdir))
    return bad(r, "a Formfile has name, model_required, build_instructions, system_config, users and workdir");
  if ((f->has_description = desc && !json_is_null(desc)) && !get_str(desc, f->description, sizeof f->description))
    return bad(r, "description is a string or null");
  if ((f->has_model = model && !json_is_null(model)) && !get_str(model, f->model_id, sizeof f->model_id))
    return bad(r, "model_id is a string or null");
  if (json_array_size(instrs) > MCP_FF_INSTR || json_array_size(users) > MCP_FF_USERS)
    return bad(r, "at most %d instructions and %d users", MCP_FF_INSTR, MCP_FF_USERS);
  for (size_t i = 0; i < json_array_size(instrs); i++)
    if (!read_instr(r, json_array_get(instrs, i), &f->instrs[f->ninstr++])) return false;
  for (size_t i = 0; i < json_array_size(users); i++)
    if (!read_user(r, json_array_get(users, i), &f->users[f->nusers++])) return false;
  return read_system(r, sys, f);
}

bool mcp_formfile_from_json(const char *json, size_t len, mcp_formfile *f, char *err, size_t err_cap) {
  reader r = {err, err_cap};
  mcp_formfile_init(f);
  json_t *d = json_loadb(json, len, JSON_REJECT_DUPLICATES, NULL);
  if (!d) return bad(&r, "not JSON");
  bool ok = read_doc(&r, d, f);
  json_decref(d);
  if (!ok || FF_BUG("mcp.json_formfile_unchecked")) return ok;
  const char *why = mcp_ff_check(f);
  return why ? bad(&r, "%s", why) : true;
}
