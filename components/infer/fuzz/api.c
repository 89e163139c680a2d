/* infer_api: sequences of HTTP requests against infer_api_handle, bodies built
 * field by field (valid, or bent in one field: wrong types, out-of-range
 * numbers, unknown roles, empty or oversized lists, over-long prompts,
 * client-supplied token counts, deep nesting, cut or garbled JSON), by
 * callers with and without access. Oracles:
 *   infer.api_status   only 200/400/401/404/405/413/429, and every error is
 *                      the API's error object (message, type, param, code);
 *   infer.api_auth     no or a wrong key: 401 and nothing charged;
 *   infer.api_private  a private model is listed, readable and usable only by
 *                      its owner and admins; others get 404 model_not_found;
 *   infer.api_valid    a request whose every field is valid, whose prompt fits
 *                      the context and whose worst cost fits the credits
 *                      succeeds; one bent field gives 400;
 *   infer.api_usage    prompt_tokens is the template's length as computed
 *                      here, each choice's text obeys max_tokens and stop,
 *                      total = prompt + completion, and the account is charged
 *                      exactly total x price (never the client's counts);
 *   infer.api_stream   a stream is well-formed SSE ending in [DONE]; with
 *                      greedy sampling its deltas, per choice, equal the
 *                      non-streamed text and its usage the non-streamed usage. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formfuzz/oracle.h"
#include "formfuzz/prop.h"
#include "gen.h"
#include "infer_api.h"

#define PRICE_PUBLIC 1
#define PRICE_PRIVATE 3

typedef struct caller {
  const char *auth;
  const char *account; /* NULL: not authenticated */
  bool sees_private;
} caller;

static const caller callers[] = {
    {"Bearer k-user", "user", false},   {"Bearer k-owner", "owner", true}, {"Bearer k-admin", "admin", true},
    {"Bearer k-guest", "guest", true},  {NULL, NULL, false},               {"Bearer wrong", NULL, false},
    {"k-user", NULL, false},
};

typedef struct plan {
  bool valid;           /* every field valid */
  bool chat, stream, include_usage, greedy, echo;
  int n, max_tokens, n_prompts;
  int prompt_len[INFER_API_MAX_PROMPTS];
  const char *stop[INFER_API_MAX_STOP];
  int n_stop;
  bool private_model, missing_model;
  int price;
} plan;

static json_t *text(ff_input *in, size_t max) {
  char buf[64];
  ff_cstr_from(in, buf, max + 1 < sizeof buf ? max + 1 : sizeof buf, "ab c\xc3\xa9.!xyz\n");
  json_t *t = json_string(buf); /* NULL when the bytes drawn are not UTF-8 */
  return t ? t : json_string("?");
}

static json_t *nested(ff_input *in, int depth) {
  if (depth == 0 || !ff_more(in)) return json_integer(ff_i64(in));
  json_t *a = ff_bool(in) ? json_array() : json_object();
  if (json_is_array(a)) json_array_append_new(a, nested(in, depth - 1));
  else json_object_set_new(a, "k", nested(in, depth - 1));
  return a;
}

/* Messages; the template length ("role: content\n"... "assistant:") into p. */
static json_t *messages(ff_input *in, plan *p) {
  static const char *const roles[] = {"user", "system", "assistant", "developer", "tool"};
  json_t *msgs = json_array();
  int n = (int)ff_range(in, 1, 3), len = 10;
  if (ff_choose(in, 16) == 0) n = 0, p->valid = false;
  for (int i = 0; i < n; i++) {
    json_t *m = json_object();
    const char *role = FF_PICK(in, roles);
    if (ff_choose(in, 16) == 0) role = "robot", p->valid = false;
    json_object_set_new(m, "role", json_string(role));
    if (strcmp(role, "tool") == 0 && ff_choose(in, 4)) json_object_set_new(m, "tool_call_id", json_string("call_1"));
    else if (strcmp(role, "tool") == 0) p->valid = false;
    json_t *content = text(in, 8);
    len += (int)strlen(role) + 3 + (int)json_string_length(content);
    switch (ff_choose(in, 6)) {
    case 0: json_object_set_new(m, "content", json_pack("[{s:s, s:o}]", "type", "text", "text", content)); break;
    case 1:
      json_decref(content);
      json_object_set_new(m, "content", json_pack("[{s:s, s:s}]", "type", "image_url", "image_url", "x"));
      p->valid = false;
      break;
    case 2:
      json_decref(content);
      json_object_set_new(m, "content", json_integer(7));
      p->valid = false;
      break;
    default: json_object_set_new(m, "content", content); break;
    }
    json_array_append_new(msgs, m);
  }
  p->n_prompts = 1;
  p->prompt_len[0] = len;
  return msgs;
}

