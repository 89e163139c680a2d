/* One MCP session over the stdio transport: JSON-RPC 2.0 requests with ids
 * and the replies that match them, the handshake (initialize with version
 * negotiation, notifications/initialized), discovery (tools/list with cursor
 * pagination, resources/list, prompts/list) and a transcript of every line
 * each way. Requests the server sends to the client are answered "method not
 * found" (formfuzz declares no client capabilities). Over HTTP the server's
 * GET stream is opened after the handshake (405: it has none) and what it
 * sends is read with every exchange; a response on it is kept apart
 * ({"stream_response": msg} in received) since none may come that way. */
#ifndef FF_MCP_SESSION_H
#define FF_MCP_SESSION_H

#include <jansson.h>
#include <stdbool.h>

#include "mcp_transport.h"

#define MCP_PROTOCOL_LATEST "2025-11-25"
/* The least time a freshly started server gets for its first answer. */
#define MCP_START_TIMEOUT_S 10.0

typedef struct mcp_server_cfg {
  const char *command;           /* the server's command line (sh syntax); with url: optional */
  const char *url;               /* Streamable HTTP endpoint; NULL: stdio */
  const char *cwd;               /* the server's working directory; NULL: formfuzz's */
  const char *const *env;        /* extra environment, NULL-ended */
  bool inherit_env;              /* false: a minimal environment plus env */
  const char *stderr_log;        /* NULL: discarded */
  double timeout_s;              /* per request */
  size_t max_line;               /* longest reply line kept */
  json_t *transcript;            /* shared by the sessions of one run (borrowed); NULL: each its own */
} mcp_server_cfg;

typedef enum {
  MCP_REPLIED,   /* a reply with the request's id arrived */
  MCP_SILENT,    /* no reply expected (notification, garbage) and none came */
  MCP_TIMEOUT,   /* the server stayed silent past the time limit while alive */
  MCP_DIED,      /* the server ended (or closed stdout) before replying */
  MCP_UNANSWERED, /* no reply in time, but a ping sent afterwards was answered */
} mcp_outcome;

/* What happened to one message sent. */
typedef struct mcp_exchange {
  char *sent_text;   /* the line sent */
  json_t *sent;      /* parsed, NULL when the line is not JSON */
  json_t *id;        /* the id a reply must carry; NULL: none expected */
  json_t *received;  /* every message received meanwhile (array; unparseable lines as {"unparsed": text}) */
  json_t *reply;     /* borrowed from received: the reply with the id */
  json_t *probe_id;  /* the id of the ping sent after a message that expects no reply */
  mcp_outcome outcome;
  double seconds;
  int http_status;      /* HTTP: the status the message's POST got */
  int end_status;       /* mcp_session_end over HTTP: the DELETE's status (0: not sent) */
  int after_end_status; /* and that of a request with the ended session's id (0: not sent) */
} mcp_exchange;

typedef struct mcp_session {
  mcp_server_cfg cfg;
  mcp_transport t;
  bool running;
  long next_id;
  json_t *transcript; /* array: {"send": msg} {"recv": msg} {"unparsed": text} {"event": text} */
  json_t *tools, *resources, *resource_templates, *prompts; /* arrays from discovery */
  char protocol_version[32];
  json_t *server_info;
  json_t *late_ids;   /* ids of requests given up on: a reply may still come */
  int stream_status;  /* HTTP: the status the GET for the server's stream got (0: none yet) */
  char stream_defect[200]; /* HTTP: what was wrong with that answer, until an oracle reports it */
  char error[512];    /* why open failed */
  bool beside;        /* a second server beside the fuzzed one (stdio before-initialize): no memory trend */
} mcp_session;

/* Starts the server, does the handshake and discovery. Returns 0, or -1 with
 * s->error. mcp_session_close() in both cases. */
int mcp_session_open(mcp_session *s, const mcp_server_cfg *cfg);
void mcp_session_close(mcp_session *s);
/* Starts the server only: no initialize, no discovery (for messages sent
 * before the handshake). 0 or -1 with s->error; mcp_session_close() after. */
int mcp_session_open_bare(mcp_session *s, const mcp_server_cfg *cfg);
/* A new request id (an integer) as a JSON value. */
json_t *mcp_session_new_id(mcp_session *s);
/* Sends one line (text) and collects what comes back: until the reply with
 * id (id NULL: until a ping sent right after it is answered, so a reply to a
 * notification is caught). Fills x (free with mcp_exchange_free). */
void mcp_session_exchange(mcp_session *s, const char *text, json_t *id, mcp_exchange *x);
/* Ends the session as a client does: over HTTP a DELETE with the session id,
 * then (when the server took it) a ping with the ended id, which the server
 * must refuse with 404; the statuses go to x, the transport is marked ended
 * (the next message starts a new session). Over stdio: the line text is
 * exchanged as usual. */
void mcp_session_end(mcp_session *s, const char *text, json_t *id, mcp_exchange *x);
/* A request built from method and params (stolen, may be NULL); id fresh. */
void mcp_session_request(mcp_session *s, const char *method, json_t *params, mcp_exchange *x);
void mcp_exchange_free(mcp_exchange *x);
/* Ids are equal: the same string, or numbers of equal value (1 and 1.0). */
bool mcp_id_equal(json_t *a, json_t *b);
/* True (and forgotten) when id is one of a request given up on: its reply came late. */
bool mcp_session_take_late(mcp_session *s, json_t *id);
/* Clears the transcript (kept: nothing). */
void mcp_session_reset_transcript(mcp_session *s);

#endif
