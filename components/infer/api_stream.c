/* Streaming completions as server-sent events, generated while they are read:
 * one choice after another through the cluster, the simulator stepped until
 * the current choice has text that can no longer turn into a stop sequence,
 * then a chunk with that text. The request's worst-case cost is reserved when
 * the stream opens and settled to the tokens produced when it is freed. */
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"
#include "formfuzz/bug.h"
#include "formfuzz/simnet.h"

#define MAX_CHOICES (INFER_API_MAX_PROMPTS * INFER_API_MAX_N)
#define STEP_BUDGET 1000000

enum phase { CHOICE_START, CHOICE_TOKENS, USAGE, DONE, END };

struct infer_stream {
  infer_api *api;
  infer_account *acct;
  gen_request g;
  choice ch[MAX_CHOICES];
  infer_result res;
  ff_simnet *net;
  infer_cluster *c;
  char id[40];
  int k;          /* the current choice */
  enum phase phase;
  int emitted;    /* bytes of ch[k].text already sent */
  uint64_t prompt_tokens, reserved, steps;
  bool settled;
  char *buf;      /* events not yet read: buf[off..len) */
  size_t len, cap, off;
};

static void add(infer_stream *s, json_t *doc) { api_sse_add(&s->buf, &s->len, &s->cap, doc); }

/* Bytes at the end of the text that could still grow into a stop sequence. */
static int holdback(const gen_request *g, const choice *c) {
  int best = 0;
  for (int i = 0; i < g->n_stop; i++)
    for (int l = (int)strlen(g->stop[i]) - 1; l > best; l--)
      if (l <= c->len && memcmp(c->text + c->len - l, g->stop[i], (size_t)l) == 0) {
        best = l;
        break;
      }
  return best;
}

static void emit_text(infer_stream *s, int upto) {
  const gen_request *g = &s->g;
  if (upto <= s->emitted) return;
  json_t *piece = api_text_json(s->ch[s->k].text + s->emitted, upto - s->emitted);
  json_t *one = g->chat ? json_pack("[{s:i, s:{s:o}, s:n, s:n}]", "index", s->k, "delta", "content", piece,
                                    "logprobs", "finish_reason")
                        : json_pack("[{s:o, s:i, s:n, s:n}]", "text", piece, "index", s->k, "logprobs",
                                    "finish_reason");
  add(s, api_chunk(s->api, g, s->id, one));
  s->emitted = upto;
}

static void start_choice(infer_stream *s) {
  const gen_request *g = &s->g;
  int p = s->k / g->n;
  if (g->chat)
    add(s, api_chunk(s->api, g, s->id, json_pack("[{s:i, s:{s:s, s:s}, s:n, s:n}]", "index", s->k, "delta", "role",
                                                 "assistant", "content", "", "logprobs", "finish_reason")));
  else if (g->echo)
    add(s, api_chunk(s->api, g, s->id, json_pack("[{s:o, s:i, s:n, s:n}]", "text",
                                                 api_text_json(g->prompt[p], g->prompt_len[p]), "index", s->k,
                                                 "logprobs", "finish_reason")));
  choice *x = &s->ch[s->k];
  x->g = g;
  infer_sampling smp = g->sampling;
  smp.seed += (uint64_t)(s->k % g->n);
  s->emitted = 0;
  s->phase = CHOICE_TOKENS;
  if (infer_cluster_submit(s->c, s->api->next_id * 64 + (uint64_t)s->k, g->prompt[p], g->prompt_len[p],
                           g->max_tokens, &smp, api_on_token, x, &s->res) != 0)
    s->res.status = INFER_ERR_INVALID;
}

static void finish_choice(infer_stream *s) {
  const gen_request *g = &s->g;
  choice *x = &s->ch[s->k];
  if (s->res.status != INFER_OK) { /* the stream ends with the API's error object */
    add(s, json_pack("{s:{s:s, s:s, s:n, s:n}}", "error", "message", "The inference nodes did not answer.", "type",
                     "server_error", "param", "code"));
    s->phase = DONE;
    return;
  }
  emit_text(s, x->len);
  const char *finish = x->stopped ? "stop" : "length";
  json_t *last = g->chat ? json_pack("[{s:i, s:{}, s:n, s:s}]", "index", s->k, "delta", "logprobs", "finish_reason",
                                     finish)
                         : json_pack("[{s:s, s:i, s:n, s:s}]", "text", "", "index", s->k, "logprobs",
                                     "finish_reason", finish);
  add(s, api_chunk(s->api, g, s->id, last));
  s->phase = ++s->k < g->n_prompts * g->n ? CHOICE_START : USAGE;
}

