/* Message sequences, the inputs of live fuzz: a file holds the messages in
 * order, each as a 2-byte big-endian length and its bytes (the framing of DNS
 * over TCP). A sequence is mutated (live_seq_mutate) AFLNet-style: one
 * message mutated (live_proto.h: protocol-aware or havoc), a message dropped,
 * repeated, inserted from another sequence, two messages swapped, or the
 * sequence spliced with another (a prefix of one, a suffix of the other). */
#ifndef FF_TOOLS_LIVE_SEQ_H
#define FF_TOOLS_LIVE_SEQ_H

#include <stddef.h>
#include <stdint.h>

#include "live_proto.h"
#include "mutator.h"

#define LIVE_SEQ_MAX_MSGS 32
#define LIVE_SEQ_MAX_MSG 4096

typedef struct live_msg {
  uint8_t *data;
  size_t len;
} live_msg;

typedef struct live_seq {
  live_msg msg[LIVE_SEQ_MAX_MSGS];
  size_t count;
} live_seq;

/* 0, or -1 with the reason (not framed, empty, too many or too long messages). */
int live_seq_parse(const uint8_t *data, size_t len, live_seq *out, char *err, size_t err_cap);
/* The framed bytes (malloc'd, *len), NULL when out of memory. */
uint8_t *live_seq_bytes(const live_seq *s, size_t *len);
int live_seq_copy(const live_seq *from, live_seq *to);
void live_seq_free(live_seq *s);
/* Mutates s in place; other is a second sequence for splicing (may be s);
 * a message is mutated for proto, aware or by havoc only (live_proto.h).
 * describe (cap bytes) names what was done. 0, or -1 when out of memory. */
int live_seq_mutate(live_seq *s, const live_seq *other, live_proto proto, bool aware, ff_mutator *m,
                    char *describe, size_t cap);

#endif
