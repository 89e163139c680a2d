/* The pipeline on simnet: a coordinator embeds the tokens, sends the hidden
 * states through the plan's stages one hop at a time (coordinator -> stage ->
 * coordinator), applies the head and samples. Every send is tagged with a
 * fresh attempt number, so late, duplicated or corrupted replies are ignored;
 * a stage that does not answer within the timeout is asked again, and after
 * INFER_STAGE_RETRIES its node is excluded for the rest of the request, the
 * plan remade over the others and the token's step restarted. A request
 * completes with the single-node result or fails with a status, within
 * INFER_MAX_ATTEMPTS sends. Up to INFER_MAX_INFLIGHT requests run at once,
 * told apart by their request ids; workers keep no state between frames. */
#include <stdlib.h>
#include <string.h>

#include "formfuzz/simnet.h"
#include "infer.h"

typedef struct worker {
  infer_cluster *c;
  int node;
  bool crashed;
} worker;

typedef struct request {
  infer_cluster *c;
  bool active;
  uint64_t id;
  uint8_t tokens[INFER_CTX];
  int n, n_new, produced, stage;
  infer_sampling sampling;
  infer_token_fn on_token;
  void *ctx;
  infer_plan plan;
  bool excluded[INFER_MAX_WORLD]; /* nodes this request gave up on */
  uint32_t attempt;
  int retries;
  uint64_t timer;
  float h[INFER_CTX][INFER_D];
  infer_result *result;
} request;

struct infer_cluster {
  ff_simnet *net;
  const infer_model *m;
  int world, coord;
  uint32_t capacity[INFER_MAX_WORLD];
  worker w[INFER_MAX_WORLD];
  request req[INFER_MAX_INFLIGHT];
  infer_frame frame; /* scratch: used within one callback at a time */
  uint8_t wire[FF_SIMNET_MAX_PAYLOAD];
};

static ff_simaddr worker_addr(int i) { return ff_simaddr_make(ff_simip_v4(10, 0, 1, (uint8_t)(i + 1)), INFER_PORT); }
static ff_simaddr coord_addr(void) { return ff_simaddr_make(ff_simip_v4(10, 0, 0, 1), INFER_PORT); }

static void on_worker_packet(ff_simnet *net, int node, const ff_simdgram *d, void *ctx) {
  worker *w = ctx;
  infer_cluster *c = w->c;
  if (w->crashed) return;
  infer_frame *f = &c->frame;
  if (infer_frame_decode(f, d->data, d->len, NULL) != 0 || f->kind != INFER_FRAME_REQUEST) return;
  int rows = infer_frame_activation_rows(f);
  if (rows < 1 || f->n_layers < 1 || f->first_layer + f->n_layers > c->m->n_layers) return;
  float(*h)[INFER_D] = (float(*)[INFER_D])f->data;
  for (int l = f->first_layer; l < f->first_layer + f->n_layers; l++) infer_layer_forward(c->m, l, h, rows);
  f->kind = INFER_FRAME_REPLY;
  f->ndim = 3;
  f->dims[0] = 1, f->dims[1] = (uint32_t)rows, f->dims[2] = INFER_D;
  f->n_elems = (size_t)rows * INFER_D;
  size_t len = infer_frame_encode(f, c->wire, sizeof c->wire);
  if (len) ff_simnet_send(net, node, INFER_PORT, &d->src, c->wire, len);
}

static void finish(request *q, infer_status st) {
  infer_cluster *c = q->c;
  if (q->timer) ff_simnet_timer_cancel(c->net, q->timer);
  q->timer = 0;
  q->active = false;
  infer_result *r = q->result;
  r->status = st;
  r->n_tokens = q->n;
  memcpy(r->tokens, q->tokens, (size_t)q->n);
  r->produced = q->produced;
  r->finished_at = ff_simnet_now(c->net);
}

static void send_stage(request *q);

