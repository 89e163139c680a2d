/* mcp_workload: Formfiles as text (lines from a pool of good and bad
 * arguments for every instruction, sometimes with a byte bent) and as JSON
 * (a parsed Formfile's JSON with one field made hostile), signed pack build
 * requests (honest, with the Formfile, artifacts or name swapped under the
 * same signature, a bent signature, other subtopics), and deployments
 * through form_pack_build and form_pack_ship. Oracles:
 *   mcp.ff_limits      whatever either parser accepts holds every rule,
 *                      checked again here: vcpus 1..128, memory 512..256000,
 *                      disk >= 5, GPU models and counts 1..8, names, users,
 *                      workdir and COPY paths without "..", ports 1..65535;
 *   mcp.ff_first_wins  the first VCPU/MEMORY line is the one kept;
 *   mcp.ff_roundtrip   text -> JSON -> parse -> JSON gives the same bytes;
 *   mcp.pack_bound     a build request is accepted only when its hash is
 *                      the one recomputed for its signer and request, and
 *                      its image path is <image dir>/<64 hex>.raw;
 *   mcp.deploy_owner   the VM a ship creates belongs to the caller, with the
 *                      Formfile's vcpus; nobody ships another user's build. */
#include <jansson.h>
#include <nettle/sha3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formfuzz/oracle.h"
#include "formfuzz/prop.h"
#include "gen.h"

typedef struct pool {
  const char *ins;
  const char *const *args;
  size_t n;
} pool;

#define POOL(name, ...) static const char *const name[] = {__VA_ARGS__}
POOL(A_NAME, "app", "my-agent", "a.b_c-1", "../x", "a/b", "x y", "-x");
POOL(A_VCPU, "1", "4", "+8", "128", "0", "129", "256", " 4", "4 ", "abc");
POOL(A_MEM, "512", "2048", "256000", "511", "256001", "99999999999");
POOL(A_DISK, "5", "20", "65535", "4", "65536");
POOL(A_GPU, "H100", "H100:2", "B200:8", "RTX5090: 3 :x", "H100:9", "X:1", "h100", "H200:0");
POOL(A_WORKDIR, "/", "/srv/app", "/a/./b", "rel", "/a/../b", "/..");
POOL(A_RUN, "echo hi", "apt-get update && make", "x");
POOL(A_COPY, "a b", "./app /srv", "../a /b", "a", "a b c", "/abs ../x");
POOL(A_INSTALL, "curl", "python3.11 gcc", "-y", "curl ;x");
POOL(A_ENV, "A=1", "--scope=user:bob K=v", "--scope=system X=", "--scope=bad X=1", "1A=1", "A B=1", "PATH=/a=b");
POOL(A_ENTRY, "python app.py", "[\"a\",\"b\"]", "[]", "\"unclosed", "[1]", "\"a b\" c", "");
POOL(A_EXPOSE, "80", "80,443 80", "0", "65536", "22 x");
POOL(A_USER, "username:bob", "username:bob passwd:pw sudo:true", "sudo:true", "username:Root!",
     "username:a shell:/bin/zsh groups:adm,wheel", "username:a passwd=a:b", "username:a 'unclosed", "username:c shell:zsh");
POOL(A_MODEL, "required:llama", "preferred:", "a:b:c", "preferred : m ");
POOL(A_DESC, "a description", "  ");
#define P(ins, a) {ins, a, sizeof a / sizeof *a}
static const pool POOLS[] = {P("NAME", A_NAME),       P("VCPU", A_VCPU),       P("CPU", A_VCPU),   P("MEMORY", A_MEM),
                             P("MEM", A_MEM),         P("DISK", A_DISK),       P("GPU", A_GPU),    P("WORKDIR", A_WORKDIR),
                             P("RUN", A_RUN),         P("COPY", A_COPY),       P("INSTALL", A_INSTALL), P("ENV", A_ENV),
                             P("ENTRYPOINT", A_ENTRY), P("EXPOSE", A_EXPOSE),  P("USER", A_USER),  P("MODEL", A_MODEL),
                             P("DESCRIPTION", A_DESC)};
