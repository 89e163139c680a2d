/* Test-case minimization keeping the crash signature: delta debugging over
 * the bytes (remove chunks of halving size until nothing more can go), then
 * simplify the remaining bytes to zero. Every attempt runs the target in a
 * child process with a time limit (triage_repro.h). Deterministic. */
#ifndef FF_TOOLS_TRIAGE_TMIN_H
#define FF_TOOLS_TRIAGE_TMIN_H

#include <stddef.h>
#include <stdint.h>

#include "triage_repro.h"

typedef struct triage_tmin_stats {
  long attempts;  /* target runs */
  size_t from, to; /* sizes */
} triage_tmin_stats;

/* Shrinks data (ownership stays with the caller) while the target still
 * crashes with exactly signature. *out (malloc'd) receives the smallest input
 * found (at worst a copy of data). budget: max target runs. Returns 0, or -1
 * when the target cannot be run or no temp file can be written (err says). */
int triage_minimize(const triage_target *t, const uint8_t *data, size_t len, const char *signature,
                    long budget, uint8_t **out, size_t *out_len, triage_tmin_stats *stats,
                    char *err, size_t err_cap);

#endif
