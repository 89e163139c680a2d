/* simnet trace: every event of a run (send, deliver, drop, dup, corrupt, NAT
 * mapping, timer) is hashed into a running SHA-256 (nettle) over a canonical
 * little-endian encoding, and the last records are kept for printing. Equal
 * hashes mean equal runs; this is how determinism is tested. */
#include <stdlib.h>
#include <string.h>

#include "simnet_internal.h"

#define DEFAULT_KEEP 65536u

int sim_trace_init(sim_trace *t) {
  memset(t, 0, sizeof t[0]);
  t->keep = DEFAULT_KEEP;
  sha256_init(&t->sha);
  return 0;
}

void sim_trace_free(sim_trace *t) {
  free(t->rec);
  t->rec = NULL;
  t->n = t->cap = t->head = 0;
}

static size_t put_le(uint8_t *out, uint64_t v, unsigned bytes) {
  for (unsigned i = 0; i < bytes; i++) out[i] = (uint8_t)(v >> (8 * i));
  return bytes;
}

static size_t put_addr(uint8_t *out, const ff_simaddr *a) {
  size_t n = 0;
  out[n++] = a->ip.family;
  memcpy(out + n, a->ip.b, 16);
  n += 16;
  return n + put_le(out + n, a->port, 2);
}

static void hash_record(sim_trace *t, const ff_simtrace_rec *r) {
  uint8_t buf[96];
  size_t n = 0;
  n += put_le(buf + n, r->at, 8);
  buf[n++] = (uint8_t)r->kind;
  buf[n++] = (uint8_t)r->reason;
  n += put_le(buf + n, (uint32_t)r->node, 4);
  n += put_le(buf + n, r->id, 8);
  n += put_addr(buf + n, &r->src);
  n += put_addr(buf + n, &r->dst);
  n += put_le(buf + n, r->len, 4);
  sha256_update(&t->sha, n, buf);
}

/* Appends to the ring, growing it up to `keep` records. */
static void keep_record(sim_trace *t, const ff_simtrace_rec *r) {
  if (t->keep == 0) return;
  if (t->n < t->keep && t->n == t->cap) {
    size_t cap = t->cap ? t->cap * 2 : 256;
    if (cap > t->keep) cap = t->keep;
    ff_simtrace_rec *grown = malloc(cap * sizeof *grown);
    if (!grown) return; /* the record is still hashed; only the printable copy is lost */
    for (size_t i = 0; i < t->n; i++) grown[i] = t->rec[(t->head + i) % t->cap];
    free(t->rec);
    t->rec = grown;
    t->cap = cap;
    t->head = 0;
  }
  if (t->n < t->cap) {
    t->rec[(t->head + t->n) % t->cap] = *r;
    t->n++;
  } else {
    t->rec[t->head] = *r;
    t->head = (t->head + 1) % t->cap;
  }
}

void sim_trace_add(ff_simnet *net, ff_simev_kind kind, ff_simdrop reason, int node, uint64_t id,
                   const ff_simaddr *src, const ff_simaddr *dst, size_t len) {
  ff_simtrace_rec r;
  memset(&r, 0, sizeof r);
  r.at = net->now;
  r.kind = kind;
  r.reason = reason;
  r.node = node;
  r.id = id;
  if (src) r.src = *src;
  if (dst) r.dst = *dst;
  r.len = (uint32_t)len;
  hash_record(&net->trace, &r);
  keep_record(&net->trace, &r);
}

void ff_simnet_trace_keep(ff_simnet *net, size_t max) {
  sim_trace *t = &net->trace;
  /* drop the oldest records beyond the new bound, then let the ring regrow */
  size_t kept = t->n < max ? t->n : max;
  ff_simtrace_rec *rec = kept ? malloc(kept * sizeof *rec) : NULL;
  if (kept && !rec) return;
  for (size_t i = 0; i < kept; i++) rec[i] = t->rec[(t->head + t->n - kept + i) % t->cap];
  free(t->rec);
  t->rec = rec;
  t->cap = t->n = kept;
  t->head = 0;
  t->keep = max;
}