static void on_timeout(ff_simnet *net, int node, uint64_t id, void *ctx) {
  (void)net, (void)node;
  request *q = ctx;
  infer_cluster *c = q->c;
  if (!q->active || id != q->timer) return;
  q->timer = 0;
  if (++q->retries > INFER_STAGE_RETRIES) { /* replace the stage's node */
    q->excluded[q->plan.stage[q->stage].node] = true;
    q->result->failovers++;
    if (infer_plan_make(&q->plan, c->m->n_layers, c->world, c->capacity, q->excluded) != 0) {
      finish(q, INFER_ERR_NO_NODES);
      return;
    }
    q->stage = 0;
    q->retries = 0;
    infer_embed(c->m, q->tokens, q->n, q->h);
  }
  send_stage(q);
}

static void send_stage(request *q) {
  infer_cluster *c = q->c;
  if (q->result->sends >= INFER_MAX_ATTEMPTS) {
    finish(q, INFER_ERR_TIMEOUT);
    return;
  }
  const infer_stage *st = &q->plan.stage[q->stage];
  infer_frame *f = &c->frame;
  f->kind = INFER_FRAME_REQUEST;
  f->dtype = INFER_DTYPE_F32;
  f->ndim = 3;
  f->dims[0] = 1, f->dims[1] = (uint32_t)q->n, f->dims[2] = INFER_D;
  f->n_elems = (size_t)q->n * INFER_D;
  f->request_id = q->id;
  f->step = (uint32_t)q->produced;
  f->attempt = ++q->attempt;
  f->first_layer = (uint16_t)st->first;
  f->n_layers = (uint16_t)st->count;
  memcpy(f->data, q->h, f->n_elems * sizeof(float));
  size_t len = infer_frame_encode(f, c->wire, sizeof c->wire);
  ff_simaddr to = worker_addr(st->node);
  q->result->sends++;
  if (len) ff_simnet_send(c->net, c->coord, INFER_PORT, &to, c->wire, len); /* a failed send is a loss */
  q->timer = ff_simnet_timer(c->net, c->coord, INFER_STEP_TIMEOUT_US, on_timeout, q);
  if (!q->timer) finish(q, INFER_ERR_TIMEOUT);
}

static bool reply_matches(const request *q, const infer_frame *f) {
  const infer_stage *st = &q->plan.stage[q->stage];
  return f->kind == INFER_FRAME_REPLY && f->request_id == q->id && f->step == (uint32_t)q->produced &&
         f->attempt == q->attempt && f->first_layer == st->first && f->n_layers == st->count && f->ndim == 3 &&
         f->dims[0] == 1 && f->dims[1] == (uint32_t)q->n && f->dims[2] == INFER_D;
}

static void on_coord_packet(ff_simnet *net, int node, const ff_simdgram *d, void *ctx) {
  (void)net, (void)node;
  infer_cluster *c = ctx;
  infer_frame *f = &c->frame;
  if (infer_frame_decode(f, d->data, d->len, NULL) != 0) return;
  request *q = NULL;
  for (int i = 0; i < INFER_MAX_INFLIGHT && !q; i++)
    if (c->req[i].active && c->req[i].id == f->request_id) q = &c->req[i];
  if (!q || !reply_matches(q, f)) return;
  ff_simnet_timer_cancel(c->net, q->timer);
  q->timer = 0;
  q->retries = 0;
  memcpy(q->h, f->data, (size_t)q->n * INFER_D * sizeof(float));
  if (++q->stage < q->plan.n_stages) {
    send_stage(q);
    return;
  }
  float logits[INFER_VOCAB];
  infer_head(c->m, q->h[q->n - 1], logits);
  int tok = infer_sample(logits, &q->sampling, (uint64_t)q->produced);
  q->tokens[q->n++] = (uint8_t)tok;
  q->produced++;
  bool more = q->on_token ? q->on_token(q->ctx, tok) : true;
  if (!more || q->produced >= q->n_new || q->n >= INFER_CTX) {
    finish(q, INFER_OK);
    return;
  }
  q->stage = 0;
  infer_embed(c->m, q->tokens, q->n, q->h);
  send_stage(q);
}

