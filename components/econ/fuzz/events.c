/* econ_events: the circuit breaker (§5.3) under interleaved concurrent calls
 * (permits issued in one state, outcomes recorded in another), sub-second
 * timeouts and clock moves, against a reference model written from the
 * intended semantics; and the retry policy (§5.2). Oracles:
 *   econ.cb_model      allow and the state agree with the reference model;
 *   econ.cb_recovery   from every state reached: once reset_timeout has
 *                      passed, allowed_calls successful calls close it (§5.3);
 *   econ.cb_probes     HalfOpen never has more than allowed_calls probes in flight;
 *   econ.retry_bounds  at most max_retries + 1 attempts, only retryable errors
 *                      retried, each sleep in [backoff, backoff x 1.1), backoff
 *                      doubling from 100 ms and capped at 10 s (no busy loop);
 * and the whole publishing pipeline (econ_publish.h) on simnet under loss,
 * latency, duplication, partitions, clock jumps and input-driven faults at
 * every send and queue write:
 *   econ.delivery      once the network heals, every submitted event is in the
 *                      queue exactly once (at-least-once + idempotent writes);
 *   econ.cb_once       one breaker record per publish round that made a call;
 *   econ.bounded_attempts  at most 4 attempts per round, retry sleeps >= 100 ms;
 *   econ.busy_loop     the simulation never spends its event budget;
 * and three queue replicas (p2p §4.2-§4.3) with signed local writes, ops
 * broadcast between them, forged ops (a wrong hash; a signature by a key that
 * is not the dot's actor, with any counter), merges in any order and
 * cursor-reading consumers, against the §4.4 invariants:
 *   econ.q_dedup       a hash is stored once; a stored hash is SHA3(content);
 *   econ.q_signed      a peer's genuine op is accepted; a forged one is
 *                      refused and changes nothing (messages or clock);
 *   econ.q_converge    after merging every way, all replicas hold the union of
 *                      what was written and read it in the same order;
 *   econ.q_cursor      a consumer polling get_after(cursor) sees every message
 *                      of its replica exactly once. */
#include <nettle/sha3.h>
#include <stdio.h>
#include <string.h>

#include "econ_publish.h"
#include "formfuzz/fault.h"
#include "formfuzz/oracle.h"
#include "formfuzz/prop.h"
#include "gen.h"

#define CALLS 4
#define STEPS 64

typedef struct ref {
  econ_cb_state st;
  uint32_t failures, successes, in_flight;
  uint64_t since, gen;
} ref;

static void ref_set(ref *r, econ_cb_state s, uint64_t now) {
  r->st = s;
  r->since = now;
  r->gen++;
  r->successes = r->in_flight = 0;
  if (s == ECON_CB_CLOSED) r->failures = 0;
}

static bool ref_allow(ref *r, const econ_cb_config *c, uint64_t now, uint64_t *gen) {
  bool passed = now - r->since >= c->reset_timeout_ms;
  if (r->st == ECON_CB_OPEN) {
    if (!passed) return false;
    ref_set(r, ECON_CB_HALF_OPEN, now);
    passed = false;
  }
  if (r->st == ECON_CB_HALF_OPEN) {
    if (r->in_flight >= c->half_open_allowed_calls) {
      if (!passed) return false;
      r->in_flight = 0;
      r->since = now;
    }
    r->in_flight++;
  }
  *gen = r->gen;
  return true;
}

static void ref_done(ref *r, const econ_cb_config *c, uint64_t now, uint64_t gen, bool ok) {
  if (gen != r->gen) return;
  if (r->st == ECON_CB_CLOSED) {
    if (ok) r->failures = 0;
    else if (++r->failures >= c->failure_threshold) ref_set(r, ECON_CB_OPEN, now);
  } else if (r->st == ECON_CB_HALF_OPEN) {
    if (!ok) {
      ref_set(r, ECON_CB_OPEN, now);
    } else {
      if (r->in_flight) r->in_flight--;
      if (++r->successes >= c->half_open_allowed_calls) ref_set(r, ECON_CB_CLOSED, now);
    }
  }
}