size_t ff_simnet_trace_len(const ff_simnet *net) { return net->trace.n; }

const ff_simtrace_rec *ff_simnet_trace_at(const ff_simnet *net, size_t i) {
  const sim_trace *t = &net->trace;
  return i < t->n ? &t->rec[(t->head + i) % t->cap] : NULL;
}

void ff_simnet_trace_digest(const ff_simnet *net, uint8_t out[32]) {
  struct sha256_ctx copy = net->trace.sha; /* digesting resets the context */
  sha256_digest(&copy, SHA256_DIGEST_SIZE, out);
}

uint64_t ff_simnet_trace_hash(const ff_simnet *net) {
  uint8_t d[32];
  ff_simnet_trace_digest(net, d);
  uint64_t h = 0;
  for (int i = 0; i < 8; i++) h = (h << 8) | d[i];
  return h;
}

const char *ff_simev_kind_name(ff_simev_kind kind) {
  switch (kind) {
    case FF_SIMEV_SEND: return "send";
    case FF_SIMEV_DELIVER: return "deliver";
    case FF_SIMEV_DROP: return "drop";
    case FF_SIMEV_DUP: return "dup";
    case FF_SIMEV_CORRUPT: return "corrupt";
    case FF_SIMEV_NAT_MAP: return "nat-map";
    case FF_SIMEV_TIMER: return "timer";
  }
  return "?";
}

const char *ff_simdrop_name(ff_simdrop reason) {
  switch (reason) {
    case FF_SIMDROP_NONE: return "none";
    case FF_SIMDROP_LOSS: return "loss";
    case FF_SIMDROP_LINK_DOWN: return "link-down";
    case FF_SIMDROP_PARTITION: return "partition";
    case FF_SIMDROP_UNROUTABLE: return "unroutable";
    case FF_SIMDROP_NAT_NO_MAPPING: return "nat-no-mapping";
    case FF_SIMDROP_NAT_FILTERED: return "nat-filtered";
    case FF_SIMDROP_NAT_HAIRPIN: return "nat-no-hairpin";
    case FF_SIMDROP_NAT_FAMILY: return "nat-family";
    case FF_SIMDROP_NAT_EXHAUSTED: return "nat-exhausted";
    case FF_SIMDROP_PORT_CLOSED: return "port-closed";
    case FF_SIMDROP_INBOX_FULL: return "inbox-full";
    case FF_SIMDROP_NO_MEMORY: return "no-memory";
    case FF_SIMDROP_FAULT: return "fault";
  }
  return "?";
}

void ff_simnet_trace_format(const ff_simtrace_rec *r, char *buf, size_t cap) {
  char src[FF_SIMADDR_STRLEN], dst[FF_SIMADDR_STRLEN];
  unsigned long long sec = (unsigned long long)(r->at / 1000000u);
  unsigned long usec = (unsigned long)(r->at % 1000000u);
  if (r->kind == FF_SIMEV_TIMER) {
    snprintf(buf, cap, "%llu.%06lu timer node=%d id=%llu", sec, usec, r->node,
             (unsigned long long)r->id);
    return;
  }
  ff_simaddr_format(&r->src, src, sizeof src);
  ff_simaddr_format(&r->dst, dst, sizeof dst);
  snprintf(buf, cap, "%llu.%06lu %s node=%d id=%llu %s -> %s len=%u%s%s", sec, usec,
           ff_simev_kind_name(r->kind), r->node, (unsigned long long)r->id, src, dst, r->len,
           r->kind == FF_SIMEV_DROP ? " reason=" : "",
           r->kind == FF_SIMEV_DROP ? ff_simdrop_name(r->reason) : "");
}

void ff_simnet_trace_print(const ff_simnet *net, FILE *out) {
  char line[256];
  for (size_t i = 0; i < net->trace.n; i++) {
    ff_simnet_trace_format(ff_simnet_trace_at(net, i), line, sizeof line);
    fprintf(out, "%s\n", line);
  }
}
