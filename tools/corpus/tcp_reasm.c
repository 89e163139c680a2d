/* TCP stream reassembly (tcp_reasm.h). Sequence numbers compare modulo 2^32. */
#include "tcp_reasm.h"

#include <stdlib.h>
#include <string.h>

#define BUCKETS 4096u

typedef struct held { /* an out-of-order segment waiting for the hole before it */
  struct held *next;  /* sorted by seq */
  uint32_t seq;
  size_t len;
  uint8_t data[];
} held;

typedef struct flow {
  tcp_flow_key key;
  struct flow *chain, *older, *newer;
  uint32_t next_seq, syn_seq, fin_seq;
  bool syn, fin;
  uint8_t *buf; /* in order, not consumed yet */
  size_t blen, bcap;
  held *held;
  size_t held_bytes;
  uint64_t skip; /* in-order bytes to drop as they come */
  bool lost;     /* no message boundary known (after a gap) */
  bool closed;   /* ended by FIN or RST: kept (without buffers) to know its late segments */
} flow;

struct tcp_reasm {
  tcp_reasm_sink sink;
  size_t flow_bound, total_bound, max_flows, nflows, total;
  flow *buckets[BUCKETS];
  flow *oldest, *newest;
  tcp_reasm_stats st;
};

static int32_t seq_diff(uint32_t a, uint32_t b) { return (int32_t)(a - b); }

static unsigned key_hash(const tcp_flow_key *k) {
  uint32_t h = 2166136261u;
  const uint8_t *parts[] = {k->src, k->dst};
  for (int p = 0; p < 2; p++)
    for (int i = 0; i < 16; i++) h = (h ^ parts[p][i]) * 16777619u;
  h = (h ^ k->sport) * 16777619u;
  h = (h ^ k->dport) * 16777619u;
  return (h ^ k->family) % BUCKETS;
}

static bool key_eq(const tcp_flow_key *a, const tcp_flow_key *b) {
  return a->family == b->family && a->sport == b->sport && a->dport == b->dport &&
         memcmp(a->src, b->src, 16) == 0 && memcmp(a->dst, b->dst, 16) == 0;
}

tcp_reasm *tcp_reasm_new(const tcp_reasm_sink *sink, size_t flow_bound, size_t total_bound, size_t max_flows) {
  tcp_reasm *r = calloc(1, sizeof *r);
  if (!r) return NULL;
  r->sink = *sink;
  r->flow_bound = flow_bound, r->total_bound = total_bound, r->max_flows = max_flows ? max_flows : 1;
  return r;
}

const tcp_reasm_stats *tcp_reasm_get_stats(const tcp_reasm *r) { return &r->st; }

static void lru_unlink(tcp_reasm *r, flow *f) {
  if (f->older) f->older->newer = f->newer;
  else r->oldest = f->newer;
  if (f->newer) f->newer->older = f->older;
  else r->newest = f->older;
  f->older = f->newer = NULL;
}

static void lru_touch(tcp_reasm *r, flow *f) {
  if (r->newest == f) return;
  if (f->older || f->newer || r->oldest == f) lru_unlink(r, f);
  f->older = r->newest;
  if (r->newest) r->newest->newer = f;
  else r->oldest = f;
  r->newest = f;
}

static flow *find(tcp_reasm *r, const tcp_flow_key *k) {
  for (flow *f = r->buckets[key_hash(k)]; f; f = f->chain)
    if (key_eq(&f->key, k)) return f;
  return NULL;
}

/* Hands the in-order bytes to the sink (after any bytes it asked to drop)
 * and keeps what it did not consume. */
