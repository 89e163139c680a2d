/* The p2p queue store (p2p §4.3-§4.4) done correctly: messages keyed by
 * SHA3(content) (a duplicate changes nothing), hashes checked on foreign ops,
 * a dot's actor cannot silence anyone (dedup is by hash, not by clock), stable
 * arrival indices for read cursors (every message seen exactly once), a
 * replica-independent order that extends the causal order, and merge as a
 * set union. */
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

static bool has_hash(const econ_qtopic *t, const uint8_t h[32]) {
  for (size_t i = 0; i < t->n; i++)
    if (memcmp(t->msgs[i].hash, h, 32) == 0) return true;
  return false;
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
  if (has_hash(t, h)) return ECON_OK;
  econ_err e = add(q, t, content, len, h, clock);
  if (e == ECON_OK) *added = true;
  return e;
}

econ_err econ_queue_merge(econ_queue *q, const econ_queue *other) {
  for (size_t i = 0; i < other->ntopics; i++) {
    const econ_qtopic *ot = &other->topics[i];
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