/* §5.3: wait reset_timeout, then successful calls one at a time. */
static void check_recovery(const econ_cb *cb, uint64_t now) {
  econ_cb copy = *cb;
  uint64_t t = now + cb->cfg.reset_timeout_ms;
  uint32_t need = cb->cfg.half_open_allowed_calls ? cb->cfg.half_open_allowed_calls : 1;
  for (uint32_t i = 0; i < need + 1 && copy.state != ECON_CB_CLOSED; i++) {
    econ_cb_permit p;
    FF_INVARIANT(econ_cb_allow(&copy, t, &p), "econ.cb_recovery",
                 "%s breaker (successes %u, in flight %u, allowed %u) refuses a call %llu ms after "
                 "reset_timeout %llu ms: it can never recover",
                 econ_cb_state_name(copy.state), copy.successes, copy.in_flight,
                 copy.cfg.half_open_allowed_calls, (unsigned long long)(t - now),
                 (unsigned long long)cb->cfg.reset_timeout_ms);
    econ_cb_success(&copy, t, &p);
  }
  FF_INVARIANT(copy.state == ECON_CB_CLOSED, "econ.cb_recovery", "still %s after %u successful calls",
               econ_cb_state_name(copy.state), need);
}

static void breaker_run(ff_input *in) {
  econ_cb_config cfg = {.failure_threshold = (uint32_t)ff_range(in, 1, 6),
                        .reset_timeout_ms = ff_range(in, 1, 3000),
                        .half_open_allowed_calls = (uint32_t)ff_range(in, 0, 3)};
  econ_cb cb;
  char reason[ECON_REASON_MAX];
  if (econ_cb_init(&cb, &cfg, reason, sizeof reason) != ECON_OK) {
    FF_INVARIANT(cfg.half_open_allowed_calls == 0, "econ.cb_model", "valid config refused: %s", reason);
    return;
  }
  ref r;
  memset(&r, 0, sizeof r);
  uint64_t now = ff_range(in, 0, 100000);
  r.since = now;
  cb.opened_at_ms = now;
  bool busy[CALLS] = {false};
  econ_cb_permit permit[CALLS];
  uint64_t rgen[CALLS];
  for (int step = 0; step < STEPS && ff_remaining(in) > 0; step++) {
    size_t op = ff_choose(in, 4), k = ff_choose(in, CALLS);
    if (op == 0) {
      now += ff_range(in, 0, 2 * cfg.reset_timeout_ms + 1);
    } else if (op == 1 && !busy[k]) {
      uint64_t g = 0;
      bool want = ref_allow(&r, &cfg, now, &g);
      bool got = econ_cb_allow(&cb, now, &permit[k]);
      FF_INVARIANT(got == want, "econ.cb_model", "allow at %llu ms: core %d, model %d (model %s since %llu)",
                   (unsigned long long)now, got, want, econ_cb_state_name(r.st), (unsigned long long)r.since);
      busy[k] = got;
      rgen[k] = g;
    } else if (busy[k]) {
      bool ok = op == 2;
      if (ok) econ_cb_success(&cb, now, &permit[k]);
      else econ_cb_failure(&cb, now, &permit[k]);
      ref_done(&r, &cfg, now, rgen[k], ok);
      busy[k] = false;
    }
    FF_INVARIANT(econ_cb_state_at(&cb, now) == (r.st == ECON_CB_OPEN && now - r.since >= cfg.reset_timeout_ms
                                                    ? ECON_CB_HALF_OPEN : r.st),
                 "econ.cb_model", "state %s, model %s", econ_cb_state_name(econ_cb_state_at(&cb, now)),
                 econ_cb_state_name(r.st));
    FF_INVARIANT(cb.state != ECON_CB_HALF_OPEN || cb.in_flight <= cfg.half_open_allowed_calls,
                 "econ.cb_probes", "%u probes in flight, allowed %u", cb.in_flight, cfg.half_open_allowed_calls);
    check_recovery(&cb, now);
  }
}

