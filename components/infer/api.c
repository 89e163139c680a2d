/* The OpenAI-compatible routes (see infer_api.h): request validation with the
 * API's error object, the chat template, generation of every choice through
 * the sharded pipeline, stop sequences, usage counted by the server, billing,
 * and the JSON or server-sent-event bodies, all with jansson. */
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formfuzz/bug.h"
#include "formfuzz/simnet.h"
#include "api_internal.h"

void infer_api_init(infer_api *api, int world, const uint32_t *capacity) {
  memset(api, 0, sizeof *api);
  api->world = world < 1 ? 1 : world > INFER_MAX_WORLD ? INFER_MAX_WORLD : world;
  for (int i = 0; i < api->world; i++) api->capacity[i] = capacity ? capacity[i] : 1;
  api->now = 1700000000;
}

static bool fits(const char *s, size_t cap) { return s && s[0] && strlen(s) < cap; }

int infer_api_add_account(infer_api *api, const char *id, const char *key, uint64_t credits, bool admin) {
  if (api->n_acct >= (int)(sizeof api->acct / sizeof api->acct[0]) || !fits(id, 32) || !fits(key, 64)) return -1;
  infer_account *a = &api->acct[api->n_acct];
  memset(a, 0, sizeof *a);
  strcpy(a->id, id);
  strcpy(a->key, key);
  a->credits = credits;
  a->admin = admin;
  return api->n_acct++;
}

int infer_api_add_model(infer_api *api, const char *id, const char *owner, bool is_private, uint64_t price,
                        const infer_model *m) {
  if (api->n_models >= (int)(sizeof api->models / sizeof api->models[0]) || !fits(id, 48) || !fits(owner, 32))
    return -1;
  infer_model_entry *e = &api->models[api->n_models];
  strcpy(e->id, id);
  strcpy(e->owner, owner);
  e->is_private = is_private;
  e->price_per_token = price;
  e->model = m;
  return api->n_models++;
}

infer_account *infer_api_account(infer_api *api, const char *id) {
  for (int i = 0; i < api->n_acct; i++)
    if (strcmp(api->acct[i].id, id) == 0) return &api->acct[i];
  return NULL;
}

void infer_response_free(infer_response *r) {
  free(r->body);
  r->body = NULL;
  infer_stream_free(r->stream);
  r->stream = NULL;
}

/* ---- responses ---- */
void api_respond_json(infer_response *r, int status, json_t *doc) {
  r->status = status;
  r->content_type = "application/json";
  r->body = json_dumps(doc, JSON_COMPACT);
  r->len = r->body ? strlen(r->body) : 0;
  json_decref(doc);
  if (!r->body) r->status = 500;
}

void api_respond_error(infer_response *r, int status, const char *type, const char *param, const char *code,
                          const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  json_t *err = json_pack("{s:s%, s:s, s:o, s:o}", "message", msg, strnlen(msg, sizeof msg), "type", type, "param",
                          param ? json_string(param) : json_null(), "code", code ? json_string(code) : json_null());
  api_respond_json(r, status, json_pack("{s:o}", "error", err));
}

#define INVALID(r, param, ...) api_respond_error(r, 400, "invalid_request_error", param, NULL, __VA_ARGS__)

/* ---- the caller ---- */
static infer_account *authenticate(infer_api *api, const char *authorization) {
  if (!authorization || strncmp(authorization, "Bearer ", 7) != 0) return NULL;
  const char *key = authorization + 7;
  size_t n = strlen(key);
  for (int i = 0; i < api->n_acct; i++) {
    const char *k = api->acct[i].key;
    size_t kn = strlen(k);
    unsigned diff = (unsigned)(n ^ kn);
    for (size_t j = 0; j < kn; j++) diff |= (unsigned)(k[j] ^ (j < n ? key[j] : 0));
    if (diff == 0) return &api->acct[i];
  }
  return NULL;
}

static infer_model_entry *find_model(infer_api *api, const char *id, const infer_account *a) {
  for (int i = 0; i < api->n_models; i++)
    if (strcmp(api->models[i].id, id) == 0) return infer_model_visible(&api->models[i], a) ? &api->models[i] : NULL;
  return NULL;
}

static json_t *model_object(const infer_model_entry *m) {
  return json_pack("{s:s, s:s, s:I, s:s}", "id", m->id, "object", "model", "created", (json_int_t)0, "owned_by",
                   m->owner);
}

