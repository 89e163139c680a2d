/* Measures ff_mutate: ns per call on 64-byte and 4 KiB inputs (a simple loop
 * with a monotonic clock; not a test, no assertion). Usage: bench_mutate [calls]
 * [size max_size] (one shape only, e.g. for a callgrind instruction count). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mutator.h"

static double now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static void measure(ff_mutator *m, size_t size, size_t max_size, long calls) {
  uint8_t *seed = malloc(size), *buf = malloc(max_size);
  for (size_t i = 0; i < size; i++) seed[i] = (uint8_t)(i * 31 + 7);
  double start = now_ns();
  size_t sum = 0;
  for (long c = 0; c < calls; c++) {
    if (c % 16 == 0) memcpy(buf, seed, size); /* restart from the seed now and then */
    size_t n = ff_mutate(m, buf, c % 16 == 0 ? size : sum % max_size + 1, max_size);
    sum = n - 1;
    ff_mutator_feedback(m, false);
  }
  double ns = (now_ns() - start) / (double)calls;
  printf("ff_mutate %5zu-byte input (max %zu): %.0f ns per call\n", size, max_size, ns);
  free(seed);
  free(buf);
}

int main(int argc, char **argv) {
  long calls = argc > 1 ? atol(argv[1]) : 1000000;
  ff_mutator *m = ff_mutator_new(1);
  ff_dict_add(ff_mutator_user_dict(m), (const uint8_t *)"keyword", 7);
  static ff_cmplog log;
  for (uint32_t i = 0; i < 200; i++) {
    uint32_t a = i * 2654435761u, b = i;
    ff_cmplog_add(&log, i % 2 ? FF_CMP_INT : FF_CMP_CONST, &a, &b, 4);
  }
  ff_mutator_set_cmplog(m, &log);
  if (argc > 3) {
    measure(m, (size_t)atol(argv[2]), (size_t)atol(argv[3]), calls);
  } else {
    measure(m, 64, 64, calls);
    measure(m, 64, 4096, calls);
    measure(m, 4096, 4096, calls / 4);
  }
  for (size_t i = 0; i < ff_mutator_op_count(m); i++) {
    const char *name;
    uint64_t uses, finds;
    ff_mutator_op_stats(m, i, &name, &uses, &finds);
    printf("  %-18s %10llu uses\n", name, (unsigned long long)uses);
  }
  ff_mutator_free(m);
  return 0;
}
