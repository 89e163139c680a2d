/* The net unit tests' check macro: a failed check prints where and what, and
 * counts; each test program ends with check_summary(). */
#ifndef NET_TEST_CHECK_H
#define NET_TEST_CHECK_H

#include <stdio.h>

static int check_failures;
#define CHECK(cond)                                                                \
  do {                                                                             \
    if (!(cond)) {                                                                 \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);     \
      check_failures++;                                                            \
    }                                                                              \
  } while (0)

/* Prints the verdict; returns the exit status. */
static inline int check_summary(const char *what) {
  if (check_failures) fprintf(stderr, "%s: %d checks failed\n", what, check_failures);
  else printf("%s: all checks passed\n", what);
  return check_failures != 0;
}

#endif
