/* The shadow proxy's threads (live_proxy.h): the main thread accepts TCP
 * clients, each served by a thread of its own (at most max_clients at once;
 * more wait in the listen backlog); DNS datagrams are answered by
 * LIVE_PROXY_UDP_THREADS threads reading one socket; one mirror thread
 * drains the bounded queue. At the end the client threads are woken and
 * joined, then the mirror thread finishes the queue, or on a stop abandons
 * it (counted). */
#define _GNU_SOURCE /* accept4 */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "live_net.h"
#include "live_proxy.h"

typedef struct slot {
  live_shadow_ctx *c;
  pthread_t thread;
  int fd;
  bool used;
  atomic_bool done;
} slot;

bool live_proxy_admit(live_shadow_ctx *c, bool *last) {
  *last = false;
  if (atomic_load(&c->closing)) return false;
  pthread_mutex_lock(&c->mu);
  bool ok = !live_run_stopped(c->run) && (!c->cfg->max_requests || c->admitted < c->cfg->max_requests);
  if (ok) c->admitted++;
  if (ok && c->cfg->max_requests) *last = c->admitted == c->cfg->max_requests;
  pthread_mutex_unlock(&c->mu);
  return ok;
}

void live_proxy_done(live_shadow_ctx *c, bool primary_replied, bool client_answered, double t0) {
  double ms = (live_now() - t0) * 1000;
  pthread_mutex_lock(&c->mu);
  c->st->sent++; /* the request to the primary */
  if (primary_replied) c->st->proxied++;
  else c->st->primary_failed++;
  if (client_answered) live_latency_add(&c->st->client_ms, ms);
  pthread_mutex_unlock(&c->mu);
}

void live_proxy_submit(live_shadow_ctx *c, live_mirror_job *j) {
  if (j && live_queue_push(&c->mirrors, j)) return;
  live_mirror_job_free(j);
  live_shadow_count(c, &c->st->mirror_dropped, 1);
}

static void *mirror_thread(void *arg) {
  live_shadow_ctx *c = arg;
  live_mirror_job *j;
  while ((j = live_queue_pop(&c->mirrors))) {
    if (live_shadow_stopped(c)) {
      live_shadow_count(c, &c->st->mirror_abandoned, 1);
      live_mirror_job_free(j);
    } else {
      live_shadow_mirror_job(c, j);
    }
  }
  return NULL;
}

typedef struct udp_arg {
  live_shadow_ctx *c;
  int fd;
} udp_arg;

static void *udp_thread(void *arg) {
  udp_arg *u = arg;
  live_proxy_dns_udp(u->c, u->fd);
  return NULL;
}

static void *conn_thread(void *arg) {
  slot *s = arg;
  if (s->c->cfg->proto == LIVE_DNS) live_proxy_dns_tcp(s->c, s->fd);
  else live_proxy_http(s->c, s->fd);
  atomic_store(&s->done, true);
  return NULL;
}

/* Joins the finished client threads; returns how many slots are in use. */
static long reap(slot *slots, long n) {
  long used = 0;
  for (long i = 0; i < n; i++) {
    if (slots[i].used && atomic_load(&slots[i].done)) {
      pthread_join(slots[i].thread, NULL);
      close(slots[i].fd);
      slots[i].used = false;
    }
    used += slots[i].used;
  }
  return used;
}

static void accept_one(live_shadow_ctx *c, int listener, slot *slots, long n) {
  int fd = accept4(listener, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
  if (fd < 0) return;
  int one = 1; /* answers go out at once, also pipelined ones */
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  long active = 1;
  slot *free_slot = NULL;
  for (long i = 0; i < n; i++) {
    if (slots[i].used) active++;
    else if (!free_slot) free_slot = &slots[i];
  }
  if (!free_slot) { /* not reached: the listener is polled only with a free slot */
    close(fd);
    return;
  }
  free_slot->c = c, free_slot->fd = fd, free_slot->used = true;
  atomic_store(&free_slot->done, false);
  if (pthread_create(&free_slot->thread, NULL, conn_thread, free_slot)) {
    close(fd);
    free_slot->used = false;
    return;
  }
  pthread_mutex_lock(&c->mu);
  if (active > c->st->clients_peak) c->st->clients_peak = active;
  pthread_mutex_unlock(&c->mu);
}

int live_proxy_run(live_shadow_ctx *c, char *err, size_t cap) {
  const live_shadow_cfg *cfg = c->cfg;
  int udp = cfg->proto == LIVE_DNS ? live_listen(&cfg->listen, SOCK_DGRAM) : -2;
  int tcp = live_listen(&cfg->listen, SOCK_STREAM);
  long nslots = cfg->max_clients > 0 ? cfg->max_clients : 64;
  slot *slots = calloc((size_t)nslots, sizeof *slots);
  size_t depth = cfg->mirror_queue > 0 ? (size_t)cfg->mirror_queue : 1024;
  bool listening = udp != -1 && tcp >= 0;
  if (!listening || !slots || live_queue_init(&c->mirrors, depth)) {
    if (!listening) snprintf(err, cap, "cannot listen on %s: %s", cfg->listen.text, strerror(errno));
    else snprintf(err, cap, "out of memory");
    if (udp >= 0) close(udp);
    if (tcp >= 0) close(tcp);
    free(slots);
    return 3;
  }
  pthread_t mirror, udps[LIVE_PROXY_UDP_THREADS];
  int nudp = 0;
  bool mirroring = pthread_create(&mirror, NULL, mirror_thread, c) == 0;
  udp_arg ua = {c, udp};
  if (udp >= 0)
    for (; nudp < LIVE_PROXY_UDP_THREADS; nudp++)
      if (pthread_create(&udps[nudp], NULL, udp_thread, &ua)) break;
  if (!mirroring || (udp >= 0 && nudp == 0)) snprintf(err, cap, "cannot start the proxy's threads");
  while (mirroring && (udp < 0 || nudp) && !live_shadow_enough(c)) {
    bool room = reap(slots, nslots) < nslots;
    struct pollfd p = {room ? tcp : -1, POLLIN, 0};
    if (poll(&p, 1, room ? 200 : 20) > 0 && (p.revents & POLLIN)) accept_one(c, tcp, slots, nslots);
  }
  atomic_store(&c->closing, true);
  close(tcp);
  for (int i = 0; i < nudp; i++) pthread_join(udps[i], NULL);
  if (udp >= 0) close(udp);
  for (long i = 0; i < nslots; i++) /* wakes clients waiting for their next request */
    if (slots[i].used && !atomic_load(&slots[i].done)) shutdown(slots[i].fd, SHUT_RDWR);
  for (long i = 0; i < nslots; i++)
    if (slots[i].used) pthread_join(slots[i].thread, NULL), close(slots[i].fd);
  free(slots);
  live_queue_close(&c->mirrors);
  if (mirroring) pthread_join(mirror, NULL);
  live_mirror_job *left;
  while ((left = live_queue_pop(&c->mirrors))) live_mirror_job_free(left); /* only when no mirror thread ran */
  c->st->mirror_queue_peak = (long)live_queue_peak(&c->mirrors);
  live_queue_free(&c->mirrors);
  return !mirroring || (udp >= 0 && nudp == 0) ? 3 : 0;
}
