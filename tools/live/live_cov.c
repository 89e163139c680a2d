/* The shared coverage map of live fuzz and mcp (live_cov.h). */
#include "live_cov.h"

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define REQUEST_WAIT_NS 250000000LL /* a live server answers in microseconds */
#define WAIT_SLICE_NS 10000000L

int live_cov_open(live_cov *c, char *err, size_t err_cap) {
  memset(c, 0, sizeof *c);
  snprintf(c->name, sizeof c->name, "/formfuzz-live-cov-%d", (int)getpid());
  snprintf(c->env, sizeof c->env, "FORMFUZZ_LIVE_COV=%s", c->name);
  int fd = shm_open(c->name, O_RDWR | O_CREAT | O_EXCL, 0600);
  if (fd < 0) {
    snprintf(err, err_cap, "cannot create the coverage map %s: %s", c->name, strerror(errno));
    return -1;
  }
  void *p = MAP_FAILED;
  if (ftruncate(fd, LIVE_COV_SHM_SIZE) == 0)
    p = mmap(NULL, LIVE_COV_SHM_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  close(fd);
  c->seen = calloc(LIVE_COV_MAP_SIZE, 1);
  if (p == MAP_FAILED || !c->seen) {
    snprintf(err, err_cap, "cannot map the coverage map %s", c->name);
    if (p != MAP_FAILED) munmap(p, LIVE_COV_SHM_SIZE);
    free(c->seen);
    shm_unlink(c->name);
    return -1;
  }
  c->header = p;
  c->header->magic = LIVE_COV_MAGIC;
  c->map = (uint8_t *)p + LIVE_COV_HEADER_SIZE;
  return 0;
}

static long long now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* The counters runtime's process, when it is alive to be asked. */
static int counters_server(const live_cov *c) {
  if (__atomic_load_n(&c->header->rt_kind, __ATOMIC_ACQUIRE) != LIVE_COV_RT_COUNTERS) return 0;
  pid_t pid = (pid_t)c->header->rt_pid;
  return pid > 0 && (kill(pid, 0) == 0 || errno == EPERM) ? pid : 0;
}

/* One request to the counters runtime; false when it did not answer in time
 * (the server ended or hangs: its counters are then lost). */
static bool request(live_cov *c, uint32_t op) {
  live_cov_header *h = c->header;
  pid_t pid = counters_server(c);
  if (!pid) return false;
  __atomic_store_n(&h->op, op, __ATOMIC_RELEASE);
  uint32_t r = __atomic_add_fetch(&h->req, 1, __ATOMIC_ACQ_REL);
  syscall(SYS_futex, &h->req, FUTEX_WAKE, 1, NULL, NULL, 0);
  long long deadline = now_ns() + REQUEST_WAIT_NS;
  for (;;) {
    uint32_t a = __atomic_load_n(&h->ack, __ATOMIC_ACQUIRE);
    if (a == r) return true;
    if (now_ns() > deadline || (kill(pid, 0) != 0 && errno == ESRCH)) return false;
    const struct timespec slice = {0, WAIT_SLICE_NS};
    syscall(SYS_futex, &h->ack, FUTEX_WAIT, a, &slice, NULL, 0);
  }
}

void live_cov_clear(live_cov *c) {
  if (!c->map) return;
  request(c, LIVE_COV_OP_CLEAR);
  __atomic_store_n(&c->header->flushed, 0, __ATOMIC_RELEASE);
  memset(c->map, 0, LIVE_COV_MAP_SIZE);
}

uint8_t live_cov_bucket(uint8_t n) {
  if (n <= 2) return n;
  if (n == 3) return 4;
  if (n < 8) return 8;
  if (n < 16) return 16;
  if (n < 32) return 32;
  if (n < 128) return 64;
  return 128;
}

void live_cov_collect(live_cov *c) {
  if (c->map) request(c, LIVE_COV_OP_COLLECT); /* a server that died of a sanitizer report folded its own */
}

size_t live_cov_new_edges(live_cov *c) {
  if (!c->map) return 0;
  live_cov_collect(c);
  size_t fresh = 0;
  c->last_new_slots = 0;
  for (size_t i = 0; i < LIVE_COV_MAP_SIZE; i++) {
    uint8_t b = live_cov_bucket(c->map[i]);
    if (!b || (c->seen[i] & b)) continue;
    if (!c->seen[i]) c->edges++, c->last_new_slots++;
    c->seen[i] |= b;
    c->features++, fresh++;
  }
  return fresh;
}

uint32_t live_cov_runtime(const live_cov *c) {
  return c->header ? __atomic_load_n(&c->header->rt_kind, __ATOMIC_ACQUIRE) : LIVE_COV_RT_NONE;
}

void live_cov_close(live_cov *c) {
  if (c->header) munmap(c->header, LIVE_COV_SHM_SIZE), shm_unlink(c->name);
  free(c->seen);
  c->header = NULL, c->map = NULL, c->seen = NULL;
}
