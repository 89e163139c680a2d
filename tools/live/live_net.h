/* Sockets of the live commands, every wait bounded: a UDP exchange (one
 * datagram out, the first reply back), TCP connect/write/read with a
 * deadline, DNS over TCP with RFC 1035 framing (the dns core's dns_tcp_frame
 * and dns_tcp_unframe), and loopback listeners. */
#ifndef FF_TOOLS_LIVE_NET_H
#define FF_TOOLS_LIVE_NET_H

#include <stddef.h>
#include <stdint.h>

#include "live_addr.h"

/* Sends msg to to from a fresh socket and waits up to timeout_s for a reply.
 * Returns the reply length (into reply, cap bytes), 0 when none came, -1 on
 * a socket error. */
long live_udp_exchange(const live_addr *to, const uint8_t *msg, size_t len, double timeout_s,
                       uint8_t *reply, size_t cap);
/* A connected TCP socket, or -1 (refused, or not connected within timeout_s). */
int live_tcp_connect(const live_addr *to, double timeout_s);
/* 0 when all of data was written before the deadline (monotonic), else -1. */
int live_write_all(int fd, const void *data, size_t len, double deadline);
/* Reads what is there (waiting until the deadline for the first byte): the
 * count, 0 at end of stream, -1 on error or timeout. */
long live_read_some(int fd, void *buf, size_t cap, double deadline);
/* One DNS message over TCP: framed write, then one framed reply. Returns the
 * reply length, 0 when none came (closed or timed out), -1 when no connection. */
long live_dns_tcp_exchange(const live_addr *to, const uint8_t *msg, size_t len, double timeout_s,
                           uint8_t *reply, size_t cap);
/* Reads one framed DNS message from a connected socket: its length (at
 * buf), 0 at end of stream or timeout. buf holds cap >= 65535 bytes. */
long live_dns_tcp_read(int fd, uint8_t *buf, size_t cap, double deadline);
/* A bound (and for TCP listening) socket on the loopback address, or -1. */
int live_listen(const live_addr *at, int type);

#endif