static void list_models(infer_api *api, const infer_account *a, infer_response *r) {
  json_t *data = json_array();
  for (int i = 0; i < api->n_models; i++)
    if (infer_model_visible(&api->models[i], a)) json_array_append_new(data, model_object(&api->models[i]));
  api_respond_json(r, 200, json_pack("{s:s, s:o}", "object", "list", "data", data));
}

static void model_not_found(infer_response *r, const char *id) {
  api_respond_error(r, 404, "invalid_request_error", "model", "model_not_found",
                "The model `%.64s` does not exist or you do not have access to it.", id);
}

/* Appends text to a prompt; false when it would not fit the context. */
static bool prompt_add(gen_request *g, int p, const char *text, size_t len) {
  if (len > (size_t)(INFER_CTX - g->prompt_len[p])) return false;
  memcpy(g->prompt[p] + g->prompt_len[p], text, len);
  g->prompt_len[p] += (int)len;
  return true;
}

static bool too_long(infer_response *r, const char *param, int have) {
  api_respond_error(r, 400, "invalid_request_error", param, "context_length_exceeded",
                "This model's maximum context length is %d tokens; the prompt needs at least %d.", INFER_CTX, have);
  return false;
}

/* Chat template: "<role>: <content>\n" per message, then "assistant:". */
static bool parse_messages(json_t *msgs, gen_request *g, infer_response *r) {
  static const char *const roles[] = {"system", "developer", "user", "assistant", "tool"};
  if (!json_is_array(msgs) || json_array_size(msgs) == 0) {
    INVALID(r, "messages", "'messages' must be a non-empty array.");
    return false;
  }
  g->n_prompts = 1;
  size_t i;
  json_t *m;
  json_array_foreach(msgs, i, m) {
    json_t *role = json_object_get(m, "role"), *content = json_object_get(m, "content");
    const char *rs = json_string_value(role);
    bool known = false;
    for (size_t k = 0; rs && k < 5; k++) known |= strcmp(rs, roles[k]) == 0;
    if (!json_is_object(m) || !known) {
      INVALID(r, "messages", "messages[%zu]: 'role' must be one of system, developer, user, assistant, tool.", i);
      return false;
    }
    if (strcmp(rs, "tool") == 0 && !json_is_string(json_object_get(m, "tool_call_id"))) {
      INVALID(r, "messages", "messages[%zu]: a tool message needs 'tool_call_id'.", i);
      return false;
    }
    if (!prompt_add(g, 0, rs, strlen(rs)) || !prompt_add(g, 0, ": ", 2)) return too_long(r, "messages", INFER_CTX + 1);
    if (json_is_string(content)) {
      if (!prompt_add(g, 0, json_string_value(content), json_string_length(content)))
        return too_long(r, "messages", g->prompt_len[0] + (int)json_string_length(content));
    } else if (json_is_array(content)) {
      size_t j;
      json_t *part;
      json_array_foreach(content, j, part) {
        json_t *text = json_object_get(part, "text");
        if (!json_is_string(json_object_get(part, "type")) ||
            strcmp(json_string_value(json_object_get(part, "type")), "text") != 0 || !json_is_string(text)) {
          INVALID(r, "messages", "messages[%zu].content[%zu]: only text parts are supported.", i, j);
          return false;
        }
        if (!prompt_add(g, 0, json_string_value(text), json_string_length(text)))
          return too_long(r, "messages", g->prompt_len[0] + (int)json_string_length(text));
      }
    } else if (!(json_is_null(content) && strcmp(rs, "assistant") == 0)) {
      INVALID(r, "messages", "messages[%zu]: 'content' must be a string or an array of text parts.", i);
      return false;
    }
    if (!prompt_add(g, 0, "\n", 1)) return too_long(r, "messages", INFER_CTX + 1);
  }
  if (!prompt_add(g, 0, "assistant:", 10)) return too_long(r, "messages", INFER_CTX + 1);
  return true;
}

