/* Protocol-aware mutation (struct_mutator.h): parse, mutate through seeded choices,
 * serialize; byte mutation when that is impossible; optional counts for
 * FORMFUZZ_MUTATOR_STATS. No engine entry points live here: harnesses expand
 * FF_LIBFUZZER_MUTATOR / FF_AFL_MUTATOR themselves. */
#include "formfuzz/struct_mutator.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHOICE_BYTES 512

/* Counts for FORMFUZZ_MUTATOR_STATS (per process; written at exit). */
static struct {
  unsigned long long calls, structured, fallback, crossovers, valid;
  int registered;
} stats;

static void write_stats(void) {
  const char *path = getenv("FORMFUZZ_MUTATOR_STATS");
  FILE *f = path ? fopen(path, "w") : NULL;
  if (!f) return;
  fprintf(f, "calls %llu\nstructured %llu\nfallback %llu\ncrossovers %llu\nvalid %llu\n", stats.calls,
          stats.structured, stats.fallback, stats.crossovers, stats.valid);
  fclose(f);
}

static int stats_wanted(void) {
  if (!stats.registered) {
    stats.registered = getenv("FORMFUZZ_MUTATOR_STATS") ? 1 : -1;
    if (stats.registered == 1) atexit(write_stats);
  }
  return stats.registered == 1;
}

/* FORMFUZZ_STRUCT_MUTATOR=off: structure mutation turned off. */
static bool structured_off(void) {
  static int off = -1;
  if (off < 0) {
    const char *v = getenv("FORMFUZZ_STRUCT_MUTATOR");
    off = v && strcmp(v, "off") == 0;
  }
  return off == 1;
}

static uint64_t splitmix(uint64_t *s) {
  uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

static void fill_random(uint8_t *buf, size_t n, uint64_t seed) {
  for (size_t i = 0; i < n; i += 8) {
    uint64_t r = splitmix(&seed);
    for (size_t k = 0; k < 8 && i + k < n; k++) buf[i + k] = (uint8_t)(r >> (8 * k));
  }
}

size_t ff_byte_mutate(uint8_t *data, size_t size, size_t max_size, unsigned seed) {
  uint64_t s = seed;
  if (max_size == 0) return 0;
  if (size == 0) {
    data[0] = (uint8_t)splitmix(&s);
    return 1;
  }
  size_t pos = (size_t)(splitmix(&s) % size);
  switch (splitmix(&s) % 5) {
  case 0: data[pos] ^= (uint8_t)(1u << (splitmix(&s) % 8)); return size;
  case 1: data[pos] = (uint8_t)splitmix(&s); return size;
  case 2: /* insert a byte */
    if (size >= max_size) return size;
    memmove(data + pos + 1, data + pos, size - pos);
    data[pos] = (uint8_t)splitmix(&s);
    return size + 1;
  case 3: /* erase a byte */
    if (size == 1) return size;
    memmove(data + pos, data + pos + 1, size - pos - 1);
    return size - 1;
  default: { /* duplicate a short run */
    size_t n = 1 + (size_t)(splitmix(&s) % 8);
    if (pos + n > size) n = size - pos;
    if (size + n > max_size) return size;
    memmove(data + pos + n, data + pos, size - pos);
    return size + n;
  }
  }
}

/* Serializes tree into data when it fits; returns the size or 0. A failed
 * serialization leaves data as it was (it is written to a scratch buffer
 * first), so the byte fallback then mutates the input, not a half-written
 * copy. */
static size_t emit(const ff_struct_mutator *m, const void *tree, uint8_t *data, size_t max_size) {
  uint8_t *scratch = malloc(max_size ? max_size : 1);
  if (!scratch) return 0;
  long n = m->serialize(tree, scratch, max_size);
  if (n <= 0 || (size_t)n > max_size) {
    free(scratch);
    return 0;
  }
  memcpy(data, scratch, (size_t)n);
  free(scratch);
  if (stats.registered == 1) {
    void *again = m->parse(data, (size_t)n);
    if (again) {
      stats.valid++;
      m->release(again);
    }
  }
  return (size_t)n;
}

size_t ff_struct_mutate(const ff_struct_mutator *m, uint8_t *data, size_t size, size_t max_size,
                        unsigned seed, ff_byte_mutate_fn fallback) {
  stats_wanted();
  stats.calls++;
  bool bytes_now = structured_off() || (m->byte_share && (seed * 2654435761u >> 16) % 100 < m->byte_share);
  void *tree = size && !bytes_now ? m->parse(data, size) : NULL;
  if (tree) {
    uint8_t choices[CHOICE_BYTES];
    fill_random(choices, sizeof choices, seed);
    ff_input in;
    ff_input_init(&in, choices, sizeof choices);
    unsigned rounds = 1 + ff_range(&in, 0, 2);
    for (unsigned i = 0; i < rounds; i++) m->mutate(tree, &in);
    size_t n = emit(m, tree, data, max_size);
    m->release(tree);
    if (n) {
      stats.structured++;
      return n;
    }
  }
  stats.fallback++;
  return fallback ? fallback(data, size, max_size) : ff_byte_mutate(data, size, max_size, seed);
}

size_t ff_struct_crossover(const ff_struct_mutator *m, const uint8_t *a, size_t asize,
                           const uint8_t *b, size_t bsize, uint8_t *out, size_t max_out,
                           unsigned seed) {
  stats_wanted();
  stats.crossovers++;
  uint64_t s = seed;
  if (m->cross && !structured_off()) {
    void *ta = m->parse(a, asize);
    void *tb = ta ? m->parse(b, bsize) : NULL;
    if (ta && tb) {
      uint8_t choices[CHOICE_BYTES];
      fill_random(choices, sizeof choices, seed);
      ff_input in;
      ff_input_init(&in, choices, sizeof choices);
      m->cross(ta, tb, &in);
      size_t n = emit(m, ta, out, max_out);
      m->release(ta);
      m->release(tb);
      if (n) return n;
    } else if (ta) {
      m->release(ta);
    }
  }
  /* byte splice: a prefix of a, then a suffix of b */
  size_t cut_a = asize ? (size_t)(splitmix(&s) % (asize + 1)) : 0;
  size_t cut_b = bsize ? (size_t)(splitmix(&s) % (bsize + 1)) : 0;
  if (cut_a > max_out) cut_a = max_out;
  size_t tail = bsize - cut_b;
  if (cut_a + tail > max_out) tail = max_out - cut_a;
  memcpy(out, a, cut_a);
  memcpy(out + cut_a, b + cut_b, tail);
  return cut_a + tail;
}
