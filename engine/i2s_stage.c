/* The input-to-state stage: colorization, checksum sites and transform-aware
 * patches for one corpus entry (see i2s_stage.h). */
#include "i2s_stage.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "colorize.h"
#include "coverage.h"
#include "engine.h"
#include "fuzz_loop.h"
#include "globals.h"
#include "log.h"
#include "mutators/mut_ops.h"

#define COLOR_MAX_SIZE 4096 /* larger entries get the stage without a twin */
#define COLOR_BUDGET 256    /* runs per colorization */
#define STAGE_BUDGET 512    /* patch runs per entry */
#define PATCHES_PER_CMP 16
#define SEEN_SLOTS 2048     /* compares and candidates already done in this entry */

int ff_i2s_stage_init(ff_i2s_stage *st, size_t max_len, bool transforms, bool checksums) {
  memset(st, 0, sizeof *st);
  st->transforms = transforms;
  st->checksums = checksums;
  st->max_len = max_len;
  st->orig = malloc(sizeof *st->orig);
  st->twin = malloc(sizeof *st->twin);
  st->color = malloc(max_len ? max_len : 1);
  st->cand = malloc(max_len ? max_len : 1);
  if (!st->orig || !st->twin || !st->color || !st->cand) return -1;
  return 0;
}

void ff_i2s_stage_free(ff_i2s_stage *st) {
  free(st->orig);
  free(st->twin);
  free(st->color);
  free(st->cand);
  free(st->staged);
  memset(st, 0, sizeof *st);
}

static uint64_t mix(uint64_t h, uint64_t v) {
  h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
  return h * 0xff51afd7ed558ccdull;
}

static uint64_t hash_bytes(uint64_t h, const uint8_t *p, size_t n) {
  for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 0x100000001b3ull;
  return h;
}

uint64_t ff_i2s_path_hash(const uint32_t *idx, size_t n, uint32_t edge_features) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (size_t i = 0; i < n; i++)
    if (idx[i] < edge_features) h = mix(h, idx[i]);
  return h;
}

static uint32_t edge_features(void) { return (uint32_t)(ff_cov.total_counters * FF_BUCKETS); }

static uint32_t site_slot(uintptr_t pc) {
  return (uint32_t)(((uint64_t)pc * 0x9e3779b97f4a7c15ull) >> 52) % FF_I2S_SITE_SLOTS;
}

static uint64_t entry_hash(const ff_cmplog_entry *o);

/* Whether the log has a compare whose operands are new at its site and whose
 * site has tries left; counts one try for each such site. */
static bool claim_sites(ff_i2s_stage *st, const ff_cmplog *log) {
  bool any = false;
  if (++st->mark == 0) {
    memset(st->site_mark, 0, sizeof st->site_mark);
    st->mark = 1;
  }
  for (uint32_t i = 0; i < log->count; i++) {
    uint32_t s = site_slot(log->e[i].pc);
    uint32_t v = (uint32_t)(entry_hash(&log->e[i]) >> 40) % FF_I2S_SITE_SLOTS;
    if (st->site_mark[s] == st->mark || st->site_tries[s] >= FF_I2S_SITE_TRIES ||
        st->value_seen[v])
      continue;
    st->value_seen[v] = 1;
    st->site_mark[s] = st->mark;
    st->site_tries[s]++;
    any = true;
  }
  return any;
}

static bool take_entry(ff_i2s_stage *st, uint32_t id) {
  if (id >= st->staged_cap) {
    size_t cap = st->staged_cap ? st->staged_cap : 256;
    while (cap <= id) cap *= 2;
    uint8_t *v = realloc(st->staged, cap);
    if (!v) return false;
    memset(v + st->staged_cap, 0, cap - st->staged_cap);
    st->staged = v;
    st->staged_cap = cap;
  }
  if (st->staged[id]) return false;
  st->staged[id] = 1;
  return true;
}

void ff_i2s_stage_count(ff_i2s_stage *st, int part, int outcome, uint64_t new_features) {
  st->part[part].runs++;
  if (outcome == FF_RUN_NEW) st->part[part].finds++;
  st->part[part].features += new_features;
}

/* One run of the stage for part; returns the outcome. */
static int stage_exec(ff_i2s_stage *st, ff_engine *e, int part, const uint8_t *data, size_t size,
                      const char *ms) {
  size_t before = e->fb.features;
  int outcome = ff_fuzz_exec(e, data, size, ms);
  ff_i2s_stage_count(st, part, outcome, e->fb.features - before);
  return outcome;
}

