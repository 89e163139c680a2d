/* formfuzz corpus import: requests from a pcap capture (libpcap) into a corpus
 * directory, SHA-1 named. DNS: every UDP payload sent to the port, and every
 * whole framed message in a TCP segment sent to it. HTTP: every TCP segment
 * sent to the port that holds a whole request (a method, its headers and a
 * body as long as its Content-Length); requests split over several segments
 * are counted as skipped (no stream reassembly). Link types: Ethernet, Linux
 * cooked (SLL), raw IP, BSD loopback; IPv4 and IPv6 (no extension headers). */
#ifndef FF_TOOLS_CORPUS_IMPORT_H
#define FF_TOOLS_CORPUS_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

typedef struct corpus_import_stats {
  size_t packets, requests, written, duplicates, skipped;
} corpus_import_stats;

/* 0, or -1 with the reason in err (unreadable capture, unknown link type, cannot write). */
int corpus_import_pcap(const char *pcap_path, const char *dest, bool http, int port, size_t max_len,
                       corpus_import_stats *st, char *err, size_t err_cap);

#endif
