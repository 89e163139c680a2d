/* The p2p queue store (p2p §4.2-§4.4) done correctly: messages keyed by
 * SHA3(content) (a duplicate changes nothing), signed by their writer (local
 * writes with the node's key; a peer's op must carry a signature that
 * recovers to its dot's actor, checked with the vm core's verifier), hashes
 * checked on foreign ops, a dot cannot silence anyone (dedup is by hash, not
 * by clock, and nothing changes before an op is validated whole), stable
 * arrival indices for read cursors (every message seen exactly once), a
 * replica-independent order that extends the causal order (a message written
 * at several replicas keeps the smallest of its clocks), and merge as a set
 * union. */
#include <nettle/sha3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "econ.h"
#include "formfuzz/bug.h"
#include "vm.h"

void econ_queue_init(econ_queue *q, const ff_keypair *key, size_t max_msgs_per_topic) {
  memset(q, 0, sizeof *q);
  q->key = *key;
  ff_address_hex(key->addr, q->actor);
  q->max_msgs = max_msgs_per_topic;
}

void econ_queue_free(econ_queue *q) {
  for (size_t t = 0; t < q->ntopics; t++) {
    for (size_t i = 0; i < q->topics[t].n; i++) free(q->topics[t].msgs[i].content);
    free(q->topics[t].msgs);
  }
  q->ntopics = 0;
}

void econ_queue_drop_topic(econ_queue *q, const char *topic_hex) {
  for (size_t t = 0; t < q->ntopics; t++) {
    if (strcmp(q->topics[t].hex, topic_hex) != 0) continue;
    for (size_t i = 0; i < q->topics[t].n; i++) free(q->topics[t].msgs[i].content);
    free(q->topics[t].msgs);
    q->topics[t] = q->topics[--q->ntopics];
    return;
  }
}

static void sha3(const uint8_t *p, size_t n, uint8_t out[32]) {
  struct sha3_256_ctx c;
  sha3_256_init(&c);
  sha3_256_update(&c, n, p);
  sha3_256_digest(&c, 32, out);
}

static econ_qtopic *topic_get(econ_queue *q, const char *hex, bool create) {
  for (size_t i = 0; i < q->ntopics; i++)
    if (strcmp(q->topics[i].hex, hex) == 0) return &q->topics[i];
  if (!create || q->ntopics >= ECON_Q_TOPICS || strlen(hex) != 64) return NULL;
  econ_qtopic *t = &q->topics[q->ntopics++];
  memset(t, 0, sizeof *t);
  strcpy(t->hex, hex);
  return t;
}

const econ_qtopic *econ_queue_topic(const econ_queue *q, const char *topic_hex) {
  return topic_get((econ_queue *)q, topic_hex, false);
}

static econ_qmsg *find_hash(econ_qtopic *t, const uint8_t h[32]) {
  for (size_t i = 0; i < t->n; i++)
    if (memcmp(t->msgs[i].hash, h, 32) == 0) return &t->msgs[i];
  return NULL;
}

static bool has_hash(econ_qtopic *t, const uint8_t h[32]) { return find_hash(t, h) != NULL; }

static uint64_t clock_sum(const econ_vclock *v);

/* The i-th smallest actor of v (a canonical view of the clock). */
static size_t nth_actor(const econ_vclock *v, size_t i) {
  size_t order[ECON_Q_ACTORS];
  for (size_t k = 0; k < v->n; k++) order[k] = k;
  for (size_t a = 1; a < v->n; a++)
    for (size_t b = a; b > 0 && strcmp(v->actor[order[b - 1]], v->actor[order[b]]) > 0; b--) {
      size_t x = order[b];
      order[b] = order[b - 1];
      order[b - 1] = x;
    }
  return order[i];
}

/* A total order on clocks: sum, number of actors, then the (actor, counter)
 * pairs in actor order. Equal only for equal clocks. */
static int clock_total_cmp(const econ_vclock *a, const econ_vclock *b) {
  uint64_t sa = clock_sum(a), sb = clock_sum(b);
  if (sa != sb) return sa < sb ? -1 : 1;
  if (a->n != b->n) return a->n < b->n ? -1 : 1;
  for (size_t i = 0; i < a->n; i++) {
    size_t x = nth_actor(a, i), y = nth_actor(b, i);
    int c = strcmp(a->actor[x], b->actor[y]);
    if (c) return c;
    if (a->counter[x] != b->counter[y]) return a->counter[x] < b->counter[y] ? -1 : 1;
  }
  return 0;
}

static void set_provenance(econ_qmsg *m, const econ_qop *op) {
  m->clock = op->clock;
  memcpy(m->signer, op->dot_actor, sizeof m->signer);
  memcpy(m->sig, op->sig, 64);
  m->recid = op->recid;
}

