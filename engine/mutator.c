/* The engine's havoc mutator (see mutator.h): its state, the operator table,
 * havoc stacking and the adaptive operator weights.
 *
 * ff_mutate applies a stack of 1..8 operators (depth drawn biased to small: a
 * cap of 1, 2, 4 or 8 with equal odds, then uniform up to the cap; mean 2.4).
 * Each operator is drawn by weight; one that does not apply (no dictionary, no
 * comparison log, input too short or full) is redrawn a few times.
 *
 * Weights: each operator's weight is its smoothed find rate times a prior,
 *     rate_i = prior_i * (finds_i + 1) / (draws_i + 32)
 * normalised, then mixed with a uniform floor:
 *     p_i = 0.9 * rate_i / sum(rate) + 0.1 / N.
 * Why this and not a bandit such as UCB or MOpt's particle swarm: it needs no
 * tuning, is cheap (recomputed after a find and every 128 mutations, then
 * drawn from a cumulative table), the +1/+32 smoothing keeps early luck from
 * dominating, counting draws (not successful applications) makes operators that
 * rarely apply fade by themselves, and the floor means no operator starves, so
 * one whose time comes later (the input-to-state operator once comparison
 * logs arrive) is still tried. The counts used for weights are halved every
 * 2^16 draws so the weights follow the campaign's current phase; the statistics
 * reported by ff_mutator_op_stats are the plain totals. Every operator in the
 * stack that produced a find is credited (as AFL++ and MOpt do). */
#include "mutator.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mutators/mut_ops.h"

#define STACK_MAX 8
#define DRAW_ATTEMPTS 8
#define HARVEST_PER_LOG 64
#define SMOOTH_FINDS 1.0
#define SMOOTH_DRAWS 32.0
#define FLOOR_SHARE 0.1
#define WEIGHT_SCALE (1u << 20)
#define REWEIGHT_EVERY 128
#define DECAY_EVERY (1u << 16)

typedef struct op_def {
  const char *name;
  ff_mut_op_fn fn;
  double prior;
} op_def;

enum op_index {
  OP_FLIP_BIT,
  OP_FLIP_BYTE,
  OP_RANDOM_BYTE,
  OP_INTERESTING,
  OP_ARITH,
  OP_ERASE,
  OP_INSERT_RANDOM,
  OP_INSERT_REPEAT,
  OP_OVERWRITE_RANDOM,
  OP_COPY_RANGE,
  OP_DUPLICATE_RANGE,
  OP_SWAP_RANGES,
  OP_DICT_USER,
  OP_DICT_AUTO,
  OP_DICT_CMP,
  OP_INPUT_TO_STATE,
  OP_CMP_RANGE,
  OP_ASCII_NUMBER,
  N_HAVOC,
  OP_CROSSOVER = N_HAVOC, /* statistics only */
  N_OPS
};

static const op_def havoc_ops[N_HAVOC] = {
    [OP_FLIP_BIT] = {"flip_bit", ff_op_flip_bit, 1.0},
    [OP_FLIP_BYTE] = {"flip_byte", ff_op_flip_byte, 0.5},
    [OP_RANDOM_BYTE] = {"random_byte", ff_op_random_byte, 1.0},
    [OP_INTERESTING] = {"interesting", ff_op_interesting, 1.0},
    [OP_ARITH] = {"arith", ff_op_arith, 1.0},
    [OP_ERASE] = {"erase", ff_op_erase, 1.0},
    [OP_INSERT_RANDOM] = {"insert_random", ff_op_insert_random, 0.5},
    [OP_INSERT_REPEAT] = {"insert_repeat", ff_op_insert_repeat, 0.5},
    [OP_OVERWRITE_RANDOM] = {"overwrite_random", ff_op_overwrite_random, 0.5},
    [OP_COPY_RANGE] = {"copy_range", ff_op_copy_range, 0.5},
    [OP_DUPLICATE_RANGE] = {"duplicate_range", ff_op_duplicate_range, 0.5},
    [OP_SWAP_RANGES] = {"swap_ranges", ff_op_swap_ranges, 0.5},
    [OP_DICT_USER] = {"dict_user", ff_op_dict_user, 1.0},
    [OP_DICT_AUTO] = {"dict_auto", ff_op_dict_auto, 1.0},
    [OP_DICT_CMP] = {"dict_cmp", ff_op_dict_cmp, 1.0},
    [OP_INPUT_TO_STATE] = {"input_to_state", ff_op_input_to_state, 2.0},
    [OP_CMP_RANGE] = {"cmp_range", ff_op_cmp_range, 1.0},
    [OP_ASCII_NUMBER] = {"ascii_number", ff_op_ascii_number, 0.5},
};