static void deliver(tcp_reasm *r, flow *f, const uint8_t *data, size_t len) {
  f->next_seq += (uint32_t)len;
  if (f->skip) {
    size_t drop = f->skip < len ? (size_t)f->skip : len;
    f->skip -= drop, r->st.dropped += drop;
    data += drop, len -= drop;
  }
  if (!len) return;
  if (f->blen + len > f->bcap) {
    size_t cap = f->bcap ? f->bcap : 4096;
    while (cap < f->blen + len) cap *= 2;
    uint8_t *grown = realloc(f->buf, cap);
    if (!grown) { /* no room to keep it: the bytes are a gap for the sink */
      r->st.over_bound += len;
      size_t s = r->sink.gap(r->sink.ctx, f->buf, f->blen, len);
      r->total -= f->blen, f->blen = 0;
      f->lost = s == TCP_REASM_LOST, f->skip = f->lost ? 0 : s;
      return;
    }
    f->buf = grown, f->bcap = cap;
  }
  memcpy(f->buf + f->blen, data, len);
  f->blen += len, r->total += len;
  size_t used = r->sink.data(r->sink.ctx, f->buf, f->blen, &f->lost);
  if (used >= f->blen) {
    f->skip = used - f->blen;
    r->total -= f->blen, f->blen = 0;
  } else if (used) {
    memmove(f->buf, f->buf + used, f->blen - used);
    f->blen -= used, r->total -= used;
  }
}

/* Delivers the held segments that the stream has reached. */
static void drain(tcp_reasm *r, flow *f) {
  while (f->held && seq_diff(f->held->seq, f->next_seq) <= 0) {
    held *h = f->held;
    f->held = h->next;
    f->held_bytes -= h->len, r->total -= h->len;
    int32_t ahead = seq_diff(h->seq + (uint32_t)h->len, f->next_seq);
    if (ahead > 0) {
      size_t off = h->len - (size_t)ahead;
      r->st.retransmitted += off;
      deliver(r, f, h->data + off, (size_t)ahead);
    } else {
      r->st.retransmitted += h->len;
    }
    free(h);
  }
}

/* The bytes from next_seq up to resume are missing: a gap; the stream goes on at resume. */
static void declare_gap(tcp_reasm *r, flow *f, uint32_t resume) {
  uint64_t missing = (uint32_t)(resume - f->next_seq);
  r->st.gaps++, r->st.gap_bytes += missing;
  if (f->skip >= missing) {
    f->skip -= missing; /* the hole lies inside a message being dropped: still aligned */
  } else {
    size_t s = f->lost ? TCP_REASM_LOST : r->sink.gap(r->sink.ctx, f->buf, f->blen, missing - f->skip);
    r->total -= f->blen, f->blen = 0;
    f->lost = s == TCP_REASM_LOST, f->skip = f->lost ? 0 : s;
  }
  f->next_seq = resume;
  drain(r, f);
}

/* Ends a flow's stream: holes become gaps, an unfinished message is reported. */
static void close_flow(tcp_reasm *r, flow *f) {
  if (f->closed) return;
  while (f->held) declare_gap(r, f, f->held->seq);
  if (f->blen && !f->lost) r->sink.end(r->sink.ctx, f->buf, f->blen);
  r->total -= f->blen;
  free(f->buf);
  f->buf = NULL, f->blen = f->bcap = 0;
  f->closed = true;
}

static void remove_flow(tcp_reasm *r, flow *f) {
  close_flow(r, f);
  flow **p = &r->buckets[key_hash(&f->key)];
  while (*p != f) p = &(*p)->chain;
  *p = f->chain;
  lru_unlink(r, f);
  r->nflows--;
  free(f);
}

/* Removes the least recently active flow for room; an open one ends early. */
static void evict_oldest(tcp_reasm *r, flow *victim) {
  if (!victim->closed) r->st.evicted++;
  remove_flow(r, victim);
}

/* Ends the least recently active flows (not keep) until need more bytes fit
 * in the total bound; false when they cannot. */
static bool make_room(tcp_reasm *r, const flow *keep, size_t need) {
  while (r->total + need > r->total_bound) {
    flow *victim = r->oldest;
    if (victim == keep) victim = victim->newer;
    if (!victim) return false;
    evict_oldest(r, victim);
  }
  return true;
}

