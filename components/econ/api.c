/* The econ HTTP routes (econ_api.h) on top of the core: webhooks with bearer
 * authentication, cap and destination checks; the queue's write_local,
 * write_op and read routes on the queue store. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "econ_api.h"
#include "econ_json.h"
#include "formfuzz/bug.h"

econ_err econ_api_init(econ_api *api, const char *token, const ff_keypair *node_key, uint64_t seed) {
  memset(api, 0, sizeof *api);
  if (!token || !token[0] || strlen(token) >= sizeof api->token) return ECON_ERR_INVALID;
  strcpy(api->token, token);
  econ_hooks_init(&api->hooks, seed, ECON_HOOKS_MAX);
  econ_queue_init(&api->queue, node_key, 4096);
  return ECON_OK;
}

void econ_api_free(econ_api *api) { econ_queue_free(&api->queue); }

void econ_response_free(econ_response *resp) {
  free(resp->body);
  resp->body = NULL;
}

static void reply(econ_response *r, int status, const char *type, char *body) {
  r->status = status;
  r->content_type = type;
  r->body = body;
  r->len = body ? strlen(body) : 0;
  if (!body && status != 204) {
    r->status = 500;
    r->content_type = "text/plain";
  }
}

static char *dup_str(const char *s) {
  char *d = malloc(strlen(s) + 1);
  if (d) strcpy(d, s);
  return d;
}

static void reply_text(econ_response *r, int status, const char *text) {
  reply(r, status, "text/plain", dup_str(text));
}

static void reply_error(econ_response *r, int status, const char *reason) {
  json_t *o = json_pack("{s:s}", "error", reason);
  reply(r, status, "application/json", o ? econ_json_dump(o, NULL) : NULL);
  json_decref(o);
}

/* Constant-time comparison of the bearer token. */
static bool authorized(const econ_api *api, const char *auth) {
  if (FF_BUG("econ.webhook_unauth")) return true;
  if (!auth || strncmp(auth, "Bearer ", 7) != 0) return false;
  const char *t = auth + 7;
  size_t n = strlen(t), m = strlen(api->token);
  unsigned diff = (unsigned)(n ^ m);
  for (size_t i = 0; i < m; i++) diff |= (unsigned)(t[i < n ? i : 0] ^ api->token[i]);
  return diff == 0 && n == m;
}

static void hooks_route(econ_api *api, const char *method, const char *rest, const char *auth,
                        const char *body, size_t len, econ_response *r) {
  if (!authorized(api, auth)) {
    reply_error(r, 401, "missing or wrong bearer token");
    return;
  }
  char reason[ECON_REASON_MAX];
  if (rest[0] == 0) {
    if (strcmp(method, "POST") == 0) {
      econ_webhook w;
      econ_err e = econ_hooks_create(&api->hooks, body, len, &w, reason, sizeof reason);
      if (e == ECON_ERR_FULL) { reply_error(r, 409, reason); return; }
      if (e != ECON_OK) { reply_error(r, 400, reason); return; }
      json_t *o = json_pack("{s:s,s:s,s:b,s:b,s:o}", "id", w.id, "url", w.url, "metrics", w.ev_metrics,
                            "threshold_violation", w.ev_threshold, "secret",
                            w.has_secret ? json_string("") : json_null());
      reply(r, 201, "application/json", o ? econ_json_dump(o, NULL) : NULL);
      json_decref(o);
      return;
    }
    if (strcmp(method, "GET") == 0) { reply(r, 200, "application/json", econ_hooks_list_json(&api->hooks)); return; }
    { reply_error(r, 405, "method not allowed"); return; }
  }
  if (rest[0] != '/' || strchr(rest + 1, '/')) { reply_error(r, 404, "no such route"); return; }
  if (strcmp(method, "DELETE") != 0) { reply_error(r, 405, "method not allowed"); return; }
  if (econ_hooks_delete(&api->hooks, rest + 1) != ECON_OK) { reply_error(r, 404, "no such webhook"); return; }
  reply(r, 204, "text/plain", NULL);
}

