/* Framed message sequences and their mutation (live_seq.h). */
#include "live_seq.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int set_msg(live_msg *m, const uint8_t *data, size_t len) {
  uint8_t *copy = malloc(len ? len : 1);
  if (!copy) return -1;
  if (len) memcpy(copy, data, len);
  m->data = copy, m->len = len;
  return 0;
}

int live_seq_parse(const uint8_t *data, size_t len, live_seq *out, char *err, size_t err_cap) {
  memset(out, 0, sizeof *out);
  size_t pos = 0;
  while (pos < len) {
    if (len - pos < 2) {
      snprintf(err, err_cap, "a length prefix is cut off at byte %zu", pos);
      goto bad;
    }
    size_t n = (size_t)data[pos] << 8 | data[pos + 1];
    if (n > len - pos - 2 || n > LIVE_SEQ_MAX_MSG || out->count == LIVE_SEQ_MAX_MSGS) {
      snprintf(err, err_cap, "message %zu: %s", out->count + 1,
               out->count == LIVE_SEQ_MAX_MSGS ? "more than 32 messages" : "longer than the file or 4096 bytes");
      goto bad;
    }
    if (set_msg(&out->msg[out->count], data + pos + 2, n)) goto bad;
    out->count++;
    pos += n + 2;
  }
  if (out->count) return 0;
  snprintf(err, err_cap, "no message");
bad:
  live_seq_free(out);
  return -1;
}

uint8_t *live_seq_bytes(const live_seq *s, size_t *len) {
  size_t total = 0;
  for (size_t i = 0; i < s->count; i++) total += s->msg[i].len + 2;
  uint8_t *out = malloc(total ? total : 1), *p = out;
  if (!out) return NULL;
  for (size_t i = 0; i < s->count; i++) {
    *p++ = (uint8_t)(s->msg[i].len >> 8), *p++ = (uint8_t)s->msg[i].len;
    memcpy(p, s->msg[i].data, s->msg[i].len);
    p += s->msg[i].len;
  }
  *len = total;
  return out;
}

int live_seq_copy(const live_seq *from, live_seq *to) {
  memset(to, 0, sizeof *to);
  for (size_t i = 0; i < from->count; i++) {
    if (set_msg(&to->msg[i], from->msg[i].data, from->msg[i].len)) {
      live_seq_free(to);
      return -1;
    }
    to->count++;
  }
  return 0;
}

void live_seq_free(live_seq *s) {
  for (size_t i = 0; i < s->count; i++) free(s->msg[i].data);
  memset(s, 0, sizeof *s);
}

static void drop(live_seq *s, size_t i) {
  free(s->msg[i].data);
  memmove(&s->msg[i], &s->msg[i + 1], (s->count - i - 1) * sizeof s->msg[0]);
  s->count--;
}

/* A copy of src placed at position at (0..count). */
static int insert(live_seq *s, size_t at, const live_msg *src) {
  live_msg copy;
  if (set_msg(&copy, src->data, src->len)) return -1;
  memmove(&s->msg[at + 1], &s->msg[at], (s->count - at) * sizeof s->msg[0]);
  s->msg[at] = copy;
  s->count++;
  return 0;
}

/* s keeps messages 0..cut and takes other's from `from` on. */
static int splice(live_seq *s, size_t cut, const live_seq *other, size_t from) {
  while (s->count > cut + 1) drop(s, s->count - 1);
  for (size_t k = from; k < other->count && s->count < LIVE_SEQ_MAX_MSGS; k++)
    if (insert(s, s->count, &other->msg[k])) return -1;
  return 0;
}

int live_seq_mutate(live_seq *s, const live_seq *other, live_proto proto, bool aware, ff_mutator *m,
                    char *describe, size_t cap) {
  ff_rng *rng = ff_mutator_rng(m);
  size_t i = (size_t)ff_rng_below(rng, s->count);
  /* 7 in 10: one message mutated; else drop (6), repeat or insert (7, 8), swap or splice (9, 10) */
  unsigned pick = (unsigned)ff_rng_below(rng, 10), coin = (unsigned)ff_rng_below(rng, 2);
  unsigned op = pick < 7 ? 0 : pick == 7 ? 6 : pick == 8 ? 7 + coin : 9 + coin;
  bool room = s->count < LIVE_SEQ_MAX_MSGS;
  if (op == 6 && s->count > 1) {
    drop(s, i);
    snprintf(describe, cap, "message %zu dropped", i + 1);
    return 0;
  }
  if (op == 7 && room) {
    snprintf(describe, cap, "message %zu repeated after it", i + 1);
    return insert(s, i + 1, &s->msg[i]);
  }
  if (op == 8 && room) {
    size_t at = (size_t)ff_rng_below(rng, s->count + 1), k = (size_t)ff_rng_below(rng, other->count);
    snprintf(describe, cap, "message %zu of another sequence inserted at %zu", k + 1, at + 1);
    return insert(s, at, &other->msg[k]);
  }
  if (op == 9 && s->count > 1) {
    size_t j = (size_t)ff_rng_below(rng, s->count);
    live_msg t = s->msg[i];
    s->msg[i] = s->msg[j], s->msg[j] = t;
    snprintf(describe, cap, "messages %zu and %zu swapped", i + 1, j + 1);
    return 0;
  }
  if (op == 10 && other != s) {
    size_t from = (size_t)ff_rng_below(rng, other->count);
    snprintf(describe, cap, "messages 1..%zu, then another sequence's from %zu", i + 1, from + 1);
    return splice(s, i, other, from);
  }
  uint8_t *buf = malloc(LIVE_SEQ_MAX_MSG); /* one message mutated */
  if (!buf) return -1;
  memcpy(buf, s->msg[i].data, s->msg[i].len);
  char what[200];
  size_t n = live_proto_mutate(proto, aware, buf, s->msg[i].len, LIVE_SEQ_MAX_MSG, m, what, sizeof what);
  free(s->msg[i].data);
  s->msg[i].data = buf, s->msg[i].len = n;
  snprintf(describe, cap, "message %zu: %s", i + 1, what);
  return 0;
}
