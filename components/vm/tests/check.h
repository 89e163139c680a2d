/* Minimal checking for the vm unit tests: CHECK counts failures and names the line. */
#ifndef VM_TESTS_CHECK_H
#define VM_TESTS_CHECK_H
#include <stdio.h>

static int failures;
#define CHECK(cond)                                                                \
  do {                                                                             \
    if (!(cond)) {                                                                 \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);     \
      failures++;                                                                  \
    }                                                                              \
  } while (0)
#define CHECK_DONE() (failures ? (fprintf(stderr, "%d check(s) failed\n", failures), 1) : 0)
#endif
