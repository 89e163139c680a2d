/* Addresses of live targets: "A.B.C.D:PORT" (numeric IPv4 only, so no name
 * lookup ever decides where a packet goes), parsed and printed. */
#ifndef FF_TOOLS_LIVE_ADDR_H
#define FF_TOOLS_LIVE_ADDR_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct live_addr {
  struct sockaddr_in sa;
  char text[32]; /* "127.0.0.1:5353" */
} live_addr;

/* 0, or -1 with a one-line reason in err. */
int live_addr_parse(const char *text, live_addr *out, char *err, size_t err_cap);
bool live_addr_is_loopback(const live_addr *a);
bool live_addr_equal(const live_addr *a, const live_addr *b);

#endif
