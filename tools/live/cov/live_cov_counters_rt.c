/* Edge coverage of a server built with SanitizerCoverage's inline 8-bit
 * counters (-fsanitize=fuzzer-no-link: the component servers of the builtin
 * preset, `formfuzz cc --server`) for `formfuzz live fuzz --coverage` and
 * `formfuzz mcp --coverage`. Linked whole-archive into the server, so its
 * registration hooks replace the sanitizer runtime's empty weak ones.
 *
 * When FORMFUZZ_LIVE_COV names the tool's shared map (live_cov_shm.h), a
 * thread answers the tool's requests: CLEAR zeroes the counters, COLLECT
 * folds them into the map. If the server dies through a sanitizer report, the
 * counters are folded in first. Without the variable the server runs as
 * usual. Plain code: never instrumented itself. */
#include <fcntl.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "live_cov_shm.h"

#define MAX_MODULES 256

/* Written by the module constructors before main, then read by the thread. */
static struct {
  uint8_t *start;
  size_t count;
} modules[MAX_MODULES];
static size_t module_count, counter_total;
static live_cov_header *shared; /* the tool's map, NULL when not run by one */

void __sanitizer_cov_8bit_counters_init(uint8_t *start, uint8_t *stop) {
  if (start == stop || module_count == MAX_MODULES) return;
  for (size_t i = 0; i < module_count; i++)
    if (modules[i].start == start) return;
  modules[module_count].start = start;
  modules[module_count++].count = (size_t)(stop - start);
  counter_total += (size_t)(stop - start);
  if (shared) shared->counters = (uint32_t)counter_total;
}

void __sanitizer_cov_pcs_init(const uintptr_t *beg, const uintptr_t *end) {
  (void)beg, (void)end; /* the tool needs no PCs */
}

static void clear_counters(void) {
  for (size_t m = 0; m < module_count; m++) memset(modules[m].start, 0, modules[m].count);
}

static void fold_counters(void) {
  uint8_t *map = (uint8_t *)shared + LIVE_COV_HEADER_SIZE;
  size_t index = 0;
  for (size_t m = 0; m < module_count; m++)
    for (size_t j = 0; j < modules[m].count; j++, index++) {
      uint8_t v = modules[m].start[j];
      uint8_t *slot = &map[index % LIVE_COV_MAP_SIZE];
      if (v > *slot) *slot = v;
    }
}

static void futex(uint32_t *word, int op, uint32_t val, const struct timespec *timeout) {
  syscall(SYS_futex, word, op, val, timeout, NULL, 0);
}

static void *serve(void *arg) {
  uint32_t seen = (uint32_t)(uintptr_t)arg;
  const struct timespec second = {1, 0};
  for (;;) {
    uint32_t r = __atomic_load_n(&shared->req, __ATOMIC_ACQUIRE);
    if (r == seen) {
      futex(&shared->req, FUTEX_WAIT, seen, &second);
      continue;
    }
    seen = r;
    uint32_t op = __atomic_load_n(&shared->op, __ATOMIC_ACQUIRE);
    if (op == LIVE_COV_OP_CLEAR) clear_counters();
    else if (op == LIVE_COV_OP_COLLECT) fold_counters();
    __atomic_store_n(&shared->ack, r, __ATOMIC_RELEASE);
    futex(&shared->ack, FUTEX_WAKE, 1, NULL);
  }
  return NULL;
}

/* A sanitizer report ends the process: what it ran so far is still coverage. */
static void fold_on_death(void) {
  fold_counters();
  __atomic_store_n(&shared->flushed, 1, __ATOMIC_RELEASE);
}

void __sanitizer_set_death_callback(void (*callback)(void)) __attribute__((weak));

__attribute__((constructor)) static void live_cov_counters_attach(void) {
  live_cov_header *h = live_cov_shm_attach();
  if (!h) return;
  shared = h;
  h->counters = (uint32_t)counter_total;
  h->flushed = 0;
  pthread_t t;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  uint32_t seen = __atomic_load_n(&h->req, __ATOMIC_ACQUIRE);
  if (pthread_create(&t, &attr, serve, (void *)(uintptr_t)seen) != 0) {
    shared = NULL;
    munmap(h, LIVE_COV_SHM_SIZE);
    pthread_attr_destroy(&attr);
    return;
  }
  pthread_attr_destroy(&attr);
  if (__sanitizer_set_death_callback) __sanitizer_set_death_callback(fold_on_death);
  h->rt_pid = (int32_t)getpid();
  __atomic_store_n(&h->rt_kind, LIVE_COV_RT_COUNTERS, __ATOMIC_RELEASE);
}
