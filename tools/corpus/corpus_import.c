/* Requests from pcap captures into a corpus (corpus_import.h). */
#define _DEFAULT_SOURCE /* pcap.h uses u_int and u_char */
#include "corpus_import.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef FF_HAVE_PCAP
int corpus_import_pcap(const char *pcap_path, const char *dest, const corpus_import_opts *o,
                       corpus_import_stats *st, char *err, size_t err_cap) {
  (void)dest, (void)o;
  memset(st, 0, sizeof *st);
  snprintf(err, err_cap, "%s: this formfuzz was built without libpcap (scripts/setup.sh installs libpcap-dev)",
           pcap_path);
  return -1;
}
#else
#include <pcap/pcap.h>

#include "fileio.h"
#include "stream_split.h"
#include "tcp_reasm.h"

typedef struct payload {
  const uint8_t *data;
  size_t len;
  bool tcp;
  int sport, dport;
  tcp_flow_key key; /* TCP: the flow the segment belongs to */
  uint32_t seq;
  unsigned flags;
} payload;

/* Finds the transport payload of a packet after the link header. */
static bool transport(const uint8_t *p, size_t len, payload *out) {
  if (len < 1) return false;
  size_t ip_len, off;
  int proto;
  memset(&out->key, 0, sizeof out->key);
  if ((p[0] >> 4) == 4) {
    if (len < 20) return false;
    off = (size_t)(p[0] & 0xf) * 4;
    ip_len = (size_t)p[2] << 8 | p[3];
    proto = p[9];
    if ((((size_t)p[6] << 8 | p[7]) & 0x3fff) != 0) return false; /* fragments */
    out->key.family = 4;
    memcpy(out->key.src, p + 12, 4), memcpy(out->key.dst, p + 16, 4);
  } else if ((p[0] >> 4) == 6) {
    if (len < 40) return false;
    off = 40;
    ip_len = 40 + ((size_t)p[4] << 8 | p[5]);
    proto = p[6];
    out->key.family = 6;
    memcpy(out->key.src, p + 8, 16), memcpy(out->key.dst, p + 24, 16);
    for (int hops = 0; proto == 0 || proto == 43 || proto == 60 || proto == 51; hops++) { /* extension headers */
      if (hops == 8 || off + 8 > len) return false;
      size_t ext = proto == 51 ? ((size_t)p[off + 1] + 2) * 4 : ((size_t)p[off + 1] + 1) * 8;
      proto = p[off];
      off += ext;
    }
    if (proto == 44) return false; /* fragments */
  } else {
    return false;
  }
  if (ip_len > len) ip_len = len; /* a capture cut short (snaplen) */
  if (off > ip_len) return false;
  const uint8_t *t = p + off;
  size_t tl = ip_len - off;
  if (proto == 17 && tl >= 8) {
    out->tcp = false, out->sport = t[0] << 8 | t[1], out->dport = t[2] << 8 | t[3];
    out->data = t + 8, out->len = tl - 8;
    return true;
  }
  if (proto == 6 && tl >= 20) {
    size_t hl = (size_t)(t[12] >> 4) * 4;
    if (hl < 20 || hl > tl) return false;
    out->tcp = true, out->sport = t[0] << 8 | t[1], out->dport = t[2] << 8 | t[3];
    out->key.sport = (uint16_t)out->sport, out->key.dport = (uint16_t)out->dport;
    out->seq = (uint32_t)t[4] << 24 | (uint32_t)t[5] << 16 | (uint32_t)t[6] << 8 | t[7];
    out->flags = t[13] & (TCP_FIN | TCP_SYN | TCP_RST);
    out->data = t + hl, out->len = tl - hl;
    return true;
  }
  return false;
}

static size_t link_header(int dlt, const uint8_t *p, size_t len) {
  switch (dlt) {
  case DLT_EN10MB: {
    if (len < 14) return SIZE_MAX;
    size_t off = 14;
    if (p[12] == 0x81 && p[13] == 0x00) off = 18; /* one VLAN tag */
    return off;
  }
  case DLT_LINUX_SLL: return 16;
  case DLT_LINUX_SLL2: return 20;
  case DLT_RAW: return 0;
  case DLT_NULL: case DLT_LOOP: return 4;
  default: return SIZE_MAX;
  }
}

typedef struct importer {
  const char *dest;
  bool http;
  size_t max_len, flow_bound;
  corpus_import_stats *st;
  int rc; /* -1 once a write failed */
} importer;

static void save(importer *im, const uint8_t *d, size_t len) {
  im->st->requests++;
  if (len == 0 || len > im->max_len) {
    im->st->skipped++;
    return;
  }
  char name[64];
  int r = ff_write_content_addressed(im->dest, NULL, d, len, name, sizeof name);
  if (r < 0) im->rc = -1;
  else if (r == 1) im->st->written++;
  else im->st->duplicates++;
}

static void skip_one(importer *im) { im->st->requests++, im->st->skipped++; }

static split_result split(const importer *im, const uint8_t *buf, size_t n) {
  return im->http ? stream_split_http(buf, n) : stream_split_dns(buf, n);
}

