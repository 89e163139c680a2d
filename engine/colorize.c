/* Colorization: range bisection under a path-hash check (see colorize.h). */
#include "colorize.h"

#include <stdlib.h>
#include <string.h>

#define RANGE_STACK 512

typedef struct range {
  uint32_t start, len;
} range;

static uint8_t other_in(uint8_t c, uint8_t lo, uint8_t n, ff_rng *rng) {
  return (uint8_t)(lo + (c - lo + 1 + ff_rng_below(rng, n - 1)) % n);
}

void ff_colorize_bytes(uint8_t *p, size_t n, ff_rng *rng) {
  for (size_t i = 0; i < n; i++) {
    uint8_t c = p[i];
    if (c >= '0' && c <= '9')
      p[i] = other_in(c, '0', 10, rng);
    else if (c >= 'a' && c <= 'f')
      p[i] = other_in(c, 'a', 6, rng);
    else if (c >= 'A' && c <= 'F')
      p[i] = other_in(c, 'A', 6, rng);
    else if (c >= 'g' && c <= 'z')
      p[i] = other_in(c, 'g', 20, rng);
    else if (c >= 'G' && c <= 'Z')
      p[i] = other_in(c, 'G', 20, rng);
    else
      p[i] = (uint8_t)(c ^ (1 + ff_rng_below(rng, 255)));
  }
}

size_t ff_colorize(uint8_t *color, size_t size, uint64_t want, size_t budget, ff_rng *rng,
                   ff_path_fn run, void *ctx) {
  if (size == 0 || budget == 0) return 0;
  range stack[RANGE_STACK];
  size_t top = 0, runs = 0;
  uint8_t *saved = malloc(size);
  if (!saved) return 0;
  stack[top++] = (range){0, (uint32_t)size};
  while (top > 0 && runs < budget) {
    range r = stack[--top];
    memcpy(saved, color + r.start, r.len);
    ff_colorize_bytes(color + r.start, r.len, rng);
    runs++;
    if (run(ctx, color, size) == want) continue;
    memcpy(color + r.start, saved, r.len);
    if (r.len < 2 || top + 2 > RANGE_STACK) continue;
    uint32_t half = r.len / 2;
    /* the first half is popped first */
    stack[top++] = (range){r.start + half, r.len - half};
    stack[top++] = (range){r.start, half};
  }
  free(saved);
  return runs;
}
