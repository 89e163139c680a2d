/* In-process execution of one input (see executor.h). */
#include "executor.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "globals.h"
#include "leak.h"

ff_exec_state ff_exec;

static uint8_t *run_buf;
static size_t run_cap;

uint64_t ff_now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

int ff_executor_init(size_t max_len) {
  free(run_buf);
  run_cap = max_len;
  run_buf = malloc(run_cap ? run_cap : 1);
  return run_buf ? 0 : -1;
}

int ff_execute(const uint8_t *data, size_t size, uint64_t *ns) {
  uint8_t *copy;
  if (size <= run_cap) {
    copy = run_buf + (run_cap - size);
  } else {
    /* larger than -max_len (replay of a big file): an exact-size copy */
    copy = malloc(size);
    if (!copy) abort();
  }
  if (size) memcpy(copy, data, size);
  ff_exec.data = copy;
  ff_exec.size = size;
  __atomic_store_n(&ff_exec.mallocs, 0, __ATOMIC_RELAXED);
  __atomic_store_n(&ff_exec.frees, 0, __ATOMIC_RELAXED);
  uint64_t start = ff_now_ns();
  ff_exec.start_ns = start;
  __atomic_signal_fence(__ATOMIC_SEQ_CST);
  ff_exec.running = 1;
  int ret = LLVMFuzzerTestOneInput(copy, size);
  ff_exec.running = 0;
  __atomic_signal_fence(__ATOMIC_SEQ_CST);
  *ns = ff_now_ns() - start;
  if (size > run_cap) {
    ff_exec.data = data;
    free(copy);
  }
  return ret;
}

int ff_execute_checked(const uint8_t *data, size_t size, uint64_t *ns, bool initial_corpus) {
  int ret = ff_execute(data, size, ns);
  ff_leak_check(data, size, initial_corpus);
  return ret;
}