static bool parse_prompt(json_t *prompt, gen_request *g, infer_response *r) {
  if (json_is_string(prompt)) {
    g->n_prompts = 1;
    if (json_string_length(prompt) == 0) {
      INVALID(r, "prompt", "'prompt' must not be empty.");
      return false;
    }
    if (!prompt_add(g, 0, json_string_value(prompt), json_string_length(prompt)))
      return too_long(r, "prompt", (int)json_string_length(prompt));
    return true;
  }
  size_t n = json_array_size(prompt);
  if (!json_is_array(prompt) || n == 0 || n > INFER_API_MAX_PROMPTS) {
    INVALID(r, "prompt", "'prompt' must be a string or an array of 1 to %d strings.", INFER_API_MAX_PROMPTS);
    return false;
  }
  g->n_prompts = (int)n;
  for (size_t i = 0; i < n; i++) {
    json_t *p = json_array_get(prompt, i);
    if (!json_is_string(p) || json_string_length(p) == 0) {
      INVALID(r, "prompt", "prompt[%zu] must be a non-empty string.", i);
      return false;
    }
    if (!prompt_add(g, (int)i, json_string_value(p), json_string_length(p)))
      return too_long(r, "prompt", (int)json_string_length(p));
  }
  return true;
}

static bool int_field(json_t *body, const char *key, long long lo, long long hi, long long *out, infer_response *r) {
  json_t *v = json_object_get(body, key);
  if (!v || json_is_null(v)) return true;
  if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi) {
    INVALID(r, key, "'%s' must be an integer from %lld to %lld.", key, lo, hi);
    return false;
  }
  *out = json_integer_value(v);
  return true;
}

static bool number_field(json_t *body, const char *key, double lo, double hi, double *out, infer_response *r) {
  json_t *v = json_object_get(body, key);
  if (!v || json_is_null(v)) return true;
  if (!json_is_number(v) || !(json_number_value(v) >= lo && json_number_value(v) <= hi)) {
    INVALID(r, key, "'%s' must be a number from %g to %g.", key, lo, hi);
    return false;
  }
  *out = json_number_value(v);
  return true;
}

static bool bool_field(json_t *body, const char *key, bool *out, infer_response *r) {
  json_t *v = json_object_get(body, key);
  if (!v || json_is_null(v)) return true;
  if (!json_is_boolean(v)) {
    INVALID(r, key, "'%s' must be a boolean.", key);
    return false;
  }
  *out = json_is_true(v);
  return true;
}

static bool parse_stop(json_t *stop, gen_request *g, infer_response *r) {
  if (!stop || json_is_null(stop)) return true;
  json_t *one = json_is_string(stop) ? stop : NULL;
  size_t n = one ? 1 : json_array_size(stop);
  if ((!one && !json_is_array(stop)) || n > INFER_API_MAX_STOP) {
    INVALID(r, "stop", "'stop' must be a string or an array of at most %d strings.", INFER_API_MAX_STOP);
    return false;
  }
  for (size_t i = 0; i < n; i++) {
    json_t *s = one ? one : json_array_get(stop, i);
    if (!json_is_string(s) || json_string_length(s) == 0 || json_string_length(s) > INFER_API_STOP_LEN ||
        strlen(json_string_value(s)) != json_string_length(s)) {
      INVALID(r, "stop", "stop sequences must be non-empty strings of at most %d bytes.", INFER_API_STOP_LEN);
      return false;
    }
    strcpy(g->stop[g->n_stop++], json_string_value(s));
  }
  return true;
}

static bool parse_tools(json_t *body, infer_response *r) {
  json_t *tools = json_object_get(body, "tools"), *choice = json_object_get(body, "tool_choice");
  if (tools && !json_is_null(tools)) {
    if (!json_is_array(tools)) {
      INVALID(r, "tools", "'tools' must be an array.");
      return false;
    }
    size_t i;
    json_t *t;
    json_array_foreach(tools, i, t) {
      const char *type = json_string_value(json_object_get(t, "type"));
      const char *name = json_string_value(json_object_get(json_object_get(t, "function"), "name"));
      size_t len = name ? strlen(name) : 0;
      bool ok = type && strcmp(type, "function") == 0 && len >= 1 && len <= 64;
      for (size_t k = 0; ok && k < len; k++)
        ok = (name[k] >= 'a' && name[k] <= 'z') || (name[k] >= 'A' && name[k] <= 'Z') ||
             (name[k] >= '0' && name[k] <= '9') || name[k] == '_' || name[k] == '-';
      if (!ok) {
        INVALID(r, "tools", "tools[%zu]: a function tool needs a name of 1 to 64 of a-z A-Z 0-9 _ -.", i);
        return false;
      }
    }
  }
  if (choice && !json_is_null(choice)) {
    const char *c = json_string_value(choice);
    if (!c || (strcmp(c, "none") != 0 && strcmp(c, "auto") != 0)) {
      INVALID(r, "tool_choice", "'tool_choice' must be \"none\" or \"auto\": this model never calls tools.");
      return false;
    }
  }
  return true;
}