typedef struct color_ctx {
  ff_i2s_stage *st;
  ff_engine *e;
} color_ctx;

static uint64_t color_run(void *ctx, uint8_t *data, size_t size) {
  color_ctx *c = ctx;
  if (ff_fuzz_stop(c->e)) return 0;
  ff_checksum_repair(&c->st->ck, data, size);
  stage_exec(c->st, c->e, FF_STAGE_COLORIZE, data, size, "colorize");
  return ff_i2s_path_hash(c->e->run.idx, c->e->run.n, edge_features());
}

/* The log's entries in the order they were written. */
static const ff_cmplog_entry *nth(const ff_cmplog *log, uint32_t i) {
  uint32_t first = log->count < FF_CMPLOG_ENTRIES ? 0 : log->next;
  return &log->e[(first + i) % FF_CMPLOG_ENTRIES];
}

/* The twin's compare that matches the k-th compare of pc in the original:
 * the k-th of the same site (same path, same order of compares). */
static const ff_cmplog_entry *twin_of(const ff_cmplog *twin, uintptr_t pc, uint32_t k) {
  for (uint32_t i = 0; i < twin->count; i++) {
    const ff_cmplog_entry *t = nth(twin, i);
    if (t->pc == pc && k-- == 0) return t;
  }
  return NULL;
}

static uint64_t entry_hash(const ff_cmplog_entry *o) {
  uint64_t h = mix(0x1234567, o->pc);
  h = mix(h, o->kind);
  h = hash_bytes(h, o->a, o->len);
  return hash_bytes(h, o->b, o->len);
}

/* A small set of 64-bit hashes (0 is stored as 1); false when already in. */
static bool seen_add(uint64_t *set, uint64_t h) {
  if (h == 0) h = 1;
  for (uint32_t i = 0, s = (uint32_t)h % SEEN_SLOTS; i < SEEN_SLOTS; i++, s = (s + 1) % SEEN_SLOTS) {
    if (set[s] == h) return false;
    if (set[s] == 0) {
      set[s] = h;
      return true;
    }
  }
  return false;
}

static void try_checksum(ff_i2s_stage *st, ff_engine *e, const uint8_t *base, size_t size,
                         const ff_cmplog_entry *o, const ff_cmplog_entry *c) {
  size_t w = o->len;
  if (o->kind == FF_CMP_MEM || w > 8) return;
  for (int d = 0; d < 2; d++) {
    const uint8_t *computed = d ? o->b : o->a, *stored = d ? o->a : o->b;
    uint64_t cv = ff_mut_load_int(computed, w, false), sv = ff_mut_load_int(stored, w, false);
    uint64_t cc = c ? ff_mut_load_int(d ? c->b : c->a, w, false) : cv;
    uint64_t sc = c ? ff_mut_load_int(d ? c->a : c->b, w, false) : sv;
    ff_checksum_site site;
    if (!ff_checksum_find(base, c ? st->color : NULL, size, w, cv, sv, cc, sc, &site)) continue;
    if (!ff_checksums_add(&st->ck, &site)) continue;
    if (e->flags.verbosity >= 1)
      ff_logf("INFO: checksum site: %s of [%u, %s) in the %u-byte %s-endian field at %s%u\n",
              ff_checksum_name(site.fn), site.start,
              site.end == FF_CK_TO_END ? "end" : "field", site.width,
              site.big_endian ? "big" : "little", site.at_end ? "the end: " : "", site.field);
    memcpy(st->cand, base, size);
    if (ff_checksum_repair(&st->ck, st->cand, size))
      stage_exec(st, e, FF_STAGE_CHECKSUM, st->cand, size, "checksum");
    return;
  }
}

static void try_patches(ff_i2s_stage *st, ff_engine *e, const uint8_t *base, size_t size,
                        const ff_cmplog_entry *o, const ff_cmplog_entry *c, bool colored,
                        uint64_t *cands, size_t *budget) {
  ff_i2s_patch patches[PATCHES_PER_CMP];
  size_t n = ff_i2s_patches(base, colored ? st->color : NULL, size, o, c, patches, PATCHES_PER_CMP);
  for (size_t i = 0; i < n && *budget > 0 && !ff_fuzz_stop(e); i++) {
    memcpy(st->cand, base, size);
    size_t cs = ff_i2s_apply(&patches[i], st->cand, size, e->max_len);
    if (cs == 0) continue;
    ff_checksum_repair(&st->ck, st->cand, cs);
    if (!seen_add(cands, hash_bytes(0xcbf29ce484222325ull, st->cand, cs))) continue;
    (*budget)--;
    char ms[32];
    snprintf(ms, sizeof ms, "i2s_%s", ff_i2s_kind_name(patches[i].kind));
    size_t before = e->fb.features;
    int outcome = stage_exec(st, e, FF_STAGE_TRANSFORMS, st->cand, cs, ms);
    ff_stage_count *k = &st->kind[patches[i].kind];
    k->runs++;
    if (outcome == FF_RUN_NEW) k->finds++;
    k->features += e->fb.features - before;
  }
}

