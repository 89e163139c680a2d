/* The arithmetic solver stage (see arith_solver.h): probing the entry's bytes,
 * grouping them into fields, and the bounded search for field values that
 * make an unsolved compare come out equal. Arithmetic is modulo 2^bits, bits
 * being the compare's width, as the target computes it. */
#include "arith_solver.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "arith_trace.h"
#include "engine.h"
#include "globals.h"
#include "rng.h"

#define FF_ARITH_PROBE_BYTES 32 /* bytes probed per entry (one run each) */
#define FF_ARITH_TRACKED 16     /* compares followed: the unsolved, then satisfied ones */
#define FF_ARITH_UNSOLVED 8
#define FF_ARITH_OCCURRENCES 4  /* of one site in one run */
#define FF_ARITH_CANDIDATES 12  /* candidate runs per unsolved compare */
#define FF_ARITH_SHARE 4        /* the stage takes at most 1/FF_ARITH_SHARE of all runs */
#define FF_ARITH_DIVISOR_TRIES 65536u
#define SITE_SLOTS 8192u
#define FF_ARITH_ASSIGN 6 /* fields one candidate sets */
#define FF_ARITH_TURNS 4  /* stage runs per entry at first, one more per doubling of the runs */
#define FF_ARITH_TURN_RUNS 65536 /* past 65536 runs */

ff_arith_trace ff_arith_log;
bool ff_arith_capture;

typedef struct tracked {
  uint32_t site, occurrence, width;
  uint64_t v;       /* a - b in the entry's run */
  bool equal;
  uint32_t unknown; /* bit o: changing byte o lost this compare (the path changed) */
  uint64_t coef[FF_ARITH_PROBE_BYTES]; /* change of v per +1 of byte o */
} tracked;

typedef struct field {
  uint32_t off, width; /* bytes */
  bool big_endian;
  uint64_t x;          /* its value in the entry */
  uint64_t coef[FF_ARITH_TRACKED];
} field;

typedef struct assignment {
  uint32_t field;
  uint64_t value;
} assignment;

struct ff_arith {
  ff_rng rng;
  uint32_t site_equal[SITE_SLOTS]; /* site + 1 of compares seen equal; 0: free slot */
  uint8_t *turns;                  /* per corpus id: stage runs it had */
  size_t turns_cap;
  ff_arith_stats st;
  tracked t[FF_ARITH_TRACKED];
  size_t nt;
  field f[FF_ARITH_PROBE_BYTES];
  size_t nf;
  const uint8_t *base;
  size_t size;
  uint8_t *buf;
  size_t buf_cap;
  int budget;  /* candidate runs left for the compare being solved */
  bool stop;   /* the fuzzing limits are reached */
  struct ff_engine *e;
  ff_arith_run_fn run;
};

static uint64_t mask_of(uint32_t width) { return width >= 8 ? UINT64_MAX : (1ull << (8 * width)) - 1; }

static uint64_t inverse_odd(uint64_t x) { /* x * y == 1 modulo 2^64, Newton's iteration */
  uint64_t y = x;
  for (int i = 0; i < 5; i++) y *= 2 - x * y;
  return y;
}

static bool site_is_equal(const ff_arith *a, uint32_t site) {
  for (uint32_t i = (site * 2654435761u) % SITE_SLOTS;; i = (i + 1) % SITE_SLOTS) {
    if (a->site_equal[i] == 0) return false;
    if (a->site_equal[i] == site + 1) return true;
  }
}

static void site_mark_equal(ff_arith *a, uint32_t site) {
  uint32_t i = (site * 2654435761u) % SITE_SLOTS;
  for (uint32_t n = 0; n < SITE_SLOTS / 2; n++, i = (i + 1) % SITE_SLOTS) {
    if (a->site_equal[i] == site + 1) return;
    if (a->site_equal[i] == 0) {
      a->site_equal[i] = site + 1;
      return;
    }
  } /* half full: sites beyond stay "unsolved", which costs runs, never correctness */
}

ff_arith *ff_arith_new(uint64_t seed) {
  ff_arith *a = calloc(1, sizeof *a);
  if (a) ff_rng_seed(&a->rng, seed ^ 0xa217a217ull);
  return a;
}

void ff_arith_free(ff_arith *a) {
  if (!a) return;
  free(a->turns);
  free(a->buf);
  free(a);
}