static bool parse_request(infer_api *api, const infer_account *a, json_t *body, gen_request *g, infer_response *r) {
  const char *model = json_string_value(json_object_get(body, "model"));
  if (!model) {
    INVALID(r, "model", "'model' is required and must be a string.");
    return false;
  }
  g->model = find_model(api, model, a);
  if (!g->model) {
    model_not_found(r, model);
    return false;
  }
  if (g->chat ? !parse_messages(json_object_get(body, "messages"), g, r)
              : !parse_prompt(json_object_get(body, "prompt"), g, r))
    return false;
  long long n = 1, max_tokens = 0, seed = (long long)(api->next_id * 0x9e3779b97f4a7c15ull >> 1);
  double temperature = 1.0, top_p = 1.0;
  if (!int_field(body, "n", 1, INFER_API_MAX_N, &n, r) ||
      !int_field(body, "max_tokens", 1, INFER_CTX, &max_tokens, r) ||
      (g->chat && !int_field(body, "max_completion_tokens", 1, INFER_CTX, &max_tokens, r)) ||
      !int_field(body, "seed", INT64_MIN, INT64_MAX, &seed, r) ||
      !number_field(body, "temperature", 0.0, 2.0, &temperature, r) ||
      !number_field(body, "top_p", 0.0, 1.0, &top_p, r) || !bool_field(body, "stream", &g->stream, r) ||
      (!g->chat && !bool_field(body, "echo", &g->echo, r)) || !parse_stop(json_object_get(body, "stop"), g, r) ||
      !parse_tools(body, r))
    return false;
  json_t *so = json_object_get(body, "stream_options");
  if (so && !json_is_null(so)) {
    if (!g->stream || !json_is_object(so)) {
      INVALID(r, "stream_options", "'stream_options' is only allowed with \"stream\": true and must be an object.");
      return false;
    }
    if (!bool_field(so, "include_usage", &g->include_usage, r)) return false;
  }
  g->n = (int)n;
  int longest = 0;
  for (int p = 0; p < g->n_prompts; p++) longest = g->prompt_len[p] > longest ? g->prompt_len[p] : longest;
  if (max_tokens == 0) max_tokens = INFER_API_DEFAULT_MAX_TOKENS < INFER_CTX - longest ? INFER_API_DEFAULT_MAX_TOKENS
                                                                                       : INFER_CTX - longest;
  if (max_tokens < 1 || longest + max_tokens > INFER_CTX)
    return too_long(r, g->chat ? "messages" : "prompt", longest + (int)(max_tokens ? max_tokens : 1));
  g->max_tokens = (int)max_tokens;
  g->sampling = temperature > 0.0 ? (infer_sampling){.top_k = 40, .temperature = (float)temperature, .seed = (uint64_t)seed}
                                  : (infer_sampling){.top_k = 1, .temperature = 0.0f, .seed = (uint64_t)seed};
  json_t *in = json_object_get(body, "input_tokens"), *out = json_object_get(body, "output_tokens");
  g->client_in = json_is_integer(in) ? (uint64_t)json_integer_value(in) : 0;
  g->client_out = json_is_integer(out) ? (uint64_t)json_integer_value(out) : 0;
  return true;
}

/* ---- generation ---- */
bool api_on_token(void *ctx, int token) {
  choice *c = ctx;
  c->text[c->len++] = (uint8_t)token;
  c->produced++;
  for (int i = 0; i < c->g->n_stop; i++) {
    size_t sl = strlen(c->g->stop[i]);
    if ((size_t)c->len >= sl && memcmp(c->text + c->len - sl, c->g->stop[i], sl) == 0) {
      c->len -= (int)sl;
      c->stopped = true;
      return false;
    }
  }
  return true;
}

/* Every choice through the pipeline on in-process simnet nodes, up to
 * INFER_MAX_INFLIGHT of them at once. */
