/* JSON-RPC requests, the MCP handshake and discovery (see mcp_session.h). */
#include "mcp_session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DISCOVERY_MAX_PAGES 32
#define HANDSHAKE_TIMEOUT_S MCP_START_TIMEOUT_S

static void note(mcp_session *s, const char *key, json_t *value) {
  json_array_append_new(s->transcript, json_pack("{so}", key, value));
}

json_t *mcp_session_new_id(mcp_session *s) { return json_integer(++s->next_id); }

bool mcp_session_take_late(mcp_session *s, json_t *id) {
  size_t i;
  json_t *late;
  json_array_foreach(s->late_ids, i, late) if (mcp_id_equal(late, id)) {
      json_array_remove(s->late_ids, i);
      return true;
    }
  return false;
}

void mcp_session_reset_transcript(mcp_session *s) { json_array_clear(s->transcript); }

void mcp_exchange_free(mcp_exchange *x) {
  free(x->sent_text);
  json_decref(x->sent);
  json_decref(x->id);
  json_decref(x->probe_id);
  json_decref(x->received);
  memset(x, 0, sizeof *x);
}

/* The server asked us something: we declared no capability, so refuse. */
static void answer_server_request(mcp_session *s, json_t *msg) {
  json_t *reply = json_pack("{s:s, s:O, s:{s:i, s:s}}", "jsonrpc", "2.0", "id",
                            json_object_get(msg, "id"), "error", "code", -32601, "message",
                            "method not found");
  char *text = json_dumps(reply, JSON_COMPACT);
  if (text && mcp_transport_send(&s->t, text) == 0) note(s, "send", json_incref(reply));
  free(text);
  json_decref(reply);
}

bool mcp_id_equal(json_t *a, json_t *b) {
  if (json_is_number(a) && json_is_number(b)) return json_number_value(a) == json_number_value(b);
  return json_equal(a, b);
}

static bool is_server_request(json_t *msg) {
  return json_is_object(msg) && json_object_get(msg, "method") && json_object_get(msg, "id");
}

/* Reads until a message with the given id arrives; everything received goes
 * into x->received. Returns the outcome. */
