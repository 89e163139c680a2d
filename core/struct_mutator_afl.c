/* AFL++ custom-mutator state behind FF_AFL_MUTATOR (struct_mutator.h): an output
 * buffer AFL++ reads from, and a seeded stream for each call's choices. */
#include <stdlib.h>
#include <string.h>

#include "formfuzz/struct_mutator.h"

struct ff_afl_mutator {
  const ff_struct_mutator *m;
  uint64_t rng;
  uint8_t *buf;
  size_t cap;
};

ff_afl_mutator *ff_afl_mutator_new(const ff_struct_mutator *m, unsigned seed) {
  ff_afl_mutator *s = calloc(1, sizeof *s);
  if (!s) return NULL;
  s->m = m;
  s->rng = seed;
  return s;
}

static unsigned next_seed(ff_afl_mutator *s) {
  s->rng = s->rng * 6364136223846793005ULL + 1442695040888963407ULL;
  return (unsigned)(s->rng >> 33);
}

size_t ff_afl_mutator_fuzz(ff_afl_mutator *s, const uint8_t *buf, size_t buf_size, uint8_t **out_buf,
                           const uint8_t *add_buf, size_t add_buf_size, size_t max_size) {
  size_t need = max_size > buf_size ? max_size : buf_size;
  if (need > s->cap) {
    uint8_t *grown = realloc(s->buf, need ? need : 1);
    if (!grown) {
      *out_buf = (uint8_t *)buf; /* no memory: hand the input back unchanged */
      return buf_size;
    }
    s->buf = grown;
    s->cap = need;
  }
  unsigned seed = next_seed(s);
  size_t n;
  if (add_buf && add_buf_size && seed % 8 == 0) {
    n = ff_struct_crossover(s->m, buf, buf_size, add_buf, add_buf_size, s->buf, max_size, seed);
  } else {
    size_t keep = buf_size < max_size ? buf_size : max_size;
    memcpy(s->buf, buf, keep);
    n = ff_struct_mutate(s->m, s->buf, keep, max_size, seed, NULL);
  }
  *out_buf = s->buf;
  return n;
}

void ff_afl_mutator_free(ff_afl_mutator *s) {
  if (!s) return;
  free(s->buf);
  free(s);
}
