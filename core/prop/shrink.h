/* Internal: the byte-buffer shrinker behind property tests. Given a failing
 * buffer and a test "does this candidate fail the same way?", it searches for
 * a smaller failing buffer until no pass improves it or the run budget is spent.
 *
 * Order: shortlex over canonical forms. A failing candidate's canonical form is
 * the bytes its run consumed (cut after the last byte read, zeros added where
 * the run read past the end); it replaces the candidate when it fails too. */
#ifndef FF_PROP_SHRINK_H
#define FF_PROP_SHRINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True when buf fails the same way; *consumed receives the bytes the run read
 * (set it to len when unknown). */
typedef bool (*ff_shrink_fails_fn)(void *ctx, const uint8_t *buf, size_t len, size_t *consumed);
/* Told about every new best buffer (e.g. to keep it where a crash cannot lose it). */
typedef void (*ff_shrink_better_fn)(void *ctx, const uint8_t *buf, size_t len);

typedef struct ff_shrink_job {
  ff_shrink_fails_fn fails;
  ff_shrink_better_fn better; /* may be NULL */
  void *ctx;
  size_t cap;         /* capacity of the best buffer and of candidates */
  unsigned max_runs;  /* budget of calls to fails() */
  unsigned runs;      /* calls made so far */
} ff_shrink_job;

/* best (capacity job->cap) holds len failing bytes; on return best[0..result) is the smallest failing buffer
 * found. Returns (size_t)-1 only when no memory for a candidate buffer. */
size_t ff_shrink(ff_shrink_job *job, uint8_t *best, size_t len);

/* Shortlex: shorter first, then bytewise. <0, 0, >0 like memcmp. */
int ff_shortlex_cmp(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen);

#endif
