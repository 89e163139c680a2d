/* The address of the metrics endpoint: "127.0.0.1:9101", "[::1]:9101" or
 * "localhost:9101" (port 0: any free port). A name other than localhost is
 * refused (no resolver on this path); an address outside the loopback range
 * is refused unless the caller allows it. */
#ifndef FF_TOOLS_MONITOR_ADDR_H
#define FF_TOOLS_MONITOR_ADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

typedef struct ff_monitor_addr {
  struct sockaddr_storage sa;
  socklen_t len;
  bool ipv6;
  bool loopback;
  unsigned port;
  char host[64]; /* the numeric address, without brackets */
} ff_monitor_addr;

/* Returns 0, or -1 with err saying what is wrong with text. */
int ff_monitor_addr_parse(const char *text, bool allow_remote, ff_monitor_addr *a, char *err,
                          size_t err_cap);

#endif