/* The same content written at several replicas is one message (dedup by
 * hash); every replica keeps the smallest of its clocks (with that copy's
 * writer and signature), so the order does not depend on which copy arrived
 * first. */
static void keep_smaller_clock(econ_qmsg *m, const econ_qop *op) {
  if (clock_total_cmp(&op->clock, &m->clock) < 0) set_provenance(m, op);
}

static econ_err add(econ_queue *q, econ_qtopic *t, const econ_qop *op) {
  const uint8_t *content = op->content;
  size_t len = op->len;
  if (t->n >= q->max_msgs) return ECON_ERR_FULL;
  econ_vclock merged = t->clock;
  if (econ_vclock_merge(&merged, &op->clock) != ECON_OK) return ECON_ERR_FULL;
  if (t->n == t->cap) {
    size_t nc = t->cap ? t->cap * 2 : 8;
    econ_qmsg *m = realloc(t->msgs, nc * sizeof *m);
    if (!m) return ECON_ERR_NOMEM;
    t->msgs = m;
    t->cap = nc;
  }
  uint8_t *copy = malloc(len ? len : 1);
  if (!copy) return ECON_ERR_NOMEM;
  if (len) memcpy(copy, content, len);
  econ_qmsg *m = &t->msgs[t->n++];
  memcpy(m->hash, op->hash, 32);
  m->content = copy;
  m->len = len;
  set_provenance(m, op);
  t->clock = merged;
  return ECON_OK;
}

econ_err econ_queue_write(econ_queue *q, const char *topic_hex, const uint8_t *content,
                          size_t len, bool *added) {
  *added = false;
  econ_qtopic *t = topic_get(q, topic_hex, true);
  if (!t) return ECON_ERR_FULL;
  econ_qop op = {.content = content, .len = len};
  sha3(content, len, op.hash);
  if (has_hash(t, op.hash)) return ECON_OK;
  op.clock = t->clock;
  op.dot_counter = econ_vclock_get(&t->clock, q->actor) + 1;
  econ_err e = econ_vclock_observe(&op.clock, q->actor, op.dot_counter);
  if (e != ECON_OK) return e;
  int recid;
  if (ff_sign_recoverable(&q->key, op.hash, op.sig, &recid) != 0) return ECON_ERR_INVALID;
  op.recid = (uint8_t)recid;
  memcpy(op.dot_actor, q->actor, sizeof op.dot_actor);
  snprintf(op.topic_hex, sizeof op.topic_hex, "%s", topic_hex);
  e = add(q, t, &op);
  if (e == ECON_OK) *added = true;
  return e;
}

/* Everything an op must satisfy before it may change the store. */
static econ_err validate_op(const econ_qop *op, char *reason, size_t cap) {
  uint8_t h[32];
  sha3(op->content, op->len, h);
  if (memcmp(h, op->hash, 32) != 0) return econ_invalid(reason, cap, "hash is not SHA3-256 of the content");
  vm_addr signer;
  if (vm_recover_signer(op->hash, op->sig, op->recid, &signer) != VM_OK)
    return econ_invalid(reason, cap, "the signature does not recover a key");
  /* the real queue recovers some key and never compares it with the actor */
  if (!FF_BUG("econ.queue_signer_unchecked") && strcmp(signer.hex, op->dot_actor) != 0)
    return econ_invalid(reason, cap, "the signer is not the dot's actor");
  if (op->dot_counter == 0 || econ_vclock_get(&op->clock, op->dot_actor) != op->dot_counter)
    return econ_invalid(reason, cap, "the dot is not the writer's entry in the message clock");
  return ECON_OK;
}

econ_err econ_queue_apply(econ_queue *q, const econ_qop *op, bool *added, char *reason, size_t cap) {
  *added = false;
  econ_qtopic *t = topic_get(q, op->topic_hex, true);
  if (!t) return ECON_ERR_FULL;
  if (FF_BUG("econ.queue_dot_silences")) {
    /* Map::apply: a dot at or below the clock is "already seen"; the clock
     * advances before the message is validated, from an unauthenticated dot */
    if (econ_vclock_get(&t->clock, op->dot_actor) >= op->dot_counter) return ECON_OK;
    econ_vclock_observe(&t->clock, op->dot_actor, op->dot_counter);
  }
  econ_err e = validate_op(op, reason, cap);
  if (e != ECON_OK) return e;
  econ_qmsg *dup = find_hash(t, op->hash);
  if (dup) {
    keep_smaller_clock(dup, op);
    return ECON_OK;
  }
  e = add(q, t, op);
  if (e == ECON_OK) *added = true;
  return e;
}

