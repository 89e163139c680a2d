/* The publishing pipeline on simnet (econ_publish.h): outbox, breaker, retry
 * with the §5.2 backoff, one breaker record per publish, at-least-once
 * delivery to an idempotent queue. Frames carry a SHA-256 (TCP's integrity). */
#include <nettle/sha3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "econ_publish.h"
#include "formfuzz/bug.h"
#include "formfuzz/crypto.h"
#include "formfuzz/fault.h"

static void put64(uint8_t *p, uint64_t v) {
  for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (56 - 8 * i));
}
static uint64_t get64(const uint8_t *p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; i++) v = v << 8 | p[i];
  return v;
}

/* Frames: id(8) ++ SHA-256(id ++ body)(32) ++ body. The digest stands for
 * TCP's integrity: a frame a link corrupted is dropped, as a connection would
 * never deliver it. Returns a malloc'd frame or NULL. */
#define FRAME_HDR 40
static uint8_t *frame(uint64_t id, const void *body, size_t len, size_t *out_len) {
  uint8_t *f = malloc(FRAME_HDR + len);
  if (!f) return NULL;
  put64(f, id);
  memcpy(f + FRAME_HDR, body, len);
  uint8_t d[32];
  uint8_t *tmp = malloc(8 + len);
  if (!tmp) {
    free(f);
    return NULL;
  }
  memcpy(tmp, f, 8);
  memcpy(tmp + 8, body, len);
  ff_sha256(tmp, 8 + len, d);
  free(tmp);
  memcpy(f + 8, d, 32);
  *out_len = FRAME_HDR + len;
  return f;
}

/* Checks a frame; body and its length on success. */
static bool unframe(const uint8_t *f, size_t len, uint64_t *id, const uint8_t **body, size_t *blen) {
  if (len < FRAME_HDR) return false;
  uint8_t *tmp = malloc(8 + len - FRAME_HDR), d[32];
  if (!tmp) return false;
  memcpy(tmp, f, 8);
  memcpy(tmp + 8, f + FRAME_HDR, len - FRAME_HDR);
  ff_sha256(tmp, 8 + len - FRAME_HDR, d);
  free(tmp);
  if (memcmp(d, f + 8, 32) != 0) return false;
  *id = get64(f);
  *body = f + FRAME_HDR;
  *blen = len - FRAME_HDR;
  return true;
}

/* ---- the queue node ---- */
static void queue_rx(ff_simnet *net, int node, const ff_simdgram *d, void *ctx) {
  econ_queue_node *qn = ctx;
  uint64_t id;
  const uint8_t *body;
  size_t blen;
  if (!unframe(d->data, d->len, &id, &body, &blen)) return;
  uint8_t *content;
  size_t clen;
  char hex[65], reason[ECON_REASON_MAX];
  char *answer = NULL;
  econ_err e = econ_queue_parse_write((const char *)body, blen, &content, &clen, hex, reason, sizeof reason);
  if (e == ECON_OK) {
    bool added;
    if (ff_fault("econ.queue.write")) {
      e = ECON_ERR_FULL;
      snprintf(reason, sizeof reason, "storage write failed");
    } else {
      e = econ_queue_write(&qn->q, hex, content, clen, &added);
      if (e != ECON_OK) snprintf(reason, sizeof reason, "write refused: %s", econ_err_name(e));
    }
    free(content);
  }
  if (e == ECON_OK) qn->writes++;
  else qn->failures++;
  answer = econ_queue_response_json(e == ECON_OK, reason);
  if (!answer) return;
  size_t fl;
  uint8_t *buf = frame(id, answer, strlen(answer), &fl);
  if (buf) ff_simnet_send(net, node, ECON_QUEUE_PORT, &d->src, buf, fl);
  free(buf);
  free(answer);
}

int econ_queue_node_attach(econ_queue_node *qn, ff_simnet *net, int node, size_t max_msgs) {
  memset(qn, 0, sizeof *qn);
  qn->net = net;
  qn->node = node;
  ff_keypair key;
  ff_keypair_from_seed(&key, 0xaa); /* the simulated queue node's key */
  econ_queue_init(&qn->q, &key, max_msgs);
  if (ff_simnet_bind(net, node, ECON_QUEUE_PORT) < 0) return -1;
  ff_simnet_set_receiver(net, node, queue_rx, qn);
  return 0;
}

