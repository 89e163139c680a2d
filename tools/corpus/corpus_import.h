/* formfuzz corpus import: requests from a pcap capture (libpcap) into a corpus
 * directory, SHA-1 named, written atomically, each once. DNS: every UDP
 * payload sent to the port, and every framed message of the TCP streams sent
 * to it. HTTP: every request of the TCP streams sent to the port. The client
 * to server bytes of each TCP connection are reassembled first (tcp_reasm.h)
 * and split into messages (stream_split.h), so a request split over several
 * segments, sent out of order or retransmitted is taken whole, once. Link
 * types: Ethernet, Linux cooked (SLL, SLL2), raw IP, BSD loopback; IPv4 and
 * IPv6 (extension headers skipped), without fragments. */
#ifndef FF_TOOLS_CORPUS_IMPORT_H
#define FF_TOOLS_CORPUS_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct corpus_import_opts {
  bool http;
  int port;
  size_t max_len;      /* larger requests are skipped */
  size_t flow_memory;  /* bytes held per TCP flow */
  size_t total_memory; /* bytes held by all flows */
  size_t max_flows;    /* flows open at once */
} corpus_import_opts;

typedef struct corpus_import_stats {
  size_t packets, requests, written, duplicates, skipped;
  /* TCP: flows, segments held out of order, holes, flows ended early for memory */
  size_t flows, out_of_order, gaps, evicted;
  uint64_t retransmitted, gap_bytes, late, over_bound; /* bytes; late: after their flow's FIN or RST */
} corpus_import_stats;

/* 0, or -1 with the reason in err (unreadable capture, unknown link type, cannot write). */
int corpus_import_pcap(const char *pcap_path, const char *dest, const corpus_import_opts *o,
                       corpus_import_stats *st, char *err, size_t err_cap);

#endif