typedef struct op_state {
  uint64_t uses, finds;         /* reported totals */
  double draws_w, finds_w;      /* decayed counts behind the weights */
} op_state;

struct ff_mutator {
  ff_rng rng;
  ff_dict user;
  ff_autodict autod;
  const ff_cmplog *cmplog;
  op_state ops[N_OPS];
  uint32_t cumulative[N_HAVOC];
  uint32_t since_reweight, since_decay;
  uint8_t last_ops[STACK_MAX];
  size_t n_last_ops;
  ff_dict *last_dicts[STACK_MAX];
  size_t last_entries[STACK_MAX];
  size_t n_last_entries;
};

static void reweight(ff_mutator *m) {
  double rate[N_HAVOC], sum = 0;
  for (size_t i = 0; i < N_HAVOC; i++) {
    rate[i] = havoc_ops[i].prior * (m->ops[i].finds_w + SMOOTH_FINDS) /
              (m->ops[i].draws_w + SMOOTH_DRAWS);
    sum += rate[i];
  }
  uint32_t total = 0;
  for (size_t i = 0; i < N_HAVOC; i++) {
    double share = (1.0 - FLOOR_SHARE) * rate[i] / sum + FLOOR_SHARE / (double)N_HAVOC;
    uint32_t w = (uint32_t)(share * WEIGHT_SCALE);
    total += w ? w : 1;
    m->cumulative[i] = total;
  }
  m->since_reweight = 0;
}

static void count_draw(ff_mutator *m, size_t op) {
  m->ops[op].draws_w += 1.0;
  if (++m->since_decay >= DECAY_EVERY) {
    for (size_t i = 0; i < N_OPS; i++) {
      m->ops[i].draws_w /= 2;
      m->ops[i].finds_w /= 2;
    }
    m->since_decay = 0;
  }
}

static size_t draw_op(ff_mutator *m) {
  uint32_t x = (uint32_t)ff_rng_below(&m->rng, m->cumulative[N_HAVOC - 1]);
  size_t i = 0;
  while (m->cumulative[i] <= x) i++;
  return i;
}

ff_mutator *ff_mutator_new(uint64_t seed) {
  ff_mutator *m = calloc(1, sizeof *m);
  if (!m) return NULL;
  ff_rng_seed(&m->rng, seed);
  ff_dict_init(&m->user);
  if (ff_autodict_init(&m->autod) != 0) {
    free(m);
    return NULL;
  }
  reweight(m);
  return m;
}

void ff_mutator_free(ff_mutator *m) {
  if (!m) return;
  ff_dict_free(&m->user);
  ff_autodict_free(&m->autod);
  free(m);
}

ff_rng *ff_mutator_rng(ff_mutator *m) { return &m->rng; }
ff_dict *ff_mutator_user_dict(ff_mutator *m) { return &m->user; }
ff_dict *ff_mutator_auto_dict(ff_mutator *m) { return &m->autod.dict; }

void ff_mutator_set_cmplog(ff_mutator *m, const ff_cmplog *log) {
  m->cmplog = log;
  ff_autodict_harvest(&m->autod, log, HARVEST_PER_LOG);
}

static ff_mut_buf buffer_for(ff_mutator *m, uint8_t *data, size_t size, size_t max_size) {
  return (ff_mut_buf){.rng = &m->rng,
                      .data = data,
                      .size = size,
                      .max_size = max_size,
                      .user_dict = &m->user,
                      .auto_dict = &m->autod.dict,
                      .cmplog = m->cmplog,
                      .used_entry = NULL};
}

/* Applies op, remembering it (and the dictionary entry it used) for feedback. */
static bool apply(ff_mutator *m, size_t op, ff_mut_buf *b) {
  b->used_dict = NULL;
  b->used_entry = NULL;
  if (!havoc_ops[op].fn(b)) return false;
  m->ops[op].uses++;
  if (m->n_last_ops < STACK_MAX) m->last_ops[m->n_last_ops++] = (uint8_t)op;
  if (b->used_entry && m->n_last_entries < STACK_MAX) {
    ff_dict *d = b->used_dict;
    m->last_dicts[m->n_last_entries] = d;
    m->last_entries[m->n_last_entries++] = (size_t)(b->used_entry - d->e);
  }
  return true;
}

