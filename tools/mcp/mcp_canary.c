/* Canary files and tokens (see mcp_canary.h). */
#define _GNU_SOURCE
#include "mcp_canary.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"

static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void base64(const char *in, size_t n, char *out, size_t cap) {
  size_t o = 0;
  for (size_t i = 0; i < n && o + 5 < cap; i += 3) {
    uint32_t v = (uint32_t)(unsigned char)in[i] << 16;
    if (i + 1 < n) v |= (uint32_t)(unsigned char)in[i + 1] << 8;
    if (i + 2 < n) v |= (unsigned char)in[i + 2];
    out[o++] = B64[(v >> 18) & 63];
    out[o++] = B64[(v >> 12) & 63];
    out[o++] = i + 1 < n ? B64[(v >> 6) & 63] : '=';
    out[o++] = i + 2 < n ? B64[v & 63] : '=';
  }
  out[o] = '\0';
}

static void random_hex(unsigned long *state, char *out, size_t nbytes) {
  for (size_t i = 0; i < nbytes; i++) {
    *state = *state * 6364136223846793005UL + 1442695040888963407UL;
    snprintf(out + 2 * i, 3, "%02x", (unsigned)(*state >> 56));
  }
}

static int write_text(const char *path, const char *text) {
  return ff_write_atomic(path, text, strlen(text));
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw);

int mcp_canary_restore(const mcp_canary *c) {
  char path[400];
  int rc = 0;
  char foreign[600];
  for (int i = 0; i < 64 && mcp_canary_foreign_entry(c, foreign, sizeof foreign); i++)
    nftw(foreign, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
  mkdir(c->root, 0755);
  snprintf(path, sizeof path, "%s/notes.txt", c->root);
  write_text(path, "formfuzz sample file inside the root\n");
  snprintf(path, sizeof path, "%s/dir", c->root);
  mkdir(path, 0755);
  snprintf(path, sizeof path, "%s/dir/file.md", c->root);
  write_text(path, "# sample\n");
  snprintf(path, sizeof path, "%s/root-sibling", c->dir);
  mkdir(path, 0755);
  if (write_text(c->file, c->secret) != 0 || write_text(c->sibling, c->secret) != 0) rc = -1;
  return rc;
}

int mcp_canary_setup(mcp_canary *c, const char *base, unsigned long seed, char *err, size_t err_cap) {
  memset(c, 0, sizeof *c);
  if (!base) base = getenv("TMPDIR");
  if (!base || !base[0]) base = "/tmp";
  snprintf(c->dir, sizeof c->dir, "%s/formfuzz-mcp-XXXXXX", base);
  if (!mkdtemp(c->dir)) {
    snprintf(err, err_cap, "cannot create a canary directory under %s: %s", base, strerror(errno));
    return -1;
  }
  unsigned long state = seed ^ (unsigned long)getpid() << 20;
  char hex[33];
  random_hex(&state, hex, 16);
  snprintf(c->secret, sizeof c->secret, "FFCANARY-%s", hex);
  base64(c->secret, strlen(c->secret), c->secret_b64, sizeof c->secret_b64);
  random_hex(&state, hex, 16);
  snprintf(c->token, sizeof c->token, "FFTOKEN-%s", hex);
  snprintf(c->env_entry, sizeof c->env_entry, "%s=%s", MCP_CANARY_ENV, c->token);
  snprintf(c->root, sizeof c->root, "%s/root", c->dir);
  snprintf(c->file, sizeof c->file, "%s/canary-secret.txt", c->dir);
  snprintf(c->sibling, sizeof c->sibling, "%s/root-sibling/canary-secret.txt", c->dir);
  if (mcp_canary_restore(c) != 0) {
    snprintf(err, err_cap, "cannot write the canaries under %s: %s", c->dir, strerror(errno));
    mcp_canary_remove(c);
    return -1;
  }
  c->ctx = (mcp_gen_ctx){.root = c->root, .canary_path = c->file, .sibling_path = c->sibling};
  return 0;
}

const char *mcp_canary_leak(const mcp_canary *c, const char *text, size_t len) {
  if (memmem(text, len, c->secret, strlen(c->secret))) return "file canary";
  /* the base64 of the whole file, without its padding */
  size_t bl = strlen(c->secret_b64);
  while (bl && c->secret_b64[bl - 1] == '=') bl--;
  if (bl && memmem(text, len, c->secret_b64, bl)) return "file canary (base64)";
  if (memmem(text, len, c->token, strlen(c->token))) return "environment canary";
  return NULL;
}

static bool file_intact(const char *path, const char *secret) {
  uint8_t *data;
  size_t n;
  char err[128];
  if (ff_read_file(path, 4096, &data, &n, err, sizeof err) != 0) return false;
  bool same = n == strlen(secret) && memcmp(data, secret, n) == 0;
  free(data);
  return same;
}

const char *mcp_canary_changed(const mcp_canary *c) {
  if (!file_intact(c->file, c->secret)) return c->file;
  if (!file_intact(c->sibling, c->secret)) return c->sibling;
  return NULL;
}

/* The first entry of dir not in the expected list (NULL-ended). */
static int foreign_in(const char *dir, const char *const *expected, char *out, size_t cap) {
  DIR *d = opendir(dir);
  if (!d) return 0;
  struct dirent *e;
  int found = 0;
  while (!found && (e = readdir(d))) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") || ff_is_temp_name(e->d_name)) continue;
    bool known = false;
    for (const char *const *x = expected; *x && !known; x++) known = !strcmp(*x, e->d_name);
    if (!known) {
      snprintf(out, cap, "%s/%s", dir, e->d_name);
      found = 1;
    }
  }
  closedir(d);
  return found;
}

