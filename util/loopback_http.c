/* The component servers' loopback HTTP daemon and its upload clean-up
 * (loopback_http.h). */
#include "loopback_http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "request_body.h"

static volatile sig_atomic_t stop_requested; /* set by the signal handler */

static void on_signal(int sig) {
  (void)sig;
  stop_requested = 1;
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode t) {
  (void)c, (void)t;
  const ff_loopback_http *s = cls;
  char *upload = *con_cls;
  if (upload) {
    ff_request_body_free((ff_request_body *)(upload + s->body_offset));
    free(upload);
  }
  *con_cls = NULL;
}

int ff_loopback_http_run(const ff_loopback_http *s) {
  struct sockaddr_in sa;
  memset(&sa, 0, sizeof sa);
  sa.sin_family = AF_INET;
  sa.sin_port = htons((uint16_t)s->port);
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  struct MHD_Daemon *d =
      s->uri_log
          ? MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, (uint16_t)s->port, NULL, NULL, s->handler,
                             s->handler_cls, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
                             MHD_OPTION_NOTIFY_COMPLETED, completed, (void *)s, MHD_OPTION_URI_LOG_CALLBACK,
                             s->uri_log, NULL, MHD_OPTION_CONNECTION_LIMIT, (unsigned)64,
                             MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)10, MHD_OPTION_END)
          : MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, (uint16_t)s->port, NULL, NULL, s->handler,
                             s->handler_cls, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
                             MHD_OPTION_NOTIFY_COMPLETED, completed, (void *)s, MHD_OPTION_CONNECTION_LIMIT,
                             (unsigned)64, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)10, MHD_OPTION_END);
  if (!d) {
    fprintf(stderr, "%s: cannot listen on 127.0.0.1:%ld: %s\n", s->name, s->port, strerror(errno));
    return 1;
  }
  signal(SIGINT, on_signal);
  signal(SIGTERM, on_signal);
  fprintf(stderr, "%s: listening on 127.0.0.1:%ld for at most %ld s%s\n", s->name, s->port, s->max_time,
          s->detail ? s->detail : "");
  time_t end = time(NULL) + s->max_time;
  while (!stop_requested && time(NULL) < end) {
    if (s->tick) s->tick(s->tick_cls);
    struct timespec ts = {0, 100 * 1000 * 1000};
    nanosleep(&ts, NULL);
  }
  MHD_stop_daemon(d);
  return 0;
}
