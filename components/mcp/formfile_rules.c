/* The checks the Formfile text grammar (§6.1) and its JSON form (§6.2) share,
 * so that neither form can carry what the other refuses: names safe as file
 * names (the vm core's rule), the numeric limits, GPU models and counts,
 * usernames and groups, sha512-crypt hashes, absolute shells and workdirs,
 * COPY paths without "..", Debian-style package names, env keys, ports. */
#include <stdio.h>
#include <string.h>

#include "mcp.h"

const char *mcp_ff_check_name(const char *name) {
  return vm_name_validate(name) == VM_OK ? NULL : "NAME must be 1..63 of [A-Za-z0-9._-], a letter or digit first, no \"..\"";
}

const char *mcp_ff_check_vcpus(long long v) { return v >= 1 && v <= MCP_VCPUS_MAX ? NULL : "VCPU must be 1..128"; }
const char *mcp_ff_check_memory(long long v) {
  return v >= MCP_MEMORY_MIN && v <= MCP_MEMORY_MAX ? NULL : "MEMORY must be 512..256000 MB";
}
const char *mcp_ff_check_disk(long long v) { return v >= MCP_DISK_MIN && v <= MCP_DISK_MAX ? NULL : "DISK must be 5..65535 GB"; }
const char *mcp_ff_check_port(long long p) { return p >= 1 && p <= 65535 ? NULL : "EXPOSE ports must be 1..65535"; }

const char *mcp_ff_check_gpu(const char *model, long long count) {
  static const char *const MODELS[] = {"RTX5090", "H100", "H200", "B200"};
  bool known = false;
  for (size_t i = 0; i < 4; i++) known |= strcmp(model, MODELS[i]) == 0;
  if (!known) return "GPU model must be RTX5090, H100, H200 or B200";
  return count >= 1 && count <= 8 ? NULL : "GPU count must be 1..8";
}

/* No ".." component in path. */
static bool has_dotdot(const char *path) {
  for (const char *p = path; (p = strstr(p, "..")) != NULL; p += 2)
    if ((p == path || p[-1] == '/') && (p[2] == 0 || p[2] == '/')) return true;
  return false;
}

static bool printable(const char *s) {
  for (; *s; s++)
    if ((unsigned char)*s < 0x20 || *s == 0x7f) return false;
  return true;
}

const char *mcp_ff_check_workdir(const char *path) {
  if (path[0] != '/' || has_dotdot(path) || !printable(path)) return "WORKDIR must be absolute, without \"..\"";
  return NULL;
}

const char *mcp_ff_check_copy_path(const char *path) {
  if (!path[0] || has_dotdot(path) || !printable(path)) return "COPY paths must not be empty or contain \"..\"";
  return NULL;
}

const char *mcp_ff_check_package(const char *pkg) {
  size_t n = strlen(pkg);
  bool ok = n >= 1 && n <= 64 && ((pkg[0] >= 'a' && pkg[0] <= 'z') || (pkg[0] >= '0' && pkg[0] <= '9')) &&
            strspn(pkg, "abcdefghijklmnopqrstuvwxyz0123456789+.-") == n;
  return ok ? NULL : "INSTALL package names are [a-z0-9][a-z0-9+.-]*";
}