econ_err econ_queue_op_of(const econ_queue *q, const char *topic_hex, size_t i, econ_qop *op) {
  const econ_qtopic *t = econ_queue_topic(q, topic_hex);
  if (!t || i >= t->n) return ECON_ERR_NOTFOUND;
  const econ_qmsg *m = &t->msgs[i];
  memset(op, 0, sizeof *op);
  memcpy(op->topic_hex, t->hex, 65);
  memcpy(op->dot_actor, m->signer, sizeof op->dot_actor);
  op->dot_counter = econ_vclock_get(&m->clock, m->signer);
  op->content = m->content;
  op->len = m->len;
  op->clock = m->clock;
  memcpy(op->hash, m->hash, 32);
  memcpy(op->sig, m->sig, 64);
  op->recid = m->recid;
  return ECON_OK;
}

econ_err econ_queue_merge(econ_queue *q, const econ_queue *other) {
  for (size_t i = 0; i < other->ntopics; i++) {
    const econ_qtopic *ot = &other->topics[i];
    /* the real merge validates foreign messages with an empty signature: a
     * topic both sides have gets only the clock, never the messages */
    if (FF_BUG("econ.queue_merge_drops") && econ_queue_topic(q, ot->hex)) {
      econ_qtopic *t = topic_get(q, ot->hex, false);
      econ_vclock_merge(&t->clock, &ot->clock);
      continue;
    }
    econ_qtopic *mine = topic_get(q, ot->hex, false);
    for (size_t k = 0; k < ot->n; k++) {
      econ_qop op;
      bool added;
      econ_queue_op_of(other, ot->hex, k, &op);
      /* a copy we hold already, whose clock would not replace ours, changes
       * nothing: skip it without paying for a signature recovery */
      econ_qmsg *held = mine ? find_hash(mine, op.hash) : NULL;
      if (held && clock_total_cmp(&op.clock, &held->clock) >= 0) continue;
      econ_err e = econ_queue_apply(q, &op, &added, NULL, 0);
      if (e != ECON_OK) return e;
    }
  }
  return ECON_OK;
}

econ_err econ_queue_read_after(const econ_queue *q, const char *topic_hex, size_t idx,
                               size_t *first, size_t *count) {
  const econ_qtopic *t = econ_queue_topic(q, topic_hex);
  size_t n = t ? t->n : 0;
  *first = idx;
  *count = 0;
  if (FF_BUG("econ.queue_empty_underflow")) { /* the real code: len - 1 >= idx, unchecked */
    size_t last = n - 1;
    if (last < idx) return ECON_ERR_RANGE;
    *count = n - idx;
    return ECON_OK;
  }
  if (idx > n) return ECON_ERR_RANGE;
  *count = n - idx;
  return ECON_OK;
}

static int cmp_msgs(const econ_qmsg *a, const econ_qmsg *b);

const econ_qmsg *econ_queue_at(const econ_queue *q, const char *topic_hex, size_t i) {
  const econ_qtopic *t = econ_queue_topic(q, topic_hex);
  if (!t || i >= t->n) return NULL;
  if (FF_BUG("econ.queue_cursor_sorted")) { /* the real index: the i-th of the re-sorted list */
    size_t *idx = malloc(t->n * sizeof *idx);
    if (!idx) return NULL;
    econ_queue_ordered(t, idx);
    const econ_qmsg *m = &t->msgs[idx[i]];
    free(idx);
    return m;
  }
  return &t->msgs[i];
}

static uint64_t clock_sum(const econ_vclock *v) {
  uint64_t s = 0;
  for (size_t i = 0; i < v->n; i++) s = v->counter[i] > UINT64_MAX - s ? UINT64_MAX : s + v->counter[i];
  return s;
}

static int cmp_msgs(const econ_qmsg *a, const econ_qmsg *b) {
  uint64_t sa = clock_sum(&a->clock), sb = clock_sum(&b->clock);
  if (sa != sb) return sa < sb ? -1 : 1;
  if (a->clock.n != b->clock.n) return a->clock.n < b->clock.n ? -1 : 1;
  return memcmp(a->hash, b->hash, 32);
}

void econ_queue_ordered(const econ_qtopic *t, size_t *idx) {
  for (size_t i = 0; i < t->n; i++) idx[i] = i;
  for (size_t i = 1; i < t->n; i++) { /* insertion sort: topics are small */
    size_t v = idx[i], j = i;
    while (j > 0 && cmp_msgs(&t->msgs[idx[j - 1]], &t->msgs[v]) > 0) {
      idx[j] = idx[j - 1];
      j--;
    }
    idx[j] = v;
  }
}
