/* Minimal assertions for the mutator unit tests: CHECK prints the failed
 * condition with its location and counts it; main returns check_failures() so
 * ctest sees the result. Guarded buffers catch writes past max_size. */
#ifndef FF_TEST_MUTATORS_CHECK_H
#define FF_TEST_MUTATORS_CHECK_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static int check_failed_count;

#define CHECK(cond, ...)                                                  \
  do {                                                                    \
    if (!(cond)) {                                                        \
      check_failed_count++;                                               \
      fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond); \
      fprintf(stderr, __VA_ARGS__);                                       \
      fputc('\n', stderr);                                                \
    }                                                                     \
  } while (0)

static inline int check_failures(const char *name) {
  if (check_failed_count)
    fprintf(stderr, "%s: %d check(s) failed\n", name, check_failed_count);
  else
    printf("%s: all checks passed\n", name);
  return check_failed_count ? 1 : 0;
}

/* A buffer of capacity `cap` followed by GUARD_LEN bytes that must stay GUARD_BYTE. */
#define GUARD_LEN 64
#define GUARD_BYTE 0xa5

static inline void guard_set(uint8_t *buf, size_t cap) { memset(buf + cap, GUARD_BYTE, GUARD_LEN); }

static inline int guard_intact(const uint8_t *buf, size_t cap) {
  for (size_t i = 0; i < GUARD_LEN; i++)
    if (buf[cap + i] != GUARD_BYTE) return 0;
  return 1;
}

#endif
