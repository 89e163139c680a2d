/* Internal interface between the mutator core (engine/mutator.c) and the
 * operator families (engine/mutators/mut_*.c): the buffer an operator works
 * on, the byte-level helpers they share (mut_buf.c), one function per
 * operator, the automatic dictionary (mut_autodict.c) and crossover
 * (mut_crossover.c). Not part of the runtime's API (that is mutator.h);
 * the unit tests in tests/mutators/ use it to drive single operators. */
#ifndef FF_ENGINE_MUT_OPS_H
#define FF_ENGINE_MUT_OPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mutator.h"

/* What one operator application sees: the input in place (size bytes used of
 * max_size), the randomness, and the sources dictionary-like operators draw from. */
typedef struct ff_mut_buf {
  ff_rng *rng;
  uint8_t *data;
  size_t size;
  size_t max_size;
  ff_dict *user_dict;
  ff_dict *auto_dict;
  const ff_cmplog *cmplog;
  ff_dict *used_dict;        /* set by the dictionary operators, for feedback: */
  ff_dict_entry *used_entry; /* the entry placed and its dictionary */
} ff_mut_buf;

/* An operator: changes b->data/b->size within b->max_size and returns true, or
 * returns false and leaves the buffer untouched when it does not apply. */
typedef bool (*ff_mut_op_fn)(ff_mut_buf *b);

/* ---- shared helpers (mut_buf.c) ---- */
/* A length in [1, limit] biased to small values; limit must be >= 1. */
size_t ff_mut_pick_len(ff_rng *r, size_t limit);
/* Replaces data[pos, pos+old_len) by src[0, new_len); false if the result
 * would exceed max_size. src must not point into the buffer; with src NULL
 * the new bytes are left for the caller to fill. */
bool ff_mut_replace(ff_mut_buf *b, size_t pos, size_t old_len, const uint8_t *src, size_t new_len);
/* Puts src[0, n) at a random position, inserted or overwriting existing bytes,
 * whichever fits (chosen at random when both do). */
bool ff_mut_place_bytes(ff_mut_buf *b, const uint8_t *src, size_t n);
/* Fills p[0, n) with random bytes, or (change_each) changes every byte to a
 * random different value. One generator call per 8 bytes. */
void ff_mut_random_bytes(ff_rng *r, uint8_t *p, size_t n, bool change_each);
/* Stores the low `width` (1..8) bytes of v at p, little- or big-endian. */
void ff_mut_store_int(uint8_t *p, uint64_t v, size_t width, bool big_endian);
uint64_t ff_mut_load_int(const uint8_t *p, size_t width, bool big_endian);
/* An integer field of the input for the integer operators: a width of 1, 2, 4
 * or 8 bytes that fits, a position, and (for width > 1) a random byte order.
 * False on an empty input. */
typedef struct ff_mut_int_field {
  size_t width, pos;
  bool big_endian;
} ff_mut_int_field;
bool ff_mut_pick_int_field(ff_mut_buf *b, ff_mut_int_field *f);
/* Index of the first occurrence of pat[0, n) in hay[0, size) starting at or
 * after `from` and wrapping around; SIZE_MAX when absent. */
size_t ff_mut_find(const uint8_t *hay, size_t size, const uint8_t *pat, size_t n, size_t from);

/* ---- operators, one family per file ---- */
bool ff_op_flip_bit(ff_mut_buf *b);     /* mut_bits.c */
bool ff_op_flip_byte(ff_mut_buf *b);
bool ff_op_random_byte(ff_mut_buf *b);
bool ff_op_interesting(ff_mut_buf *b);  /* mut_interesting.c */
bool ff_op_arith(ff_mut_buf *b);        /* mut_arith.c */
bool ff_op_erase(ff_mut_buf *b);        /* mut_ranges.c */
bool ff_op_insert_random(ff_mut_buf *b);
bool ff_op_insert_repeat(ff_mut_buf *b);
bool ff_op_overwrite_random(ff_mut_buf *b);
bool ff_op_copy_range(ff_mut_buf *b);
bool ff_op_duplicate_range(ff_mut_buf *b);
bool ff_op_swap_ranges(ff_mut_buf *b);
bool ff_op_dict_user(ff_mut_buf *b);    /* mut_dict.c */
bool ff_op_dict_auto(ff_mut_buf *b);
bool ff_op_dict_cmp(ff_mut_buf *b);
bool ff_op_input_to_state(ff_mut_buf *b); /* mut_i2s.c */
bool ff_op_cmp_range(ff_mut_buf *b); /* mut_cmp_range.c */
bool ff_op_ascii_number(ff_mut_buf *b); /* mut_ascii.c */

/* ---- crossover (mut_crossover.c) ---- */
/* Combines a and b into out (capacity max_size >= 1, not overlapping a or b):
 * splice, insert part of b, overwrite with part of b, or interleave chunks.
 * Returns a size in [1, max_size]. */
size_t ff_mut_crossover(ff_rng *r, const uint8_t *a, size_t asize, const uint8_t *b, size_t bsize,
                        uint8_t *out, size_t max_size);

/* ---- automatic dictionary (mut_autodict.c) ---- */
#define FF_AUTODICT_CAP 256
#define FF_AUTODICT_SLOTS 1024 /* hash index, a power of two > 2 * FF_AUTODICT_CAP */

typedef struct ff_autodict {
  ff_dict dict;                           /* entries, capacity FF_AUTODICT_CAP, never reallocated */
  uint32_t hash[FF_AUTODICT_CAP];         /* hash of each entry */
  uint32_t seen[FF_AUTODICT_CAP];         /* times the token was seen in a comparison log */
  uint16_t slot[FF_AUTODICT_SLOTS];       /* open-addressing index: entry index + 1, 0 empty */
  uint32_t cursor;                        /* where the next harvest starts in the log */
} ff_autodict;

int ff_autodict_init(ff_autodict *ad);
void ff_autodict_free(ff_autodict *ad);
/* Adds the promising tokens of up to `budget` log entries (memcmp-family
 * operands, constant-compare operands of width >= 2 that are not 0, 1 or all
 * 0xff); when full, evicts the entry with the fewest finds, then fewest sightings. */
void ff_autodict_harvest(ff_autodict *ad, const ff_cmplog *log, size_t budget);
/* Offers one token; returns true when it is (now) in the dictionary. */
bool ff_autodict_offer(ff_autodict *ad, const uint8_t *data, size_t len);

#endif