static void reply_queue(econ_response *r, bool success, const char *reason) {
  reply(r, 200, "application/json", econ_queue_response_json(success, reason));
}

static void queue_write(econ_api *api, const char *body, size_t len, econ_response *r) {
  uint8_t *content;
  size_t clen;
  char hex[65], reason[ECON_REASON_MAX];
  econ_err e = econ_queue_parse_write(body, len, &content, &clen, hex, reason, sizeof reason);
  if (e == ECON_ERR_NOMEM) { reply(r, 500, "text/plain", NULL); return; }
  if (e != ECON_OK) { reply_queue(r, false, reason); return; }
  bool added;
  e = econ_queue_write(&api->queue, hex, content, clen, &added);
  free(content);
  if (e != ECON_OK) {
    snprintf(reason, sizeof reason, "write refused: %s", econ_err_name(e));
    reply_queue(r, false, reason);
    return;
  }
  reply_queue(r, true, NULL);
}

/* write_op: a peer's QueueOp. Up is applied after validation (OpSuccess when
 * stored or already there); Rm is not accepted from the network (the real
 * route lets anyone delete whole topics). Invalid ops get Failure. */
static void queue_write_op(econ_api *api, const char *body, size_t len, econ_response *r) {
  econ_qop op;
  bool is_rm, added;
  char reason[ECON_REASON_MAX];
  econ_err e = econ_qop_parse(body, len, &op, &is_rm, reason, sizeof reason);
  bool always_success = FF_BUG("econ.write_op_always_success");
  if (e == ECON_ERR_NOMEM) { reply(r, 500, "text/plain", NULL); return; }
  if (e != ECON_OK) { reply_queue(r, always_success, reason); return; }
  if (is_rm) {
    if (FF_BUG("econ.queue_rm_anyone")) {
      for (size_t k = 0; k < op.nkeys; k++) econ_queue_drop_topic(&api->queue, op.keys[k]);
      reply_queue(r, true, NULL);
      return;
    }
    reply_queue(r, always_success, "topic removal is not accepted over the network");
    return;
  }
  e = econ_queue_apply(&api->queue, &op, &added, reason, sizeof reason);
  econ_qop_free(&op);
  if (e != ECON_OK && e != ECON_ERR_INVALID) snprintf(reason, sizeof reason, "op refused: %s", econ_err_name(e));
  reply_queue(r, e == ECON_OK || always_success, e == ECON_OK ? NULL : reason);
}

/* The read routes: count messages from arrival index idx (SIZE_MAX: all). */
static void queue_list(const econ_api *api, const char *name, size_t idx, size_t limit, econ_response *r) {
  char hex[65];
  econ_topic_hash(name, strlen(name), hex);
  size_t first, count;
  if (econ_queue_read_after(&api->queue, hex, idx, &first, &count) != ECON_OK)
    { reply_queue(r, false, "Queue is shorter"); return; }
  if (count > limit) count = limit;
  json_t *list = json_array(), *root = json_object();
  for (size_t i = first; list && i < first + count; i++) {
    const econ_qmsg *msg = econ_queue_at(&api->queue, hex, i);
    if (!FF_BUG("econ.queue_empty_underflow") && !msg) break;
    const econ_qtopic *t = econ_queue_topic(&api->queue, hex);
    if (!msg) msg = &t->msgs[i]; /* the replica reads past the end */
    json_t *m = json_array();
    for (size_t k = 0; m && k < msg->len; k++) json_array_append_new(m, json_integer(msg->content[k]));
    json_array_append_new(list, m);
  }
  char *s = NULL;
  if (list && root && json_object_set(root, "List", list) == 0) s = econ_json_dump(root, NULL);
  json_decref(list);
  json_decref(root);
  reply(r, 200, "application/json", s);
}