/* tcp_reasm_sink.data: the whole requests at the start of a flow's bytes. */
static size_t on_data(void *ctx, const uint8_t *buf, size_t n, bool *lost) {
  importer *im = ctx;
  size_t pos = 0;
  while (pos < n) {
    if (*lost) { /* after a gap: DNS has no marker to find a message by; HTTP has request lines */
      if (!im->http) return n;
      pos += stream_http_resync(buf + pos, n - pos);
      if (pos == n) return n;
      *lost = false;
    }
    split_result r = split(im, buf + pos, n - pos);
    switch (r.kind) {
    case SPLIT_MESSAGE: save(im, buf + pos + r.off, r.len), pos += r.used; break;
    case SPLIT_BAD: skip_one(im), pos += r.used; break;
    case SPLIT_JUNK: pos += r.used; break;
    case SPLIT_MORE:
      if (r.total > im->max_len + (im->http ? 0 : 2) || r.total > im->flow_bound) {
        skip_one(im); /* too large to keep: dropped as it comes */
        return pos + (size_t)r.total;
      }
      if (!r.total && (n - pos > im->max_len || n - pos >= im->flow_bound)) { /* past the bounds, no end known */
        skip_one(im);
        *lost = true;
        return n;
      }
      return pos;
    }
  }
  return pos;
}

/* tcp_reasm_sink.gap: the unfinished message before a hole is lost; when its
 * size is known and the hole ends inside it, the next one starts after it. */
static size_t on_gap(void *ctx, const uint8_t *pending, size_t n, uint64_t missing) {
  importer *im = ctx;
  if (!n) return TCP_REASM_LOST;
  skip_one(im);
  split_result r = split(im, pending, n);
  if (r.kind == SPLIT_MORE && r.total && r.total - n > missing) return (size_t)(r.total - n - missing);
  return TCP_REASM_LOST;
}

/* tcp_reasm_sink.end: a message unfinished when its flow ended. */
static void on_end(void *ctx, const uint8_t *pending, size_t n) {
  importer *im = ctx;
  if (split(im, pending, n).kind == SPLIT_MORE) skip_one(im);
}

static void udp_request(importer *im, const payload *pl) {
  if (!im->http) save(im, pl->data, pl->len);
}

static void tcp_segment(tcp_reasm *r, const payload *pl, int port) {
  if (pl->dport == port) {
    tcp_reasm_segment(r, &pl->key, pl->seq, pl->flags, pl->data, pl->len);
  } else if (pl->sport == port && (pl->flags & TCP_RST)) { /* the server reset the client's flow */
    tcp_flow_key k = pl->key;
    memcpy(k.src, pl->key.dst, 16), memcpy(k.dst, pl->key.src, 16);
    k.sport = pl->key.dport, k.dport = pl->key.sport;
    tcp_reasm_segment(r, &k, 0, TCP_RST, NULL, 0);
  }
}

static void tcp_stats(const tcp_reasm_stats *t, corpus_import_stats *st) {
  st->flows = t->flows, st->out_of_order = t->out_of_order, st->gaps = t->gaps, st->evicted = t->evicted;
  st->retransmitted = t->retransmitted, st->gap_bytes = t->gap_bytes, st->late = t->late;
  st->over_bound = t->over_bound;
}

int corpus_import_pcap(const char *pcap_path, const char *dest, const corpus_import_opts *o,
                       corpus_import_stats *st, char *err, size_t err_cap) {
  memset(st, 0, sizeof *st);
  char perr[PCAP_ERRBUF_SIZE];
  pcap_t *pc = pcap_open_offline(pcap_path, perr);
  if (!pc) {
    snprintf(err, err_cap, "%s: %s", pcap_path, perr);
    return -1;
  }
  int dlt = pcap_datalink(pc);
  if (dlt != DLT_EN10MB && dlt != DLT_LINUX_SLL && dlt != DLT_LINUX_SLL2 && dlt != DLT_RAW && dlt != DLT_NULL &&
      dlt != DLT_LOOP) {
    snprintf(err, err_cap, "%s: link type %s is not read (Ethernet, Linux SLL and SLL2, raw IP, loopback are)",
             pcap_path,
             pcap_datalink_val_to_name(dlt) ? pcap_datalink_val_to_name(dlt) : "?");
    pcap_close(pc);
    return -1;
  }
  if (ff_mkdirs(dest)) {
    snprintf(err, err_cap, "cannot create %s", dest);
    pcap_close(pc);
    return -1;
  }
  importer im = {.dest = dest, .http = o->http, .max_len = o->max_len, .flow_bound = o->flow_memory, .st = st};
  const tcp_reasm_sink sink = {.ctx = &im, .data = on_data, .gap = on_gap, .end = on_end};
  tcp_reasm *reasm = tcp_reasm_new(&sink, o->flow_memory, o->total_memory, o->max_flows);
  if (!reasm) {
    snprintf(err, err_cap, "out of memory");
    pcap_close(pc);
    return -1;
  }
  struct pcap_pkthdr *h;
  const uint8_t *pkt;
  int got = 0;
  while (im.rc == 0 && (got = pcap_next_ex(pc, &h, &pkt)) == 1) {
    st->packets++;
    size_t off = link_header(dlt, pkt, h->caplen);
    payload pl;
    if (off == SIZE_MAX || off > h->caplen || !transport(pkt + off, h->caplen - off, &pl)) continue;
    if (pl.tcp) tcp_segment(reasm, &pl, o->port);
    else if (pl.dport == o->port && pl.len) udp_request(&im, &pl);
  }
  if (im.rc == 0) tcp_reasm_finish(reasm);
  tcp_stats(tcp_reasm_get_stats(reasm), st);
  tcp_reasm_free(reasm);
  int rc = im.rc;
  if (rc == 0 && got == -1) {
    snprintf(err, err_cap, "%s: %s", pcap_path, pcap_geterr(pc));
    rc = -1;
  } else if (rc) {
    snprintf(err, err_cap, "cannot write into %s", dest);
  }
  pcap_close(pc);
  return rc;
}
#endif