static json_t *prompts(ff_input *in, plan *p) {
  int k = (int)ff_range(in, 0, 2);
  json_t *one = NULL, *arr = json_array();
  p->n_prompts = k ? k : 1;
  for (int i = 0; i < p->n_prompts; i++) {
    json_t *t = text(in, 12);
    if (json_string_length(t) == 0) p->valid = false;
    p->prompt_len[i] = (int)json_string_length(t);
    if (k == 0) one = t;
    else json_array_append_new(arr, t);
  }
  if (k == 0) {
    json_decref(arr);
    return one;
  }
  json_decref(one);
  return arr;
}

static void set_field(ff_input *in, json_t *body, plan *p, const char *key, json_t *good, json_t *bad) {
  switch (ff_weighted(in, (const unsigned[]){4, 3, 1}, 3)) {
  case 0: json_decref(good), json_decref(bad); break; /* absent */
  case 1: json_object_set_new(body, key, good), json_decref(bad); break;
  default:
    json_object_set_new(body, key, bad), json_decref(good);
    p->valid = false;
  }
}

static json_t *gen_body(ff_input *in, plan *p, bool chat) {
  static const char *const stops[] = {"a", "b", " ", "c.", "xy", "\n"};
  memset(p, 0, sizeof *p);
  p->valid = true;
  p->chat = chat;
  json_t *body = json_object();
  switch (ff_weighted(in, (const unsigned[]){8, 3, 1, 1}, 4)) {
  case 0: json_object_set_new(body, "model", json_string("tiny")); p->price = PRICE_PUBLIC; break;
  case 1: json_object_set_new(body, "model", json_string("tiny-private")); p->private_model = true; p->price = PRICE_PRIVATE; break;
  case 2: json_object_set_new(body, "model", json_string("missing")); p->missing_model = true; p->valid = false; break;
  default: json_object_set_new(body, "model", json_integer(1)); p->valid = false; break;
  }
  json_object_set_new(body, chat ? "messages" : "prompt", chat ? messages(in, p) : prompts(in, p));
  p->n = 1;
  if (ff_bool(in)) {
    p->n = (int)ff_range(in, 1, 2);
    json_object_set_new(body, "n", ff_choose(in, 8) ? json_integer(p->n) : json_integer(FF_PICK(in, ((const int[]){0, 9, -1}))));
    if (json_integer_value(json_object_get(body, "n")) != p->n) p->valid = false;
  }
  p->max_tokens = (int)ff_range(in, 1, 4);
  const char *max_key = chat && ff_bool(in) ? "max_completion_tokens" : "max_tokens";
  set_field(in, body, p, max_key, json_integer(p->max_tokens),
            json_integer(FF_PICK(in, ((const int[]){0, -3, INFER_CTX + 1, 1 << 30}))));
  if (!json_object_get(body, "max_tokens") && !json_object_get(body, "max_completion_tokens")) p->max_tokens = 0;
  if (ff_bool(in)) {
    p->n_stop = (int)ff_range(in, 1, 2);
    json_t *arr = json_array();
    for (int i = 0; i < p->n_stop; i++) {
      p->stop[i] = FF_PICK(in, stops);
      json_array_append_new(arr, json_string(p->stop[i]));
    }
    if (ff_choose(in, 8) == 0) json_array_append_new(arr, json_string("")), p->valid = false;
    json_object_set_new(body, "stop", arr);
  }
  p->greedy = ff_bool(in);
  set_field(in, body, p, "temperature", json_real(p->greedy ? 0.0 : 0.5 + (double)ff_range(in, 0, 10) / 10.0),
            json_real(ff_bool(in) ? -1.0 : 2.5));
  if (!json_object_get(body, "temperature")) p->greedy = false;
  set_field(in, body, p, "seed", json_integer(ff_i64(in)), json_string("7"));
  set_field(in, body, p, "top_p", json_real(0.5), json_real(1.5));
  if (ff_bool(in)) {
    p->stream = true;
    json_object_set_new(body, "stream", json_true());
    if (ff_bool(in)) {
      p->include_usage = ff_bool(in);
      json_object_set_new(body, "stream_options", json_pack("{s:b}", "include_usage", p->include_usage));
    }
  } else if (ff_choose(in, 8) == 0) {
    json_object_set_new(body, "stream", json_string("yes"));
    p->valid = false;
  }
  if (!chat && ff_choose(in, 4) == 0) p->echo = true, json_object_set_new(body, "echo", json_true());
  if (ff_choose(in, 4) == 0)
    set_field(in, body, p, "tools", json_pack("[{s:s, s:{s:s}}]", "type", "function", "function", "name", "get_x"),
              json_pack("[{s:s}]", "type", "retrieval"));
  if (ff_choose(in, 4) == 0) { /* Formation's client-supplied counts: never billed */
    json_object_set_new(body, "input_tokens", json_integer(ff_i64(in)));
    json_object_set_new(body, "output_tokens", json_integer(ff_i64(in)));
  }
  if (ff_choose(in, 4) == 0) json_object_set_new(body, "metadata", nested(in, (int)ff_range(in, 1, 40)));
  return body;
}

