/* Test harness: a custom mutator's own coverage is not the target's. The
 * mutator takes one of 16 branches by its seed and hands the input back
 * unchanged, and the target has no branch, so every input reaches the same. An
 * engine that counted the edges of the (instrumented) mutator as if the
 * target had reached them would keep mutants that replay to nothing new:
 * a corpus that loses its coverage when it is loaded again. */
#include <stdint.h>
#include <stddef.h>

static volatile unsigned sink;

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed) {
  (void)data;
  (void)max_size;
  switch (seed % 16) {
    case 0: sink = 11; break;
    case 1: sink = 23; break;
    case 2: sink = 37; break;
    case 3: sink = 41; break;
    case 4: sink = 53; break;
    case 5: sink = 67; break;
    case 6: sink = 71; break;
    case 7: sink = 83; break;
    case 8: sink = 97; break;
    case 9: sink = 101; break;
    case 10: sink = 113; break;
    case 11: sink = 127; break;
    case 12: sink = 131; break;
    case 13: sink = 149; break;
    case 14: sink = 151; break;
    default: sink = 163; break;
  }
  return size;
}

/* no branch: every input reaches the same single edge */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  (void)data;
  sink = (unsigned)size;
  return 0;
}