ff_arith_stats ff_arith_get_stats(const ff_arith *a) { return a->st; }

/* Counts a turn of entry id; false when it had all its turns so far (or no
 * memory): FF_ARITH_TURNS, plus one per doubling of the runs past
 * FF_ARITH_TURN_RUNS, so a relation left unsolved is tried again, ever more rarely. */
static bool take_turn(ff_arith *a, uint32_t id, uint64_t total_execs) {
  uint64_t allowed = FF_ARITH_TURNS, runs = total_execs / FF_ARITH_TURN_RUNS;
  while (runs) {
    allowed++;
    runs >>= 1;
  }
  if (allowed > UINT8_MAX) allowed = UINT8_MAX;
  if (id >= a->turns_cap) {
    size_t n = ((size_t)id + 1) * 2;
    uint8_t *t = realloc(a->turns, n);
    if (!t) return false;
    memset(t + a->turns_cap, 0, n - a->turns_cap);
    a->turns = t;
    a->turns_cap = n;
  }
  if (a->turns[id] >= allowed) return false;
  a->turns[id]++;
  return true;
}

/* One run of data with the trace on; false when the limits are reached. */
static bool traced_run(ff_arith *a, const uint8_t *data, size_t size) {
  ff_arith_log.n = 0;
  ff_arith_capture = true;
  int outcome = a->run(a->e, data, size);
  ff_arith_capture = false;
  if (outcome < 0) {
    a->stop = true;
    return false;
  }
  a->st.runs++;
  if (outcome != FF_RUN_NOTHING) a->st.finds++;
  return true;
}

/* The occurrence-th compare of site in the last trace, or NULL. */
static const ff_arith_cmp *find(uint32_t site, uint32_t occurrence) {
  for (uint32_t i = 0; i < ff_arith_log.n; i++)
    if (ff_arith_log.c[i].site == site && occurrence-- == 0) return &ff_arith_log.c[i];
  return NULL;
}

/* Picks the compares to follow from the entry's trace: the unsolved ones (never
 * seen equal at their site), then the satisfied ones. Returns the unsolved count. */
static size_t pick_tracked(ff_arith *a) {
  for (uint32_t i = 0; i < ff_arith_log.n; i++)
    if (ff_arith_log.c[i].a == ff_arith_log.c[i].b) site_mark_equal(a, ff_arith_log.c[i].site);
  a->nt = 0;
  size_t unsolved = 0;
  for (int pass = 0; pass < 2; pass++) {
    for (uint32_t i = 0; i < ff_arith_log.n && a->nt < FF_ARITH_TRACKED; i++) {
      const ff_arith_cmp *c = &ff_arith_log.c[i];
      bool equal = c->a == c->b;
      if (pass == 0 && (equal || site_is_equal(a, c->site) || unsolved == FF_ARITH_UNSOLVED))
        continue;
      if (pass == 1 && !equal) continue;
      uint32_t occurrence = 0;
      for (uint32_t k = 0; k < i; k++) occurrence += ff_arith_log.c[k].site == c->site;
      if (occurrence >= FF_ARITH_OCCURRENCES) continue;
      tracked *t = &a->t[a->nt++];
      memset(t, 0, sizeof *t);
      t->site = c->site;
      t->occurrence = occurrence;
      t->width = c->width;
      t->v = (c->a - c->b) & mask_of(c->width);
      t->equal = equal;
      if (!equal) unsolved++;
    }
  }
  return unsolved;
}

/* Runs the entry with byte o changed by one; records each compare's coefficient. */
static bool probe(ff_arith *a, size_t o) {
  memcpy(a->buf, a->base, a->size);
  bool up = a->buf[o] < 255;
  a->buf[o] = (uint8_t)(up ? a->buf[o] + 1 : a->buf[o] - 1);
  if (!traced_run(a, a->buf, a->size)) return false;
  for (size_t i = 0; i < a->nt; i++) {
    tracked *t = &a->t[i];
    const ff_arith_cmp *c = find(t->site, t->occurrence);
    if (!c || c->width != t->width) {
      t->unknown |= 1u << o;
      continue;
    }
    uint64_t m = mask_of(t->width), dv = ((c->a - c->b) - t->v) & m;
    t->coef[o] = up ? dv : (0 - dv) & m;
  }
  return true;
}