#define NPOOLS (sizeof POOLS / sizeof *POOLS)

static bool dotdot(const char *p) {
  for (const char *s = p; (s = strstr(s, "..")); s += 2)
    if ((s == p || s[-1] == '/') && (s[2] == 0 || s[2] == '/')) return true;
  return false;
}

static bool name_ok(const char *s) {
  size_t n = strlen(s);
  return n >= 1 && n <= 63 && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") == n &&
         s[0] != '.' && s[0] != '-' && s[0] != '_' && !strstr(s, "..");
}

static bool user_ok(const char *s) {
  size_t n = strlen(s);
  return n >= 1 && n <= 32 && ((s[0] >= 'a' && s[0] <= 'z') || s[0] == '_') && strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_-") == n;
}

/* Every rule, written again from §6.1 and the intended fixes. */
static void check_limits(const mcp_formfile *f, const char *how) {
  const char *id = "mcp.ff_limits";
  FF_INVARIANT(name_ok(f->name), id, "%s: NAME '%s'", how, f->name);
  FF_INVARIANT(f->vcpus >= 1 && f->vcpus <= 128, id, "%s: vcpus %u", how, f->vcpus);
  FF_INVARIANT(f->memory_mb >= 512 && f->memory_mb <= 256000, id, "%s: memory %u", how, f->memory_mb);
  FF_INVARIANT(!f->has_disk || f->disk_gb >= 5, id, "%s: disk %u", how, f->disk_gb);
  FF_INVARIANT(f->workdir[0] == '/' && !dotdot(f->workdir), id, "%s: workdir '%s'", how, f->workdir);
  for (size_t i = 0; i < f->ngpus; i++) {
    const char *m = f->gpus[i].model;
    bool known = !strcmp(m, "RTX5090") || !strcmp(m, "H100") || !strcmp(m, "H200") || !strcmp(m, "B200");
    FF_INVARIANT(known && f->gpus[i].count >= 1 && f->gpus[i].count <= 8, id, "%s: GPU %s x%u", how, m, f->gpus[i].count);
  }
  for (size_t i = 0; i < f->nusers; i++) {
    const mcp_ff_user *u = &f->users[i];
    FF_INVARIANT(user_ok(u->username) && (!u->passwd[0] || strncmp(u->passwd, "$6$", 3) == 0) && u->shell[0] == '/', id,
                 "%s: user '%s' passwd '%.12s' shell '%s'", how, u->username, u->passwd, u->shell);
  }
  for (size_t i = 0; i < f->ninstr; i++) {
    const mcp_ff_instr *in = &f->instrs[i];
    if (in->kind == MCP_FI_COPY) FF_INVARIANT(!dotdot(in->a) && !dotdot(in->b), id, "%s: COPY %s %s", how, in->a, in->b);
    if (in->kind == MCP_FI_EXPOSE)
      for (size_t k = 0; k < in->nports; k++) FF_INVARIANT(in->ports[k] >= 1, id, "%s: EXPOSE 0", how);
  }
}

static void check_roundtrip(const mcp_formfile *f) {
  static mcp_formfile back;
  char err[MCP_ERR_MAX];
  char *a = mcp_formfile_to_json(f);
  FF_INVARIANT(a, "mcp.ff_roundtrip", "an accepted Formfile has no JSON");
  FF_INVARIANT(mcp_formfile_from_json(a, strlen(a), &back, err, sizeof err), "mcp.ff_roundtrip", "own JSON refused: %s: %s",
               err, a);
  char *b = mcp_formfile_to_json(&back);
  FF_INVARIANT(b && strcmp(a, b) == 0, "mcp.ff_roundtrip", "JSON changed:\n%s\n%s", a, b ? b : "(none)");
  free(a);
  free(b);
}

/* The value of the first line of text starting with one of the words (0: none). */
static long first_value(const char *text, const char *const *words) {
  for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
    while (*l == ' ' || *l == '\t' || *l == '\r') l++;
    for (size_t w = 0; words[w]; w++) {
      size_t n = strlen(words[w]);
      if (strncmp(l, words[w], n) == 0 && l[n] == ' ') return strtol(l + n + 1, NULL, 10);
    }
  }
  return 0;
}