static flow *create(tcp_reasm *r, const tcp_flow_key *k, uint32_t next_seq) {
  if (r->nflows >= r->max_flows && r->oldest) evict_oldest(r, r->oldest);
  flow *f = calloc(1, sizeof *f);
  if (!f) return NULL;
  f->key = *k;
  f->next_seq = next_seq;
  unsigned b = key_hash(k);
  f->chain = r->buckets[b];
  r->buckets[b] = f;
  r->nflows++, r->st.flows++;
  lru_touch(r, f);
  return f;
}

/* Keeps a segment that starts after next_seq; true when it was kept. */
static bool hold(tcp_reasm *r, flow *f, uint32_t seq, const uint8_t *data, size_t len) {
  held **p = &f->held;
  while (*p && seq_diff((*p)->seq, seq) < 0) p = &(*p)->next;
  if (*p && (*p)->seq == seq && (*p)->len >= len) { /* the same segment again */
    r->st.retransmitted += len;
    return true;
  }
  if (f->blen + f->held_bytes + len > r->flow_bound || !make_room(r, f, len)) return false;
  held *h = malloc(sizeof *h + len);
  if (!h) return false;
  h->seq = seq, h->len = len;
  memcpy(h->data, data, len);
  h->next = *p;
  *p = h;
  f->held_bytes += len, r->total += len;
  r->st.out_of_order++;
  return true;
}

static void add_data(tcp_reasm *r, flow *f, uint32_t seq, const uint8_t *data, size_t len) {
  for (;;) {
    int32_t d = seq_diff(seq, f->next_seq);
    if (d <= 0) {
      size_t old = (size_t)-(int64_t)d;
      if (old >= len) {
        r->st.retransmitted += len;
        return;
      }
      r->st.retransmitted += old;
      deliver(r, f, data + old, len - old);
      drain(r, f);
      return;
    }
    if (hold(r, f, seq, data, len)) return;
    if (!f->held && !f->blen) { /* even alone it does not fit: it is lost */
      r->st.over_bound += len;
      return;
    }
    /* the bounds are full while a hole stays open: the hole becomes a gap */
    declare_gap(r, f, f->held && seq_diff(f->held->seq, seq) < 0 ? f->held->seq : seq);
  }
}

void tcp_reasm_segment(tcp_reasm *r, const tcp_flow_key *k, uint32_t seq, unsigned flags, const uint8_t *data,
                       size_t len) {
  r->st.segments++;
  flow *f = find(r, k);
  if (f && f->closed && !(flags & TCP_SYN)) { /* a late segment of an ended flow */
    if (seq_diff(seq + (uint32_t)len, f->next_seq) <= 0) r->st.retransmitted += len;
    else r->st.late += len;
    return;
  }
  if (flags & TCP_RST) {
    if (f) close_flow(r, f);
    return;
  }
  if (flags & TCP_SYN) {
    if (f && f->syn && f->syn_seq == seq) { /* the SYN again */
      if (f->closed) return;
      seq++;
    } else {
      if (f) remove_flow(r, f); /* a new connection on the same ports */
      f = create(r, k, seq + 1);
      if (!f) return;
      f->syn = true, f->syn_seq = seq;
      seq++;
    }
  }
  if (!f) {
    if (!len) return; /* an ACK or FIN of a flow not seen */
    f = create(r, k, seq); /* its SYN is not in the capture: it starts here */
    if (!f) return;
  }
  lru_touch(r, f);
  if (len) add_data(r, f, seq, data, len);
  if (flags & TCP_FIN) f->fin = true, f->fin_seq = seq + (uint32_t)len;
  if (f->fin && seq_diff(f->next_seq, f->fin_seq) >= 0) close_flow(r, f);
}

void tcp_reasm_finish(tcp_reasm *r) {
  while (r->oldest) remove_flow(r, r->oldest);
}

void tcp_reasm_free(tcp_reasm *r) {
  if (!r) return;
  for (unsigned b = 0; b < BUCKETS; b++)
    for (flow *f = r->buckets[b], *next; f; f = next) {
      next = f->chain;
      while (f->held) {
        held *h = f->held;
        f->held = h->next;
        free(h);
      }
      free(f->buf);
      free(f);
    }
  free(r);
}