static mcp_outcome wait_for(mcp_session *s, json_t *id, mcp_exchange *x, json_t **reply,
                            double timeout_s) {
  double start = ff_now();
  for (;;) {
    double left = timeout_s - (ff_now() - start);
    char *line;
    int r = left > 0 ? mcp_transport_recv(&s->t, left, s->cfg.max_line, &line) : 0;
    if (r == 0) return mcp_transport_alive(&s->t) ? MCP_TIMEOUT : MCP_DIED;
    if (r < 0) return MCP_DIED;
    json_error_t jerr;
    json_t *msg = json_loads(line, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
    if (!msg) /* valid JSON with an integer beyond int64 still counts as JSON */
      msg = json_loads(line, JSON_DECODE_ANY | JSON_ALLOW_NUL | JSON_DECODE_INT_AS_REAL, &jerr);
    if (!msg) {
      json_t *u = json_pack("{ss}", "unparsed", line);
      json_array_append_new(x->received, u);
      note(s, "unparsed", json_string(line));
      free(line);
      continue;
    }
    free(line);
    bool from_stream = s->t.last_from_stream;
    note(s, from_stream ? "recv_stream" : "recv", json_incref(msg));
    if (from_stream && json_is_object(msg) && !json_object_get(msg, "method")) {
      /* a response on the GET stream: never the reply, and a finding for the oracle */
      json_array_append_new(x->received, json_pack("{s:o}", "stream_response", msg));
      continue;
    }
    json_array_append(x->received, msg);
    if (is_server_request(msg)) {
      answer_server_request(s, msg);
      json_decref(msg);
      continue;
    }
    json_t *mid = json_is_object(msg) ? json_object_get(msg, "id") : NULL;
    if (id && mid && mcp_id_equal(mid, id)) {
      *reply = msg; /* still owned by x->received */
      json_decref(msg);
      return MCP_REPLIED;
    }
    json_decref(msg);
  }
}

/* After a silent request: does the server still answer? (a hang, or a request dropped) */
static bool ping_answered(mcp_session *s, mcp_exchange *x) {
  json_t *pid = mcp_session_new_id(s);
  json_t *ping = json_pack("{s:s, s:O, s:s}", "jsonrpc", "2.0", "id", pid, "method", "ping");
  char *pt = json_dumps(ping, JSON_COMPACT);
  json_t *pong = NULL;
  bool answered = false;
  if (pt && mcp_transport_send(&s->t, pt) == 0) {
    note(s, "send", json_incref(ping));
    answered = wait_for(s, pid, x, &pong, s->cfg.timeout_s < 1 ? s->cfg.timeout_s : 1) == MCP_REPLIED;
  }
  free(pt);
  json_decref(ping);
  if (answered) x->probe_id = pid;
  else json_decref(pid);
  return answered;
}

void mcp_session_exchange(mcp_session *s, const char *text, json_t *id, mcp_exchange *x) {
  memset(x, 0, sizeof *x);
  x->sent_text = strdup(text);
  x->sent = json_loads(text, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
  if (!x->sent) x->sent = json_loads(text, JSON_DECODE_ANY | JSON_ALLOW_NUL | JSON_DECODE_INT_AS_REAL, NULL);
  x->id = id ? json_incref(id) : NULL;
  x->received = json_array();
  double start = ff_now();
  if (x->sent)
    note(s, "send", json_incref(x->sent));
  else
    note(s, "send_raw", json_string(text));
  int sent = mcp_transport_send(&s->t, text);
  x->http_status = s->t.http_status;
  if (sent != 0) {
    x->outcome = MCP_DIED;
  } else if (id) {
    x->outcome = wait_for(s, id, x, &x->reply, s->cfg.timeout_s);
    if (x->outcome == MCP_TIMEOUT && ping_answered(s, x)) x->outcome = MCP_UNANSWERED;
    if (x->outcome == MCP_UNANSWERED) json_array_append(s->late_ids, id);
  } else { /* nothing may answer this: probe with a ping to know when to stop looking */
    json_t *pid = mcp_session_new_id(s);
    json_t *ping = json_pack("{s:s, s:O, s:s}", "jsonrpc", "2.0", "id", pid, "method", "ping");
    char *pt = json_dumps(ping, JSON_COMPACT);
    json_t *pong = NULL;
    if (pt && mcp_transport_send(&s->t, pt) == 0) {
      note(s, "send", json_incref(ping));
      mcp_outcome o = wait_for(s, pid, x, &pong, s->cfg.timeout_s);
      x->outcome = o == MCP_REPLIED ? MCP_SILENT : o;
    } else {
      x->outcome = MCP_DIED;
    }
    free(pt);
    json_decref(ping);
    x->probe_id = pid;
  }
  x->seconds = ff_now() - start;
  if (x->outcome == MCP_DIED) {
    char how[128];
    mcp_transport_mark_ended(&s->t);
    if (s->t.pid > 0)
      ff_exit_describe(&s->t.status, how, sizeof how);
    else
      snprintf(how, sizeof how, "unreachable");
    note(s, "event", json_sprintf("server ended: %s", how));
  } else if (x->outcome == MCP_TIMEOUT) {
    note(s, "event", json_sprintf("no reply within %.2f s, nor to a ping after it", s->cfg.timeout_s));
  } else if (x->outcome == MCP_UNANSWERED) {
    note(s, "event", json_sprintf("no reply within %.2f s; a ping after it was answered", s->cfg.timeout_s));
  }
}

void mcp_session_request(mcp_session *s, const char *method, json_t *params, mcp_exchange *x) {
  json_t *id = mcp_session_new_id(s);
  json_t *req = json_pack("{s:s, s:O, s:s}", "jsonrpc", "2.0", "id", id, "method", method);
  if (params) json_object_set_new(req, "params", params);
  char *text = json_dumps(req, JSON_COMPACT);
  mcp_session_exchange(s, text ? text : "", id, x);
  free(text);
  json_decref(req);
  json_decref(id);
}

/* A list method with cursor pagination: every page's items[key] appended to out. */
static void discover(mcp_session *s, const char *method, const char *key, json_t *out) {
  const char *cursor = NULL;
  char cursor_buf[1024];
  for (int page = 0; page < DISCOVERY_MAX_PAGES; page++) {
    mcp_exchange x;
    json_t *params = cursor ? json_pack("{ss}", "cursor", cursor) : NULL;
    mcp_session_request(s, method, params, &x);
    json_t *result = x.reply ? json_object_get(x.reply, "result") : NULL;
    json_t *items = result ? json_object_get(result, key) : NULL;
    if (json_is_array(items)) json_array_extend(out, items);
    json_t *next = result ? json_object_get(result, "nextCursor") : NULL;
    cursor = NULL;
    if (json_is_string(next) && json_string_length(next) < sizeof cursor_buf) {
      snprintf(cursor_buf, sizeof cursor_buf, "%s", json_string_value(next));
      cursor = cursor_buf;
    }
    mcp_exchange_free(&x);
    if (!cursor) break;
  }
}

#define STREAM_OPEN_TIMEOUT_S 2.0

/* The GET for the server's stream: 200 with text/event-stream, or 405 (the
 * server offers none) are the answers the spec allows. */
static void open_stream(mcp_session *s) {
  char type[128];
  int status = mcp_http_stream_open(&s->t.http, STREAM_OPEN_TIMEOUT_S, type, sizeof type);
  s->stream_status = status;
  note(s, "event", json_sprintf("GET stream: %s%d%s%s", status > 0 ? "HTTP " : "", status, type[0] ? " " : "", type));
  if (status == 200 || status == 405) return;
  if (status > 0)
    snprintf(s->stream_defect, sizeof s->stream_defect,
             "the GET for the server's stream got HTTP %d%s%s (allowed: 200 with text/event-stream, or 405)", status,
             type[0] ? " " : "", type);
  else if (status == 0)
    snprintf(s->stream_defect, sizeof s->stream_defect,
             "the GET for the server's stream got no answer within %.0f s", STREAM_OPEN_TIMEOUT_S);
}

void mcp_session_end(mcp_session *s, const char *text, json_t *id, mcp_exchange *x) {
  if (!s->t.is_http || s->t.ended) {
    mcp_session_exchange(s, text, id, x);
    return;
  }
  memset(x, 0, sizeof *x);
  x->sent_text = strdup(text);
  x->received = json_array();
  x->outcome = MCP_SILENT;
  double start = ff_now();
  mcp_http_stream_close(&s->t.http);
  x->end_status = mcp_http_delete(&s->t.http, s->cfg.timeout_s);
  note(s, "event", json_sprintf("DELETE (end of session %s): %d", s->t.http.session_id, x->end_status));
  if (x->end_status >= 200 && x->end_status < 300) { /* ended: the old id must now be unknown (404) */
    char *lines = NULL;
    size_t n = 0;
    note(s, "send", json_loads(text, 0, NULL));
    x->after_end_status = mcp_http_post(&s->t.http, text, s->cfg.timeout_s, &lines, &n);
    if (n) note(s, "event", json_sprintf("answer with the ended session: HTTP %d %.*s", x->after_end_status,
                                         (int)(n > 300 ? 300 : n - 1), lines));
    else note(s, "event", json_sprintf("answer with the ended session: HTTP %d", x->after_end_status));
    free(lines);
  }
  if (x->end_status < 0) x->outcome = MCP_DIED;
  mcp_transport_mark_ended(&s->t); /* the next message opens a new session */
  s->t.status.code = 0;
  x->seconds = ff_now() - start;
}

static int handshake(mcp_session *s) {
  mcp_exchange x;
  /* starting may take longer than answering: the handshake gets at least HANDSHAKE_TIMEOUT_S */
  double per_request = s->cfg.timeout_s;
  if (s->cfg.timeout_s < HANDSHAKE_TIMEOUT_S) s->cfg.timeout_s = HANDSHAKE_TIMEOUT_S;
  json_t *params = json_pack("{s:s, s:{}, s:{s:s, s:s}}", "protocolVersion", MCP_PROTOCOL_LATEST,
                             "capabilities", "clientInfo", "name", "formfuzz", "version", "1");
  mcp_session_request(s, "initialize", params, &x);
  json_t *result = x.reply ? json_object_get(x.reply, "result") : NULL;
  if (!json_is_object(result)) {
    snprintf(s->error, sizeof s->error, "initialize: %s",
             x.outcome == MCP_DIED      ? "the server ended before answering"
             : x.outcome == MCP_TIMEOUT ? "no answer within the time limit"
                                        : "the answer has no result");
    mcp_exchange_free(&x);
    s->cfg.timeout_s = per_request;
    return -1;
  }
  s->cfg.timeout_s = per_request;
  const char *version = json_string_value(json_object_get(result, "protocolVersion"));
  snprintf(s->protocol_version, sizeof s->protocol_version, "%s", version ? version : "");
  if (s->t.is_http) /* sent back as MCP-Protocol-Version on every later request */
    snprintf(s->t.http.protocol_version, sizeof s->t.http.protocol_version, "%s", s->protocol_version);
  s->server_info = json_incref(json_object_get(result, "serverInfo"));
  mcp_exchange_free(&x);
  json_t *n = json_pack("{s:s, s:s}", "jsonrpc", "2.0", "method", "notifications/initialized");
  char *text = json_dumps(n, JSON_COMPACT);
  json_decref(n);
  int rc = mcp_transport_send(&s->t, text);
  note(s, "send", json_loads(text, 0, NULL));
  free(text);
  if (rc != 0) {
    snprintf(s->error, sizeof s->error, "the server ended after initialize");
    return -1;
  }
  if (s->t.is_http) open_stream(s);
  return 0;
}

int mcp_session_open_bare(mcp_session *s, const mcp_server_cfg *cfg) {
  memset(s, 0, sizeof *s);
  s->cfg = *cfg;
  s->transcript = cfg->transcript ? json_incref(cfg->transcript) : json_array();
  s->tools = json_array();
  s->resources = json_array();
  s->resource_templates = json_array();
  s->prompts = json_array();
  s->late_ids = json_array();
  char err[256];
  int started = cfg->url ? mcp_transport_start_http(&s->t, cfg->url, cfg->command, cfg->cwd, cfg->env, cfg->inherit_env,
                                                    cfg->stderr_log, cfg->timeout_s, HANDSHAKE_TIMEOUT_S, err, sizeof err)
                         : mcp_transport_start(&s->t, cfg->command, cfg->cwd, cfg->env, cfg->inherit_env, cfg->stderr_log,
                                               err, sizeof err);
  if (started != 0) {
    snprintf(s->error, sizeof s->error, "%s", err);
    return -1;
  }
  s->running = true;
  return 0;
}

int mcp_session_open(mcp_session *s, const mcp_server_cfg *cfg) {
  if (mcp_session_open_bare(s, cfg) != 0) return -1;
  if (handshake(s) != 0) return -1;
  double per_request = s->cfg.timeout_s;
  if (s->cfg.timeout_s < HANDSHAKE_TIMEOUT_S) s->cfg.timeout_s = HANDSHAKE_TIMEOUT_S;
  discover(s, "tools/list", "tools", s->tools);
  discover(s, "resources/list", "resources", s->resources);
  discover(s, "resources/templates/list", "resourceTemplates", s->resource_templates);
  discover(s, "prompts/list", "prompts", s->prompts);
  s->cfg.timeout_s = per_request;
  if (!mcp_transport_alive(&s->t)) {
    snprintf(s->error, sizeof s->error, "the server ended during discovery");
    return -1;
  }
  return 0;
}

void mcp_session_close(mcp_session *s) {
  if (s->running && s->t.is_http && !s->t.ended && s->t.http.session_id[0]) {
    mcp_http_stream_close(&s->t.http);
    mcp_http_delete(&s->t.http, 1.0); /* a courtesy: the session's end, so the server can let it go */
  }
  if (s->running) mcp_transport_stop(&s->t);
  s->running = false;
  json_decref(s->transcript);
  json_decref(s->tools);
  json_decref(s->resources);
  json_decref(s->resource_templates);
  json_decref(s->prompts);
  json_decref(s->server_info);
  json_decref(s->late_ids);
  s->late_ids = NULL;
  s->transcript = s->tools = s->resources = s->resource_templates = s->prompts = NULL;
  s->server_info = NULL;
}
