/* Attack strings (see mcp_attack.h). */
#define _GNU_SOURCE
#include "mcp_attack.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const INJECTIONS[] = {
    "; cat /etc/passwd", "$(id)", "`id`", "| id", "' OR '1'='1", "\" OR \"1\"=\"1",
    "{{7*7}}", "${7*7}", "<script>alert(1)</script>", "%s%s%s%s%n", "\r\nX-Injected: 1",
    "-rf /", "--help", "__proto__", "constructor", "../../../../../../etc/passwd%00.txt",
};

/* Text with characters that confuse display, normalization and length counts. */
static const char *const UNICODE_TEXT[] = {
    "\xE2\x80\xAE" "txt.exe",      /* right-to-left override */
    "a\xE2\x80\x8B" "b",           /* zero-width space */
    "\xF0\x9F\x92\xA9\xF0\x9F\x92\xA9", /* astral: 2 code points, 4 UTF-16 units */
    "e\xCC\x81\xCC\x81\xCC\x81",  /* combining marks */
    "\xEF\xBB\xBF" "bom",          /* byte order mark */
    "\xEF\xBC\x8E\xEF\xBC\x8E\xEF\xBC\x8F", /* fullwidth ../ */
    "\xC3\xA9t\xC3\xA9",           /* precomposed */
    "\xE2\x80\xA8line\xE2\x80\xA9", /* line/paragraph separators */
};

static char *dup_fmt(size_t *len, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static char *dup_fmt(size_t *len, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *s = NULL;
  if (vasprintf(&s, fmt, ap) < 0) s = NULL;
  va_end(ap);
  *len = s ? strlen(s) : 0;
  return s;
}

static const char *base_name(const char *p) {
  const char *s = strrchr(p, '/');
  return s ? s + 1 : p;
}

char *mcp_attack_path(ff_input *in, const mcp_gen_ctx *c, size_t *len) {
  const char *secret = c->canary_path ? c->canary_path : "/etc/passwd";
  const char *name = base_name(secret);
  const char *root = c->root && c->root[0] ? c->root : ".";
  switch (ff_choose(in, 11)) {
  case 0: return dup_fmt(len, "%s/../%s", root, name);
  case 1: return dup_fmt(len, "../%s", name);
  case 2: return dup_fmt(len, "%s", secret);
  case 3: return dup_fmt(len, "%s", c->sibling_path ? c->sibling_path : secret);
  case 4: return dup_fmt(len, "%s/..%%2f%s", root, name);
  case 5: return dup_fmt(len, "file://%s", secret);
  case 6: return dup_fmt(len, "%s/./../%s", root, name);
  case 7: return dup_fmt(len, "%s//..//%s", root, name);
  case 8: return dup_fmt(len, "..\\%s", name);
  case 9: return dup_fmt(len, "%s/../../../../../../../..%s", root, secret);
  default: return dup_fmt(len, "/etc/passwd");
  }
}

char *mcp_attack_string(ff_input *in, const mcp_gen_ctx *c, size_t *len) {
  switch (ff_choose(in, MCP_ATTACK_KINDS)) {
  case MCP_ATTACK_PATH: return mcp_attack_path(in, c, len);
  case MCP_ATTACK_INJECTION: return dup_fmt(len, "%s", FF_PICK(in, INJECTIONS));
  case MCP_ATTACK_UNICODE:
    if (ff_bool(in)) { /* an embedded NUL */
      char *s = malloc(8);
      if (s) memcpy(s, "a\0b.txt", 8);
      *len = s ? 7 : 0;
      return s;
    }
    return dup_fmt(len, "%s", FF_PICK(in, UNICODE_TEXT));
  default: {
    static const size_t SIZES[] = {256, 4096, 65536, 1u << 20};
    size_t n = FF_PICK(in, SIZES);
    char *s = malloc(n + 1);
    if (!s) {
      *len = 0;
      return NULL;
    }
    memset(s, ff_bool(in) ? 'A' : '/', n);
    s[n] = '\0';
    *len = n;
    return s;
  }
  }
}

char *mcp_inside_path(ff_input *in, const mcp_gen_ctx *c) {
  static const char *const NAMES[] = {"notes.txt", "a", "dir/file.md", "new.txt", "data.json"};
  size_t len;
  const char *name = FF_PICK(in, NAMES);
  if (c->root && c->root[0] && ff_bool(in)) return dup_fmt(&len, "%s/%s", c->root, name);
  return dup_fmt(&len, "%s", name);
}