static bool generate(infer_api *api, const gen_request *g, choice *ch, infer_response *r) {
  ff_simnet *net = ff_simnet_new(api->next_id);
  infer_cluster *c = net ? infer_cluster_new(net, g->model->model, api->world, api->capacity) : NULL;
  bool ok = c != NULL;
  if (net) ff_simnet_trace_keep(net, 0);
  static infer_result res[INFER_API_MAX_PROMPTS * INFER_API_MAX_N];
  int total = g->n_prompts * g->n;
  for (int first = 0; ok && first < total; first += INFER_MAX_INFLIGHT) {
    int last = first + INFER_MAX_INFLIGHT < total ? first + INFER_MAX_INFLIGHT : total;
    for (int k = first; ok && k < last; k++) {
      int p = k / g->n;
      choice *x = &ch[k];
      x->g = g;
      infer_sampling s = g->sampling;
      s.seed += (uint64_t)(k % g->n);
      ok = infer_cluster_submit(c, api->next_id * 64 + (uint64_t)k, g->prompt[p], g->prompt_len[p], g->max_tokens,
                                &s, api_on_token, x, &res[k]) == 0;
    }
    infer_cluster_run(c);
    for (int k = first; ok && k < last; k++) ok = res[k].status == INFER_OK;
  }
  infer_cluster_free(c);
  ff_simnet_free(net);
  if (!ok) api_respond_error(r, 503, "server_error", NULL, NULL, "The inference nodes did not answer; try again.");
  return ok;
}

json_t *api_text_json(const uint8_t *text, int len) { return json_stringn((const char *)text, (size_t)len); }

json_t *api_usage_json(uint64_t prompt, uint64_t completion) {
  return json_pack("{s:I, s:I, s:I}", "prompt_tokens", (json_int_t)prompt, "completion_tokens",
                   (json_int_t)completion, "total_tokens", (json_int_t)(prompt + completion));
}

json_t *api_envelope(const infer_api *api, const gen_request *g, const char *id, bool chunk) {
  const char *object = g->chat ? (chunk ? "chat.completion.chunk" : "chat.completion") : "text_completion";
  return json_pack("{s:s, s:s, s:I, s:s}", "id", id, "object", object, "created", (json_int_t)api->now, "model",
                   g->model->id);
}

static json_t *choice_json(const gen_request *g, int index, const choice *c, const char *text_prefix, int plen) {
  const char *finish = c->stopped ? "stop" : "length";
  if (g->chat)
    return json_pack("{s:i, s:{s:s, s:o, s:n}, s:n, s:s}", "index", index, "message", "role", "assistant",
                     "content", api_text_json(c->text, c->len), "refusal", "logprobs", "finish_reason", finish);
  uint8_t full[2 * INFER_CTX + 1];
  memcpy(full, text_prefix, (size_t)plen);
  memcpy(full + plen, c->text, (size_t)c->len);
  return json_pack("{s:o, s:i, s:n, s:s}", "text", api_text_json(full, plen + c->len), "index", index, "logprobs",
                   "finish_reason", finish);
}

void api_sse_add(char **buf, size_t *len, size_t *cap, json_t *doc) {
  char *s = doc ? json_dumps(doc, JSON_COMPACT) : NULL;
  json_decref(doc);
  const char *line = s ? s : "[DONE]";
  size_t need = *len + strlen(line) + 9;
  if (need > *cap) {
    size_t ncap = need * 2;
    char *n = realloc(*buf, ncap);
    if (!n) abort();
    *buf = n, *cap = ncap;
  }
  *len += (size_t)sprintf(*buf + *len, "data: %s\n\n", line);
  free(s);
}

json_t *api_chunk(const infer_api *api, const gen_request *g, const char *id, json_t *choices) {
  json_t *e = api_envelope(api, g, id, true);
  json_object_set_new(e, "choices", choices);
  return e;
}