static uint64_t load(const uint8_t *p, uint32_t width, bool big_endian) {
  uint64_t v = 0;
  for (uint32_t k = 0; k < width; k++) v |= (uint64_t)p[big_endian ? width - 1 - k : k] << (8 * k);
  return v;
}

static void store(uint8_t *p, uint32_t width, bool big_endian, uint64_t v) {
  for (uint32_t k = 0; k < width; k++) p[big_endian ? width - 1 - k : k] = (uint8_t)(v >> (8 * k));
}

/* Whether bytes o .. o + width - 1 behave as one integer field: for each
 * higher byte, some compare sees it with 256^k times the low byte's
 * coefficient and none sees it otherwise. Compares that lost their path when a
 * byte changed say nothing (unsolved ones: compensate() probes them later). */
static bool is_field(const ff_arith *a, size_t o, uint32_t width, bool big_endian) {
  size_t low = big_endian ? o + width - 1 : o;
  for (uint32_t k = 1; k < width; k++) {
    size_t byte = big_endian ? low - k : low + k;
    bool evidence = false;
    for (size_t i = 0; i < a->nt; i++) {
      const tracked *t = &a->t[i];
      bool lost_low = (t->unknown >> low) & 1, lost = (t->unknown >> byte) & 1;
      if (lost_low != lost) return false;
      if (lost) continue;
      uint64_t expected = (t->coef[low] << (8 * k)) & mask_of(t->width);
      if (t->coef[byte] != expected) return false;
      evidence |= expected != 0;
    }
    if (!evidence) return false;
  }
  return true;
}

static void find_fields(ff_arith *a, size_t probed) {
  static const uint32_t widths[] = {8, 4, 2};
  a->nf = 0;
  for (size_t o = 0; o < probed;) {
    bool relevant = false, control = false;
    for (size_t i = 0; i < a->nt; i++) {
      relevant |= a->t[i].coef[o] != 0;
      /* a byte that changes the path before a satisfied compare is control */
      control |= a->t[i].equal && ((a->t[i].unknown >> o) & 1);
    }
    if (!relevant || control) {
      o++;
      continue;
    }
    uint32_t width = 1;
    bool big = false;
    for (size_t w = 0; w < 3 && width == 1; w++) {
      if (o + widths[w] > probed) continue;
      if (is_field(a, o, widths[w], false)) {
        width = widths[w];
      } else if (is_field(a, o, widths[w], true)) {
        width = widths[w];
        big = true;
      }
    }
    field *f = &a->f[a->nf++];
    f->off = (uint32_t)o;
    f->width = width;
    f->big_endian = big;
    f->x = load(a->base + o, width, big);
    for (size_t i = 0; i < a->nt; i++) f->coef[i] = a->t[i].coef[big ? o + width - 1 : o];
    o += width;
  }
}

/* c * d == r modulo 2^bits: one solution (a random one of the 2^t when c has
 * t factors of two), or false when there is none. */
static bool solve_one(ff_arith *a, uint64_t c, uint64_t r, uint32_t width, uint64_t *d) {
  uint64_t m = mask_of(width);
  c &= m;
  r &= m;
  if (c == 0) return false;
  int t = __builtin_ctzll(c);
  if (r & ((1ull << t) - 1)) return false;
  uint64_t low = m >> t;
  *d = ((r >> t) * inverse_odd(c >> t)) & low;
  if (t > 0) *d |= (ff_rng_next(&a->rng) << (8 * width - t)) & m;
  return true;
}

/* The value field f takes when its contribution changes by delta (modulo the
 * compare's width): false when no value of the field does that. */
static bool shifted_value(const field *f, uint64_t delta, uint32_t width, uint64_t *value) {
  uint64_t fm = mask_of(f->width), m = mask_of(width);
  delta &= m;
  if (f->width >= width) {
    *value = (f->x + delta) & fm;
    return true;
  }
  int64_t s = (delta >> (8 * width - 1)) & 1 ? (int64_t)(delta | ~m) : (int64_t)delta;
  int64_t v = (int64_t)f->x + s;
  if (v < 0 || (uint64_t)v > fm) return false;
  *value = (uint64_t)v;
  return true;
}

/* The change of tracked compare i's v when fields take the values of as. */
static uint64_t effect(const ff_arith *a, size_t i, const assignment *as, size_t n) {
  uint64_t d = 0;
  for (size_t k = 0; k < n; k++) d += a->f[as[k].field].coef[i] * (as[k].value - a->f[as[k].field].x);
  return d & mask_of(a->t[i].width);
}

