/* What kind of failure a fuzzer's output shows: reads a sanitizer, engine or
 * oracle report ("ERROR: AddressSanitizer: heap-use-after-free", "==formfuzz==
 * INVARIANT id", "ERROR: libFuzzer: timeout", LeakSanitizer, UBSan). */
#ifndef FF_TOOLS_FAILURE_KIND_H
#define FF_TOOLS_FAILURE_KIND_H

#include <stdbool.h>

typedef struct ff_failure {
  char tool[32]; /* AddressSanitizer, LeakSanitizer, UndefinedBehaviorSanitizer, formfuzz, libFuzzer */
  char kind[96]; /* heap-buffer-overflow, leak, timeout, invariant <id>, deadly-signal, ... */
} ff_failure;

/* true and *f when output holds a failure report (the first one wins). */
bool ff_failure_classify(const char *output, ff_failure *f);

#endif
