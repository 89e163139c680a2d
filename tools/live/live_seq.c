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

int live_seq_mutate(live_seq *s, const live_seq *other, ff_mutator *m, char *describe, size_t cap) {
  ff_rng *rng = ff_mutator_rng(m);
  size_t i = (size_t)ff_rng_below(rng, s->count);
  unsigned op = (unsigned)ff_rng_below(rng, 10);
  if (op == 7 && s->count > 1) { /* drop message i */
    free(s->msg[i].data);
    memmove(&s->msg[i], &s->msg[i + 1], (s->count - i - 1) * sizeof s->msg[0]);
    s->count--;
    snprintf(describe, cap, "message %zu dropped", i + 1);
    return 0;
  }
  if ((op == 8 || op == 9) && s->count < LIVE_SEQ_MAX_MSGS) { /* duplicate i, or splice one of other's after i */
    const live_msg *src = op == 8 ? &s->msg[i] : &other->msg[ff_rng_below(rng, other->count)];
    live_msg copy;
    if (set_msg(&copy, src->data, src->len)) return -1;
    memmove(&s->msg[i + 2], &s->msg[i + 1], (s->count - i - 1) * sizeof s->msg[0]);
    s->msg[i + 1] = copy;
    s->count++;
    snprintf(describe, cap, "message %zu %s after it", i + 1, op == 8 ? "repeated" : "spliced in from another sequence");
    return 0;
  }
  uint8_t *buf = malloc(LIVE_SEQ_MAX_MSG); /* havoc on message i */
  if (!buf) return -1;
  memcpy(buf, s->msg[i].data, s->msg[i].len);
  size_t n = ff_mutate(m, buf, s->msg[i].len, LIVE_SEQ_MAX_MSG);
  free(s->msg[i].data);
  s->msg[i].data = buf, s->msg[i].len = n;
  char ops[128];
  ff_mutator_describe_last(m, ops, sizeof ops);
  snprintf(describe, cap, "message %zu mutated (%s)", i + 1, ops);
  return 0;
}