static size_t stack_depth(ff_rng *r) {
  size_t cap = (size_t)1 << ff_rng_below(r, 4);
  return 1 + (size_t)ff_rng_below(r, cap);
}

size_t ff_mutate(ff_mutator *m, uint8_t *data, size_t size, size_t max_size) {
  m->n_last_ops = 0;
  m->n_last_entries = 0;
  if (max_size == 0) return 0;
  if (size > max_size) size = max_size;
  ff_mut_buf b = buffer_for(m, data, size, max_size);
  size_t depth = stack_depth(&m->rng);
  size_t applied = 0;
  for (size_t k = 0; k < depth; k++) {
    for (int attempt = 0; attempt < DRAW_ATTEMPTS; attempt++) {
      size_t op = draw_op(m);
      count_draw(m, op);
      if (apply(m, op, &b)) {
        applied++;
        break;
      }
    }
  }
  /* every call changes something: fall back to operators that always apply */
  if (applied == 0) apply(m, b.size ? OP_FLIP_BIT : OP_INSERT_RANDOM, &b);
  if (++m->since_reweight >= REWEIGHT_EVERY) reweight(m);
  return b.size;
}

size_t ff_crossover(ff_mutator *m, const uint8_t *a, size_t asize, const uint8_t *b, size_t bsize,
                    uint8_t *out, size_t max_size) {
  m->n_last_entries = 0;
  m->last_ops[0] = (uint8_t)OP_CROSSOVER;
  m->n_last_ops = 1;
  m->ops[OP_CROSSOVER].uses++;
  m->ops[OP_CROSSOVER].draws_w += 1.0;
  return ff_mut_crossover(&m->rng, a, asize, b, bsize, out, max_size);
}

void ff_mutator_feedback(ff_mutator *m, bool found_new) {
  if (found_new) {
    for (size_t i = 0; i < m->n_last_ops; i++) {
      m->ops[m->last_ops[i]].finds++;
      m->ops[m->last_ops[i]].finds_w += 1.0;
    }
    for (size_t i = 0; i < m->n_last_entries; i++) {
      ff_dict *d = m->last_dicts[i];
      if (m->last_entries[i] < d->n) d->e[m->last_entries[i]].uses_found_new++;
    }
    if (m->n_last_ops) reweight(m);
  }
  m->n_last_ops = 0;
  m->n_last_entries = 0;
}

size_t ff_mutator_op_count(const ff_mutator *m) {
  (void)m;
  return N_OPS;
}

static const char *op_name(size_t i) {
  return i == OP_CROSSOVER ? "crossover" : havoc_ops[i].name;
}

size_t ff_mutator_describe_last(const ff_mutator *m, char *out, size_t cap) {
  if (cap == 0) return m->n_last_ops;
  int w = snprintf(out, cap, "%zu ", m->n_last_ops);
  size_t used = w < 0 ? 0 : (size_t)w < cap ? (size_t)w : cap - 1;
  for (size_t i = 0; i < m->n_last_ops && used + 1 < cap; i++) {
    w = snprintf(out + used, cap - used, "%s-", op_name(m->last_ops[i]));
    if (w < 0) break;
    used += (size_t)w < cap - used ? (size_t)w : cap - used - 1;
  }
  return m->n_last_ops;
}

void ff_mutator_op_stats(const ff_mutator *m, size_t i, const char **name, uint64_t *uses,
                         uint64_t *finds) {
  if (i >= N_OPS) {
    *name = NULL;
    *uses = *finds = 0;
    return;
  }
  *name = op_name(i);
  *uses = m->ops[i].uses;
  *finds = m->ops[i].finds;
}

bool ff_mutator_apply_op(ff_mutator *m, size_t op, uint8_t *data, size_t *size, size_t max_size) {
  if (op >= N_HAVOC || *size > max_size) return false;
  m->n_last_ops = 0;
  m->n_last_entries = 0;
  ff_mut_buf b = buffer_for(m, data, *size, max_size);
  if (!apply(m, op, &b)) return false;
  *size = b.size;
  return true;
}
