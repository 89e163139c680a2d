/* The p2p queue store (p2p §4.3-§4.4) done correctly: messages keyed by
 * SHA3(content) (a duplicate changes nothing), hashes checked on foreign ops,
 * a dot's actor cannot silence anyone (dedup is by hash, not by clock), stable
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

void econ_queue_init(econ_queue *q, const char *actor, size_t max_msgs_per_topic) {
  memset(q, 0, sizeof *q);
  snprintf(q->actor, sizeof q->actor, "%s", actor);
  q->max_msgs = max_msgs_per_topic;
}

void econ_queue_free(econ_queue *q) {
  for (size_t t = 0; t < q->ntopics; t++) {
    for (size_t i = 0; i < q->topics[t].n; i++) free(q->topics[t].msgs[i].content);
    free(q->topics[t].msgs);
  }
  q->ntopics = 0;
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

/* The same content written at several replicas is one message (dedup by
 * hash); every replica keeps the smallest of its clocks, so the order does not
 * depend on which copy arrived first. */
static void keep_smaller_clock(econ_qmsg *m, const econ_vclock *clock) {
  if (clock_total_cmp(clock, &m->clock) < 0) m->clock = *clock;
}

static econ_err add(econ_queue *q, econ_qtopic *t, const uint8_t *content, size_t len,
                    const uint8_t h[32], const econ_vclock *clock) {
  if (t->n >= q->max_msgs) return ECON_ERR_FULL;
  econ_vclock merged = t->clock;
  if (econ_vclock_merge(&merged, clock) != ECON_OK) return ECON_ERR_FULL;
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
  memcpy(m->hash, h, 32);
  m->content = copy;
  m->len = len;
  m->clock = *clock;
  t->clock = merged;
  return ECON_OK;
}

econ_err econ_queue_write(econ_queue *q, const char *topic_hex, const uint8_t *content,
                          size_t len, bool *added) {
  *added = false;
  econ_qtopic *t = topic_get(q, topic_hex, true);
  if (!t) return ECON_ERR_FULL;
  uint8_t h[32];
  sha3(content, len, h);
  if (has_hash(t, h)) return ECON_OK;
  econ_vclock c = t->clock;
  econ_err e = econ_vclock_observe(&c, q->actor, econ_vclock_get(&t->clock, q->actor) + 1);
  if (e != ECON_OK) return e;
  e = add(q, t, content, len, h, &c);
  if (e == ECON_OK) *added = true;
  return e;
}

econ_err econ_queue_apply(econ_queue *q, const char *topic_hex, const uint8_t *content, size_t len,
                          const uint8_t hash[32], const econ_vclock *clock, bool *added) {
  *added = false;
  uint8_t h[32];
  sha3(content, len, h);
  if (memcmp(h, hash, 32) != 0) return ECON_ERR_INVALID;
  econ_qtopic *t = topic_get(q, topic_hex, true);
  if (!t) return ECON_ERR_FULL;
  econ_qmsg *dup = find_hash(t, h);
  if (dup) {
    keep_smaller_clock(dup, clock);
    return ECON_OK;
  }
  econ_err e = add(q, t, content, len, h, clock);
  if (e == ECON_OK) *added = true;
  return e;
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
    for (size_t k = 0; k < ot->n; k++) {
      bool added;
      econ_err e = econ_queue_apply(q, ot->hex, ot->msgs[k].content, ot->msgs[k].len,
                                    ot->msgs[k].hash, &ot->msgs[k].clock, &added);
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
