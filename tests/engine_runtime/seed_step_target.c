/* Harness for seed_step.sh. With SEED_STEP_LEAK=1 in the environment every
 * non-empty input leaks one 16-byte block (the empty input, which the engine
 * runs first, does not: the newline seed after it is the one tested); without it, inputs not starting with 'A' are
 * rejected (the harness returns -1), the empty corpus's newline seed too. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void *volatile sink;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static int leak = -1;
  if (leak < 0) leak = getenv("SEED_STEP_LEAK") != NULL;
  if (leak && size > 0) {
    char *lost = malloc(16);
    if (lost) memcpy(lost, data, size < 16 ? size : 16);
    sink = lost;
    sink = NULL; /* the only pointer is dropped: a leak */
    return 0;
  }
  return size > 0 && data[0] == 'A' ? 0 : -1;
}