int mcp_canary_foreign_entry(const mcp_canary *c, char *out, size_t cap) {
  static const char *const TOP[] = {"root", "root-sibling", "canary-secret.txt", NULL};
  static const char *const SIBLING[] = {"canary-secret.txt", NULL};
  char sibdir[340];
  snprintf(sibdir, sizeof sibdir, "%s/root-sibling", c->dir);
  return foreign_in(c->dir, TOP, out, cap) || foreign_in(sibdir, SIBLING, out, cap);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
  (void)st, (void)flag, (void)ftw;
  remove(path);
  return 0;
}

void mcp_canary_remove(const mcp_canary *c) {
  if (c->dir[0]) nftw(c->dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* out (grown) += text of n bytes */
static int put(char **out, size_t *len, size_t *cap, const char *text, size_t n) {
  if (*len + n + 1 > *cap) {
    size_t nc = (*len + n + 1) * 2;
    char *nb = realloc(*out, nc);
    if (!nb) return -1;
    *out = nb;
    *cap = nc;
  }
  memcpy(*out + *len, text, n);
  *len += n;
  (*out)[*len] = '\0';
  return 0;
}

char *mcp_canary_expand(const mcp_canary *c, const char *command) {
  char cwd[4096];
  if (!getcwd(cwd, sizeof cwd)) snprintf(cwd, sizeof cwd, ".");
  char *out = NULL;
  size_t len = 0, cap = 0;
  if (put(&out, &len, &cap, "", 0) != 0) return NULL;
  for (const char *p = command; *p;) {
    int rc;
    if (!strncmp(p, "{root}", 6)) {
      rc = put(&out, &len, &cap, c->root, strlen(c->root));
      p += 6;
    } else if (!strncmp(p, "{cwd}", 5)) {
      rc = put(&out, &len, &cap, cwd, strlen(cwd));
      p += 5;
    } else {
      rc = put(&out, &len, &cap, p++, 1);
    }
    if (rc != 0) {
      free(out);
      return NULL;
    }
  }
  return out;
}