static void check_error_object(const infer_response *r) {
  json_t *doc = json_loadb(r->body, r->len, 0, NULL), *err = json_object_get(doc, "error");
  FF_INVARIANT(json_is_string(json_object_get(err, "message")) && json_is_string(json_object_get(err, "type")) &&
                   json_object_get(err, "param") && json_object_get(err, "code"),
               "infer.api_status", "status %d without the error object: %.200s", r->status, r->body);
  json_decref(doc);
}

/* Choices' texts from a JSON body, or from a stream's deltas; usage if present. */
typedef struct outcome {
  char text[INFER_API_MAX_PROMPTS * INFER_API_MAX_N][2 * INFER_CTX + 1];
  bool stopped[INFER_API_MAX_PROMPTS * INFER_API_MAX_N];
  int n_choices;
  long long prompt, completion, total;
  bool has_usage;
} outcome;

static void add_text(outcome *o, json_t *choice, bool chat, bool stream) {
  int idx = (int)json_integer_value(json_object_get(choice, "index"));
  FF_INVARIANT(idx >= 0 && idx < INFER_API_MAX_PROMPTS * INFER_API_MAX_N, "infer.api_usage", "choice index %d", idx);
  if (idx + 1 > o->n_choices) o->n_choices = idx + 1;
  json_t *t = chat ? json_object_get(json_object_get(choice, stream ? "delta" : "message"), "content")
                   : json_object_get(choice, "text");
  if (json_is_string(t)) {
    size_t have = strlen(o->text[idx]), add = json_string_length(t);
    FF_INVARIANT(have + add < sizeof o->text[idx], "infer.api_usage", "choice %d longer than the context", idx);
    memcpy(o->text[idx] + have, json_string_value(t), add + 1);
  }
  const char *finish = json_string_value(json_object_get(choice, "finish_reason"));
  if (finish) o->stopped[idx] = strcmp(finish, "stop") == 0;
}