static bool assigned(const assignment *as, size_t n, size_t h) {
  for (size_t k = 0; k < n; k++)
    if (as[k].field == h) return true;
  return false;
}

/* Field h (one that the aimed compare u does not depend on) takes up the
 * change off of satisfied compare i; false when it cannot. */
static bool absorb(ff_arith *a, size_t u, size_t i, size_t h, uint64_t off, assignment *as,
                   size_t *n) {
  uint64_t d, value;
  if (a->f[h].coef[u] != 0 || a->f[h].coef[i] == 0) return false;
  if (!solve_one(a, a->f[h].coef[i], 0 - off, a->t[i].width, &d)) return false;
  if (!shifted_value(&a->f[h], d, a->t[i].width, &value)) return false;
  as[(*n)++] = (assignment){(uint32_t)h, value};
  return true;
}

/* Re-balances the satisfied compares that as disturbs with one more field
 * each, or two (the first set to a random value) when no single one can take
 * the change within its range; false when a compare cannot be re-balanced. */
static bool rebalance(ff_arith *a, size_t u, assignment *as, size_t *n) {
  for (size_t i = 0; i < a->nt; i++) {
    if (!a->t[i].equal) continue;
    uint64_t off = effect(a, i, as, *n);
    if (off == 0) continue;
    bool fixed = false;
    for (size_t h = 0; h < a->nf && !fixed && *n < FF_ARITH_ASSIGN; h++)
      fixed = !assigned(as, *n, h) && absorb(a, u, i, h, off, as, n);
    for (size_t h = 0; h < a->nf && !fixed && *n + 1 < FF_ARITH_ASSIGN; h++) {
      if (assigned(as, *n, h) || a->f[h].coef[u] != 0 || a->f[h].coef[i] == 0) continue;
      for (size_t h2 = 0; h2 < a->nf && !fixed; h2++) {
        if (h2 == h || assigned(as, *n, h2)) continue;
        as[*n] = (assignment){(uint32_t)h, ff_rng_next(&a->rng) & mask_of(a->f[h].width)};
        (*n)++;
        fixed = absorb(a, u, i, h2, effect(a, i, as, *n), as, n);
        if (!fixed) (*n)--;
      }
    }
    if (!fixed) return false;
  }
  return true;
}

/* Runs the entry with the fields of as set; counts it solved when compare u's
 * v came out as target. */
static void try_candidate(ff_arith *a, size_t u, assignment *as, size_t n, uint64_t target) {
  if (a->budget <= 0 || a->stop) return;
  if (!rebalance(a, u, as, &n)) return;
  a->budget--;
  memcpy(a->buf, a->base, a->size);
  for (size_t k = 0; k < n; k++) {
    const field *f = &a->f[as[k].field];
    store(a->buf + f->off, f->width, f->big_endian, as[k].value);
  }
  if (!traced_run(a, a->buf, a->size)) return;
  const tracked *t = &a->t[u];
  const ff_arith_cmp *c = find(t->site, t->occurrence);
  if (c && ((c->a - c->b) & mask_of(t->width)) == target) a->st.solved++;
}

/* One field alone; returns how many candidates there were. */
static size_t single_fields(ff_arith *a, size_t u, uint64_t r, uint64_t target) {
  size_t start = (size_t)ff_rng_below(&a->rng, a->nf), tried = 0;
  uint32_t width = a->t[u].width;
  for (size_t k = 0; k < a->nf; k++) {
    size_t i = (start + k) % a->nf;
    uint64_t d, value;
    if (!solve_one(a, a->f[i].coef[u], r, width, &d)) continue;
    if (!shifted_value(&a->f[i], d, width, &value)) continue;
    assignment as[FF_ARITH_ASSIGN] = {{(uint32_t)i, value}};
    try_candidate(a, u, as, 1, target);
    tried++;
  }
  return tried;
}

/* When no field alone can take the change within its range, two: the first
 * set to its largest value, 0 or a random one, the second solved. */