/* A generated Formfile text into buf. */
static void gen_text(ff_input *in, char *buf, size_t cap) {
  size_t n = 0;
  buf[0] = 0;
  if (ff_choose(in, 8)) n += (size_t)snprintf(buf + n, cap - n, "NAME %s\n", A_NAME[ff_choose(in, 3)]);
  while (ff_more(in) && n + 200 < cap) {
    const pool *p = &POOLS[ff_choose(in, NPOOLS)];
    const char *arg = p->args[ff_choose(in, p->n)];
    char line[160];
    snprintf(line, sizeof line, "%s %s", p->ins, arg);
    if (ff_choose(in, 10) == 0) {
      size_t at = ff_choose(in, strlen(line));
      line[at] = "\t\r#:=\"' x\x01\xff\xc3"[ff_choose(in, 12)]; /* the last two: not UTF-8 alone */
    }
    n += (size_t)snprintf(buf + n, cap - n, "%s%s", line, ff_choose(in, 6) ? "\n" : "\r\n");
  }
}

static void text_case(ff_input *in, mcp_formfile *f) {
  char buf[2048], err[MCP_ERR_MAX];
  gen_text(in, buf, sizeof buf);
  static const char *const VCPU_WORDS[] = {"VCPU", "CPU", "CORES", NULL}, *const MEM_WORDS[] = {"MEMORY", "MEM", "MBS", NULL};
  long fv = first_value(buf, VCPU_WORDS), fm = first_value(buf, MEM_WORDS);
  mcp_rng rng;
  mcp_rng_seed(&rng, 1);
  if (!mcp_formfile_parse_text(buf, strlen(buf), &rng, f, err, sizeof err)) return;
  check_limits(f, "text");
  FF_INVARIANT(f->vcpus == (fv ? fv : 1), "mcp.ff_first_wins", "first VCPU %ld, kept %u:\n%s", fv, f->vcpus, buf);
  if (fm > 0) FF_INVARIANT(f->memory_mb == fm, "mcp.ff_first_wins", "first MEMORY %ld, kept %u", fm, f->memory_mb);
  check_roundtrip(f);
}

static const char BASE[] = "NAME app\nVCPU 2\nMEMORY 1024\nDISK 10\nGPU H100:2\nCOPY a /b\nEXPOSE 80\n"
                           "USER username:bob shell:/bin/sh\nWORKDIR /srv\n";

static void json_case(ff_input *in, mcp_formfile *f) {
  char err[MCP_ERR_MAX];
  mcp_rng rng;
  mcp_rng_seed(&rng, 2);
  FF_INVARIANT(mcp_formfile_parse_text(BASE, sizeof BASE - 1, &rng, f, err, sizeof err), "mcp.ff_limits", "base: %s", err);
  char *js = mcp_formfile_to_json(f);
  json_t *d = json_loads(js, 0, NULL);
  free(js);
  json_t *sys = json_object_get(d, "system_config"), *user = json_array_get(json_object_get(d, "users"), 0);
  switch (ff_choose(in, 10)) {
  case 0: json_array_set_new(sys, 0, json_pack("{s:I}", "Cpu", (json_int_t)ff_range(in, 0, 300))); break;
  case 1: json_array_set_new(sys, 1, json_pack("{s:I}", "Memory", (json_int_t)ff_range(in, 0, 300000))); break;
  case 2: json_array_set_new(sys, 2, json_pack("{s:I}", "Disk", (json_int_t)ff_range(in, 0, 70000))); break;
  case 3: json_array_set_new(sys, 3, json_pack("{s:{s:s, s:I}}", "Gpu", "model", ff_bool(in) ? "X" : "H200", "count",
                                               (json_int_t)ff_range(in, 0, 255))); break;
  case 4: json_object_set_new(user, "username", json_string(ff_bool(in) ? "Root!" : "")); break;
  case 5: json_object_set_new(user, "passwd", json_string(ff_bool(in) ? "plaintext" : "$6$x")); break;
  case 6: json_object_set_new(d, "workdir", json_string(ff_bool(in) ? "../.." : "/a/..")); break;
  case 7: json_object_set_new(d, "name", json_string(ff_bool(in) ? "../x" : "a/b")); break;
  case 8: json_array_append_new(json_object_get(d, "build_instructions"), json_pack("{s:[i]}", "Expose", 0)); break;
  default: json_array_append_new(json_object_get(d, "build_instructions"), json_pack("{s:[s,s]}", "Copy", "../a", "/b")); break;
  }
  char *bent = json_dumps(d, JSON_COMPACT);
  json_decref(d);
  if (mcp_formfile_from_json(bent, strlen(bent), f, err, sizeof err)) {
    check_limits(f, "json");
    check_roundtrip(f);
  }
  free(bent);
}