static void completion(infer_api *api, infer_account *a, json_t *body, bool chat, infer_response *r) {
  static gen_request g; /* large; the API is serialized by its callers */
  memset(&g, 0, sizeof g);
  g.chat = chat;
  api->next_id++;
  if (!parse_request(api, a, body, &g, r)) return;
  uint64_t prompt_tokens = 0, max_cost;
  for (int p = 0; p < g.n_prompts; p++) prompt_tokens += (uint64_t)g.prompt_len[p];
  uint64_t worst = (uint64_t)g.n_prompts * (uint64_t)g.n * (uint64_t)g.max_tokens;
  if (infer_cost(prompt_tokens, worst, g.model->price_per_token, &max_cost) != 0 || max_cost > a->credits) {
    api_respond_error(r, 429, "insufficient_quota", NULL, "insufficient_quota",
                  "You exceeded your current quota: this request may cost up to %llu credits.",
                  (unsigned long long)max_cost);
    return;
  }
  if (g.stream) {
    api_open_stream(api, a, &g, prompt_tokens, max_cost, r);
    return;
  }
  static choice ch[INFER_API_MAX_PROMPTS * INFER_API_MAX_N];
  memset(ch, 0, sizeof ch);
  if (!generate(api, &g, ch, r)) return;
  uint64_t completion_tokens = 0, cost;
  for (int k = 0; k < g.n_prompts * g.n; k++) completion_tokens += (uint64_t)ch[k].produced;
  uint64_t bill_in = prompt_tokens, bill_out = completion_tokens;
  if (FF_BUG("infer.client_tokens_billed") && (g.client_in || g.client_out))
    bill_in = g.client_in, bill_out = g.client_out; /* §5.1: the request's own counts */
  if (infer_cost(bill_in, bill_out, g.model->price_per_token, &cost) != 0 || infer_charge(a, cost) != 0) {
    api_respond_error(r, 429, "insufficient_quota", NULL, "insufficient_quota", "The charge could not be taken.");
    return;
  }
  char id[40];
  snprintf(id, sizeof id, "%s-%llx", chat ? "chatcmpl" : "cmpl", (unsigned long long)api->next_id);
  json_t *choices = json_array();
  for (int k = 0; k < g.n_prompts * g.n; k++) {
    int p = k / g.n;
    json_array_append_new(choices, choice_json(&g, k, &ch[k], (const char *)g.prompt[p],
                                               g.echo ? g.prompt_len[p] : 0));
  }
  json_t *doc = api_envelope(api, &g, id, false);
  json_object_set_new(doc, "choices", choices);
  json_object_set_new(doc, "usage", api_usage_json(prompt_tokens, completion_tokens));
  api_respond_json(r, 200, doc);
}

void infer_api_handle(infer_api *api, const char *method, const char *path, const char *authorization,
                      const char *body, size_t len, infer_response *r) {
  infer_api_handle_incremental(api, method, path, authorization, body, len, r);
  if (!r->stream) return;
  char *all = NULL; /* the whole event stream as the body */
  size_t n = 0, cap = 0, got;
  do {
    if (cap - n < 4096) {
      char *grown = realloc(all, cap = cap * 2 + 4096);
      if (!grown) abort();
      all = grown;
    }
    n += got = infer_stream_read(r->stream, all + n, cap - n);
  } while (got);
  infer_stream_free(r->stream);
  r->stream = NULL;
  r->body = all;
  r->len = n;
}

void infer_api_handle_incremental(infer_api *api, const char *method, const char *path, const char *authorization,
                                  const char *body, size_t len, infer_response *r) {
  memset(r, 0, sizeof *r);
  bool get = strcmp(method, "GET") == 0, post = strcmp(method, "POST") == 0;
  bool models = strcmp(path, "/v1/models") == 0, one_model = strncmp(path, "/v1/models/", 11) == 0;
  bool chat = strcmp(path, "/v1/chat/completions") == 0, comp = strcmp(path, "/v1/completions") == 0;
  if (!models && !one_model && !chat && !comp) {
    api_respond_error(r, 404, "invalid_request_error", NULL, "unknown_url", "Unknown request URL: %.8s %.128s.", method,
                  path);
    return;
  }
  if (((models || one_model) && !get) || ((chat || comp) && !post)) {
    api_respond_error(r, 405, "invalid_request_error", NULL, "method_not_allowed", "Method %.8s is not allowed here.",
                  method);
    return;
  }
  infer_account *a = authenticate(api, authorization);
  if (!a) {
    api_respond_error(r, 401, "invalid_request_error", NULL, "invalid_api_key",
                  "Incorrect API key provided: use Authorization: Bearer <key>.");
    return;
  }
  if (models) {
    list_models(api, a, r);
    return;
  }
  if (one_model) {
    infer_model_entry *m = find_model(api, path + 11, a);
    if (m) api_respond_json(r, 200, model_object(m));
    else model_not_found(r, path + 11);
    return;
  }
  if (len > INFER_API_BODY_MAX) {
    api_respond_error(r, 413, "invalid_request_error", NULL, "request_too_large", "The body is larger than %d bytes.",
                  INFER_API_BODY_MAX);
    return;
  }
  json_error_t err;
  json_t *doc = body ? json_loadb(body, len, JSON_REJECT_DUPLICATES, &err) : NULL;
  if (!json_is_object(doc)) {
    INVALID(r, NULL, "The body must be a JSON object%s%.200s.", doc ? "" : ": ", doc ? "" : (body ? err.text : "none"));
    json_decref(doc);
    return;
  }
  completion(api, a, doc, chat, r);
  json_decref(doc);
}
