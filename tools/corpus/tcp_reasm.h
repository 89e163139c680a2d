/* TCP stream reassembly for corpus import: the bytes of each flow (keyed by
 * its addresses and ports) put back in sequence order from captured segments.
 * Out-of-order segments are held until the hole before them fills;
 * retransmitted and overlapping bytes are taken once (the first copy wins).
 * SYN sets the start (a flow whose SYN is not captured starts at its first
 * segment), FIN ends a flow once every byte before it is in, RST ends it at
 * once. An ended flow is remembered, without its buffers, until a new SYN or
 * eviction, so that its late retransmissions do not start a new stream.
 * Memory is bounded per flow and in total: a flow that waits for a missing
 * segment with its bound full declares the hole a gap and goes on after it,
 * and when the total bound or the flow count is reached the least recently
 * active flows are ended first. Gaps are reported to the consumer, which
 * says how to stay aligned on its message boundaries. */
#ifndef FF_TOOLS_TCP_REASM_H
#define FF_TOOLS_TCP_REASM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct tcp_flow_key {
  uint8_t src[16], dst[16]; /* IPv4 addresses in the first 4 bytes */
  uint16_t sport, dport;
  uint8_t family; /* 4 or 6 */
} tcp_flow_key;

enum { TCP_FIN = 0x01, TCP_SYN = 0x02, TCP_RST = 0x04 };

/* TCP_REASM_LOST from gap(): no message boundary is known after the hole. */
#define TCP_REASM_LOST SIZE_MAX

typedef struct tcp_reasm_sink {
  void *ctx;
  /* In-order bytes of a flow: buf[0..len) starts with the bytes data() has
   * not consumed yet. Returns how many bytes to consume; more than len means
   * that the next (returned - len) bytes of the flow are dropped as they come
   * (a message too large to keep). *lost is true after a gap that left no
   * known message boundary; data() clears it once it finds one. */
  size_t (*data)(void *ctx, const uint8_t *buf, size_t len, bool *lost);
  /* A hole of missing bytes after the pending bytes (the start of a message
   * data() did not consume). Returns how many bytes after the hole to drop to
   * reach the next message start, or TCP_REASM_LOST. */
  size_t (*gap)(void *ctx, const uint8_t *pending, size_t len, uint64_t missing);
  /* The flow ended with len bytes not consumed (an unfinished message). */
  void (*end)(void *ctx, const uint8_t *pending, size_t len);
} tcp_reasm_sink;

typedef struct tcp_reasm_stats {
  size_t flows, segments, out_of_order, gaps, evicted;
  /* bytes; dropped: by data() asking to; late: new bytes after a flow's FIN or RST */
  uint64_t retransmitted, gap_bytes, over_bound, dropped, late;
} tcp_reasm_stats;

typedef struct tcp_reasm tcp_reasm;

/* NULL when out of memory. flow_bound and total_bound are bytes held (in
 * order but not consumed, and out of order); max_flows bounds live flows. */
tcp_reasm *tcp_reasm_new(const tcp_reasm_sink *sink, size_t flow_bound, size_t total_bound, size_t max_flows);
/* One captured segment of a flow. */
void tcp_reasm_segment(tcp_reasm *r, const tcp_flow_key *k, uint32_t seq, unsigned flags, const uint8_t *data,
                       size_t len);
/* Ends every flow still open (the end of the capture): holes become gaps. */
void tcp_reasm_finish(tcp_reasm *r);
const tcp_reasm_stats *tcp_reasm_get_stats(const tcp_reasm *r);
void tcp_reasm_free(tcp_reasm *r);

#endif