void econ_queue_node_free(econ_queue_node *qn) { econ_queue_free(&qn->q); }

/* ---- the publisher ---- */
static uint64_t now_ms(const econ_publisher *p) { return ff_simnet_now(p->net) / 1000u; }

static uint64_t next_rand(econ_publisher *p) {
  p->rng ^= p->rng << 13;
  p->rng ^= p->rng >> 7;
  p->rng ^= p->rng << 17;
  return p->rng;
}

static void start_round(econ_publisher *p);
static void send_attempt(econ_publisher *p);

static void wake(ff_simnet *net, int node, uint64_t timer, void *ctx) {
  (void)net, (void)node, (void)timer;
  econ_publisher *p = ctx;
  p->wake_timer = 0;
  if (p->busy) send_attempt(p); /* a retry sleep ended */
  else start_round(p);          /* time for the next round */
}

static void wake_in(econ_publisher *p, uint64_t ms) {
  if (p->wake_timer) ff_simnet_timer_cancel(p->net, p->wake_timer);
  p->wake_timer = ff_simnet_timer(p->net, p->node, FF_SIM_MS(ms), wake, p);
}

static void pop_head(econ_publisher *p) {
  free(p->outbox[p->head].write);
  p->outbox[p->head].write = NULL;
  p->head = (p->head + 1) % ECON_OUTBOX_MAX;
  p->n--;
}

/* The round ends: one breaker record, then the next round. */
static void finish(econ_publisher *p, bool ok) {
  p->busy = false;
  if (p->timeout_timer) ff_simnet_timer_cancel(p->net, p->timeout_timer);
  p->timeout_timer = 0;
  p->st.cb_records++;
  if (ok) {
    econ_cb_success(&p->cb, now_ms(p), &p->permit);
    p->st.successes++;
    pop_head(p);
    if (p->n) wake_in(p, 0);
  } else {
    econ_cb_failure(&p->cb, now_ms(p), &p->permit);
    p->st.failures++;
    if (FF_BUG("econ.publish_drop_failed")) { /* the real code: no outbox, the event is gone */
      pop_head(p);
      if (p->n) wake_in(p, 0);
      return;
    }
    wake_in(p, ECON_PUB_RETRY_LATER_MS);
  }
}

static void attempt_failed(econ_publisher *p, econ_pub_err e) {
  if (p->timeout_timer) ff_simnet_timer_cancel(p->net, p->timeout_timer);
  p->timeout_timer = 0;
  p->req_id++; /* a late answer to this attempt is ignored */
  if (p->attempt > p->retry.max_retries || !econ_pub_err_retryable(e)) {
    finish(p, false);
    return;
  }
  uint64_t sleep = econ_retry_sleep_ms(&p->retry, p->attempt, next_rand(p));
  if (sleep < p->st.min_sleep_ms) p->st.min_sleep_ms = sleep;
  wake_in(p, sleep);
}

static void on_timeout(ff_simnet *net, int node, uint64_t timer, void *ctx) {
  (void)net, (void)node, (void)timer;
  econ_publisher *p = ctx;
  p->timeout_timer = 0;
  attempt_failed(p, ECON_PUB_CONNECTION);
}

static void send_attempt(econ_publisher *p) {
  p->attempt++;
  p->st.attempts++;
  if (p->attempt > p->st.max_attempts) p->st.max_attempts = p->attempt;
  const econ_outbox_item *it = &p->outbox[p->head];
  size_t fl;
  uint8_t *buf = frame(p->req_id, it->write, it->len, &fl);
  int rc = -1;
  if (buf && !ff_fault("econ.publish.send")) rc = ff_simnet_send(p->net, p->node, ECON_PUB_PORT, &p->queue, buf, fl);
  free(buf);
  if (rc != 0) {
    attempt_failed(p, ECON_PUB_CONNECTION);
    return;
  }
  p->timeout_timer = ff_simnet_timer(p->net, p->node, FF_SIM_MS(ECON_HTTP_TIMEOUT_MS), on_timeout, p);
}

