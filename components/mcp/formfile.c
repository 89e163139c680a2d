/* The Formfile text grammar (§6.1): lines split on '\n' (a trailing '\r'
 * dropped), trimmed, '#' comments and empty lines skipped, the instruction
 * before the first space, the arguments verbatim after it; unknown
 * instructions are ignored and the first error stops the parse. Each value
 * goes through the rules both forms share (formfile_rules.c). Intended
 * behaviour where the real parser is lax: NAME is a safe file name, USER
 * needs a username and keeps its shell, EXPOSE is parsed, COPY and INSTALL
 * refuse extra or unsafe tokens instead of dropping or passing them. */
#include <crypt.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "mcp.h"

typedef struct parser {
  mcp_formfile *f;
  mcp_rng *rng;
  char *err;
  size_t err_cap;
  size_t line;
  bool seen_vcpus, seen_memory, seen_disk, seen_workdir, seen_name;
} parser;

static bool fail(parser *p, const char *fmt, ...) {
  va_list ap;
  int n = snprintf(p->err, p->err_cap, "line %zu: ", p->line);
  va_start(ap, fmt);
  if (n >= 0 && (size_t)n < p->err_cap) vsnprintf(p->err + n, p->err_cap - (size_t)n, fmt, ap);
  va_end(ap);
  return false;
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f' || c == '\n'; }

/* [s, s+n) trimmed of ASCII whitespace into out (cap bytes); false when too long. */
static bool copy_trimmed(const char *s, size_t n, char *out, size_t cap) {
  while (n && is_space(*s)) s++, n--;
  while (n && is_space(s[n - 1])) n--;
  if (n >= cap) return false;
  memcpy(out, s, n);
  out[n] = 0;
  return true;
}

/* Rust's unsigned from_str: an optional '+', then digits only; <= max. */
static bool parse_unsigned(const char *s, unsigned long long max, unsigned long long *out) {
  if (*s == '+') s++;
  if (!*s) return false;
  unsigned long long v = 0;
  for (; *s; s++) {
    if (*s < '0' || *s > '9') return false;
    v = v * 10 + (unsigned)(*s - '0');
    if (v > max) return false;
  }
  *out = v;
  return true;
}

/* Whitespace-separated tokens of args; returns how many (at most cap), or -1 when more. */
static int split_ws(const char *args, char toks[][MCP_FF_STR], int cap) {
  int n = 0;
  for (const char *p = args;;) {
    while (*p && is_space(*p)) p++;
    if (!*p) return n;
    const char *e = p;
    while (*e && !is_space(*e)) e++;
    if (n == cap || (size_t)(e - p) >= MCP_FF_STR) return -1;
    memcpy(toks[n], p, (size_t)(e - p));
    toks[n++][e - p] = 0;
    p = e;
  }
}

static mcp_ff_instr *new_instr(parser *p, mcp_ff_kind kind) {
  if (p->f->ninstr == MCP_FF_INSTR) return NULL;
  mcp_ff_instr *in = &p->f->instrs[p->f->ninstr++];
  memset(in, 0, sizeof *in);
  in->kind = kind;
  return in;
}

static bool set_checked(parser *p, const char *why) { return why ? fail(p, "%s", why) : true; }

static bool do_copy(parser *p, const char *args) {
  char t[3][MCP_FF_STR];
  if (split_ws(args, t, 3) != 2) return fail(p, "COPY takes a source and a destination");
  mcp_ff_instr *in = new_instr(p, MCP_FI_COPY);
  if (!in) return fail(p, "too many instructions");
  strcpy(in->a, t[0]);
  strcpy(in->b, t[1]);
  return set_checked(p, mcp_ff_check_copy_path(in->a) ? mcp_ff_check_copy_path(in->a) : mcp_ff_check_copy_path(in->b));
}

static bool do_install(parser *p, const char *args) {
  char t[MCP_FF_LIST][MCP_FF_STR];
  int n = split_ws(args, t, MCP_FF_LIST);
  if (n < 1) return fail(p, "INSTALL takes 1..%d packages", MCP_FF_LIST);
  mcp_ff_instr *in = new_instr(p, MCP_FI_INSTALL);
  if (!in) return fail(p, "too many instructions");
  for (int i = 0; i < n; i++) {
    if (mcp_ff_check_package(t[i])) return set_checked(p, mcp_ff_check_package(t[i]));
    strcpy(in->list[in->nlist++], t[i]);
  }
  return true;
}

static bool do_env(parser *p, const char *args) {
  char t[3][MCP_FF_STR];
  int n = split_ws(args, t, 3);
  mcp_ff_scope scope = MCP_SCOPE_SYSTEM;
  const char *scope_name = "";
  int k = 0;
  if (n >= 1 && strncmp(t[0], "--scope=", 8) == 0) {
    const char *s = t[0] + 8;
    if (strcmp(s, "system") == 0) scope = MCP_SCOPE_SYSTEM;
    else if (strncmp(s, "user:", 5) == 0 && s[5]) scope = MCP_SCOPE_USER, scope_name = s + 5;
    else if (strncmp(s, "service:", 8) == 0 && s[8]) scope = MCP_SCOPE_SERVICE, scope_name = s + 8;
    else return fail(p, "ENV --scope is system, user:<name> or service:<name>");
    k = 1;
  }
  if (n - k != 1) return fail(p, "ENV takes one KEY=value (no whitespace in the value)");
  char *eq = strchr(t[k], '=');
  if (!eq) return fail(p, "ENV takes KEY=value");
  *eq = 0;
  mcp_ff_instr *in = new_instr(p, MCP_FI_ENV);
  if (!in) return fail(p, "too many instructions");
  if (strlen(scope_name) >= sizeof in->scope_name) return fail(p, "ENV scope name too long");
  strcpy(in->a, t[k]);
  strcpy(in->b, eq + 1);
  in->scope = scope;
  strcpy(in->scope_name, scope_name);
  return set_checked(p, mcp_ff_check_env_key(in->a));
}

static bool parse_bool(const char *v, bool *out) {
  static const char *const T[] = {"true", "yes", "1", "on"}, *const F[] = {"false", "no", "0", "off"};
  for (int i = 0; i < 4; i++) {
    if (strcasecmp(v, T[i]) == 0) return *out = true, true;
    if (strcasecmp(v, F[i]) == 0) return *out = false, true;
  }
  return false;
}

/* Comma-separated, trimmed, empty items skipped; false when too many or too long. */
static bool split_commas(const char *v, char *items, size_t item_cap, size_t max, size_t *n) {
  *n = 0;
  for (const char *p = v;;) {
    const char *c = strchr(p, ',');
    size_t len = c ? (size_t)(c - p) : strlen(p);
    char tmp[MCP_FF_STR];
    if (!copy_trimmed(p, len, tmp, sizeof tmp) || strlen(tmp) >= item_cap) return false;
    if (tmp[0]) {
      if (*n == max) return false;
      strcpy(items + *n * item_cap, tmp);
      (*n)++;
    }
    if (!c) return true;
    p = c + 1;
  }
}

static bool hash_passwd(parser *p, const char *plain, char out[MCP_FF_STR]) {
  static const char ALNUM[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  char setting[40] = "$6$rounds=4096$";
  size_t n = strlen(setting);
  for (int i = 0; i < 16; i++) setting[n++] = ALNUM[mcp_rng_next(p->rng) % 62];
  setting[n++] = '$';
  setting[n] = 0;
  struct crypt_data cd;
  memset(&cd, 0, sizeof cd);
  const char *h = crypt_r(plain, setting, &cd);
  if (!h || h[0] != '$' || strlen(h) >= MCP_FF_STR) return false;
  strcpy(out, h);
  return true;
}

static bool user_field(parser *p, mcp_ff_user *u, const char *field, const char *v) {
  bool b;
  if (strcmp(field, "username") == 0) {
    if (mcp_ff_check_username(v)) return fail(p, "%s", mcp_ff_check_username(v));
    strcpy(u->username, v);
  } else if (strcmp(field, "passwd") == 0) {
    if (!v[0] || strlen(v) >= MCP_FF_STR) return fail(p, "USER passwd must be 1..255 bytes");
    if (!hash_passwd(p, v, u->passwd)) return fail(p, "USER passwd could not be hashed");
  } else if (strcmp(field, "ssh_authorized_keys") == 0) {
    if (!split_commas(v, u->keys[0], MCP_FF_STR, MCP_FF_LIST / 2, &u->nkeys)) return fail(p, "USER ssh_authorized_keys: at most 4 keys of 255 bytes");
  } else if (strcmp(field, "groups") == 0) {
    if (!split_commas(v, u->groups[0], MCP_FF_NAME_MAX + 1, MCP_FF_LIST, &u->ngroups)) return fail(p, "USER groups: at most 8 names of 32 bytes");
  } else if (strcmp(field, "shell") == 0) {
    if (strlen(v) >= sizeof u->shell || mcp_ff_check_shell(v)) return fail(p, "USER shell must be an absolute path");
    strcpy(u->shell, v);
  } else if (parse_bool(v, &b)) {
    if (strcmp(field, "lock_passwd") == 0) u->lock_passwd = b;
    else if (strcmp(field, "sudo") == 0) u->sudo = b;
    else if (strcmp(field, "ssh_pwauth") == 0) u->ssh_pwauth = b;
    else if (strcmp(field, "disable_root") == 0) u->disable_root = b;
    else if (strcmp(field, "chpasswd_expire") == 0) u->chpasswd_expire = b;
    else return fail(p, "USER: unknown field %.32s", field);
  } else {
    return fail(p, "USER: unknown field %.32s or a value that is not a boolean", field);
  }
  return true;
}

static bool do_user(parser *p, const char *args) {
  if (p->f->nusers == MCP_FF_USERS) return fail(p, "at most %d users", MCP_FF_USERS);
  mcp_ff_user u = {.ssh_pwauth = true, .disable_root = true, .chpasswd_expire = true};
  strcpy(u.shell, "/bin/bash");
  char tok[MCP_FF_STR];
  for (const char *s = args;;) {
    while (*s == ' ') s++;
    if (!*s) break;
    size_t n = 0;
    char quote = 0;
    for (; *s && (quote || *s != ' '); s++) {
      if (!quote && (*s == '\'' || *s == '"')) quote = *s;
      else if (quote && *s == quote) quote = 0;
      else if (n + 1 < sizeof tok) tok[n++] = *s;
      else return fail(p, "USER value too long");
    }
    if (quote) return fail(p, "USER: unclosed quote");
    tok[n] = 0;
    char *sep = strchr(tok, ':');
    if (!sep) sep = strchr(tok, '=');
    if (!sep) return fail(p, "USER fields are field:value or field=value");
    *sep = 0;
    if (!user_field(p, &u, tok, sep + 1)) return false;
  }
  if (!u.username[0]) return fail(p, "USER needs a username");
  p->f->users[p->f->nusers++] = u;
  return true;
}

static bool do_gpu(parser *p, const char *args) {
  char model[16] = "", count[16] = "1";
  const char *c1 = strchr(args, ':');
  size_t mlen = c1 ? (size_t)(c1 - args) : strlen(args);
  if (!copy_trimmed(args, mlen, model, sizeof model)) return fail(p, "GPU model unknown");
  if (c1) {
    const char *c2 = strchr(c1 + 1, ':'); /* parts after the second are ignored (§6.1) */
    if (!copy_trimmed(c1 + 1, c2 ? (size_t)(c2 - c1 - 1) : strlen(c1 + 1), count, sizeof count)) return fail(p, "GPU count must be 1..8");
  }
  unsigned long long n;
  if (!parse_unsigned(count, 255, &n)) return fail(p, "GPU count must be 1..8");
  if (mcp_ff_check_gpu(model, (long long)n)) return set_checked(p, mcp_ff_check_gpu(model, (long long)n));
  if (p->f->ngpus == MCP_FF_GPUS) return fail(p, "at most %d GPU lines", MCP_FF_GPUS);
  strcpy(p->f->gpus[p->f->ngpus].model, model);
  p->f->gpus[p->f->ngpus++].count = (uint8_t)n;
  return true;
}

static bool do_entrypoint(parser *p, const char *raw) {
  char args[MCP_FF_STR];
  if (!copy_trimmed(raw, strlen(raw), args, sizeof args)) return fail(p, "ENTRYPOINT too long");
  if (!args[0]) return true;
  char parts[MCP_FF_LIST + 1][MCP_FF_STR];
  size_t n = 0;
  if (args[0] == '[') {
    json_t *a = args[strlen(args) - 1] == ']' ? json_loads(args, 0, NULL) : NULL;
    if (!json_is_array(a)) {
      json_decref(a);
      return fail(p, "ENTRYPOINT [...] must be a JSON array of strings");
    }
    for (size_t i = 0; i < json_array_size(a); i++) {
      const char *s = json_string_value(json_array_get(a, i));
      if (!s || n == MCP_FF_LIST + 1 || strlen(s) >= MCP_FF_ITEM) {
        json_decref(a);
        return fail(p, "ENTRYPOINT: at most %d strings of %d bytes", MCP_FF_LIST + 1, MCP_FF_ITEM - 1);
      }
      strcpy(parts[n++], s);
    }
    json_decref(a);
  } else {
    bool quoted = false;
    size_t len = 0;
    for (const char *s = args;; s++) {
      if (*s == '"') quoted = !quoted;
      else if ((*s == ' ' && !quoted) || !*s) {
        if (len) {
          if (n == MCP_FF_LIST + 1) return fail(p, "ENTRYPOINT: at most %d words", MCP_FF_LIST + 1);
          parts[n++][len] = 0;
          len = 0;
        }
        if (!*s) break;
      } else if (len + 1 < MCP_FF_ITEM) parts[n][len++] = *s;
      else return fail(p, "ENTRYPOINT word too long");
    }
    if (quoted) return fail(p, "ENTRYPOINT: unclosed quote");
  }
  if (!n) return true;
  mcp_ff_instr *in = new_instr(p, MCP_FI_ENTRYPOINT);
  if (!in) return fail(p, "too many instructions");
  strcpy(in->a, parts[0]);
  for (size_t i = 1; i < n; i++) strcpy(in->list[in->nlist++], parts[i]);
  return true;
}

static bool do_expose(parser *p, const char *args) {
  mcp_ff_instr *in = new_instr(p, MCP_FI_EXPOSE);
  if (!in) return fail(p, "too many instructions");
  for (const char *s = args;;) {
    while (*s == ' ' || *s == ',' || *s == '\t') s++;
    if (!*s) break;
    char num[8];
    size_t n = strcspn(s, " ,\t");
    unsigned long long v;
    if (n >= sizeof num) return fail(p, "EXPOSE ports must be 1..65535");
    memcpy(num, s, n);
    num[n] = 0;
    if (!parse_unsigned(num, 65535, &v) || v == 0) return fail(p, "EXPOSE ports must be 1..65535");
    size_t at = 0;
    while (at < in->nports && in->ports[at] < v) at++;
    if (at == in->nports || in->ports[at] != v) {
      if (in->nports == MCP_FF_LIST) return fail(p, "EXPOSE: at most %d ports a line", MCP_FF_LIST);
      memmove(&in->ports[at + 1], &in->ports[at], (in->nports - at) * sizeof in->ports[0]);
      in->ports[at] = (uint16_t)v;
      in->nports++;
    }
    s += n;
  }
  return in->nports ? true : fail(p, "EXPOSE needs a port");
}

/* VCPU, MEMORY, DISK: every line must hold, the first one counts. */
static bool do_number(parser *p, const char *args, unsigned long long max, const char *(*check)(long long), bool *seen,
                      void *field, size_t width) {
  unsigned long long v;
  if (!parse_unsigned(args, max, &v)) return set_checked(p, check(-1));
  if (check((long long)v)) return set_checked(p, check((long long)v));
  if (*seen) return true;
  *seen = true;
  if (width == 1) *(uint8_t *)field = (uint8_t)v;
  else if (width == 2) *(uint16_t *)field = (uint16_t)v;
  else *(uint32_t *)field = (uint32_t)v;
  return true;
}

static bool do_line(parser *p, const char *ins, const char *args) {
  mcp_formfile *f = p->f;
  if (!strcmp(ins, "NAME")) {
    if (mcp_ff_check_name(args)) return fail(p, "%s", mcp_ff_check_name(args));
    strcpy(f->name, args);
    p->seen_name = true;
    return true;
  }
  if (!strcmp(ins, "DESCRIPTION")) {
    f->has_description = true;
    return copy_trimmed(args, strlen(args), f->description, sizeof f->description) || fail(p, "DESCRIPTION too long");
  }
  if (!strcmp(ins, "MODEL")) {
    const char *c = strchr(args, ':');
    char kind[16];
    if (!c || strchr(c + 1, ':') || !copy_trimmed(args, (size_t)(c - args), kind, sizeof kind) ||
        (strcmp(kind, "required") && strcmp(kind, "preferred")))
      return fail(p, "MODEL is required:<id> or preferred:<id>");
    if (!copy_trimmed(c + 1, strlen(c + 1), f->model_id, sizeof f->model_id)) return fail(p, "MODEL id too long");
    f->has_model = true;
    f->model_required = kind[0] == 'r';
    return true;
  }
  if (!strcmp(ins, "RUN")) {
    mcp_ff_instr *in = new_instr(p, MCP_FI_RUN);
    if (!in || strlen(args) >= sizeof in->a) return fail(p, "RUN too long or too many instructions");
    strcpy(in->a, args);
    return true;
  }
  if (!strcmp(ins, "COPY")) return do_copy(p, args);
  if (!strcmp(ins, "INSTALL")) return do_install(p, args);
  if (!strcmp(ins, "ENV")) return do_env(p, args);
  if (!strcmp(ins, "USER")) return do_user(p, args);
  if (!strcmp(ins, "VCPU") || !strcmp(ins, "CPU") || !strcmp(ins, "CORES"))
    return do_number(p, args, 255, mcp_ff_check_vcpus, &p->seen_vcpus, &f->vcpus, 1);
  if (!strcmp(ins, "MEMORY") || !strcmp(ins, "MEM") || !strcmp(ins, "MBS"))
    return do_number(p, args, 1ull << 32, mcp_ff_check_memory, &p->seen_memory, &f->memory_mb, 4);
  if (!strcmp(ins, "DISK") || !strcmp(ins, "STORAGE")) {
    bool was = p->seen_disk;
    if (!do_number(p, args, 65535, mcp_ff_check_disk, &p->seen_disk, &f->disk_gb, 2)) return false;
    f->has_disk |= !was;
    return true;
  }
  if (!strcmp(ins, "GPU")) return do_gpu(p, args);
  if (!strcmp(ins, "WORKDIR")) {
    if (p->seen_workdir) return fail(p, "a second WORKDIR");
    p->seen_workdir = true;
    if (!copy_trimmed(args, strlen(args), f->workdir, sizeof f->workdir)) return fail(p, "WORKDIR too long");
    return set_checked(p, mcp_ff_check_workdir(f->workdir));
  }
  if (!strcmp(ins, "ENTRYPOINT")) return do_entrypoint(p, args);
  if (!strcmp(ins, "EXPOSE")) return do_expose(p, args);
  return true; /* unknown instructions are ignored (§6.1) */
}

/* Well-formed UTF-8 (no overlong forms, surrogates or values past U+10FFFF):
 * the real parser reads a Rust &str, and the JSON form can only carry UTF-8. */
static bool utf8_valid(const unsigned char *s, size_t n) {
  for (size_t i = 0; i < n;) {
    unsigned c = s[i];
    size_t k = c < 0x80 ? 0 : (c & 0xe0) == 0xc0 ? 1 : (c & 0xf0) == 0xe0 ? 2 : (c & 0xf8) == 0xf0 ? 3 : 9;
    if (k == 9 || i + k >= n) return false; /* a bad lead byte, or the sequence cut */
    unsigned cp = k ? c & (0x3f >> k) : c;
    for (size_t j = 1; j <= k; j++) {
      if ((s[i + j] & 0xc0) != 0x80) return false;
      cp = cp << 6 | (s[i + j] & 0x3f);
    }
    static const unsigned MIN[] = {0, 0x80, 0x800, 0x10000};
    if (cp < MIN[k] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += k + 1;
  }
  return true;
}

bool mcp_formfile_parse_text(const char *text, size_t len, mcp_rng *rng, mcp_formfile *f, char *err, size_t err_cap) {
  mcp_formfile_init(f);
  parser p = {.f = f, .rng = rng, .err = err, .err_cap = err_cap};
  if (memchr(text, 0, len)) return fail(&p, "a NUL byte");
  if (!utf8_valid((const unsigned char *)text, len)) return fail(&p, "not UTF-8");
  for (size_t at = 0; at < len;) {
    const char *nl = memchr(text + at, '\n', len - at);
    size_t n = nl ? (size_t)(nl - text - at) : len - at;
    p.line++;
    char line[MCP_FF_STR * 2];
    if (!copy_trimmed(text + at, n, line, sizeof line)) return fail(&p, "line too long");
    at += n + 1;
    if (!line[0] || line[0] == '#') continue;
    char *sp = strchr(line, ' ');
    if (!sp) return fail(&p, "instruction without arguments");
    *sp = 0;
    if (!do_line(&p, line, sp + 1)) return false;
  }
  p.line++;
  if (!p.seen_name) return fail(&p, "no NAME");
  const char *why = mcp_ff_check(f);
  return why ? fail(&p, "%s", why) : true;
}

bool mcp_formfile_parse_any(const char *text, size_t len, mcp_rng *rng, mcp_formfile *f, char *err, size_t err_cap) {
  size_t i = 0;
  while (i < len && is_space(text[i])) i++;
  if (i < len && text[i] == '{') return mcp_formfile_from_json(text, len, f, err, err_cap);
  return mcp_formfile_parse_text(text, len, rng, f, err, err_cap);
}
