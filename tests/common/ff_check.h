/* The assertion helpers of the C test programs (on the include path of every
 * ff_add_test and ff_add_property_test program):
 *   CHECK(cond)             a failed check prints file:line and the condition
 *                           and is counted; the test goes on;
 *   CHECK_MSG(cond, fmt, ...)  the same with a printf-style message;
 *   REQUIRE(cond, fmt, ...)    the same, but the program exits 1 at once
 *                           (for checks later steps depend on);
 *   return check_summary("name");  at the end of main: prints the verdict and
 *                           returns the exit status (0 when nothing failed). */
#ifndef FF_TESTS_COMMON_CHECK_H
#define FF_TESTS_COMMON_CHECK_H

#include <stdio.h>
#include <stdlib.h>

static int check_failures __attribute__((unused));

#define FF_CHECK_REPORT_(cond)                                                 \
  fprintf(stderr, "%s:%d: check failed: %s", __FILE__, __LINE__, #cond)

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      FF_CHECK_REPORT_(cond);                                                  \
      fputc('\n', stderr);                                                     \
      check_failures++;                                                        \
    }                                                                          \
  } while (0)

#define FF_CHECK_MESSAGE_(cond, ...)                                           \
  do {                                                                         \
    FF_CHECK_REPORT_(cond);                                                    \
    fputs(": ", stderr);                                                       \
    fprintf(stderr, __VA_ARGS__);                                              \
    fputc('\n', stderr);                                                       \
  } while (0)

#define CHECK_MSG(cond, ...)                                                   \
  do {                                                                         \
    if (!(cond)) {                                                             \
      FF_CHECK_MESSAGE_(cond, __VA_ARGS__);                                    \
      check_failures++;                                                        \
    }                                                                          \
  } while (0)

#define REQUIRE(cond, ...)                                                     \
  do {                                                                         \
    if (!(cond)) {                                                             \
      FF_CHECK_MESSAGE_(cond, __VA_ARGS__);                                    \
      exit(1);                                                                 \
    }                                                                          \
  } while (0)

/* Prints "<what>: N check(s) failed" to stderr or "<what>: all checks passed"
 * to stdout; returns the exit status. */
static inline int check_summary(const char *what) {
  if (check_failures) {
    fprintf(stderr, "%s: %d check(s) failed\n", what, check_failures);
    return 1;
  }
  printf("%s: all checks passed\n", what);
  return 0;
}

#endif
