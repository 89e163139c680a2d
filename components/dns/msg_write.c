/* dns message serializer: owner names and the names inside RFC 1035 RDATA
 * compressed against earlier names (exact-byte suffix matches, so parsing the
 * output gives back the same names), and UDP truncation with TC. */
#include <string.h>

#include "dns_wire.h"

#define COMP_MAX 256

typedef struct writer {
  uint8_t *out;
  size_t cap, len;
  uint16_t comp_off[COMP_MAX]; /* offsets of names (and their suffixes) written */
  size_t ncomp;
  bool overflow;
} writer;

static void put(writer *w, const void *b, size_t n) {
  if (w->overflow || w->len + n > w->cap) {
    w->overflow = true;
    return;
  }
  memcpy(w->out + w->len, b, n);
  w->len += n;
}
static void put16(writer *w, uint16_t v) {
  uint8_t b[2] = {(uint8_t)(v >> 8), (uint8_t)v};
  put(w, b, 2);
}
static void put32(writer *w, uint32_t v) {
  uint8_t b[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
  put(w, b, 4);
}

/* Does the (possibly compressed) name at offset off in the output equal the
 * uncompressed labels suffix[0..slen)? */
static bool same_at(const writer *w, size_t off, const uint8_t *suffix, size_t slen) {
  size_t i = 0;
  for (int hops = 0; hops < 128;) {
    if (off >= w->len) return false;
    uint8_t b = w->out[off];
    if ((b & 0xc0) == 0xc0) {
      if (off + 1 >= w->len) return false;
      off = ((size_t)(b & 0x3f) << 8) | w->out[off + 1];
      hops++;
      continue;
    }
    if (i + b + 1 > slen || memcmp(w->out + off, suffix + i, (size_t)b + 1) != 0) return false;
    i += (size_t)b + 1;
    off += (size_t)b + 1;
    if (b == 0) return i == slen;
  }
  return false;
}

static void put_name(writer *w, const dns_name *n, bool compress) {
  size_t p = 0;
  while (p < n->len && n->wire[p]) {
    if (compress) {
      for (size_t k = 0; k < w->ncomp; k++) {
        if (same_at(w, w->comp_off[k], n->wire + p, n->len - p)) {
          put16(w, (uint16_t)(0xc000u | w->comp_off[k]));
          return;
        }
      }
      if (w->len < 0x4000 && w->ncomp < COMP_MAX) w->comp_off[w->ncomp++] = (uint16_t)w->len;
    }
    put(w, n->wire + p, (size_t)n->wire[p] + 1);
    p += (size_t)n->wire[p] + 1;
  }
  put(w, "", 1);
}

/* RDATA: stored names are uncompressed; read them back in place. */
static void put_rdata(writer *w, const dns_rr *rr, const uint8_t *rd) {
  size_t lenpos = w->len;
  put16(w, 0);
  size_t start = w->len;
  if (!dns_type_compressible(rr->type)) {
    put(w, rd, rr->rdlen);
  } else {
    size_t p = 0;
    int names = rr->type == DNS_T_SOA ? 2 : 1;
    if (rr->type == DNS_T_MX) put(w, rd, 2), p = 2;
    for (int i = 0; i < names; i++) {
      dns_name n;
      size_t q = p;
      if (dns_name_read(rd, rr->rdlen, &q, &n)) { /* cannot happen for parsed data */
        w->overflow = true;
        return;
      }
      put_name(w, &n, true);
      p = q;
    }
    put(w, rd + p, rr->rdlen - p);
  }
  if (w->overflow) return;
  size_t rdlen = w->len - start;
  w->out[lenpos] = (uint8_t)(rdlen >> 8), w->out[lenpos + 1] = (uint8_t)rdlen;
}

/* Writes the header with the given counts, then the records whose keep[] is true. */
static long write_some(const dns_msg *m, uint16_t flags, const bool *keep, uint8_t *out,
                       size_t cap) {
  writer w = {.out = out, .cap = cap};
  uint16_t counts[4] = {0};
  size_t idx = 0;
  for (int s = 0; s < 4; s++)
    for (uint16_t i = 0; i < m->count[s]; i++, idx++)
      if (keep[idx]) counts[s]++;
  put16(&w, m->id);
  put16(&w, flags);
  for (int s = 0; s < 4; s++) put16(&w, counts[s]);
  idx = 0;
  for (int s = 0; s < 4; s++) {
    for (uint16_t i = 0; i < m->count[s]; i++, idx++) {
      if (!keep[idx]) continue;
      const dns_rr *rr = &m->rr[idx];
      put_name(&w, &rr->owner, true);
      put16(&w, rr->type);
      put16(&w, rr->cls);
      if (s == DNS_QD) continue;
      put32(&w, rr->ttl);
      put_rdata(&w, rr, dns_rr_rdata(m, rr));
    }
  }
  return w.overflow ? -1 : (long)w.len;
}

long dns_msg_write(const dns_msg *m, uint8_t *out, size_t cap) {
  bool keep[DNS_MSG_MAX_RR];
  for (size_t i = 0; i < m->nrr; i++) keep[i] = true;
  return write_some(m, m->flags, keep, out, cap);
}

long dns_msg_write_udp(const dns_msg *m, size_t limit, uint8_t *out, size_t cap) {
  if (limit < DNS_UDP_MIN) limit = DNS_UDP_MIN;
  if (limit > cap) limit = cap;
  bool keep[DNS_MSG_MAX_RR];
  for (size_t i = 0; i < m->nrr; i++) keep[i] = true;
  long n = write_some(m, m->flags, keep, out, limit);
  if (n >= 0) return n;
  size_t ar = dns_msg_section_start(m, DNS_AR);
  for (size_t i = ar; i < m->nrr; i++) keep[i] = m->rr[i].type == DNS_T_OPT;
  n = write_some(m, m->flags, keep, out, limit);
  if (n >= 0) return n;
  for (size_t i = m->count[DNS_QD]; i < ar; i++) keep[i] = false;
  return write_some(m, m->flags | DNS_F_TC, keep, out, limit);
}

long dns_tcp_frame(const uint8_t *msg, size_t len, uint8_t *out, size_t cap) {
  if (len > 0xffff || len + 2 > cap) return -1;
  out[0] = (uint8_t)(len >> 8), out[1] = (uint8_t)len;
  memmove(out + 2, msg, len);
  return (long)len + 2;
}

long dns_tcp_unframe(const uint8_t *buf, size_t len) {
  if (len < 2) return 0;
  size_t n = (size_t)buf[0] << 8 | buf[1];
  if (n == 0) return -1;
  return len - 2 >= n ? (long)n : 0;
}
