/* Harness for leak_features.sh: an input starting with 'K' keeps one
 * allocation in a global list (more mallocs than frees, so the engine's leak
 * check re-runs it, but LeakSanitizer finds the block reachable: no leak).
 * Its edges are hit once or a few times per run, so a re-run whose hit
 * counts were added to the first run's would show them in other buckets,
 * i.e. as extra features. */
#include <stdint.h>
#include <stdlib.h>

struct kept {
  struct kept *next;
  size_t size;
};
static struct kept *kept_inputs;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 0 && data[0] == 'K') {
    struct kept *k = malloc(sizeof *k);
    if (!k) return 0;
    k->next = kept_inputs;
    k->size = size;
    kept_inputs = k;
  }
  int xs = 0;
  for (size_t i = 0; i < size; i++)
    if (data[i] == 'x') xs++;
  return xs > 1000 ? -1 : 0;
}
