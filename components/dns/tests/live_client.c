/* dns test client (see live_client.h). */
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "live_client.h"

long dns_live_ask_udp(int fd, int port, const uint8_t *q, size_t len, uint8_t *out, size_t cap) {
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                          .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  uint8_t junk[65536];
  while (recv(fd, junk, sizeof junk, MSG_DONTWAIT) > 0) {
  }
  if (sendto(fd, q, len, 0, (struct sockaddr *)&a, sizeof a) < 0) return -1;
  struct pollfd p = {fd, POLLIN, 0};
  if (poll(&p, 1, 150) <= 0) return -1; /* 127.0.0.1 answers in well under a millisecond */
  return recv(fd, out, cap, 0);
}

/* Waits up to 300 ms for n bytes (a server that stays silent or closes gives -1). */
static int read_full(int fd, uint8_t *buf, size_t n) {
  for (size_t got = 0; got < n;) {
    struct pollfd p = {fd, POLLIN, 0};
    if (poll(&p, 1, 300) <= 0) return -1;
    ssize_t r = recv(fd, buf + got, n - got, 0);
    if (r <= 0) return -1;
    got += (size_t)r;
  }
  return 0;
}

/* One query on a fresh TCP connection: two length octets, then the message. */
long dns_live_ask_tcp(int port, const uint8_t *q, size_t len, uint8_t *out, size_t cap) {
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                          .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  int fd = len <= 1024 ? socket(AF_INET, SOCK_STREAM, 0) : -1;
  if (fd < 0) return -1;
  uint8_t framed[2 + 1024], hdr[2];
  long n = -1;
  framed[0] = (uint8_t)(len >> 8), framed[1] = (uint8_t)len;
  memcpy(framed + 2, q, len);
  if (connect(fd, (struct sockaddr *)&a, sizeof a) == 0 && send(fd, framed, len + 2, MSG_NOSIGNAL) == (ssize_t)(len + 2) &&
      read_full(fd, hdr, 2) == 0) {
    size_t want = (size_t)hdr[0] << 8 | hdr[1];
    if (want <= cap && read_full(fd, out, want) == 0) n = (long)want;
  }
  close(fd);
  return n;
}