static void retry_run(ff_input *in) {
  econ_retry_config c = econ_retry_default_config();
  uint32_t attempts = 0;
  uint64_t slept = 0, expect_backoff = 100;
  for (;;) {
    attempts++;
    FF_INVARIANT(attempts <= c.max_retries + 1, "econ.retry_bounds", "attempt %u", attempts);
    econ_pub_err e = (econ_pub_err)ff_choose(in, ECON_PUB_OTHER + 1);
    if (e == ECON_PUB_OK) break;
    if (attempts > c.max_retries || !econ_pub_err_retryable(e)) {
      FF_INVARIANT(!econ_pub_err_retryable(e) || attempts == c.max_retries + 1, "econ.retry_bounds",
                   "%s given up after %u attempts", econ_pub_err_name(e), attempts);
      break;
    }
    uint64_t sleep = econ_retry_sleep_ms(&c, attempts, ff_u32(in));
    FF_INVARIANT(econ_retry_backoff_ms(&c, attempts) == expect_backoff, "econ.retry_bounds",
                 "backoff %llu ms before attempt %u, expected %llu",
                 (unsigned long long)econ_retry_backoff_ms(&c, attempts), attempts + 1,
                 (unsigned long long)expect_backoff);
    FF_INVARIANT(sleep >= expect_backoff && sleep < expect_backoff + expect_backoff / 10 + (expect_backoff < 10),
                 "econ.retry_bounds", "sleep %llu ms for backoff %llu", (unsigned long long)sleep,
                 (unsigned long long)expect_backoff);
    slept += sleep;
    expect_backoff = expect_backoff * 2 < c.max_ms ? expect_backoff * 2 : c.max_ms;
  }
  FF_INVARIANT(slept < 1000, "econ.retry_bounds", "slept %llu ms over 4 attempts", (unsigned long long)slept);
}

#define EVENTS 16
#define BUDGET 200000

static void run_for(ff_simnet *net, ff_simtime dt) {
  FF_INVARIANT(ff_simnet_run_until(net, ff_simnet_now(net) + dt, BUDGET) != FF_SIMNET_BUDGET_SPENT,
               "econ.busy_loop", "event budget spent in %llu us of virtual time", (unsigned long long)dt);
}