static void spread_fields(ff_arith *a, size_t u, uint64_t r, uint64_t target) {
  size_t start = (size_t)ff_rng_below(&a->rng, a->nf);
  uint32_t width = a->t[u].width;
  for (size_t k = 0; k < a->nf; k++) {
    size_t i = (start + k) % a->nf;
    const field *f = &a->f[i];
    if (f->coef[u] == 0) continue;
    uint64_t fm = mask_of(f->width);
    uint64_t firsts[3] = {fm, 0, ff_rng_next(&a->rng) & fm};
    for (size_t j = 0; j < a->nf; j++) {
      for (size_t v = 0; v < 3 && j != i; v++) {
        uint64_t d, value, rest = r - f->coef[u] * (firsts[v] - f->x);
        if (!solve_one(a, a->f[j].coef[u], rest, width, &d)) continue;
        if (!shifted_value(&a->f[j], d, width, &value)) continue;
        assignment as[FF_ARITH_ASSIGN] = {{(uint32_t)i, firsts[v]}, {(uint32_t)j, value}};
        try_candidate(a, u, as, 2, target);
      }
    }
  }
}

/* Two fields whose product the compare holds: each one's coefficient is the
 * other's value (or its negative, for v = K - f * g). The product must become p. */
static void product_pair(ff_arith *a, size_t u, size_t i, size_t j, uint64_t p, uint64_t target) {
  const field *f = &a->f[i], *g = &a->f[j];
  uint64_t m = mask_of(a->t[u].width), fm = mask_of(f->width), gm = mask_of(g->width);
  /* factor pairs of p that fit both fields (no wrap-around) */
  uint64_t tries = 0, found = 0;
  for (uint64_t d = 1; d * d <= p && tries < FF_ARITH_DIVISOR_TRIES && found < 2; d++, tries++) {
    if (p % d) continue;
    uint64_t e = p / d;
    if (d <= fm && e <= gm && ff_rng_below(&a->rng, 2)) {
      assignment as[FF_ARITH_ASSIGN] = {{(uint32_t)i, d}, {(uint32_t)j, e}};
      try_candidate(a, u, as, 2, target);
      found++;
    } else if (e <= fm && d <= gm) {
      assignment as[FF_ARITH_ASSIGN] = {{(uint32_t)i, e}, {(uint32_t)j, d}};
      try_candidate(a, u, as, 2, target);
      found++;
    }
  }
  /* or with wrap-around: one factor made odd, the other its inverse times p */
  for (uint64_t step = 0; step < 3; step++) {
    uint64_t x = ((f->x | 1) + 2 * step) & fm;
    if (!(x & 1)) continue;
    uint64_t y = (p * inverse_odd(x)) & m;
    if (y > gm) continue;
    assignment as[FF_ARITH_ASSIGN] = {{(uint32_t)i, x}, {(uint32_t)j, y}};
    try_candidate(a, u, as, 2, target);
  }
}

static void product_pairs(ff_arith *a, size_t u, uint64_t r, uint64_t target) {
  uint64_t m = mask_of(a->t[u].width);
  for (size_t i = 0; i < a->nf; i++) {
    for (size_t j = 0; j < a->nf; j++) {
      const field *f = &a->f[i], *g = &a->f[j];
      /* g's coefficient is 0 when f is 0 */
      if (i == j || f->coef[u] == 0) continue;
      /* v = +-(f * g) + the rest: the product must change by +-r */
      for (int sign = 1; sign >= -1; sign -= 2) {
        uint64_t s = sign > 0 ? 1 : UINT64_MAX;
        if (f->coef[u] != ((s * g->x) & m) || g->coef[u] != ((s * f->x) & m)) continue;
        product_pair(a, u, i, j, (f->x * g->x + s * r) & m, target);
      }
    }
  }
}

/* Two fields, keeping one satisfied compare k equal: a 2x2 system. */
static void field_pairs(ff_arith *a, size_t u, uint64_t r, uint64_t target) {
  for (size_t k = 0; k < a->nt; k++) {
    if (!a->t[k].equal) continue;
    uint32_t width = a->t[u].width < a->t[k].width ? a->t[u].width : a->t[k].width;
    uint64_t m = mask_of(width);
    for (size_t i = 0; i < a->nf; i++) {
      for (size_t j = i + 1; j < a->nf; j++) {
        const field *f = &a->f[i], *g = &a->f[j];
        if (f->coef[k] == 0 && g->coef[k] == 0) continue;
        uint64_t det = (f->coef[u] * g->coef[k] - g->coef[u] * f->coef[k]) & m;
        if (!(det & 1)) continue;
        uint64_t inv = inverse_odd(det);
        uint64_t df = r * g->coef[k] * inv, dg = (0 - r) * f->coef[k] * inv, x, y;
        if (!shifted_value(f, df, width, &x) || !shifted_value(g, dg, width, &y)) continue;
        assignment as[FF_ARITH_ASSIGN] = {{(uint32_t)i, x}, {(uint32_t)j, y}};
        try_candidate(a, u, as, 2, target);
      }
    }
  }
}

