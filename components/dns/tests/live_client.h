/* dns test client: one query to a server on 127.0.0.1 over UDP, or over TCP
 * (RFC 1035 4.2.2 length framing, a fresh connection per query). Used by the
 * NSD differential and the live store test. */
#ifndef DNS_TESTS_LIVE_CLIENT_H
#define DNS_TESTS_LIVE_CLIENT_H

#include <stddef.h>
#include <stdint.h>

/* fd: a UDP socket of the caller's. The response length, or -1 when none
 * came within 150 ms. */
long dns_live_ask_udp(int fd, int port, const uint8_t *q, size_t len, uint8_t *out, size_t cap);
/* The response length, or -1 when the server stayed silent (300 ms) or
 * closed the connection. len is at most 1024. */
long dns_live_ask_tcp(int port, const uint8_t *q, size_t len, uint8_t *out, size_t cap);

#endif