static void pipeline_run(ff_input *in) {
  ff_simnet *net = ff_simnet_new(1);
  FF_INVARIANT(net, "econ.busy_loop", "out of memory");
  int qnode = ff_simnet_node_add(net, FF_SIMNET_INTERNET, "queue");
  int vnode = ff_simnet_node_add(net, FF_SIMNET_INTERNET, "vm");
  ff_simnet_node_add_addr(net, qnode, ff_simip_v4(10, 0, 0, 1));
  ff_simnet_node_add_addr(net, vnode, ff_simip_v4(10, 0, 0, 2));
  econ_queue_node qn;
  econ_publisher pub;
  ff_simaddr qaddr = ff_simaddr_make(ff_simip_v4(10, 0, 0, 1), ECON_QUEUE_PORT);
  econ_cb_config cfg = {.failure_threshold = (uint32_t)ff_range(in, 1, 5),
                        .reset_timeout_ms = ff_range(in, 1, 60000),
                        .half_open_allowed_calls = (uint32_t)ff_range(in, 1, 2)};
  FF_INVARIANT(econ_queue_node_attach(&qn, net, qnode, 256) == 0 &&
                   econ_publisher_init(&pub, net, vnode, &qaddr, &cfg, 0x5eed) == 0,
               "econ.delivery", "setup failed");
  ff_fault_plan plan;
  ff_fault_plan_init(&plan);
  size_t flen;
  const uint8_t *fbits = ff_bytes_view(in, 16, &flen);
  ff_fault_plan_use_input(&plan, fbits, flen, 2, "econ");
  ff_fault_plan *old = ff_fault_plan_install(&plan);
  ff_simnet_draw_from(net, in);

  uint8_t hashes[EVENTS][32];
  size_t nev = 0;
  for (int step = 0; step < 24 && ff_more(in); step++) {
    switch (ff_choose(in, 6)) {
    case 0:
    case 1:
      if (nev < EVENTS) {
        econ_event ev;
        econ_gen_event(in, &ev);
        ev.timestamp = ev.period_end = 1700000000 + (int64_t)nev * 30; /* distinct events */
        ev.period_start = ev.period_end - 30;
        FF_INVARIANT(econ_publisher_submit(&pub, &ev) == ECON_OK, "econ.delivery", "valid event refused");
        econ_publish_content_hash(&ev, hashes[nev++]);
      }
      break;
    case 2: {
      ff_simlink l;
      ff_simnet_link_from_input(in, &l);
      ff_simnet_set_link(net, qnode, vnode, &l);
      break;
    }
    case 3:
      if (ff_bool(in)) ff_simnet_partition(net, qnode, 1);
      else ff_simnet_heal(net);
      break;
    case 4: run_for(net, FF_SIM_S(ff_range(in, 60, 3600))); break; /* clock jump */
    default: break;
    }
    run_for(net, FF_SIM_MS(ff_range(in, 0, 20000)));
  }
  /* Heal: no faults, perfect links; the outbox must drain. */
  ff_fault_plan_install(old);
  ff_simnet_draw_from(net, NULL);
  ff_simnet_heal(net);
  ff_simlink ideal = ff_simlink_ideal();
  ff_simnet_set_link(net, qnode, vnode, &ideal);
  run_for(net, FF_SIM_S(600));

  const econ_pub_stats *st = &pub.st;
  char hex[65];
  econ_topic_hash("usage_events", 12, hex);
  const econ_qtopic *t = econ_queue_topic(&qn.q, hex);
  size_t stored = t ? t->n : 0;
  for (size_t i = 0; i < nev; i++) {
    size_t found = 0;
    for (size_t k = 0; k < stored; k++) found += memcmp(t->msgs[k].hash, hashes[i], 32) == 0;
    FF_INVARIANT(found == 1, "econ.delivery",
                 "event %zu of %zu stored %zu times after healing (outbox %zu, rounds %llu, failures %llu)", i,
                 nev, found, pub.n, (unsigned long long)st->publishes, (unsigned long long)st->failures);
  }
  FF_INVARIANT(stored == nev, "econ.delivery", "%zu messages stored for %zu events", stored, nev);
  FF_INVARIANT(!pub.busy && st->cb_records == st->calls && st->successes + st->failures == st->calls,
               "econ.cb_once", "%llu breaker records for %llu rounds with calls (%llu ok, %llu failed)",
               (unsigned long long)st->cb_records, (unsigned long long)st->calls,
               (unsigned long long)st->successes, (unsigned long long)st->failures);
  FF_INVARIANT(st->max_attempts <= 4 && st->attempts <= 4 * st->calls, "econ.bounded_attempts",
               "%llu attempts in one round, %llu in %llu rounds", (unsigned long long)st->max_attempts,
               (unsigned long long)st->attempts, (unsigned long long)st->calls);
  FF_INVARIANT(st->min_sleep_ms >= 100, "econ.bounded_attempts", "a retry slept %llu ms",
               (unsigned long long)st->min_sleep_ms);
  econ_publisher_free(&pub);
  econ_queue_node_free(&qn);
  ff_simnet_free(net);
}

#define REPLICAS 3
#define PAYLOADS 8

typedef struct consumer {
  size_t cursor;
  uint8_t seen[64][32];
  size_t nseen;
} consumer;

static void q_check(const econ_queue *q, const char *hex, size_t r) {
  const econ_qtopic *t = econ_queue_topic(q, hex);
  if (!t) return;
  for (size_t i = 0; i < t->n; i++) {
    uint8_t h[32];
    struct sha3_256_ctx c;
    sha3_256_init(&c);
    sha3_256_update(&c, t->msgs[i].len, t->msgs[i].content);
    sha3_256_digest(&c, 32, h);
    FF_INVARIANT(memcmp(h, t->msgs[i].hash, 32) == 0, "econ.q_dedup", "replica %zu message %zu: hash is not SHA3(content)", r, i);
    for (size_t k = 0; k < i; k++)
      FF_INVARIANT(memcmp(t->msgs[k].hash, t->msgs[i].hash, 32) != 0, "econ.q_dedup",
                   "replica %zu stores messages %zu and %zu with the same hash", r, k, i);
  }
}

