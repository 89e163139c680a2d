/* The stateful test server of live_fuzz_tcp (127.0.0.1 only): a line
 * protocol whose planted crash is reached only after a three-message
 * handshake. Per connection: HELLO -> "200 HELLO"; then AUTH <name> ->
 * "201 AUTH"; then DATA <n> -> "202 DATA", except that n over 1000 aborts
 * (the planted crash); WAIT after AUTH never answers (the planted hang).
 * PING -> "PONG" in any state; anything out of order -> "500 ORDER".
 * usage: handshake_server PORT MAX_SECONDS */
#include <arpa/inet.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static void reply(int fd, const char *text) {
  if (write(fd, text, strlen(text)) < 0) return;
}

static void serve(int fd, time_t end) {
  int state = 0;
  char buf[4097];
  for (;;) {
    struct pollfd p = {fd, POLLIN, 0};
    if (poll(&p, 1, 2000) <= 0 || time(NULL) >= end) break;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    if (n <= 0) break;
    buf[n] = 0;
    buf[strcspn(buf, "\r\n")] = 0;
    if (strcmp(buf, "PING") == 0) reply(fd, "PONG\n");
    else if (state == 0 && strcmp(buf, "HELLO") == 0) state = 1, reply(fd, "200 HELLO\n");
    else if (state == 1 && strncmp(buf, "AUTH ", 5) == 0 && buf[5]) state = 2, reply(fd, "201 AUTH\n");
    else if (state == 1 && strncmp(buf, "AUTH", 4) == 0) reply(fd, "401 DENIED\n");
    else if (state == 2 && strncmp(buf, "DATA ", 5) == 0) {
      if (atol(buf + 5) > 1000) abort(); /* the planted crash */
      reply(fd, "202 DATA\n");
    } else if (state == 2 && strcmp(buf, "WAIT") == 0) {
      while (time(NULL) < end) sleep(1); /* the planted hang */
    } else reply(fd, "500 ORDER\n");
  }
  close(fd);
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: handshake_server PORT MAX_SECONDS\n");
    return 2;
  }
  int s = socket(AF_INET, SOCK_STREAM, 0), one = 1;
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[1])),
                          .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind(s, (struct sockaddr *)&a, sizeof a) || listen(s, 16)) {
    perror("handshake_server");
    return 1;
  }
  time_t end = time(NULL) + atol(argv[2]);
  while (time(NULL) < end) {
    struct pollfd p = {s, POLLIN, 0};
    if (poll(&p, 1, 200) <= 0) continue;
    int c = accept(s, NULL, NULL);
    if (c >= 0) serve(c, end);
  }
  return 0;
}
