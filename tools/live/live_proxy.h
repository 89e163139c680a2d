/* What the threads of `live shadow` share. Client threads (live_proxy_dns.c,
 * live_proxy_http.c, started by live_proxy.c) answer clients from the primary
 * and hand each request, with the primary's reply, to the mirror queue; one
 * mirror thread (live_shadow.c) sends it to the shadow, with its variants,
 * and compares. A full queue drops the mirror (counted), so the shadow never
 * slows a client. One lock guards the stats and the stop check. */
#ifndef FF_TOOLS_LIVE_PROXY_H
#define FF_TOOLS_LIVE_PROXY_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "live_http.h"
#include "live_lines.h"
#include "live_queue.h"
#include "live_shadow.h"

#define LIVE_PROXY_UDP_THREADS 8   /* DNS datagrams answered at once */
#define LIVE_PROXY_PER_CONN 100    /* requests per client connection */
#define LIVE_PROXY_IDLE_S 5.0      /* a client connection's wait for its next request */

typedef struct live_shadow_ctx {
  const live_shadow_cfg *cfg;
  live_pace *pace; /* the mirror thread's (or the replay's) sends only */
  live_run *run;
  live_shadow_stats *st;
  live_findings *findings;
  bool tcp;           /* DNS: the transport of the request being mirrored */
  pthread_mutex_t mu; /* st, run, admitted */
  long admitted;      /* client requests taken on (at most max_requests) */
  atomic_bool closing; /* the proxy is ending: client threads finish */
  live_queue mirrors; /* live_mirror_job * */
} live_shadow_ctx;

/* A client request and the primary's reply, for the mirror thread. */
typedef struct live_mirror_job {
  uint8_t *req; /* DNS message, or the HTTP request as sent upstream */
  size_t len;
  bool tcp;       /* DNS: it came over TCP */
  bool answered;  /* the primary replied */
  uint8_t *reply; /* DNS: the primary's reply */
  size_t reply_len;
  live_http_msg resp; /* HTTP: the primary's response */
} live_mirror_job;

void live_mirror_job_free(live_mirror_job *j);

/* Adds n to a stats counter under the lock. */
void live_shadow_count(live_shadow_ctx *c, long *field, long n);
/* live_run_stopped under the lock. */
bool live_shadow_stopped(live_shadow_ctx *c);
/* Stopped, or max_requests requests answered or failed. */
bool live_shadow_enough(live_shadow_ctx *c);
/* The mirror thread's work for one job (live_shadow.c): the primary's reply
 * in canonical form, then the request and its variants compared. Frees j. */
void live_shadow_mirror_job(live_shadow_ctx *c, live_mirror_job *j);

/* Serves clients until max_requests are answered or the run stops, then
 * mirrors what is queued (unless stopped). 0, or 3 (err says why). */
int live_proxy_run(live_shadow_ctx *c, char *err, size_t err_cap);

/* For the client threads: takes on one more request (false once
 * max_requests are taken or the proxy is ending); *last: it is the
 * max_requests-th, so its connection is closed after it. */
bool live_proxy_admit(live_shadow_ctx *c, bool *last);
/* Counts a request as proxied (the primary replied) or failed, and its
 * client latency from t0 when the answer reached the client. */
void live_proxy_done(live_shadow_ctx *c, bool primary_replied, bool client_answered, double t0);
/* Queues j for the mirror thread, or drops it (counted) when the queue is full. */
void live_proxy_submit(live_shadow_ctx *c, live_mirror_job *j);

/* Client handlers. */
void live_proxy_dns_udp(live_shadow_ctx *c, int udp); /* until closing */
void live_proxy_dns_tcp(live_shadow_ctx *c, int fd);  /* one connection */
void live_proxy_http(live_shadow_ctx *c, int fd);     /* one connection */

#endif