static void read_usage(outcome *o, json_t *u) {
  if (!json_is_object(u)) return;
  o->has_usage = true;
  o->prompt = json_integer_value(json_object_get(u, "prompt_tokens"));
  o->completion = json_integer_value(json_object_get(u, "completion_tokens"));
  o->total = json_integer_value(json_object_get(u, "total_tokens"));
}

static void parse_outcome(const infer_response *r, bool chat, bool stream, outcome *o) {
  memset(o, 0, sizeof *o);
  if (!stream) {
    json_t *doc = json_loadb(r->body, r->len, 0, NULL), *choice;
    FF_INVARIANT(doc != NULL, "infer.api_status", "200 body is not JSON");
    size_t i;
    json_array_foreach(json_object_get(doc, "choices"), i, choice) add_text(o, choice, chat, false);
    read_usage(o, json_object_get(doc, "usage"));
    json_decref(doc);
    return;
  }
  FF_INVARIANT(r->content_type && strcmp(r->content_type, "text/event-stream") == 0, "infer.api_stream",
               "stream served as %s", r->content_type ? r->content_type : "nothing");
  const char *p = r->body, *end = r->body + r->len;
  bool done = false;
  while (p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    FF_INVARIANT(nl && nl + 1 < end && nl[1] == '\n' && strncmp(p, "data: ", 6) == 0 && !done, "infer.api_stream",
                 "malformed event at byte %td", p - r->body);
    if (nl - p == 12 && strncmp(p, "data: [DONE]", 12) == 0) done = true;
    else {
      json_t *doc = json_loadb(p + 6, (size_t)(nl - p - 6), 0, NULL), *choice;
      FF_INVARIANT(doc != NULL, "infer.api_stream", "event is not JSON");
      size_t i;
      json_array_foreach(json_object_get(doc, "choices"), i, choice) add_text(o, choice, chat, true);
      read_usage(o, json_object_get(doc, "usage"));
      json_decref(doc);
    }
    p = nl + 2;
  }
  FF_INVARIANT(done, "infer.api_stream", "no [DONE]");
}

/* max_tokens, or the server's default for the longest prompt. */
static int effective_max(const plan *p) {
  int longest = 0;
  for (int i = 0; i < p->n_prompts; i++) longest = p->prompt_len[i] > longest ? p->prompt_len[i] : longest;
  if (p->max_tokens) return p->max_tokens;
  return INFER_API_DEFAULT_MAX_TOKENS < INFER_CTX - longest ? INFER_API_DEFAULT_MAX_TOKENS : INFER_CTX - longest;
}

static void check_usage(const plan *p, const outcome *o, uint64_t charged) {
  int want_choices = p->n_prompts * p->n, max = effective_max(p);
  FF_INVARIANT(o->n_choices == want_choices, "infer.api_usage", "%d choices, want %d", o->n_choices, want_choices);
  long long prompt = 0, lo = 0, hi = 0;
  for (int k = 0; k < want_choices; k++) {
    int pl = p->prompt_len[k / p->n];
    prompt += k % p->n == 0 ? pl : 0;
    long long len = (long long)strlen(o->text[k]) - (p->echo ? pl : 0);
    FF_INVARIANT(len >= 0 && len <= max, "infer.api_usage", "choice %d: %lld tokens of text, max_tokens %d", k, len, max);
    for (int s = 0; s < p->n_stop; s++)
      FF_INVARIANT(!strstr(o->text[k] + (p->echo ? pl : 0), p->stop[s]), "infer.api_usage",
                   "choice %d holds stop sequence \"%s\"", k, p->stop[s]);
    if (o->stopped[k]) {
      lo += len + 1, hi += len + 2; /* the stop sequences are 1 or 2 bytes */
      FF_INVARIANT(p->n_stop > 0, "infer.api_usage", "finish_reason stop without stop sequences");
    } else {
      FF_INVARIANT(len == max, "infer.api_usage", "choice %d: %lld tokens, finish length, max %d", k, len, max);
      lo += len, hi += len;
    }
  }
  if (!o->has_usage) return;
  FF_INVARIANT(o->prompt == prompt && o->completion >= lo && o->completion <= hi &&
                   o->total == o->prompt + o->completion,
               "infer.api_usage", "usage %lld+%lld=%lld, want prompt %lld, completion in [%lld, %lld]", o->prompt,
               o->completion, o->total, prompt, lo, hi);
  FF_INVARIANT(charged == (uint64_t)o->total * (uint64_t)p->price, "infer.api_usage",
               "charged %llu for %lld tokens at %d", (unsigned long long)charged, o->total, p->price);
}

