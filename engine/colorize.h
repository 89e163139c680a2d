/* Colorization (REDQUEEN): randomize as many bytes of an input as possible
 * while its edge path stays the same, so that comparing the compare operands
 * of the input's run and of the colorized twin's run tells which operands
 * come from which input bytes (i2s_transforms.h). Ranges are randomized whole
 * first and split in halves when the path changes, for at most `budget` runs.
 * Bytes are replaced within their class (a digit by another digit, a hex
 * letter by a hex letter, other letters by letters of the same case), so text
 * numbers stay numbers; other bytes take any different value. */
#ifndef FF_ENGINE_COLORIZE_H
#define FF_ENGINE_COLORIZE_H

#include <stddef.h>
#include <stdint.h>

#include "rng.h"

/* Runs data[0, size) and returns the hash of its edge path. */
typedef uint64_t (*ff_path_fn)(void *ctx, uint8_t *data, size_t size);

/* color (size bytes) starts as a copy of the input whose path hash is want;
 * on return it holds the colorized twin (same path). Returns the runs made. */
size_t ff_colorize(uint8_t *color, size_t size, uint64_t want, size_t budget, ff_rng *rng,
                   ff_path_fn run, void *ctx);
/* Replaces each byte of p[0, n) by a different one of its class. */
void ff_colorize_bytes(uint8_t *p, size_t n, ff_rng *rng);

#endif