static void poll(const econ_queue *q, const char *hex, consumer *c, size_t r) {
  size_t first, count;
  if (econ_queue_read_after(q, hex, c->cursor, &first, &count) != ECON_OK) return;
  for (size_t i = first; i < first + count; i++) {
    const econ_qmsg *m = econ_queue_at(q, hex, i);
    FF_INVARIANT(m, "econ.q_cursor", "replica %zu: position %zu of %zu unreadable", r, i, first + count);
    for (size_t k = 0; k < c->nseen; k++)
      FF_INVARIANT(memcmp(c->seen[k], m->hash, 32) != 0, "econ.q_cursor",
                   "replica %zu: the consumer got a message twice (position %zu, cursor was %zu)", r, i, c->cursor);
    if (c->nseen < 64) memcpy(c->seen[c->nseen++], m->hash, 32);
  }
  c->cursor += count;
}

/* The replicas' keys and an outsider's, derived once (constant afterwards). */
static const ff_keypair *replica_key(size_t r) {
  static ff_keypair keys[REPLICAS + 1];
  static bool ready;
  if (!ready) {
    for (size_t i = 0; i <= REPLICAS; i++) ff_keypair_from_seed(&keys[i], 0xa1 + i);
    ready = true;
  }
  return &keys[r];
}

static void sha3_of(const char *p, uint8_t h[32]) {
  struct sha3_256_ctx c;
  sha3_256_init(&c);
  sha3_256_update(&c, strlen(p), (const uint8_t *)p);
  sha3_256_digest(&c, 32, h);
}

/* A forged op for replica r: content k claimed by the actor of replica
 * victim with any counter, either under the hash of other content (signed
 * by the victim) or signed by the outsider's key. It must change nothing. */
static void forge(ff_input *in, econ_queue *q, const char *hex, const char *payload, const char *other,
                  const char *victim) {
  econ_qop op = {.content = (const uint8_t *)payload, .len = strlen(payload)};
  snprintf(op.topic_hex, sizeof op.topic_hex, "%s", hex);
  snprintf(op.dot_actor, sizeof op.dot_actor, "%s", victim);
  op.dot_counter = ff_bool(in) ? ff_u64(in) >> 1 : ff_range(in, 1, 4);
  econ_vclock_observe(&op.clock, victim, op.dot_counter);
  bool wrong_hash = ff_bool(in);
  sha3_of(wrong_hash ? other : payload, op.hash);
  int recid;
  const ff_keypair *signer = wrong_hash ? NULL : replica_key(REPLICAS);
  for (size_t i = 0; wrong_hash && i < REPLICAS; i++) {
    char a[41];
    ff_address_hex(replica_key(i)->addr, a);
    if (strcmp(a, victim) == 0) signer = replica_key(i);
  }
  ff_sign_recoverable(signer, op.hash, op.sig, &recid);
  op.recid = (uint8_t)recid;
  const econ_qtopic *t = econ_queue_topic(q, hex);
  size_t before = t ? t->n : 0;
  econ_vclock clock_before = t ? t->clock : (econ_vclock){0};
  bool added;
  char reason[ECON_REASON_MAX] = "";
  econ_err e = econ_queue_apply(q, &op, &added, reason, sizeof reason);
  FF_INVARIANT(e == ECON_ERR_INVALID && !added, "econ.q_signed", "a forged op (%s, dot %s:%llu) was accepted",
               wrong_hash ? "hash of other content" : "signed by an outsider", victim,
               (unsigned long long)op.dot_counter);
  t = econ_queue_topic(q, hex);
  FF_INVARIANT((t ? t->n : 0) == before && (!t || econ_vclock_compare(&t->clock, &clock_before) == 0),
               "econ.q_signed", "a refused op changed the topic (%zu -> %zu messages, or its clock)", before,
               t ? t->n : 0);
}

