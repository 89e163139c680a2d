/* The oracles (see mcp_oracle.h). */
#include "mcp_oracle.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mcp_schema_check.h"

static void report(mcp_finding *f, const char *kind, const char *severity, const mcp_step *st,
                   const char *cls, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
static void report(mcp_finding *f, const char *kind, const char *severity, const mcp_step *st,
                   const char *cls, const char *fmt, ...) {
  if (f->found) return;
  f->found = true;
  snprintf(f->kind, sizeof f->kind, "%s", kind);
  snprintf(f->severity, sizeof f->severity, "%s", severity);
  if (st->variant[0])
    snprintf(f->where, sizeof f->where, "%s %s", st->method, st->variant);
  else if (st->name[0])
    snprintf(f->where, sizeof f->where, "%s %s", st->method, st->name);
  else
    snprintf(f->where, sizeof f->where, "%s", st->method);
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(f->detail, sizeof f->detail, fmt, ap);
  va_end(ap);
  snprintf(f->signature, sizeof f->signature, "%s|%s|%s", kind, f->where, cls ? cls : "");
}

static void check_canaries(const mcp_oracle_cfg *cfg, const mcp_step *st, const mcp_exchange *x,
                           mcp_finding *f) {
  if (!cfg->canary) return;
  size_t i;
  json_t *m;
  json_array_foreach(x->received, i, m) {
    char *text = json_dumps(m, JSON_COMPACT | JSON_ENCODE_ANY);
    if (!text) continue;
    /* secrets are plain ASCII: JSON escaping does not hide them */
    const char *which = mcp_canary_leak(cfg->canary, text, strlen(text));
    free(text);
    if (which) {
      report(f, "canary-leak", "high", st, which, "a reply carries the %s secret", which);
      return;
    }
  }
  const char *changed = mcp_canary_changed(cfg->canary);
  if (changed) {
    report(f, "canary-changed", "high", st, "", "the canary file %s was changed or removed", changed);
    return;
  }
  char foreign[600];
  if (mcp_canary_foreign_entry(cfg->canary, foreign, sizeof foreign))
    report(f, "write-outside-root", "high", st, "", "%s appeared outside the root", foreign);
}


/* A response's shape: jsonrpc "2.0", an id, exactly one of result/error, a well-formed error. */
static const char *response_defect(json_t *m) {
  json_t *v = json_object_get(m, "jsonrpc");
  if (!json_is_string(v) || strcmp(json_string_value(v), "2.0")) return "jsonrpc is not \"2.0\"";
  if (!json_object_get(m, "id")) return "a response without an id";
  json_t *result = json_object_get(m, "result"), *error = json_object_get(m, "error");
  if (!!result == !!error) return "a response needs exactly one of result and error";
  if (error) {
    if (!json_is_object(error)) return "error is not an object";
    if (!json_is_integer(json_object_get(error, "code"))) return "error.code is not an integer";
    if (!json_is_string(json_object_get(error, "message"))) return "error.message is not a string";
  }
  return NULL;
}

static bool sent_malformed(const mcp_step *st) { return !st->id && !st->notification; }

/* The answer holds an error without an id (or with a null one). */
static bool refused_without_id(const mcp_exchange *x) {
  size_t i;
  json_t *m;
  json_array_foreach(x->received, i, m) {
    json_t *id = json_object_get(m, "id");
    if (json_is_object(m) && json_object_get(m, "error") && (!id || json_is_null(id))) return true;
  }
  return false;
}

static void check_protocol(mcp_session *s, const mcp_step *st, const mcp_exchange *x, mcp_finding *f) {
  size_t i;
  json_t *m;
  bool batch_sent = !strcmp(st->variant, "batch");
  json_array_foreach(x->received, i, m) {
    if (json_is_object(m) && json_object_get(m, "unparsed")) {
      report(f, "protocol", "medium", st, "non-json", "a line on stdout that is not JSON: %.200s",
             json_string_value(json_object_get(m, "unparsed")));
      return;
    }
    if (json_is_array(m) && batch_sent) continue; /* a batch answer to a batch */
    if (json_is_object(m) && json_object_get(m, "stream_response")) {
      report(f, "protocol", "medium", st, "response-on-get-stream",
             "a JSON-RPC response arrived on the server's GET stream, where only requests and notifications may");
      /* whichever exchange read it: the stream's timing, not the message, decides */
      snprintf(f->where, sizeof f->where, "http get-stream");
      snprintf(f->signature, sizeof f->signature, "protocol|http get-stream|response");
      return;
    }
    if (!json_is_object(m)) {
      report(f, "protocol", "medium", st, "not-object", "a message that is not a JSON object");
      return;
    }
    if (json_object_get(m, "method")) { /* a request or notification of the server's own */
      json_t *v = json_object_get(m, "jsonrpc"), *mid = json_object_get(m, "id");
      if (!json_is_string(v) || strcmp(json_string_value(v), "2.0"))
        report(f, "protocol", "medium", st, "notification-version", "a server message without jsonrpc \"2.0\"");
      else if (!json_is_string(json_object_get(m, "method")))
        report(f, "protocol", "medium", st, "server-method", "a server message whose method is not a string");
      else if (mid && !json_is_string(mid) && !json_is_integer(mid)) /* MCP: a string or an integer, never null */
        report(f, "protocol", "medium", st, "server-request-id", "a server request whose id is neither a string nor an integer");
      continue;
    }
    const char *defect = response_defect(m);
    if (defect) {
      report(f, "protocol", "medium", st, defect, "%s", defect);
      return;
    }
    json_t *id = json_object_get(m, "id");
    bool ours = (st->id && mcp_id_equal(id, st->id)) || (x->probe_id && mcp_id_equal(id, x->probe_id));
    bool null_error = json_is_null(id) && json_object_get(m, "error") && (sent_malformed(st) || batch_sent);
    /* JSON-RPC 2.0: an Invalid Request is answered with a null id only when
     * its id could not be read; echoing a readable one is allowed too */
    bool echoed_error = st->echo_id && mcp_id_equal(id, st->echo_id) && json_object_get(m, "error");
    if (ours || null_error || echoed_error || batch_sent || mcp_session_take_late(s, id)) continue;
    if (st->notification)
      report(f, "protocol", "medium", st, "notification-answered", "a notification was answered");
    else
      report(f, "protocol", "medium", st, "unknown-id", "a response with an id nobody used");
    return;
  }
}

/* Streamable HTTP's session rules: the GET stream answered as allowed; a
 * session ended with DELETE is gone (404 for its id afterwards). A stream
 * defect is bucketed per server ("http get-stream"), whatever message it
 * showed up on. */
static void check_http_session(mcp_session *s, const mcp_step *st, const mcp_exchange *x, mcp_finding *f) {
  if (s->stream_defect[0]) {
    report(f, "protocol", "medium", st, "get-stream-status", "%s", s->stream_defect);
    snprintf(f->where, sizeof f->where, "http get-stream");
    snprintf(f->signature, sizeof f->signature, "protocol|http get-stream|status");
    s->stream_defect[0] = '\0'; /* once per session */
    return;
  }
  if (st->end_session && x->end_status >= 200 && x->end_status < 300 && x->after_end_status != 404) {
    report(f, "protocol", "medium", st, "ended-session-not-404",
           "after the session was ended with DELETE (HTTP %d), a request with its id got HTTP %d, not 404",
           x->end_status, x->after_end_status);
  }
}

static void check_schema(const mcp_step *st, const mcp_exchange *x, mcp_finding *f) {
  if (!st->tool || !x->reply) return;
  json_t *error = json_object_get(x->reply, "error"), *result = json_object_get(x->reply, "result");
  if (error) {
    json_int_t code = json_integer_value(json_object_get(error, "code"));
    if (code == -32602 && st->check.valid && st->check.certain)
      report(f, "invalid-params-on-valid", "medium", st, "",
             "-32602 for arguments that satisfy the input schema: %.300s",
             json_string_value(json_object_get(error, "message")));
    return;
  }
  if (!json_is_object(result)) return;
  if (!json_is_array(json_object_get(result, "content")))
    report(f, "protocol", "medium", st, "no-content", "a tools/call result without a content array");
  bool is_error = json_is_true(json_object_get(result, "isError"));
  if (!st->check.valid && !is_error) {
    char cls[64];
    snprintf(cls, sizeof cls, "%s", st->check.keyword);
    report(f, "schema-not-enforced", !strcmp(st->check.keyword, "additionalProperties") ? "low" : "medium",
           st, cls, "arguments violating the input schema (%s at %s) were accepted",
           st->check.keyword, st->check.where);
    return;
  }
  json_t *out_schema = json_object_get(st->tool, "outputSchema");
  if (out_schema && !is_error) {
    json_t *structured = json_object_get(result, "structuredContent");
    if (!structured) {
      report(f, "output-schema", "medium", st, "missing", "the tool declares an outputSchema but the result has no structuredContent");
      return;
    }
    mcp_check oc;
    mcp_schema_check(out_schema, structured, &oc);
    if (!oc.valid)
      report(f, "output-schema", "medium", st, oc.keyword, "structuredContent violates the outputSchema (%s at %s)",
             oc.keyword, oc.where);
  }
}

void mcp_oracle_check(const mcp_oracle_cfg *cfg, mcp_session *s, const mcp_step *st,
                      const mcp_exchange *x, mcp_finding *f) {
  memset(f, 0, sizeof *f);
  long rss = mcp_transport_rss_kib(&s->t), from_kib = 0, to_kib = 0;
  bool grew = cfg->rss_trend && !s->beside && mcp_rss_trend_add(cfg->rss_trend, s->t.pid, rss, &from_kib, &to_kib);
  if (x->outcome == MCP_DIED) {
    char how[128];
    ff_exit_describe(&s->t.status, how, sizeof how);
    char cls[64];
    snprintf(cls, sizeof cls, "%s", s->t.status.signal ? "signal" : "exit");
    report(f, "server-died", "high", st, cls, "the server ended (%s)", how);
    return;
  }
  check_canaries(cfg, st, x, f);
  if (f->found) return;
  if ((x->outcome == MCP_TIMEOUT || x->outcome == MCP_UNANSWERED) && x->http_status >= 400 && refused_without_id(x)) {
    /* over HTTP the server did answer, at the HTTP level: not a hang, but an error the client cannot match */
    report(f, "protocol", "medium", st, "http-error-null-id",
           "answered with HTTP %d and an error whose id is null, although the request's id was readable",
           x->http_status);
    return;
  }
  if (x->outcome == MCP_TIMEOUT) {
    report(f, "hang", "medium", st, "", "no reply within %.2f s, and no answer to a ping after it",
           s->cfg.timeout_s);
    return;
  }
  if (x->outcome == MCP_UNANSWERED) {
    report(f, "protocol", "medium", st, "unanswered",
           "a request was never answered (no result, no error within %.2f s) while a ping after it was",
           s->cfg.timeout_s);
    return;
  }
  check_protocol(s, st, x, f);
  if (f->found) return;
  check_http_session(s, st, x, f);
  if (f->found) return;
  if (cfg->schema_oracles) check_schema(st, x, f);
  if (f->found) return;
  if (cfg->rss_limit_kib > 0 && rss > cfg->rss_limit_kib) {
    report(f, "memory", "medium", st, "", "the server's resident memory reached %ld MiB (limit %ld MiB)",
           rss / 1024, cfg->rss_limit_kib / 1024);
  } else if (grew) { /* bucketed per server: the message that tipped the window is incidental */
    report(f, "memory", "medium", st, "growth",
           "the server's resident memory grew steadily from %ld to %ld MiB over its last %d messages "
           "(threshold %ld MiB)",
           from_kib / 1024, to_kib / 1024, MCP_RSS_EVERY * (MCP_RSS_WINDOW - 1), cfg->rss_trend->growth_kib / 1024);
    snprintf(f->where, sizeof f->where, "server");
    snprintf(f->signature, sizeof f->signature, "%s", MCP_GROWTH_SIGNATURE);
    mcp_rss_trend_reset(cfg->rss_trend);
  }
}