static uint64_t completion_tokens(const infer_stream *s) {
  uint64_t n = 0;
  for (int k = 0; k < MAX_CHOICES; k++) n += (uint64_t)s->ch[k].produced;
  return n;
}

/* Charges the tokens produced, returning the rest of the reservation. */
static void settle(infer_stream *s) {
  if (s->settled) return;
  s->settled = true;
  uint64_t in = s->prompt_tokens, out = completion_tokens(s), cost;
  if (FF_BUG("infer.client_tokens_billed") && (s->g.client_in || s->g.client_out))
    in = s->g.client_in, out = s->g.client_out; /* §5.1: the request's own counts */
  if (infer_cost(in, out, s->g.model->price_per_token, &cost) != 0) cost = s->reserved;
  if (cost <= s->reserved) infer_refund(s->acct, s->reserved - cost);
  else if (infer_charge(s->acct, cost - s->reserved) != 0) return; /* only with the replica: keep the reservation */
}

/* Moves the stream on until it has events to read or has ended. */
static void advance(infer_stream *s) {
  while (s->off == s->len && s->phase != END) {
    switch (s->phase) {
    case CHOICE_START: start_choice(s); break;
    case CHOICE_TOKENS:
      if (infer_cluster_active(s->c) == 0) {
        finish_choice(s);
        break;
      }
      if (++s->steps > STEP_BUDGET) infer_cluster_abort(s->c);
      else infer_cluster_step(s->c);
      if (infer_cluster_active(s->c)) emit_text(s, s->ch[s->k].len - holdback(&s->g, &s->ch[s->k]));
      break;
    case USAGE:
      settle(s);
      if (s->g.include_usage) {
        json_t *e = api_chunk(s->api, &s->g, s->id, json_array());
        json_object_set_new(e, "usage", api_usage_json(s->prompt_tokens, completion_tokens(s)));
        add(s, e);
      }
      s->phase = DONE;
      break;
    case DONE:
      add(s, NULL);
      s->phase = END;
      break;
    case END: break;
    }
  }
}

size_t infer_stream_read(infer_stream *s, char *out, size_t cap) {
  if (s->off == s->len) s->off = s->len = 0;
  advance(s);
  size_t n = s->len - s->off < cap ? s->len - s->off : cap;
  memcpy(out, s->buf + s->off, n);
  s->off += n;
  return n;
}

void infer_stream_free(infer_stream *s) {
  if (!s) return;
  infer_cluster_abort(s->c);
  settle(s);
  infer_cluster_free(s->c);
  ff_simnet_free(s->net);
  free(s->buf);
  free(s);
}

void api_open_stream(infer_api *api, infer_account *a, const gen_request *g, uint64_t prompt_tokens,
                     uint64_t reserve, infer_response *r) {
  infer_stream *s = calloc(1, sizeof *s);
  if (s) s->net = ff_simnet_new(api->next_id);
  if (s && s->net) s->c = infer_cluster_new(s->net, g->model->model, api->world, api->capacity);
  if (!s || !s->c || infer_charge(a, reserve) != 0) {
    if (s) {
      infer_cluster_free(s->c);
      ff_simnet_free(s->net);
      free(s);
    }
    api_respond_error(r, 429, "insufficient_quota", NULL, "insufficient_quota", "The charge could not be reserved.");
    return;
  }
  ff_simnet_trace_keep(s->net, 0);
  s->api = api, s->acct = a, s->g = *g, s->prompt_tokens = prompt_tokens, s->reserved = reserve;
  snprintf(s->id, sizeof s->id, "%s-%llx", g->chat ? "chatcmpl" : "cmpl", (unsigned long long)api->next_id);
  for (int k = 0; k < MAX_CHOICES; k++) s->ch[k].g = &s->g;
  r->status = 200;
  r->content_type = "text/event-stream";
  r->stream = s;
}