static void start_round(econ_publisher *p) {
  if (p->busy || p->n == 0) return;
  p->st.publishes++;
  if (!econ_cb_allow(&p->cb, now_ms(p), &p->permit)) {
    p->st.breaker_refusals++; /* CircuitBreakerOpen: no call, nothing recorded */
    wake_in(p, ECON_PUB_RETRY_LATER_MS);
    return;
  }
  p->st.calls++;
  p->busy = true;
  p->attempt = 0;
  send_attempt(p);
}

static void pub_rx(ff_simnet *net, int node, const ff_simdgram *d, void *ctx) {
  (void)net, (void)node;
  econ_publisher *p = ctx;
  uint64_t id;
  const uint8_t *body;
  size_t blen;
  if (!unframe(d->data, d->len, &id, &body, &blen)) return; /* corrupted: never delivered */
  if (!p->busy || id != p->req_id || !p->timeout_timer) return; /* stale or duplicate */
  char reason[ECON_REASON_MAX];
  int r = econ_queue_parse_response((const char *)body, blen, reason, sizeof reason);
  if (r == 1) {
    p->req_id++;
    finish(p, true);
  } else {
    attempt_failed(p, r == 0 ? ECON_PUB_PUBLISH : ECON_PUB_CONNECTION);
  }
}

int econ_publisher_init(econ_publisher *p, ff_simnet *net, int node, const ff_simaddr *queue,
                        const econ_cb_config *cfg, uint64_t seed) {
  memset(p, 0, sizeof *p);
  p->net = net;
  p->node = node;
  p->queue = *queue;
  p->retry = econ_retry_default_config();
  p->rng = seed ? seed : 1;
  p->req_id = 1;
  p->st.min_sleep_ms = UINT64_MAX;
  if (econ_cb_init(&p->cb, cfg, NULL, 0) != ECON_OK) return -1;
  p->nrules = econ_threshold_builtins(p->rules, ECON_PUB_RULES);
  econ_alerter_init(&p->alerter, 5.0, 300);
  if (ff_simnet_bind(net, node, ECON_PUB_PORT) < 0) return -1;
  ff_simnet_set_receiver(net, node, pub_rx, p);
  return 0;
}

void econ_publisher_free(econ_publisher *p) {
  while (p->n) pop_head(p);
}

econ_err econ_publisher_submit(econ_publisher *p, const econ_event *ev) {
  p->st.submitted++;
  for (size_t i = 0; i < p->nrules; i++) /* threshold check first; alerts never block */
    if (econ_alerter_observe(&p->alerter, &p->rules[i], ev, (int64_t)(now_ms(p) / 1000))) p->st.alerts++;
  char reason[ECON_REASON_MAX];
  size_t jl, wl;
  char *js = econ_event_to_json(ev, &jl, reason, sizeof reason);
  if (!js || econ_event_validate(ev, reason, sizeof reason) != ECON_OK) {
    free(js);
    p->st.rejected++;
    return ECON_ERR_INVALID;
  }
  char *w = econ_queue_write_json("usage_events", 0, js, jl, &wl);
  free(js);
  if (!w) {
    p->st.rejected++;
    return ECON_ERR_NOMEM;
  }
  if (p->n >= ECON_OUTBOX_MAX) {
    free(w);
    p->st.rejected++;
    return ECON_ERR_FULL;
  }
  econ_outbox_item *it = &p->outbox[(p->head + p->n) % ECON_OUTBOX_MAX];
  it->write = w;
  it->len = wl;
  p->n++;
  if (!p->busy && !p->wake_timer) start_round(p);
  return ECON_OK;
}

econ_err econ_publish_content_hash(const econ_event *ev, uint8_t out[32]) {
  size_t jl;
  char *js = econ_event_to_json(ev, &jl, NULL, 0);
  if (!js) return ECON_ERR_INVALID;
  uint8_t *c = malloc(jl + 1);
  if (!c) {
    free(js);
    return ECON_ERR_NOMEM;
  }
  c[0] = 0;
  memcpy(c + 1, js, jl);
  struct sha3_256_ctx ctx;
  sha3_256_init(&ctx);
  sha3_256_update(&ctx, jl + 1, c);
  sha3_256_digest(&ctx, 32, out);
  free(c);
  free(js);
  return ECON_OK;
}