/* Fields whose change lost compare u because it broke a satisfied compare k on
 * the way: probed again with a second field p moved so that k stays equal.
 * The change of u, less p's share when p's coefficient is known by then, is
 * the field's coefficient; while it is not known, u is assumed not to depend
 * on p (p is the last field that can balance k, so it is measured last, with
 * the others known). */
static void compensate(ff_arith *a, size_t u) {
  tracked *t = &a->t[u];
  for (size_t i = 0; i < a->nf && !a->stop; i++) {
    field *f = &a->f[i];
    uint32_t low = f->big_endian ? f->off + f->width - 1 : f->off;
    if (!((t->unknown >> low) & 1)) continue;
    size_t k = 0;
    while (k < a->nt && !(a->t[k].equal && f->coef[k] != 0)) k++;
    if (k == a->nt) continue;
    bool up = f->x < mask_of(f->width);
    uint64_t step = up ? 1 : UINT64_MAX, moved = f->x + step;
    for (size_t j = a->nf; j-- > 0;) {
      field *p = &a->f[j];
      uint64_t d, value;
      if (j == i || !(p->coef[k] & 1)) continue;
      if (!solve_one(a, p->coef[k], 0 - f->coef[k] * step, a->t[k].width, &d)) continue;
      if (!shifted_value(p, d, a->t[k].width, &value)) continue;
      memcpy(a->buf, a->base, a->size);
      store(a->buf + f->off, f->width, f->big_endian, moved);
      store(a->buf + p->off, p->width, p->big_endian, value);
      if (!traced_run(a, a->buf, a->size)) return;
      const ff_arith_cmp *c = find(t->site, t->occurrence);
      if (c) {
        uint64_t m = mask_of(t->width), dv = (c->a - c->b) - t->v;
        uint32_t p_low = p->big_endian ? p->off + p->width - 1 : p->off;
        if (!((t->unknown >> p_low) & 1)) dv -= p->coef[u] * (value - p->x);
        dv &= m;
        f->coef[u] = up ? dv : (0 - dv) & m;
        t->unknown &= ~(1u << low);
      }
      break;
    }
  }
}

static void solve(ff_arith *a, size_t u) {
  if (a->t[u].unknown) compensate(a, u);
  uint64_t m = mask_of(a->t[u].width);
  static const uint64_t aims[] = {0, 1, UINT64_MAX}; /* equal, then one apart either way */
  a->budget = FF_ARITH_CANDIDATES;
  for (size_t k = 0; k < 3 && a->budget > 0 && !a->stop; k++) {
    uint64_t target = aims[k] & m, r = (target - a->t[u].v) & m;
    size_t singles = single_fields(a, u, r, target);
    product_pairs(a, u, r, target);
    field_pairs(a, u, r, target);
    if (singles == 0) spread_fields(a, u, r, target);
  }
}

void ff_arith_stage(ff_arith *a, struct ff_engine *e, uint32_t id, const uint8_t *data,
                    size_t size, uint64_t total_execs, ff_arith_run_fn run) {
  if (size == 0 || a->st.runs * FF_ARITH_SHARE > total_execs) return;
  if (!take_turn(a, id, total_execs)) return;
  if (size > a->buf_cap) {
    uint8_t *b = realloc(a->buf, size);
    if (!b) return;
    a->buf = b;
    a->buf_cap = size;
  }
  a->e = e;
  a->run = run;
  a->stop = false;
  a->base = data;
  a->size = size;
  if (!traced_run(a, data, size)) return;
  if (pick_tracked(a) == 0) {
    a->turns[id] = UINT8_MAX; /* nothing unsolved: no more turns */
    return;
  }
  a->st.entries++;
  size_t probed = size < FF_ARITH_PROBE_BYTES ? size : FF_ARITH_PROBE_BYTES;
  for (size_t o = 0; o < probed; o++)
    if (!probe(a, o)) return;
  find_fields(a, probed);
  if (a->nf == 0) return;
  for (size_t u = 0; u < a->nt && !a->stop; u++)
    if (!a->t[u].equal) solve(a, u);
}
