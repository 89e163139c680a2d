/* The stdio transport of MCP: the server runs as a child process (through
 * /bin/sh -c, in a process group of its own, killed when formfuzz dies) and
 * speaks newline-delimited JSON-RPC on its stdin/stdout; its stderr goes to a
 * log file. Reads wait with a time limit; the child's end is observed. */
#ifndef FF_MCP_TRANSPORT_H
#define FF_MCP_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "child_process.h"
#include "mcp_http.h"

typedef struct mcp_transport {
  pid_t pid;
  int to_child, from_child;
  char *buf; /* bytes read but not yet returned as lines */
  size_t len, cap;
  bool ended;    /* the child has exited or was stopped (HTTP: the server became unreachable) */
  bool is_http;  /* Streamable HTTP: messages are POSTed, answers queued in buf */
  mcp_http http;
  char *stream_buf; /* HTTP: messages from the server's GET stream not yet returned, one a line */
  size_t stream_len;
  bool last_from_stream; /* the line recv returned last came from the GET stream */
  int http_status;       /* HTTP: the status of the last POST */
  double http_timeout_s;
  ff_exit status; /* how it ended, when ended */
} mcp_transport;

/* Starts `sh -c "exec <command>"` in cwd (NULL: formfuzz's) with env entries ("NAME=value", NULL-ended,
 * may be NULL) added to formfuzz's environment (inherit_env) or to a minimal
 * one (PATH, HOME, TMPDIR, LANG, USER), stderr appended to stderr_log (NULL:
 * /dev/null). Returns 0, or -1 with err. */
int mcp_transport_start(mcp_transport *t, const char *command, const char *cwd, const char *const *env,
                        bool inherit_env, const char *stderr_log, char *err, size_t err_cap);
/* The Streamable HTTP transport to url (checked by mcp_http_check_url
 * before): when server_command is given it is started first (its stdout and
 * stderr to stderr_log) and waited for until the port accepts connections
 * (at most wait_s). Returns 0, or -1 with err. */
int mcp_transport_start_http(mcp_transport *t, const char *url, const char *server_command,
                             const char *cwd, const char *const *env, bool inherit_env, const char *stderr_log,
                             double timeout_s, double wait_s, char *err, size_t err_cap);
/* Writes one line (text + "\n"). Returns 0, or -1 when the child is gone. */
int mcp_transport_send(mcp_transport *t, const char *text);
/* The next line from the child (malloc'd, no newline) within timeout_s
 * (HTTP: what the server's GET stream brought first, then the answers of the
 * last POST; t->last_from_stream tells which).
 * Returns 1 with *line, 0 on timeout, -1 when the child closed its stdout or
 * ended (t->ended, t->status say how). Lines longer than max_line are cut. */
int mcp_transport_recv(mcp_transport *t, double timeout_s, size_t max_line, char **line);
/* True while the child runs (polls it). */
bool mcp_transport_alive(mcp_transport *t);
/* Resident set size of the child in KiB from /proc, or -1. */
long mcp_transport_rss_kib(const mcp_transport *t);
/* Marks the server ended, stopping the child if there is one. */
void mcp_transport_mark_ended(mcp_transport *t);
/* Stops the child's group (SIGTERM, then SIGKILL) and closes the pipes. */
void mcp_transport_stop(mcp_transport *t);

#endif
