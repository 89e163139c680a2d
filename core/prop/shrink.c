/* The byte-buffer shrinker (see shrink.h): passes that truncate, delete chunks,
 * zero chunks, lower big-endian integers by binary search and sort adjacent
 * bytes, repeated until a whole round finds nothing smaller. */
#include "shrink.h"

#include <stdlib.h>
#include <string.h>

typedef struct shrinker {
  ff_shrink_job *job;
  uint8_t *best;
  size_t len;
  uint8_t *cand;  /* candidate under construction */
  uint8_t *canon; /* its canonical form */
  bool improved;
} shrinker;

int ff_shortlex_cmp(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen) {
  if (alen != blen) return alen < blen ? -1 : 1;
  return alen ? memcmp(a, b, alen) : 0;
}

static bool budget_left(const shrinker *s) { return s->job->runs < s->job->max_runs; }

static bool run_fails(shrinker *s, const uint8_t *buf, size_t n, size_t *consumed) {
  s->job->runs++;
  *consumed = n;
  return s->job->fails(s->job->ctx, buf, n, consumed);
}

/* Tries s->cand[0..n): keeps it, or its canonical form when that fails too,
 * if it fails and is smaller than the best so far. */
static bool try_candidate(shrinker *s, size_t n) {
  if (ff_shortlex_cmp(s->cand, n, s->best, s->len) >= 0 || !budget_left(s)) return false;
  size_t consumed;
  if (!run_fails(s, s->cand, n, &consumed)) return false;
  const uint8_t *winner = s->cand;
  size_t wlen = n;
  if (consumed != n && consumed <= s->job->cap && budget_left(s)) {
    size_t keep = consumed < n ? consumed : n;
    memcpy(s->canon, s->cand, keep);
    memset(s->canon + keep, 0, consumed - keep);
    size_t again;
    if (run_fails(s, s->canon, consumed, &again)) {
      winner = s->canon;
      wlen = consumed;
    }
  }
  if (ff_shortlex_cmp(winner, wlen, s->best, s->len) >= 0) return false;
  memcpy(s->best, winner, wlen);
  s->len = wlen;
  s->improved = true;
  if (s->job->better) s->job->better(s->job->ctx, s->best, s->len);
  return true;
}

static void pass_truncate(shrinker *s) {
  for (size_t chunk = s->len; chunk >= 1; chunk /= 2) {
    while (chunk <= s->len && budget_left(s)) {
      size_t n = s->len - chunk;
      memcpy(s->cand, s->best, n);
      if (!try_candidate(s, n)) break;
    }
  }
}

static void pass_delete(shrinker *s) {
  for (size_t chunk = s->len / 2 ? s->len / 2 : 1; chunk >= 1 && budget_left(s); chunk /= 2) {
    size_t i = s->len >= chunk ? s->len - chunk + 1 : 0;
    while (i-- > 0 && budget_left(s)) {
      if (i + chunk > s->len) continue;
      memcpy(s->cand, s->best, i);
      memcpy(s->cand + i, s->best + i + chunk, s->len - i - chunk);
      if (try_candidate(s, s->len - chunk)) i++; /* the same spot may shrink again */
    }
  }
}

static bool all_zero(const uint8_t *p, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (p[i]) return false;
  return true;
}

static void pass_zero(shrinker *s) {
  for (size_t chunk = s->len; chunk >= 1 && budget_left(s); chunk /= 2) {
    for (size_t i = 0; i + chunk <= s->len && budget_left(s); i += chunk) {
      if (all_zero(s->best + i, chunk)) continue;
      memcpy(s->cand, s->best, s->len);
      memset(s->cand + i, 0, chunk);
      try_candidate(s, s->len);
    }
  }
}

static uint64_t read_be(const uint8_t *p, unsigned w) {
  uint64_t v = 0;
  for (unsigned i = 0; i < w; i++) v = (v << 8) | p[i];
  return v;
}

static void write_be(uint8_t *p, unsigned w, uint64_t v) {
  for (unsigned i = w; i-- > 0; v >>= 8) p[i] = (uint8_t)v;
}

/* Binary search for the smallest value of the w-byte big-endian integer at
 * offset i that still fails (assuming failure is monotone in it). */
static void lower_integer(shrinker *s, size_t i, unsigned w) {
  uint64_t lo = 0, hi = read_be(s->best + i, w);
  while (lo < hi && budget_left(s) && i + w <= s->len) {
    uint64_t mid = lo + (hi - lo) / 2;
    memcpy(s->cand, s->best, s->len);
    write_be(s->cand + i, w, mid);
    size_t before = s->len;
    if (try_candidate(s, s->len) && s->len == before && read_be(s->best + i, w) == mid)
      hi = mid;
    else if (s->len != before)
      return; /* the buffer changed shape: the next round starts over */
    else
      lo = mid + 1;
  }
}

static void pass_lower(shrinker *s) {
  static const unsigned widths[] = {8, 4, 2, 1};
  for (size_t k = 0; k < sizeof widths / sizeof widths[0]; k++) {
    unsigned w = widths[k];
    for (size_t i = 0; i + w <= s->len && budget_left(s); i++) {
      if (s->best[i] == 0) continue; /* a leading zero: the narrower window does it */
      if (w > 1 && read_be(s->best + i, w) < 256) continue;
      lower_integer(s, i, w);
    }
  }
}

static void pass_sort(shrinker *s) {
  for (size_t i = 0; i + 1 < s->len && budget_left(s); i++) {
    if (s->best[i] <= s->best[i + 1]) continue;
    memcpy(s->cand, s->best, s->len);
    s->cand[i] = s->best[i + 1];
    s->cand[i + 1] = s->best[i];
    try_candidate(s, s->len);
  }
}

size_t ff_shrink(ff_shrink_job *job, uint8_t *best, size_t len) {
  shrinker s = {.job = job, .best = best, .len = len};
  s.cand = malloc(job->cap ? job->cap : 1);
  s.canon = malloc(job->cap ? job->cap : 1);
  if (!s.cand || !s.canon) {
    free(s.cand);
    free(s.canon);
    return (size_t)-1;
  }
  /* Start from the canonical form of the original when it fails too, so that
   * every later comparison is between canonical forms. */
  size_t consumed;
  if (budget_left(&s) && run_fails(&s, best, len, &consumed) && consumed != len &&
      consumed <= job->cap) {
    size_t keep = consumed < len ? consumed : len;
    memcpy(s.canon, best, keep);
    memset(s.canon + keep, 0, consumed - keep);
    size_t again;
    if (budget_left(&s) && run_fails(&s, s.canon, consumed, &again)) {
      memcpy(best, s.canon, consumed);
      s.len = consumed;
      if (job->better) job->better(job->ctx, best, s.len);
    }
  }
  do {
    s.improved = false;
    pass_truncate(&s);
    pass_delete(&s);
    pass_zero(&s);
    pass_lower(&s);
    pass_sort(&s);
  } while (s.improved && budget_left(&s));
  free(s.cand);
  free(s.canon);
  return s.len;
}