static void setup(infer_api *api, ff_input *in) {
  uint32_t cap[4] = {1, 1, 1, 1};
  infer_api_init(api, (int)ff_range(in, 1, 4), cap);
  const infer_model *m = infer_gen_model(0, 1);
  infer_api_add_model(api, "tiny", "formfuzz", false, PRICE_PUBLIC, m);
  infer_api_add_model(api, "tiny-private", "owner", true, PRICE_PRIVATE, m);
  uint64_t credits = ff_choose(in, 4) ? 1000000 : ff_range(in, 0, 300);
  infer_api_add_account(api, "user", "k-user", credits, false);
  infer_api_add_account(api, "owner", "k-owner", credits, false);
  infer_api_add_account(api, "admin", "k-admin", credits, true);
  int guest = infer_api_add_account(api, "guest", "k-guest", credits, false);
  strcpy(api->acct[guest].owned_models[0], "tiny-private"); /* granted */
}

static uint64_t spent(infer_api *api, const char *account) {
  infer_account *a = account ? infer_api_account(api, account) : NULL;
  return a ? a->spent : 0;
}

static uint64_t all_spent(infer_api *api) {
  uint64_t s = 0;
  for (int i = 0; i < api->n_acct; i++) s += api->acct[i].spent;
  return s;
}

static void models_case(infer_api *api, const caller *c, bool one) {
  infer_response r;
  infer_api_handle(api, "GET", one ? "/v1/models/tiny-private" : "/v1/models", c->auth, NULL, 0, &r);
  if (!c->account) {
    FF_INVARIANT(r.status == 401, "infer.api_auth", "models without a valid key: %d", r.status);
  } else if (one) {
    FF_INVARIANT(r.status == (c->sees_private ? 200 : 404), "infer.api_private", "GET the private model as %s: %d",
                 c->account, r.status);
  } else {
    FF_INVARIANT(r.status == 200, "infer.api_status", "models list: %d", r.status);
    bool listed = strstr(r.body, "\"tiny-private\"") != NULL;
    FF_INVARIANT(listed == c->sees_private, "infer.api_private", "%s %s the private model", c->account,
                 listed ? "sees" : "does not see");
  }
  if (r.status != 200) check_error_object(&r);
  infer_response_free(&r);
}