static void replicas_run(ff_input *in) {
  char actors[REPLICAS][41];
  econ_queue q[REPLICAS];
  consumer cons[REPLICAS];
  memset(cons, 0, sizeof cons);
  for (size_t r = 0; r < REPLICAS; r++) {
    econ_queue_init(&q[r], replica_key(r), 64);
    memcpy(actors[r], q[r].actor, sizeof actors[r]);
  }
  char hex[65];
  econ_topic_hash("usage_events", 12, hex);
  bool written[PAYLOADS] = {false};
  char payload[PAYLOADS][8];
  for (size_t k = 0; k < PAYLOADS; k++) snprintf(payload[k], sizeof payload[k], "m%zu", k);
  for (int step = 0; step < 40 && ff_more(in); step++) {
    size_t r = ff_choose(in, REPLICAS), s2 = ff_choose(in, REPLICAS), k = ff_choose(in, PAYLOADS);
    bool added;
    switch (ff_choose(in, 5)) {
    case 0:
      FF_INVARIANT(econ_queue_write(&q[r], hex, (const uint8_t *)payload[k], strlen(payload[k]), &added) == ECON_OK,
                   "econ.q_dedup", "write refused");
      written[k] = true;
      break;
    case 1: forge(in, &q[r], hex, payload[k], payload[(k + 1) % PAYLOADS], actors[s2]); break;
    case 2:
      if (r != s2) FF_INVARIANT(econ_queue_merge(&q[r], &q[s2]) == ECON_OK, "econ.q_converge", "merge failed");
      break;
    case 3: { /* write_local's broadcast: one of s2's messages to r as a peer op */
      const econ_qtopic *t = econ_queue_topic(&q[s2], hex);
      econ_qop op;
      char reason[ECON_REASON_MAX] = "";
      if (r == s2 || !t || !t->n || econ_queue_op_of(&q[s2], hex, ff_choose(in, t->n), &op) != ECON_OK) break;
      FF_INVARIANT(econ_queue_apply(&q[r], &op, &added, reason, sizeof reason) == ECON_OK, "econ.q_signed",
                   "replica %zu refused replica %zu's genuine op: %s", r, s2, reason);
      break;
    }
    default: poll(&q[r], hex, &cons[r], r); break;
    }
    q_check(&q[r], hex, r);
  }
  for (int round = 0; round < 2; round++)
    for (size_t r = 0; r < REPLICAS; r++)
      for (size_t s2 = 0; s2 < REPLICAS; s2++)
        if (r != s2) FF_INVARIANT(econ_queue_merge(&q[r], &q[s2]) == ECON_OK, "econ.q_converge", "merge failed");
  size_t nwritten = 0;
  for (size_t k = 0; k < PAYLOADS; k++) nwritten += written[k];
  size_t order0[64];
  const econ_qtopic *t0 = econ_queue_topic(&q[0], hex);
  if (t0) econ_queue_ordered(t0, order0);
  for (size_t r = 0; r < REPLICAS; r++) {
    q_check(&q[r], hex, r);
    const econ_qtopic *t = econ_queue_topic(&q[r], hex);
    size_t n = t ? t->n : 0;
    FF_INVARIANT(n == nwritten, "econ.q_converge", "replica %zu holds %zu messages, %zu distinct were written", r, n,
                 nwritten);
    if (n) {
      size_t order[64];
      econ_queue_ordered(t, order);
      for (size_t i = 0; i < n; i++)
        FF_INVARIANT(memcmp(t->msgs[order[i]].hash, t0->msgs[order0[i]].hash, 32) == 0, "econ.q_converge",
                     "replicas 0 and %zu read position %zu differently", r, i);
    }
    poll(&q[r], hex, &cons[r], r);
    FF_INVARIANT(cons[r].nseen == n, "econ.q_cursor", "replica %zu's consumer saw %zu of %zu messages", r,
                 cons[r].nseen, n);
  }
  for (size_t r = 0; r < REPLICAS; r++) econ_queue_free(&q[r]);
}

FF_PROPERTY(econ_events) {
  switch (ff_choose(in, 4)) {
  case 3: replicas_run(in); break;
  case 0: breaker_run(in); break;
  case 1:
    retry_run(in);
    breaker_run(in);
    break;
  default: pipeline_run(in); break;
  }
}
