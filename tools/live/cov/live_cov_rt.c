/* Edge coverage of a server under `formfuzz live fuzz --coverage`: link this
 * file into a server compiled with clang -fsanitize-coverage=trace-pc-guard.
 * When FORMFUZZ_LIVE_COV names a POSIX shared-memory object (the tool creates
 * it; layout in live_cov_shm.h), every guard's hit count lands in its map;
 * the tool clears the map before a sequence and reads it after. Without the
 * variable the server runs as usual. Plain code: not part of the tool.
 * (Servers built with inline 8-bit counters use live_cov_counters_rt.c.) */
#include <stdint.h>

#include "live_cov_shm.h"

static uint8_t *cov_map; /* the shared map: written by the coverage callbacks */

__attribute__((constructor)) static void live_cov_attach(void) {
  live_cov_header *h = live_cov_shm_attach();
  if (!h) return;
  h->rt_pid = (int32_t)getpid();
  __atomic_store_n(&h->rt_kind, LIVE_COV_RT_GUARD, __ATOMIC_RELEASE);
  cov_map = (uint8_t *)h + LIVE_COV_HEADER_SIZE;
}

void __sanitizer_cov_trace_pc_guard_init(uint32_t *start, uint32_t *stop) {
  static uint32_t next;
  if (start == stop || *start) return;
  for (uint32_t *g = start; g < stop; g++) *g = 1 + (next++ % (LIVE_COV_MAP_SIZE - 1));
}

void __sanitizer_cov_trace_pc_guard(uint32_t *guard) {
  if (cov_map && *guard && cov_map[*guard] < 255) cov_map[*guard]++;
}
