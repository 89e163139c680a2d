/* Helpers shared by the simnet tests (their checks are ff_check.h's REQUIRE): a
 * recorder that keeps every datagram a node receives, and one-call node setup. */
#ifndef SIMNET_TESTLIB_H
#define SIMNET_TESTLIB_H

#include <stdio.h>
#include <stdlib.h>

#include "formfuzz/simnet.h"
#include "ff_check.h"

#define RECORDER_MAX 512
#define RECORDER_PAYLOAD 64

typedef struct recorder {
  size_t n;
  ff_simdgram d[RECORDER_MAX];               /* d[i].data points into payload[i] */
  uint8_t payload[RECORDER_MAX][RECORDER_PAYLOAD];
} recorder;

/* A receive callback that appends to the recorder given as ctx. */
void recorder_fn(ff_simnet *net, int node, const ff_simdgram *d, void *ctx);
/* A new recorder attached to node (freed by the caller). */
recorder *recorder_attach(ff_simnet *net, int node);

/* A node in realm with one address (text) and port bound; aborts on failure. */
int add_host(ff_simnet *net, int realm, const char *name, const char *ip, uint16_t port);
ff_simaddr addr_of(const char *text);
/* Sends a payload of len bytes whose first byte is tag. */
void send_tagged(ff_simnet *net, int node, uint16_t port, const char *dst, uint8_t tag,
                 size_t len);

#endif