/* Parses a decimal index without overflow; false when not all digits. */
static bool parse_index(const char *s, size_t n, size_t *out) {
  if (n == 0 || n > 18) return false;
  size_t v = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (size_t)(s[i] - '0');
  }
  *out = v;
  return true;
}

static void queue_route(econ_api *api, const char *method, const char *rest, const char *body,
                        size_t len, econ_response *r) {
  if (strcmp(rest, "health") == 0) {
    if (strcmp(method, "GET") != 0) { reply_error(r, 405, "method not allowed"); return; }
    { reply_text(r, 200, "OK"); return; }
  }
  if (strcmp(rest, "write_local") == 0) {
    if (strcmp(method, "POST") != 0) { reply_error(r, 405, "method not allowed"); return; }
    { queue_write(api, body, len, r); return; }
  }
  if (strcmp(rest, "write_op") == 0) {
    if (strcmp(method, "POST") != 0) { reply_error(r, 405, "method not allowed"); return; }
    { queue_write_op(api, body, len, r); return; }
  }
  /* <name>/get, <name>/<n>/get_n, <name>/<idx>/get_after, <name>/<idx>/<n>/get_n_after */
  const char *s1 = strchr(rest, '/');
  if (!s1 || s1 == rest) { reply_error(r, 404, "no such route"); return; }
  char name[128];
  size_t nl = (size_t)(s1 - rest);
  if (nl >= sizeof name) { reply_error(r, 404, "topic name too long"); return; }
  memcpy(name, rest, nl);
  name[nl] = 0;
  size_t nums[2], nnums = 0;
  const char *part = s1 + 1, *slash;
  while (nnums < 2 && (slash = strchr(part, '/')) && parse_index(part, (size_t)(slash - part), &nums[nnums])) {
    nnums++;
    part = slash + 1;
  }
  size_t idx = 0, limit = SIZE_MAX;
  if (nnums == 0 && strcmp(part, "get") == 0) {
  } else if (nnums == 1 && strcmp(part, "get_n") == 0) {
    limit = nums[0];
  } else if (nnums == 1 && strcmp(part, "get_after") == 0) {
    idx = nums[0];
  } else if (nnums == 2 && strcmp(part, "get_n_after") == 0) {
    idx = nums[0];
    limit = nums[1];
  } else {
    reply_error(r, 404, "no such route");
    return;
  }
  if (strcmp(method, "GET") != 0) { reply_error(r, 405, "method not allowed"); return; }
  queue_list(api, name, idx, limit, r);
}

void econ_api_handle(econ_api *api, const char *method, const char *path, const char *authorization,
                     const char *body, size_t body_len, econ_response *resp) {
  memset(resp, 0, sizeof *resp);
  if (!body) body_len = 0;
  if (body_len > ECON_API_BODY_MAX) { reply_error(resp, 413, "body too large"); return; }
  if (strcmp(path, "/health") == 0) {
    if (strcmp(method, "GET") != 0) { reply_error(resp, 405, "method not allowed"); return; }
    { reply_text(resp, 200, "healthy"); return; }
  }
  if (strcmp(path, "/get") == 0) {
    if (strcmp(method, "GET") != 0) { reply_error(resp, 405, "method not allowed"); return; }
    if (!api->has_metrics) { reply_error(resp, 503, "no metrics collected yet"); return; }
    reply(resp, 200, "application/json", econ_system_metrics_to_json(&api->metrics, NULL));
    return;
  }
  if (strncmp(path, "/api/v1/webhooks", 16) == 0 && (path[16] == 0 || path[16] == '/'))
    { hooks_route(api, method, path + 16, authorization, body ? body : "", body_len, resp); return; }
  if (strncmp(path, "/queue/", 7) == 0)
    { queue_route(api, method, path + 7, body ? body : "", body_len, resp); return; }
  reply_error(resp, 404, "no such route");
}
