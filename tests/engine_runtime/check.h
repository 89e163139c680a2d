/* A tiny assertion helper for the engine runtime's unit tests: CHECK prints
 * the failed condition with its line and counts failures; tests return
 * check_failures != 0. */
#ifndef FF_TESTS_ENGINE_RUNTIME_CHECK_H
#define FF_TESTS_ENGINE_RUNTIME_CHECK_H

#include <stdio.h>

static int check_failures;

#define CHECK(cond)                                                         \
  do {                                                                      \
    if (!(cond)) {                                                          \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      check_failures++;                                                     \
    }                                                                       \
  } while (0)

#endif