static void pack_case(ff_input *in, mcp_formfile *f) {
  char err[MCP_ERR_MAX];
  mcp_rng rng;
  mcp_rng_seed(&rng, 3);
  FF_INVARIANT(mcp_formfile_parse_text(BASE, sizeof BASE - 1, &rng, f, err, sizeof err), "mcp.ff_limits", "base: %s", err);
  size_t k = ff_choose(in, MCP_GEN_USERS);
  uint8_t art[8];
  size_t alen = ff_bytes(in, art, sizeof art);
  char *req = mcp_pack_request_json(mcp_gen_key(k), f, art, alen);
  json_t *d = json_loads(req, 0, NULL);
  free(req);
  json_t *r = json_object_get(d, "request");
  size_t how = ff_choose(in, 6);
  if (how == 1) json_array_set_new(json_object_get(json_object_get(r, "formfile"), "system_config"), 0,
                                   json_pack("{s:I}", "Cpu", (json_int_t)ff_range(in, 3, 128)));
  if (how == 2) json_array_append_new(json_object_get(r, "artifacts"), json_integer((json_int_t)ff_range(in, 0, 255)));
  if (how == 3) {
    json_object_set_new(r, "name", json_string("other"));
    json_object_set_new(json_object_get(r, "formfile"), "name", json_string("other"));
  }
  if (how == 4) {
    char sig[129];
    snprintf(sig, sizeof sig, "%s", json_string_value(json_object_get(json_object_get(d, "sig"), "sig")));
    sig[ff_choose(in, 128)] = "0123456789abcdef"[ff_choose(in, 16)];
    json_object_set_new(json_object_get(d, "sig"), "sig", json_string(sig));
  }
  char *text = json_dumps(d, JSON_COMPACT);
  size_t tl = strlen(text);
  uint8_t *msg = malloc(tl + 1);
  msg[0] = ff_choose(in, 8) == 0 ? (uint8_t)ff_range(in, 1, 255) : 0;
  memcpy(msg + 1, text, tl);
  static mcp_pack_build b;
  bool ok = mcp_pack_handle_message(msg, tl + 1, &b, err, sizeof err);
  if (ok) {
    /* recompute here: SHA3(SHA3(signer || name) || JSON || SHA3(artifacts)) */
    uint8_t s20[20], who[32], ah[32], want[32];
    ff_hex_decode(b.signer.hex, 40, s20, 20);
    struct sha3_256_ctx c;
    sha3_256_init(&c);
    sha3_256_update(&c, 20, s20);
    sha3_256_update(&c, strlen(b.formfile.name), (const uint8_t *)b.formfile.name);
    sha3_256_digest(&c, 32, who);
    json_t *arts = json_object_get(r, "artifacts");
    uint8_t ab[16];
    for (size_t i = 0; i < json_array_size(arts); i++) ab[i] = (uint8_t)json_integer_value(json_array_get(arts, i));
    sha3_256_init(&c);
    sha3_256_update(&c, json_array_size(arts), ab);
    sha3_256_digest(&c, 32, ah);
    char *ffj = mcp_formfile_to_json(&b.formfile);
    sha3_256_init(&c);
    sha3_256_update(&c, 32, who);
    sha3_256_update(&c, strlen(ffj), (const uint8_t *)ffj);
    sha3_256_update(&c, 32, ah);
    sha3_256_digest(&c, 32, want);
    free(ffj);
    json_t *h = json_object_get(d, "hash");
    bool same = json_array_size(h) == 32;
    for (size_t i = 0; same && i < 32; i++) same = json_integer_value(json_array_get(h, i)) == want[i];
    FF_INVARIANT(same, "mcp.pack_bound", "case %zu accepted a hash that is not this request's (signer %s)", how, b.signer.hex);
    FF_INVARIANT(strncmp(b.image_path, MCP_IMAGE_DIR "/", sizeof MCP_IMAGE_DIR) == 0 &&
                     strlen(b.image_path) == sizeof MCP_IMAGE_DIR + 64 + 4 && !strstr(b.image_path, ".."),
                 "mcp.pack_bound", "image path %s", b.image_path);
    check_limits(&b.formfile, "pack");
  }
  if (how == 0 && msg[0] == 0)
    FF_INVARIANT(ok && strcmp(b.signer.hex, mcp_gen_address(k)) == 0, "mcp.pack_bound", "honest request refused: %s", err);
  free(msg);
  free(text);
  json_decref(d);
}

