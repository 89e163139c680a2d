/* Bounded socket operations of the live commands (live_net.h). */
#define _GNU_SOURCE /* memmem, vasprintf, accept4 */
#include "live_net.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dns_wire.h"
#include "live_pace.h"

static int wait_for(int fd, short events, double deadline) {
  for (;;) {
    double left = deadline - live_now();
    if (left <= 0) return -1;
    struct pollfd p = {fd, events, 0};
    int r = poll(&p, 1, (int)(left * 1000) + 1);
    if (r > 0) return 0;
    if (r < 0 && errno != EINTR) return -1;
  }
}

long live_udp_exchange(const live_addr *to, const uint8_t *msg, size_t len, double timeout_s,
                       uint8_t *reply, size_t cap) {
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  long got = -1;
  if (connect(fd, (const struct sockaddr *)&to->sa, sizeof to->sa) == 0 &&
      send(fd, msg, len, 0) == (ssize_t)len) {
    double deadline = live_now() + timeout_s;
    got = 0;
    while (wait_for(fd, POLLIN, deadline) == 0) {
      ssize_t n = recv(fd, reply, cap, 0);
      if (n > 0) {
        got = n;
        break;
      }
      if (n < 0 && errno != EINTR && errno != EAGAIN) break; /* ICMP refused: no reply */
    }
  }
  close(fd);
  return got;
}

int live_tcp_connect(const live_addr *to, double timeout_s) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) return -1;
  if (connect(fd, (const struct sockaddr *)&to->sa, sizeof to->sa) != 0) {
    int err = 0;
    socklen_t el = sizeof err;
    if (errno != EINPROGRESS || wait_for(fd, POLLOUT, live_now() + timeout_s) ||
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &el) || err) {
      close(fd);
      return -1;
    }
  }
  return fd;
}

int live_write_all(int fd, const void *data, size_t len, double deadline) {
  const uint8_t *p = data;
  while (len) {
    if (wait_for(fd, POLLOUT, deadline)) return -1;
    ssize_t n = send(fd, p, len, MSG_NOSIGNAL);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n <= 0) return -1;
    p += n, len -= (size_t)n;
  }
  return 0;
}

long live_read_some(int fd, void *buf, size_t cap, double deadline) {
  for (;;) {
    if (wait_for(fd, POLLIN, deadline)) return -1;
    ssize_t n = recv(fd, buf, cap, 0);
    if (n >= 0) return n;
    if (errno != EINTR && errno != EAGAIN) return -1;
  }
}

long live_dns_tcp_read(int fd, uint8_t *buf, size_t cap, double deadline) {
  size_t have = 0;
  for (;;) {
    long len = dns_tcp_unframe(buf, have);
    if (len < 0) return 0;
    if (len > 0) {
      memmove(buf, buf + 2, (size_t)len);
      return len;
    }
    if (have == cap) return 0;
    long n = live_read_some(fd, buf + have, cap - have, deadline);
    if (n <= 0) return 0;
    have += (size_t)n;
  }
}

long live_dns_tcp_exchange(const live_addr *to, const uint8_t *msg, size_t len, double timeout_s,
                           uint8_t *reply, size_t cap) {
  double deadline = live_now() + timeout_s;
  int fd = live_tcp_connect(to, timeout_s);
  if (fd < 0) return -1;
  uint8_t framed[DNS_MSG_MAX + 2];
  long flen = dns_tcp_frame(msg, len, framed, sizeof framed);
  long got = 0;
  if (flen > 0 && live_write_all(fd, framed, (size_t)flen, deadline) == 0)
    got = live_dns_tcp_read(fd, reply, cap, deadline);
  close(fd);
  return got;
}

int live_listen(const live_addr *at, int type) {
  int fd = socket(AF_INET, type | SOCK_CLOEXEC, 0), one = 1;
  if (fd < 0) return -1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind(fd, (const struct sockaddr *)&at->sa, sizeof at->sa) ||
      (type == SOCK_STREAM && listen(fd, 64))) {
    close(fd);
    return -1;
  }
  return fd;
}