infer_cluster *infer_cluster_new(ff_simnet *net, const infer_model *m, int world, const uint32_t *capacity) {
  if (world < 1 || world > INFER_MAX_WORLD) return NULL;
  infer_cluster *c = calloc(1, sizeof *c);
  if (!c) return NULL;
  c->net = net, c->m = m, c->world = world;
  memcpy(c->capacity, capacity, (size_t)world * sizeof *capacity);
  c->coord = ff_simnet_node_add(net, FF_SIMNET_INTERNET, "coordinator");
  if (c->coord < 0 || ff_simnet_node_add_addr(net, c->coord, coord_addr().ip) != 0 ||
      ff_simnet_bind(net, c->coord, INFER_PORT) < 0)
    goto fail;
  ff_simnet_set_receiver(net, c->coord, on_coord_packet, c);
  for (int i = 0; i < world; i++) {
    worker *w = &c->w[i];
    w->c = c;
    w->node = ff_simnet_node_add(net, FF_SIMNET_INTERNET, "worker");
    if (w->node < 0 || ff_simnet_node_add_addr(net, w->node, worker_addr(i).ip) != 0 ||
        ff_simnet_bind(net, w->node, INFER_PORT) < 0)
      goto fail;
    ff_simnet_set_receiver(net, w->node, on_worker_packet, w);
  }
  return c;
fail:
  free(c);
  return NULL;
}

void infer_cluster_free(infer_cluster *c) { free(c); }

int infer_cluster_node(const infer_cluster *c, int worker) { return c->w[worker].node; }

int infer_cluster_coordinator(const infer_cluster *c) { return c->coord; }

void infer_cluster_crash(infer_cluster *c, int worker) { c->w[worker].crashed = true; }

int infer_cluster_submit(infer_cluster *c, uint64_t request_id, const uint8_t *prompt, int n, int n_new,
                         const infer_sampling *s, infer_token_fn on_token, void *ctx, infer_result *r) {
  memset(r, 0, sizeof *r);
  r->started_at = ff_simnet_now(c->net);
  request *q = NULL;
  for (int i = 0; i < INFER_MAX_INFLIGHT && !q; i++)
    if (!c->req[i].active) q = &c->req[i];
  bool taken = false;
  for (int i = 0; i < INFER_MAX_INFLIGHT; i++) taken |= c->req[i].active && c->req[i].id == request_id;
  if (!q || taken) {
    r->status = INFER_ERR_INVALID;
    r->finished_at = r->started_at;
    return -1;
  }
  memset(q, 0, sizeof *q);
  q->c = c, q->result = r;
  q->id = request_id, q->n = n, q->n_new = n_new, q->sampling = *s, q->on_token = on_token, q->ctx = ctx;
  if (n < 1 || n > INFER_CTX || n_new < 0) {
    q->n = 0;
    finish(q, INFER_ERR_INVALID);
    return 0;
  }
  memcpy(q->tokens, prompt, (size_t)n);
  if (n_new == 0 || n == INFER_CTX) {
    finish(q, INFER_OK);
    return 0;
  }
  if (infer_plan_make(&q->plan, c->m->n_layers, c->world, c->capacity, q->excluded) != 0) {
    finish(q, INFER_ERR_NO_NODES);
    return 0;
  }
  q->active = true;
  infer_embed(c->m, q->tokens, q->n, q->h);
  send_stage(q);
  return 0;
}

void infer_cluster_abort(infer_cluster *c) {
  for (int i = 0; i < INFER_MAX_INFLIGHT; i++)
    if (c->req[i].active) finish(&c->req[i], INFER_ERR_TIMEOUT);
}

void infer_cluster_run(infer_cluster *c) {
  /* Every send arms one timer and sends are bounded, so the run ends; the
   * event budget only guards the harness against a packet storm. */
  ff_simnet_run_idle(c->net, 1000000);
  infer_cluster_abort(c);
}

int infer_cluster_active(const infer_cluster *c) {
  int n = 0;
  for (int i = 0; i < INFER_MAX_INFLIGHT; i++) n += c->req[i].active;
  return n;
}

bool infer_cluster_step(infer_cluster *c) {
  if (ff_simnet_step(c->net)) return true;
  infer_cluster_abort(c);
  return false;
}

void infer_cluster_generate(infer_cluster *c, uint64_t request_id, const uint8_t *prompt, int n, int n_new,
                            const infer_sampling *s, infer_token_fn on_token, void *ctx, infer_result *r) {
  if (infer_cluster_submit(c, request_id, prompt, n, n_new, s, on_token, ctx, r) == 0) infer_cluster_run(c);
}