const char *mcp_ff_check_env_key(const char *key) {
  size_t n = strlen(key);
  bool ok = n >= 1 && n < MCP_FF_STR && ((key[0] >= 'A' && key[0] <= 'Z') || (key[0] >= 'a' && key[0] <= 'z') || key[0] == '_') &&
            strspn(key, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_") == n;
  return ok ? NULL : "ENV keys are [A-Za-z_][A-Za-z0-9_]*";
}

const char *mcp_ff_check_username(const char *name) {
  size_t n = strlen(name);
  bool ok = n >= 1 && n <= MCP_FF_NAME_MAX && ((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_') &&
            strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_-") == n;
  return ok ? NULL : "user and group names are 1..32 of [a-z0-9_-], [a-z_] first";
}

const char *mcp_ff_check_passwd_hash(const char *hash) {
  if (!hash[0]) return NULL; /* no password */
  size_t n = strlen(hash);
  bool ok = strncmp(hash, "$6$", 3) == 0 && n > 8 && n < MCP_FF_STR &&
            strspn(hash, "$./=0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") == n &&
            strrchr(hash, '$') > hash + 3 && strrchr(hash, '$')[1];
  return ok ? NULL : "passwd must be a sha512-crypt hash";
}

const char *mcp_ff_check_shell(const char *shell) {
  return shell[0] == '/' && !has_dotdot(shell) && !strpbrk(shell, " \t") && printable(shell) ? NULL : "shell must be an absolute path";
}

static const char *check_instr(const mcp_ff_instr *in) {
  const char *e = NULL;
  switch (in->kind) {
  case MCP_FI_RUN: return in->a[0] && printable(in->a) ? NULL : "RUN needs a printable command";
  case MCP_FI_COPY: return (e = mcp_ff_check_copy_path(in->a)) ? e : mcp_ff_check_copy_path(in->b);
  case MCP_FI_INSTALL:
    if (!in->nlist) return "INSTALL needs a package";
    for (size_t i = 0; i < in->nlist; i++)
      if ((e = mcp_ff_check_package(in->list[i]))) return e;
    return NULL;
  case MCP_FI_ENV:
    if ((e = mcp_ff_check_env_key(in->a))) return e;
    if (in->scope != MCP_SCOPE_SYSTEM && !in->scope_name[0]) return "ENV scope needs a name";
    return strpbrk(in->b, " \t\n") || !printable(in->b) ? "ENV values have no whitespace" : NULL;
  case MCP_FI_ENTRYPOINT: return in->a[0] && printable(in->a) ? NULL : "ENTRYPOINT needs a command";
  case MCP_FI_EXPOSE:
    if (!in->nports) return "EXPOSE needs a port";
    for (size_t i = 0; i < in->nports; i++)
      if ((e = mcp_ff_check_port(in->ports[i])) || (i && in->ports[i] <= in->ports[i - 1])) return e ? e : "EXPOSE ports repeat";
    return NULL;
  }
  return "unknown instruction";
}

void mcp_formfile_init(mcp_formfile *f) {
  memset(f, 0, sizeof *f);
  f->vcpus = 1;
  f->memory_mb = MCP_MEMORY_MIN;
  strcpy(f->workdir, "/");
}

const char *mcp_ff_check(const mcp_formfile *f) {
  const char *e;
  if ((e = mcp_ff_check_name(f->name)) || (e = mcp_ff_check_vcpus(f->vcpus)) || (e = mcp_ff_check_memory(f->memory_mb)) ||
      (f->has_disk && (e = mcp_ff_check_disk(f->disk_gb))) || (e = mcp_ff_check_workdir(f->workdir)))
    return e;
  if (f->ninstr > MCP_FF_INSTR || f->ngpus > MCP_FF_GPUS || f->nusers > MCP_FF_USERS) return "too many entries";
  for (size_t i = 0; i < f->ngpus; i++)
    if ((e = mcp_ff_check_gpu(f->gpus[i].model, f->gpus[i].count))) return e;
  for (size_t i = 0; i < f->ninstr; i++)
    if ((e = check_instr(&f->instrs[i]))) return e;
  for (size_t i = 0; i < f->nusers; i++) {
    const mcp_ff_user *u = &f->users[i];
    if ((e = mcp_ff_check_username(u->username)) || (e = mcp_ff_check_passwd_hash(u->passwd)) || (e = mcp_ff_check_shell(u->shell)))
      return e;
    for (size_t g = 0; g < u->ngroups; g++)
      if ((e = mcp_ff_check_username(u->groups[g]))) return e;
    for (size_t k = 0; k < u->nkeys; k++)
      if (!u->keys[k][0] || !printable(u->keys[k])) return "ssh keys must be printable";
    for (size_t j = 0; j < i; j++)
      if (strcmp(f->users[j].username, u->username) == 0) return "a user is defined twice";
  }
  return NULL;
}