static void generation_case(infer_api *api, ff_input *in, const caller *c) {
  plan p;
  bool chat = ff_bool(in);
  json_t *body = gen_body(in, &p, chat);
  char *text = json_dumps(body, JSON_COMPACT);
  json_decref(body);
  FF_INVARIANT(text != NULL, "infer.api_status", "generated body not serializable");
  size_t len = strlen(text);
  switch (ff_weighted(in, (const unsigned[]){12, 1, 1}, 3)) {
  case 1: len = (size_t)ff_range(in, 0, len ? len - 1 : 0), p.valid = false; break;  /* cut */
  case 2: if (len) text[ff_choose(in, len)] = '\x01', p.valid = false; break;       /* garbled */
  default: break;
  }
  const char *path = chat ? "/v1/chat/completions" : "/v1/completions";
  uint64_t before = spent(api, c->account), total_before = all_spent(api);
  infer_account *acct = c->account ? infer_api_account(api, c->account) : NULL;
  uint64_t credits = acct ? acct->credits : 0;
  infer_response r;
  infer_api_handle(api, "POST", path, c->auth, text, len, &r);
  int st = r.status;
  FF_INVARIANT(st == 200 || st == 400 || st == 401 || st == 404 || st == 429, "infer.api_status", "status %d: %.200s",
               st, r.body ? r.body : "");
  if (st != 200) {
    check_error_object(&r);
    FF_INVARIANT(all_spent(api) == total_before, "infer.api_usage", "status %d but charged", st);
  }
  if (!c->account) FF_INVARIANT(st == 401, "infer.api_auth", "no valid key but status %d", st);
  bool hidden = p.private_model && c->account && !c->sees_private;
  FF_INVARIANT(!hidden || st != 200, "infer.api_private", "private model served to %s", c->account ? c->account : "");
  if (c->account && p.valid) {
    int longest = 0, max = effective_max(&p);
    for (int i = 0; i < p.n_prompts; i++) longest = p.prompt_len[i] > longest ? p.prompt_len[i] : longest;
    bool fits = max >= 1 && longest + max <= INFER_CTX;
    uint64_t worst = 0;
    for (int i = 0; i < p.n_prompts; i++) worst += (uint64_t)p.prompt_len[i];
    worst = (worst + (uint64_t)p.n_prompts * (uint64_t)p.n * (uint64_t)max) * (uint64_t)p.price;
    int want = hidden ? 404 : !fits ? 400 : worst > credits ? 429 : 200;
    FF_INVARIANT(st == want, "infer.api_valid", "valid request (%s) as %s: status %d, want %d: %.200s",
                 hidden ? "private" : "public", c->account, st, want, r.body ? r.body : "");
  }
  if (st == 200) {
    static outcome o, again;
    parse_outcome(&r, chat, p.stream, &o);
    uint64_t charged = spent(api, c->account) - before;
    check_usage(&p, &o, charged);
    if (p.stream && p.greedy) { /* the same request without streaming */
      json_t *doc = json_loadb(text, len, 0, NULL);
      json_object_set_new(doc, "stream", json_false());
      json_object_del(doc, "stream_options");
      char *plain = json_dumps(doc, JSON_COMPACT);
      json_decref(doc);
      infer_response r2;
      infer_api_handle(api, "POST", path, c->auth, plain, strlen(plain), &r2);
      if (r2.status == 200) {
        parse_outcome(&r2, chat, false, &again);
        for (int k = 0; k < o.n_choices; k++)
          FF_INVARIANT(strcmp(o.text[k], again.text[k]) == 0, "infer.api_stream",
                       "choice %d streamed \"%s\", plain \"%s\"", k, o.text[k], again.text[k]);
        if (o.has_usage)
          FF_INVARIANT(o.completion == again.completion && o.prompt == again.prompt, "infer.api_stream",
                       "stream usage differs");
      }
      infer_response_free(&r2);
      free(plain);
    }
  }
  infer_response_free(&r);
  free(text);
}

FF_PROPERTY(infer_api) {
  static infer_api api;
  setup(&api, in);
  for (int step = 0; step < 4 && ff_more(in); step++) {
    const caller *c = &callers[ff_weighted(in, (const unsigned[]){8, 3, 2, 2, 1, 1, 1}, 7)];
    switch (ff_weighted(in, (const unsigned[]){10, 1, 1, 1}, 4)) {
    case 0: generation_case(&api, in, c); break;
    case 1: models_case(&api, c, false); break;
    case 2: models_case(&api, c, true); break;
    default: {
      infer_response r;
      static const char *const paths[] = {"/v1/embeddings", "/v1/models", "/v1/chat/completions", "/v1"};
      static const char *const methods[] = {"PUT", "DELETE", "POST", "GET"};
      const char *path = FF_PICK(in, paths), *method = FF_PICK(in, methods);
      infer_api_handle(&api, method, path, c->auth, "{}", 2, &r);
      FF_INVARIANT(r.status != 500 && r.status != 503, "infer.api_status", "%s %s: %d", method, path, r.status);
      if (r.status != 200) check_error_object(&r);
      infer_response_free(&r);
      break;
    }
    }
  }
}
