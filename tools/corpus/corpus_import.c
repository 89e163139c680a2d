/* Requests from pcap captures into a corpus (corpus_import.h). */
#define _GNU_SOURCE /* memmem */
#include "corpus_import.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef FF_HAVE_PCAP
int corpus_import_pcap(const char *pcap_path, const char *dest, bool http, int port, size_t max_len,
                       corpus_import_stats *st, char *err, size_t err_cap) {
  (void)dest, (void)http, (void)port, (void)max_len;
  memset(st, 0, sizeof *st);
  snprintf(err, err_cap, "%s: this formfuzz was built without libpcap (scripts/setup.sh installs libpcap-dev)",
           pcap_path);
  return -1;
}
#else
#include <pcap/pcap.h>

#include "fileio.h"

typedef struct payload {
  const uint8_t *data;
  size_t len;
  bool tcp;
  int dport;
} payload;

/* Finds the transport payload of a packet after the link header. */
static bool transport(const uint8_t *p, size_t len, payload *out) {
  if (len < 1) return false;
  size_t ip_len, off;
  int proto;
  if ((p[0] >> 4) == 4) {
    if (len < 20) return false;
    off = (size_t)(p[0] & 0xf) * 4;
    ip_len = (size_t)p[2] << 8 | p[3];
    proto = p[9];
    if ((((size_t)p[6] << 8 | p[7]) & 0x3fff) != 0) return false; /* fragments */
  } else if ((p[0] >> 4) == 6) {
    if (len < 40) return false;
    off = 40;
    ip_len = 40 + ((size_t)p[4] << 8 | p[5]);
    proto = p[6];
  } else {
    return false;
  }
  if (ip_len > len) ip_len = len; /* a capture cut short (snaplen) */
  if (off > ip_len) return false;
  const uint8_t *t = p + off;
  size_t tl = ip_len - off;
  if (proto == 17 && tl >= 8) {
    out->tcp = false, out->dport = t[2] << 8 | t[3];
    out->data = t + 8, out->len = tl - 8;
    return true;
  }
  if (proto == 6 && tl >= 20) {
    size_t hl = (size_t)(t[12] >> 4) * 4;
    if (hl < 20 || hl > tl) return false;
    out->tcp = true, out->dport = t[2] << 8 | t[3];
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
  case DLT_RAW: return 0;
  case DLT_NULL: case DLT_LOOP: return 4;
  default: return SIZE_MAX;
  }
}

static bool http_request_whole(const uint8_t *d, size_t len) {
  static const char *const methods[] = {"GET ", "POST ", "PUT ", "DELETE ", "HEAD ", "PATCH ", "OPTIONS "};
  bool method = false;
  for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
    if (len > strlen(methods[i]) && memcmp(d, methods[i], strlen(methods[i])) == 0) method = true;
  const uint8_t *end = method ? memmem(d, len, "\r\n\r\n", 4) : NULL;
  if (!end) return false;
  size_t body = len - (size_t)(end + 4 - d);
  const uint8_t *cl = memmem(d, (size_t)(end - d), "\r\nContent-Length:", 17);
  if (!cl) cl = memmem(d, (size_t)(end - d), "\r\ncontent-length:", 17);
  size_t want = cl ? strtoul((const char *)cl + 17, NULL, 10) : 0;
  return body == want;
}

static int save(const char *dest, const uint8_t *d, size_t len, size_t max_len, corpus_import_stats *st) {
  st->requests++;
  if (len == 0 || len > max_len) {
    st->skipped++;
    return 0;
  }
  char name[64];
  int r = ff_write_content_addressed(dest, NULL, d, len, name, sizeof name);
  if (r < 0) return -1;
  if (r == 1) st->written++;
  else st->duplicates++;
  return 0;
}

int corpus_import_pcap(const char *pcap_path, const char *dest, bool http, int port, size_t max_len,
                       corpus_import_stats *st, char *err, size_t err_cap) {
  memset(st, 0, sizeof *st);
  char perr[PCAP_ERRBUF_SIZE];
  pcap_t *pc = pcap_open_offline(pcap_path, perr);
  if (!pc) {
    snprintf(err, err_cap, "%s: %s", pcap_path, perr);
    return -1;
  }
  int dlt = pcap_datalink(pc), rc = 0;
  if (dlt != DLT_EN10MB && dlt != DLT_LINUX_SLL && dlt != DLT_RAW && dlt != DLT_NULL && dlt != DLT_LOOP) {
    snprintf(err, err_cap, "%s: link type %s is not read (Ethernet, Linux SLL, raw IP, loopback are)", pcap_path,
             pcap_datalink_val_to_name(dlt) ? pcap_datalink_val_to_name(dlt) : "?");
    pcap_close(pc);
    return -1;
  }
  if (ff_mkdirs(dest)) {
    snprintf(err, err_cap, "cannot create %s", dest);
    pcap_close(pc);
    return -1;
  }
  struct pcap_pkthdr *h;
  const uint8_t *pkt;
  int got;
  while (rc == 0 && (got = pcap_next_ex(pc, &h, &pkt)) == 1) {
    st->packets++;
    size_t off = link_header(dlt, pkt, h->caplen);
    payload pl;
    if (off == SIZE_MAX || off > h->caplen || !transport(pkt + off, h->caplen - off, &pl) || pl.dport != port ||
        pl.len == 0)
      continue;
    if (http) {
      if (!pl.tcp) continue;
      if (http_request_whole(pl.data, pl.len)) rc = save(dest, pl.data, pl.len, max_len, st);
      else st->requests++, st->skipped++;
    } else if (!pl.tcp) {
      rc = save(dest, pl.data, pl.len, max_len, st);
    } else {
      for (size_t pos = 0; rc == 0 && pl.len - pos >= 2;) { /* whole framed messages only */
        size_t n = (size_t)pl.data[pos] << 8 | pl.data[pos + 1];
        if (n == 0 || n > pl.len - pos - 2) {
          st->requests++, st->skipped++;
          break;
        }
        rc = save(dest, pl.data + pos + 2, n, max_len, st);
        pos += n + 2;
      }
    }
  }
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