void ff_i2s_stage_run(ff_i2s_stage *st, ff_engine *e, uint32_t id, const uint8_t *base,
                      size_t size) {
  if (!(st->transforms || st->checksums) || size == 0 || size > st->max_len) return;
  if (ff_engine_cmplog.count == 0 || !take_entry(st, id)) return;
  if (!claim_sites(st, &ff_engine_cmplog)) return;
  st->entries++;
  memcpy(st->orig, &ff_engine_cmplog, sizeof *st->orig);
  uint64_t want = ff_i2s_path_hash(e->run.idx, e->run.n, edge_features());

  /* 1. colorization, then the twin's log */
  bool colored = false;
  if (size <= COLOR_MAX_SIZE) {
    memcpy(st->color, base, size);
    color_ctx cc = {st, e};
    ff_colorize(st->color, size, want, COLOR_BUDGET, &e->rng, color_run, &cc);
    ff_checksum_repair(&st->ck, st->color, size);
    if (memcmp(st->color, base, size) != 0 && !ff_fuzz_stop(e)) {
      ff_cmplog_reset(&ff_engine_cmplog);
      ff_cmplog_capture = true;
      stage_exec(st, e, FF_STAGE_COLORIZE, st->color, size, "colorize");
      ff_cmplog_capture = false;
      memcpy(st->twin, &ff_engine_cmplog, sizeof *st->twin);
      colored = ff_i2s_path_hash(e->run.idx, e->run.n, edge_features()) == want;
    }
  }

  /* 2. checksums, then 3. patches, over each distinct compare once */
  uint64_t *seen = calloc(2 * SEEN_SLOTS, sizeof *seen);
  if (seen) {
    size_t budget = STAGE_BUDGET;
    for (int pass = 0; pass < 2; pass++) {
      bool ck_pass = pass == 0;
      if (ck_pass ? !st->checksums : !st->transforms) continue;
      memset(seen, 0, 2 * SEEN_SLOTS * sizeof *seen);
      for (uint32_t i = 0; i < st->orig->count && budget > 0 && !ff_fuzz_stop(e); i++) {
        const ff_cmplog_entry *o = nth(st->orig, i);
        if (o->len == 0 || !seen_add(seen, entry_hash(o))) continue;
        const ff_cmplog_entry *c = NULL;
        if (colored) {
          uint32_t k = 0;
          for (uint32_t j = 0; j < i; j++) k += nth(st->orig, j)->pc == o->pc;
          c = twin_of(st->twin, o->pc, k);
        }
        if (ck_pass)
          try_checksum(st, e, base, size, o, c);
        else
          try_patches(st, e, base, size, o, c, colored && c, seen + SEEN_SLOTS, &budget);
      }
    }
    free(seen);
  }
  memcpy(&ff_engine_cmplog, st->orig, sizeof *st->orig);
}

bool ff_i2s_stage_repair(ff_i2s_stage *st, ff_engine *e, uint8_t *data, size_t size) {
  if (st->ck.n == 0 || ff_rng_below(&e->rng, FF_CK_RAW_ONE_IN) == 0) return false;
  return ff_checksum_repair(&st->ck, data, size);
}

void ff_i2s_stage_print(const ff_i2s_stage *st) {
  static const char *parts[FF_STAGE_PARTS] = {"colorize", "i2s_transforms", "checksum"};
  ff_logf("stat::stage::entries_staged: %" PRIu64 "\n", st->entries);
  for (int p = 0; p < FF_STAGE_PARTS; p++)
    ff_logf("stat::stage::%s: runs %" PRIu64 " finds %" PRIu64 " features %" PRIu64 "\n", parts[p],
            st->part[p].runs, st->part[p].finds, st->part[p].features);
  ff_logf("stat::stage::checksum_sites: %zu\n", st->ck.n);
  for (int k = 0; k < FF_I2S_KINDS; k++)
    ff_logf("stat::stage::i2s::%s: runs %" PRIu64 " finds %" PRIu64 " features %" PRIu64 "\n",
            ff_i2s_kind_name(k), st->kind[k].runs, st->kind[k].finds, st->kind[k].features);
}
