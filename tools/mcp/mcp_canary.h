/* Security canaries: a scratch directory holding the root a filesystem-like
 * server is given (`{root}` in its command line), a file with a secret next
 * to it (outside the root), another in "<root>-sibling/" (a prefix check that
 * forgets the separator lets it through), and a secret token in the server's
 * environment. A reply that carries a secret (as text or base64), or a canary
 * file changed or gone, is a sandbox escape. */
#ifndef FF_MCP_CANARY_H
#define FF_MCP_CANARY_H

#include <stdbool.h>
#include <stddef.h>

#include "mcp_attack.h"

#define MCP_CANARY_ENV "FORMFUZZ_CANARY_TOKEN"

typedef struct mcp_canary {
  char dir[256];          /* the scratch directory */
  char root[300];         /* dir/root */
  char file[320];         /* dir/canary-secret.txt */
  char sibling[340];      /* dir/root-sibling/canary-secret.txt */
  char secret[64];        /* the file canaries' content */
  char secret_b64[128];   /* its base64 */
  char token[64];         /* the environment canary's value */
  char env_entry[128];    /* MCP_CANARY_ENV=token */
  mcp_gen_ctx ctx;        /* for path attacks */
} mcp_canary;

/* Creates the directory tree under base (NULL: $TMPDIR or /tmp) with secrets
 * drawn from seed. Returns 0, or -1 with err. */
int mcp_canary_setup(mcp_canary *c, const char *base, unsigned long seed, char *err, size_t err_cap);
/* Rewrites the root's sample files and the canaries (a server may have
 * deleted or changed them). Returns 0 or -1. */
int mcp_canary_restore(const mcp_canary *c);
/* Which secret text holds, or NULL: "file canary", "environment canary". */
const char *mcp_canary_leak(const mcp_canary *c, const char *text, size_t len);
/* A canary file changed or gone: which one, else NULL. */
const char *mcp_canary_changed(const mcp_canary *c);
/* A name the server created in the scratch directory (its working
 * directory, outside the root) or in the sibling: written into out, 1; else 0. */
int mcp_canary_foreign_entry(const mcp_canary *c, char *out, size_t cap);
/* Removes the directory tree. */
void mcp_canary_remove(const mcp_canary *c);
/* command with every "{root}" replaced by the root and every "{cwd}" by
 * formfuzz's working directory (the server runs in the scratch directory:
 * relative paths in a command need {cwd}/). malloc'd. */
char *mcp_canary_expand(const mcp_canary *c, const char *command);

#endif