static void deploy_case(ff_input *in) {
  static mcp_server s;
  uint8_t secret[MCP_SECRET_LEN] = {1};
  mcp_server_init(&s, secret, 600, ff_u64(in));
  size_t u = ff_choose(in, MCP_GEN_USERS), other = (u + 1) % MCP_GEN_USERS;
  mcp_identity who[MCP_GEN_USERS];
  for (size_t i = 0; i < MCP_GEN_USERS; i++) {
    who[i] = (mcp_identity){.is_user = true, .is_admin = i == 0};
    vm_address_normalize(mcp_gen_address(i), &who[i].addr);
  }
  char text[256];
  unsigned vcpus = (unsigned)ff_range(in, 1, 128);
  snprintf(text, sizeof text, "NAME %s\nVCPU %u\n", A_NAME[ff_choose(in, 3)], vcpus);
  json_t *p = json_pack("{s:s}", "formfile", text);
  mcp_exec x;
  mcp_execute(&s.reg, &s.ops, &s.rng, &who[u], "form_pack_build", p, 10, &x);
  json_decref(p);
  json_decref(x.data);
  mcp_ops_run_pending(&s.ops, 11);
  const mcp_build *b = &s.env.builds[0];
  FF_INVARIANT(b->used, "mcp.deploy_owner", "the build of %s did not complete", text);
  char iname[16];
  snprintf(iname, sizeof iname, "vm-%u", (unsigned)ff_choose(in, 4));
  p = json_pack("{s:s, s:s}", "build_id", b->build_id, "instance_name", iname);
  size_t shipper = ff_bool(in) ? u : other;
  mcp_execute(&s.reg, &s.ops, &s.rng, &who[shipper], "form_pack_ship", p, 12, &x);
  json_decref(p);
  json_decref(x.data);
  mcp_ops_run_pending(&s.ops, 13);
  const vm_instance *made = NULL;
  for (size_t i = 0; i < VM_MAX_INSTANCES; i++)
    if (s.env.store.instances[i].used) made = &s.env.store.instances[i];
  if (shipper != u) FF_INVARIANT(!made, "mcp.deploy_owner", "user %zu shipped user %zu's build", shipper, u);
  else {
    FF_INVARIANT(made && vm_addr_equal(&made->owner, &who[u].addr), "mcp.deploy_owner", "the shipped VM belongs to %s, not %s",
                 made ? made->owner.hex : "(no VM)", who[u].addr.hex);
    const mcp_vm_spec *sp = mcp_env_spec(&s.env, made->id);
    FF_INVARIANT(sp && sp->vcpus == vcpus, "mcp.deploy_owner", "VM has %u vcpus, the Formfile %u", sp ? sp->vcpus : 0, vcpus);
  }
  mcp_server_free(&s);
}

FF_PROPERTY(mcp_workload) {
  mcp_formfile *f = malloc(sizeof *f);
  switch (ff_choose(in, 4)) {
  case 0: text_case(in, f); break;
  case 1: json_case(in, f); break;
  case 2: pack_case(in, f); break;
  default: deploy_case(in); break;
  }
  free(f);
}
